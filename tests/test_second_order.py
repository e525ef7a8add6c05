"""Second order: gradgradcheck op by op (float64), hvp / hessian / jacobian against analytic
derivatives (Rosenbrock, Beale, the lecture's f), and the curvature-using optimizers."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd import forward as fwd
from graphgrad.autograd import functional as AF
from helpers import make
from test_ops import MATMUL_SHAPES, REDUCE, SHAPE_OPS, UNARY


def ggcheck(fn, shapes, positive=False, seed=0):
    rng = np.random.default_rng(seed)
    xs = [gg.tensor(make(s, rng, positive), requires_grad=True) for s in shapes]
    assert gg.autograd.gradgradcheck(fn, xs)


@pytest.mark.parametrize("name", UNARY)
def test_unary_gradgrad(name):
    f, _, positive = UNARY[name]
    ggcheck(f, [(3, 4)], positive)


@pytest.mark.parametrize("name", REDUCE)
def test_reduce_gradgrad(name):
    ggcheck(lambda x: REDUCE[name][0](x) ** 2, [(2, 3, 4)])


@pytest.mark.parametrize("name", SHAPE_OPS)
def test_shape_ops_gradgrad(name):
    f, _, shape = SHAPE_OPS[name]
    ggcheck(lambda x: f(x) ** 2, [shape])


@pytest.mark.parametrize("shapes", MATMUL_SHAPES[:6], ids=str)
def test_matmul_gradgrad(shapes):
    ggcheck(lambda a, b: a @ b, shapes)


NN = {
    "softmax": (lambda x: F.softmax(x, 1), [(3, 4)]),
    "log_softmax": (lambda x: F.log_softmax(x, 0), [(3, 4)]),
    "cross_entropy": (lambda x: F.cross_entropy(x, gg.tensor([0, 3, 1])), [(3, 4)]),
    "batch_norm": (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [(5, 3), (3,), (3,)]),
    "mlp": (lambda x, w1, w2: F.cross_entropy(gg.tanh(x @ w1) @ w2, gg.tensor([0, 1, 2, 1])), [(4, 3), (3, 5), (5, 3)]),
}


@pytest.mark.parametrize("name", NN)
def test_nn_gradgrad(name):
    f, shapes = NN[name]
    ggcheck(f, shapes)


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def rosenbrock_hessian(x, y):
    return np.array([[1200 * x * x - 400 * y + 2, -400 * x], [-400 * x, 200.0]])


def beale(p):
    x, y = p[0], p[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


def beale_hessian(x, y):
    terms = [(1.5, 1), (2.25, 2), (2.625, 3)]
    H = np.zeros((2, 2))
    for c, k in terms:
        r = c - x + x * y ** k
        dr = np.array([y ** k - 1, k * x * y ** (k - 1)])
        d2r = np.array([[0, k * y ** (k - 1)], [k * y ** (k - 1), k * (k - 1) * x * y ** (k - 2) if k > 1 else 0]])
        H += 2 * (np.outer(dr, dr) + r * d2r)
    return H


POINTS = [(-1.2, 1.0), (0.5, -0.3), (1.0, 1.0), (2.0, 0.7)]


@pytest.mark.parametrize("f, hess", [(rosenbrock, rosenbrock_hessian), (beale, beale_hessian)], ids=["rosenbrock", "beale"])
@pytest.mark.parametrize("point", POINTS, ids=str)
def test_hvp_and_hessian_match_analytic(f, hess, point):
    x = gg.tensor(point, dtype=gg.float64)
    H = hess(*point)
    np.testing.assert_allclose(AF.hessian(f, x).numpy(), H, rtol=1e-12, atol=1e-10)
    for v in (np.array([1.0, 0.0]), np.array([0.3, -2.0])):
        value, hv = AF.hvp(f, x, gg.tensor(v))
        np.testing.assert_allclose(hv.numpy(), H @ v, rtol=1e-12, atol=1e-10)
        assert value.item() == pytest.approx(f(x).item())


def lecture_f(p):
    x, y = p[0], p[1]
    return x ** 2 + x * y + (x + y) ** 2


@pytest.mark.parametrize("point", [(0.0, 0.0), (1.0, 2.0), (-3.0, 0.5), (2.5, -1.5)], ids=str)
def test_lecture_function(point):
    x, y = point
    p = gg.tensor(point, dtype=gg.float64)
    _, g = AF.vjp(lecture_f, p)
    np.testing.assert_allclose(g.numpy(), [4 * x + 3 * y, 3 * x + 2 * y])
    np.testing.assert_allclose(AF.hessian(lecture_f, p).numpy(), [[4, 3], [3, 2]])
    _, jv = AF.jvp(lecture_f, p, gg.tensor([1.0, -1.0], dtype=gg.float64))
    assert jv.item() == pytest.approx((4 * x + 3 * y) - (3 * x + 2 * y))


def test_hvp_equals_forward_over_reverse_on_an_mlp():
    # Forward over reverse: the gradient taken while the parameters carry v as tangent has
    # tangent H·v (it runs every backward, including the fused nn ones, on dual tensors).
    rng = np.random.default_rng(0)
    x, labels = gg.tensor(rng.standard_normal((8, 5))), gg.tensor(rng.integers(0, 3, 8))
    params = tuple(gg.tensor(rng.standard_normal(s) * 0.5) for s in [(5, 7), (7,), (7, 3)])
    vs = tuple(gg.tensor(rng.standard_normal(tuple(p.shape))) for p in params)

    def loss(w1, b1, w2):
        h = F.batch_norm(gg.tanh(x @ w1 + b1), None, None, training=True)
        return F.cross_entropy(h @ w2, labels) + F.log_softmax(h, 1).mean()
    _, hv = AF.hvp(loss, params, vs)
    with fwd.dual_level():
        duals = [fwd.make_dual(p.detach().requires_grad_(True), v) for p, v in zip(params, vs)]
        gs = gg.autograd.grad([loss(*duals)], duals)
        tangents = [fwd.unpack_dual(g).tangent for g in gs]
    for a, b in zip(hv, tangents):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-12)


def test_jacobian_and_vjp_shapes_and_values():
    a = np.array([[1.0, 2.0], [3.0, 4.0], [0.5, -1.0]])
    x = gg.tensor([0.3, -0.7], dtype=gg.float64)
    J = AF.jacobian(lambda x: gg.tensor(a) @ x, x)
    np.testing.assert_allclose(J.numpy(), a)
    Jx, Jy = AF.jacobian(lambda x, y: (x * y).sum(), (x, gg.tensor([2.0, 5.0], dtype=gg.float64)))
    np.testing.assert_allclose(Jx.numpy(), [2.0, 5.0])
    np.testing.assert_allclose(Jy.numpy(), [0.3, -0.7])
    _, (va, vb) = AF.vjp(lambda x, y: x * y, (x, gg.ones(2, dtype=gg.float64)), gg.tensor([1.0, 2.0], dtype=gg.float64))
    np.testing.assert_allclose(va.numpy(), [1.0, 2.0])
    np.testing.assert_allclose(vb.numpy(), [0.3, -1.4])
    H = AF.hessian(lambda x, y: (x * x * y).sum(), (x, gg.ones(2, dtype=gg.float64)))
    np.testing.assert_allclose(H[0][1].numpy(), np.diag(2 * x.numpy()))
    np.testing.assert_allclose(H[1][1].numpy(), np.zeros((2, 2)))


def test_functional_errors():
    x = gg.zeros(3, dtype=gg.float64)
    with pytest.raises(ValueError, match=r"hvp: v has shape \(2,\)"):
        AF.hvp(lambda x: x.sum(), x, gg.zeros(2, dtype=gg.float64))
    with pytest.raises(ValueError, match="hessian: the function must return a single-element Tensor"):
        AF.hessian(lambda x: x * 2, x)
    with pytest.raises(TypeError, match="jacobian: inputs"):
        AF.jacobian(lambda x: x, [1.0, 2.0])


def grad_norm(f, x):
    (g,) = gg.autograd.grad([f(x)], [x])
    return float(np.linalg.norm(g.numpy()))


def test_newton_cg_solves_rosenbrock_in_under_50_iterations():
    x = gg.tensor([-1.2, 1.0], dtype=gg.float64, requires_grad=True)
    opt = gg.optim.NewtonCG([x])
    for it in range(50):
        if grad_norm(rosenbrock, x) < 1e-8:
            break
        opt.step(lambda: rosenbrock(x))
    assert grad_norm(rosenbrock, x) < 1e-8
    np.testing.assert_allclose(x.detach().numpy(), [1.0, 1.0], atol=1e-8)


def test_newton_cg_leaves_the_saddle_of_the_lecture_function():
    # f's Hessian [[4, 3], [3, 2]] is indefinite: a plain Newton step from anywhere lands on
    # the saddle at the origin (f = 0). Newton-CG detects the negative curvature and goes downhill.
    p = gg.tensor([1.0, 1.0], dtype=gg.float64, requires_grad=True)
    H, g = np.array([[4.0, 3.0], [3.0, 2.0]]), np.array([7.0, 5.0])
    np.testing.assert_allclose(np.array([1.0, 1.0]) - np.linalg.solve(H, g), [0.0, 0.0], atol=1e-12)
    opt = gg.optim.NewtonCG([p])
    seen_negative = False
    for _ in range(5):
        opt.step(lambda: lecture_f(p))
        seen_negative = seen_negative or opt.state[p]["negative_curvature"]
    assert seen_negative
    assert lecture_f(p).item() < -1.0


def test_newton_cg_trains_a_small_mlp():
    rng = np.random.default_rng(0)
    x = gg.tensor(rng.standard_normal((32, 4)))
    labels = gg.tensor((x.numpy()[:, 0] * x.numpy()[:, 1] > 0).astype(np.int64))
    w1 = gg.tensor(rng.standard_normal((4, 16)) * 0.5, requires_grad=True)
    w2 = gg.tensor(rng.standard_normal((16, 2)) * 0.5, requires_grad=True)

    def closure():
        return F.cross_entropy(gg.tanh(x @ w1) @ w2, labels)
    opt = gg.optim.NewtonCG([w1, w2], max_cg_iter=20)
    first = closure().item()
    for _ in range(15):
        opt.step(closure)
    assert closure().item() < 0.2 * first


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_converges_on_rosenbrock(line_search_fn):
    x = gg.tensor([-1.2, 1.0], dtype=gg.float64, requires_grad=True)
    opt = gg.optim.LBFGS([x], lr=1.0 if line_search_fn else 0.1, max_iter=500, line_search_fn=line_search_fn,
                         tolerance_grad=1e-9, tolerance_change=1e-14)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(x)
        loss.backward()
        return loss
    for _ in range(10 if line_search_fn else 3):
        opt.step(closure)
    np.testing.assert_allclose(x.detach().numpy(), [1.0, 1.0], atol=1e-4)
    assert opt.state[x]["n_iter"] > 1


def test_second_order_optimizer_errors():
    x = gg.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="line_search_fn"):
        gg.optim.LBFGS([x], line_search_fn="wolfe")
    with pytest.raises(ValueError, match="damping"):
        gg.optim.NewtonCG([x], damping=-1)
    with pytest.raises(ValueError, match="closure"):
        gg.optim.NewtonCG([x]).step(None)
    with pytest.raises(ValueError, match="parameter groups"):
        gg.optim.LBFGS([{"params": [x]}, {"params": [gg.zeros(1, requires_grad=True)]}])


def test_hvp_with_create_graph_is_differentiable_again():
    # f = Σx⁴: H·v = 12x²·v, and d/dx Σ(H·v) = 24x·v.
    x = gg.tensor([0.5, -1.0, 2.0], dtype=gg.float64, requires_grad=True)
    v = gg.tensor([1.0, 2.0, -1.0], dtype=gg.float64)
    _, hv = AF.hvp(lambda x: (x ** 4).sum(), x, v, create_graph=True)
    np.testing.assert_allclose(hv.detach().numpy(), 12 * x.detach().numpy() ** 2 * v.numpy())
    (g,) = gg.autograd.grad([hv.sum()], [x])
    np.testing.assert_allclose(g.numpy(), 24 * x.detach().numpy() * v.numpy())


class _SquareGradDetached(gg.autograd.Function):
    """x**2 whose backward uses its incoming gradient as a constant: its second derivative in x
    is right, its derivative in the incoming gradient is lost."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g.detach() * 2 * x


def test_gradgradcheck_differentiates_in_the_incoming_gradient_too():
    x = gg.tensor(np.array([0.3, -1.2, 2.0]), requires_grad=True)
    assert gg.autograd.gradgradcheck(lambda t: t * t, [x])
    with pytest.raises(AssertionError, match="gradcheck: input 1"):
        gg.autograd.gradgradcheck(_SquareGradDetached.apply, [x])
    assert not gg.autograd.gradgradcheck(_SquareGradDetached.apply, [x], raise_exception=False)


def test_gradgradcheck_takes_every_floating_output():
    x = gg.tensor(np.array([0.5, 1.5]), requires_grad=True)
    assert gg.autograd.gradgradcheck(lambda t: (t * t * t, t.sin()), [x])
