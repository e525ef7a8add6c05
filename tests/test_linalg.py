"""graphgrad.linalg (ops/linalg.cpp, linalg.py): solve, inv, det, slogdet, logdet, the norms,
matrix_power and multi_dot against NumPy; gradients by gradcheck/gradgradcheck in float64, tangents
against finite differences; the errors; identical results on 1 and 2 threads; PyTorch when installed."""
import math

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.autograd import forward as fwd


def well_conditioned(rng, shape):
    """Random matrices with a dominant diagonal: far from singular, so that float32 agrees closely."""
    n = shape[-1]
    return rng.standard_normal(shape) + n * np.eye(n)


@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-10), (np.float32, 1e-4)])
@pytest.mark.parametrize("a_shape,b_shape", [((3, 3), (3, 2)), ((4, 5, 5), (4, 5, 1)), ((2, 1, 4, 4), (3, 4, 2)),
                                             ((1, 1), (1, 3)), ((0, 3, 3), (0, 3, 2)), ((3, 3), (3, 0))], ids=str)
def test_solve_matches_numpy(dtype, rtol, a_shape, b_shape):
    rng = np.random.default_rng(0)
    a, b = well_conditioned(rng, a_shape).astype(dtype), rng.standard_normal(b_shape).astype(dtype)
    x = gg.linalg.solve(gg.tensor(a), gg.tensor(b))
    assert x.dtype == gg.tensor(a).dtype
    ref = np.linalg.solve(a, b) if a.size and b.size else np.zeros(np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + b.shape[-2:])
    assert x.shape == ref.shape
    np.testing.assert_allclose(x.numpy(), ref, rtol=rtol, atol=rtol)


def test_solve_vector_right_hand_sides_and_left_false():
    rng = np.random.default_rng(1)
    a = well_conditioned(rng, (2, 4, 4))
    b = rng.standard_normal((2, 4))  # A's shape without the last axis: a batch of vectors
    np.testing.assert_allclose(gg.linalg.solve(gg.tensor(a), gg.tensor(b)).numpy(),
                               np.linalg.solve(a, b[..., None])[..., 0], rtol=1e-12)
    v = rng.standard_normal(4)
    np.testing.assert_allclose(gg.linalg.solve(gg.tensor(a[0]), gg.tensor(v)).numpy(), np.linalg.solve(a[0], v),
                               rtol=1e-12)
    c = rng.standard_normal((3, 4))  # X·A = C
    x = gg.linalg.solve(gg.tensor(a[0]), gg.tensor(c), left=False).numpy()
    np.testing.assert_allclose(x @ a[0], c, rtol=1e-10, atol=1e-12)


def test_solve_needs_pivoting():
    a = np.array([[0.0, 1.0], [1.0, 0.0]])  # a zero leading entry: only a row swap factors it
    np.testing.assert_allclose(gg.linalg.solve(gg.tensor(a), gg.tensor([[2.0], [3.0]], dtype=gg.float64)).numpy(),
                               [[3.0], [2.0]])


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (1, 1), (0, 2, 2)], ids=str)
def test_inv_det_slogdet_match_numpy(shape):
    rng = np.random.default_rng(2)
    a = rng.standard_normal(shape)
    t = gg.tensor(a)
    if a.size:
        np.testing.assert_allclose(gg.linalg.inv(t).numpy(), np.linalg.inv(a), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gg.linalg.det(t).numpy(), np.linalg.det(a), rtol=1e-10, atol=1e-14)
    sign, logabs = gg.linalg.slogdet(t)
    ref_sign, ref_log = np.linalg.slogdet(a)
    np.testing.assert_array_equal(sign.numpy(), ref_sign)
    np.testing.assert_allclose(logabs.numpy(), ref_log, rtol=1e-10)
    assert gg.slogdet(t).logabsdet is not None and gg.det(t).shape == tuple(shape[:-2])
    np.testing.assert_allclose(t.inverse().numpy() if a.size else np.zeros(shape), np.linalg.inv(a) if a.size else 0,
                               rtol=1e-9, atol=1e-12)


def test_determinants_of_special_matrices():
    assert gg.det(gg.zeros(0, 0, dtype=gg.float64)).item() == 1.0  # the empty product
    p = gg.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], dtype=gg.float64)  # an even permutation
    assert gg.det(p).item() == 1.0
    assert gg.det(p[[1, 0, 2]]).item() == -1.0
    singular = gg.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=gg.float64)
    assert gg.det(singular).item() == 0.0
    sign, logabs = gg.slogdet(singular)
    assert sign.item() == 0.0 and logabs.item() == -math.inf
    assert math.isnan(gg.logdet(gg.tensor([[-2.0]], dtype=gg.float64)).item())
    assert gg.logdet(gg.tensor([[math.e]], dtype=gg.float64)).item() == pytest.approx(1.0)
    big = gg.tensor(np.eye(60) * 1e6)  # det overflows float32; slogdet does not
    assert gg.slogdet(big).logabsdet.item() == pytest.approx(60 * math.log(1e6), rel=1e-6)


def test_errors_name_the_op_and_the_shapes():
    singular = gg.tensor([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(ValueError, match=r"linalg.solve: the input matrix \(shape \(2, 2\)\) is singular"):
        gg.linalg.solve(singular, gg.ones(2, 1))
    with pytest.raises(ValueError, match=r"linalg.inv: the input matrix 1 of the batch"):
        gg.linalg.inv(gg.stack([gg.eye(2), singular]))
    with pytest.raises(ValueError, match=r"linalg.inv: expected a batch of square matrices \(\*, n, n\), got shape \(2, 3\)"):
        gg.linalg.inv(gg.ones(2, 3))
    with pytest.raises(ValueError, match=r"linalg.det: .* got shape \(3,\)"):
        gg.linalg.det(gg.ones(3))
    with pytest.raises(ValueError, match=r"linalg.solve: B must be \(\*, 2, k\)"):
        gg.linalg.solve(gg.eye(2), gg.ones(3, 1))
    with pytest.raises(ValueError, match="linalg.solve"):
        gg.linalg.solve(gg.eye(2).expand(3, 2, 2), gg.ones(2, 2, 1))  # batches 3 and 2 do not broadcast
    with pytest.raises(TypeError, match="linalg.solve: expected A and B of the same dtype, got float32 and float64"):
        gg.linalg.solve(gg.eye(2), gg.ones(2, 1, dtype=gg.float64))
    with pytest.raises(TypeError, match="linalg.inv: expected a float32 or float64 tensor, got int64"):
        gg.linalg.inv(gg.tensor([[1, 0], [0, 1]]))
    with pytest.raises(TypeError, match="matrix_power: n must be an int"):
        gg.linalg.matrix_power(gg.eye(2), 1.5)


def check_gradients(fn, *arrays):
    leaves = [gg.tensor(a, requires_grad=True) for a in arrays]
    assert gg.autograd.gradcheck(fn, leaves)
    assert gg.autograd.gradgradcheck(fn, leaves)


def test_gradients_of_solve_inv_det_slogdet():
    rng = np.random.default_rng(3)
    a, b = well_conditioned(rng, (2, 3, 3)), rng.standard_normal((2, 3, 2))
    check_gradients(gg.linalg.solve, a, b)
    check_gradients(lambda m, v: gg.linalg.solve(m, v), a[0], rng.standard_normal(3))  # a vector right-hand side
    check_gradients(lambda m, v: gg.linalg.solve(m, v), a, rng.standard_normal((3, 2)))  # B broadcast over A's batch
    check_gradients(gg.linalg.inv, a)
    check_gradients(gg.linalg.det, rng.standard_normal((2, 3, 3)))
    check_gradients(lambda m: gg.linalg.slogdet(m).logabsdet, a)
    check_gradients(lambda m: gg.linalg.matrix_power(m, 3), a[0] / 3)
    check_gradients(lambda m: gg.linalg.matrix_power(m, -2), a[0])


def test_gradient_formulas_match_closed_forms():
    rng = np.random.default_rng(4)
    a = well_conditioned(rng, (3, 3))
    t = gg.tensor(a, requires_grad=True)
    gg.det(t).backward()
    np.testing.assert_allclose(t.grad.numpy(), np.linalg.det(a) * np.linalg.inv(a).T, rtol=1e-10)
    t.grad = None
    gg.slogdet(t).logabsdet.backward()
    np.testing.assert_allclose(t.grad.numpy(), np.linalg.inv(a).T, rtol=1e-10)


@pytest.mark.parametrize("case", ["solve", "inv", "det", "logabsdet"])
def test_tangents_match_finite_differences(case):
    rng = np.random.default_rng(5)
    a, b = well_conditioned(rng, (2, 3, 3)), rng.standard_normal((2, 3, 2))
    da, db = rng.standard_normal(a.shape), rng.standard_normal(b.shape)
    fns = {"solve": lambda m, v: gg.linalg.solve(m, v), "inv": lambda m, v: gg.linalg.inv(m),
           "det": lambda m, v: gg.linalg.det(m), "logabsdet": lambda m, v: gg.linalg.slogdet(m).logabsdet}
    assert_tangent_matches_differences(fns[case], (a, b), (da, db), atol=1e-8)


def assert_tangent_matches_differences(fn, points, directions, atol):
    """fn's forward-mode tangent at points along directions against central differences."""
    _, tangent = fwd.jvp(fn, tuple(map(gg.tensor, points)), tuple(map(gg.tensor, directions)))
    eps = 1e-6
    shifted = [fn(*[gg.tensor(p + sign * eps * d) for p, d in zip(points, directions)]).numpy() for sign in (1, -1)]
    np.testing.assert_allclose(tangent.numpy(), (shifted[0] - shifted[1]) / (2 * eps), rtol=1e-6, atol=atol)


def test_a_newton_step_solves_a_quadratic_in_one_step():
    rng = np.random.default_rng(6)
    m = rng.standard_normal((4, 4))
    h, c = m @ m.T + 4 * np.eye(4), rng.standard_normal(4)  # f(w) = ½wᵀHw - cᵀw, minimum at H⁻¹c
    w = gg.zeros(4, dtype=gg.float64, requires_grad=True)
    f = lambda v: 0.5 * (v * gg.mv(gg.tensor(h), v)).sum() - (gg.tensor(c) * v).sum()  # noqa: E731
    g = gg.autograd.grad([f(w)], [w])[0]
    hess = gg.autograd.functional.hessian(f, w)
    w_new = w.detach() - gg.linalg.solve(hess, g)
    np.testing.assert_allclose(w_new.numpy(), np.linalg.solve(h, c), rtol=1e-10)


@pytest.mark.parametrize("ord", [2, 1, math.inf, -math.inf, 0, 3, 0.5, -1])
@pytest.mark.parametrize("dim,keepdim", [(None, False), (1, True), ((0, 2), False), (-1, False)])
def test_vector_norm_matches_numpy(ord, dim, keepdim):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3, 4, 5))
    x[0, 0, 0] = 0.0
    got = gg.linalg.vector_norm(gg.tensor(x), ord, dim, keepdim).numpy()
    a = np.abs(x)
    axes = tuple(range(3)) if dim is None else (dim if isinstance(dim, tuple) else (dim,))
    if ord == math.inf:
        ref = a.max(axis=axes, keepdims=keepdim)
    elif ord == -math.inf:
        ref = a.min(axis=axes, keepdims=keepdim)
    elif ord == 0:
        ref = (a != 0).sum(axis=axes, keepdims=keepdim).astype(float)
    else:
        with np.errstate(divide="ignore"):  # a zero entry: the negative orders' norm is 0
            ref = (a ** ord).sum(axis=axes, keepdims=keepdim) ** (1 / ord)
    np.testing.assert_allclose(got, ref, rtol=1e-12)


@pytest.mark.parametrize("ord", ["fro", 1, -1, math.inf, -math.inf])
@pytest.mark.parametrize("dim,keepdim", [((-2, -1), False), ((0, 2), True), ((2, 0), False)])
def test_matrix_norm_matches_numpy(ord, dim, keepdim):
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 4, 5))
    got = gg.linalg.matrix_norm(gg.tensor(x), ord, dim, keepdim).numpy()
    np.testing.assert_allclose(got, np.linalg.norm(x, ord, dim, keepdim), rtol=1e-12)
    if dim == (-2, -1) and not keepdim:
        np.testing.assert_allclose(gg.linalg.norm(gg.tensor(x[0]), ord).numpy(), np.linalg.norm(x[0], ord), rtol=1e-12)


def test_norm_dispatch_and_gradients():
    rng = np.random.default_rng(9)
    x = rng.standard_normal((3, 4))
    np.testing.assert_allclose(gg.linalg.norm(gg.tensor(x)).item(), np.linalg.norm(x), rtol=1e-12)
    np.testing.assert_allclose(gg.linalg.norm(gg.tensor(x), dim=1).numpy(), np.linalg.norm(x, axis=1), rtol=1e-12)
    np.testing.assert_allclose(gg.linalg.norm(gg.tensor(x), 1, dim=(0, 1)).item(), np.linalg.norm(x, 1), rtol=1e-12)
    np.testing.assert_allclose(gg.linalg.vector_norm(gg.tensor([3, 4]), dtype=gg.float64).item(), 5.0)
    check_gradients(lambda t: gg.linalg.vector_norm(t, 3, 1), x)
    check_gradients(lambda t: gg.linalg.matrix_norm(t, math.inf), x)


@pytest.mark.parametrize("n", [-3, -1, 0, 1, 2, 5])
def test_matrix_power_and_multi_dot(n):
    rng = np.random.default_rng(10)
    a = well_conditioned(rng, (2, 3, 3)) / 3
    np.testing.assert_allclose(gg.linalg.matrix_power(gg.tensor(a), n).numpy(), np.linalg.matrix_power(a, n),
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gg.tensor(a).matrix_power(n).numpy(), np.linalg.matrix_power(a, n), rtol=1e-10,
                               atol=1e-12)
    ms = [rng.standard_normal(4), rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)]
    np.testing.assert_allclose(gg.linalg.multi_dot([gg.tensor(m) for m in ms]).numpy(), np.linalg.multi_dot(ms),
                               rtol=1e-12)
    np.testing.assert_allclose(gg.linalg.vecdot(gg.tensor(ms[1]), gg.tensor(ms[1]), dim=0).numpy(),
                               (ms[1] * ms[1]).sum(0), rtol=1e-12)


def test_batched_results_do_not_depend_on_the_thread_count():
    rng = np.random.default_rng(11)
    a, b = well_conditioned(rng, (64, 24, 24)).astype(np.float32), rng.standard_normal((64, 24, 5)).astype(np.float32)
    old = gg.get_num_threads()
    try:
        results = []
        for n in (1, 2):
            gg.set_num_threads(n)
            results.append([gg.linalg.solve(gg.tensor(a), gg.tensor(b)).numpy(), gg.linalg.inv(gg.tensor(a)).numpy(),
                            gg.linalg.det(gg.tensor(a)).numpy()])
    finally:
        gg.set_num_threads(old)
    for one, two in zip(*results):
        np.testing.assert_array_equal(one, two)


def test_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(12)
    a, b = well_conditioned(rng, (3, 4, 4)), rng.standard_normal((3, 4, 2))
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    ga, gb = gg.tensor(a, requires_grad=True), gg.tensor(b, requires_grad=True)
    for tf, gf in [(lambda: torch.linalg.solve(ta, tb), lambda: gg.linalg.solve(ga, gb)),
                   (lambda: torch.linalg.inv(ta), lambda: gg.linalg.inv(ga)),
                   (lambda: torch.linalg.det(ta), lambda: gg.linalg.det(ga)),
                   (lambda: torch.linalg.slogdet(ta).logabsdet, lambda: gg.linalg.slogdet(ga).logabsdet),
                   (lambda: torch.linalg.matrix_norm(ta, 1), lambda: gg.linalg.matrix_norm(ga, 1))]:
        assert_same_values_and_gradients(tf, gf, (ta, tb), (ga, gb), rtol=1e-9, atol=1e-12)


def spd(rng, shape):
    x = rng.standard_normal(shape)
    return x @ np.swapaxes(x, -1, -2) + shape[-1] * np.eye(shape[-1])


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_cholesky_and_triangular_solves_match_numpy(dtype, rtol):
    rng = np.random.default_rng(20)
    a = spd(rng, (2, 3, 5, 5)).astype(dtype)
    L = gg.linalg.cholesky(gg.tensor(a))
    np.testing.assert_allclose(L.numpy(), np.linalg.cholesky(a), rtol=rtol, atol=rtol)
    np.testing.assert_allclose(gg.linalg.cholesky(gg.tensor(a), upper=True).numpy(),
                               np.swapaxes(np.linalg.cholesky(a), -1, -2), rtol=rtol, atol=rtol)
    b = rng.standard_normal((3, 5, 2)).astype(dtype)  # broadcast against the batch (2, 3)
    low, up = np.tril(a), np.triu(a)
    for upper, tri in ((False, low), (True, up)):
        x = gg.linalg.solve_triangular(gg.tensor(a), gg.tensor(b), upper=upper).numpy()
        np.testing.assert_allclose(tri @ x, np.broadcast_to(b, x.shape), rtol=10 * rtol, atol=10 * rtol)
        unit = tri - np.diagonal(tri, axis1=-2, axis2=-1)[..., None] * np.eye(5) + np.eye(5)
        x = gg.linalg.solve_triangular(gg.tensor(a), gg.tensor(b), upper=upper, unitriangular=True).numpy()
        np.testing.assert_allclose(unit @ x, np.broadcast_to(b, x.shape), rtol=10 * rtol, atol=10 * rtol)
        br = np.swapaxes(b, -1, -2)
        x = gg.linalg.solve_triangular(gg.tensor(a), gg.tensor(br), upper=upper, left=False).numpy()
        np.testing.assert_allclose(x @ tri, np.broadcast_to(br, x.shape), rtol=10 * rtol, atol=10 * rtol)
    np.testing.assert_allclose(gg.cholesky_solve(gg.tensor(b), L).numpy(), np.linalg.solve(a, b), rtol=100 * rtol,
                               atol=100 * rtol)
    np.testing.assert_allclose(gg.cholesky_inverse(L).numpy(), np.linalg.inv(a), rtol=100 * rtol, atol=100 * rtol)
    U = gg.linalg.cholesky(gg.tensor(a), upper=True)
    np.testing.assert_allclose(U.cholesky_inverse(upper=True).numpy(), np.linalg.inv(a), rtol=100 * rtol, atol=100 * rtol)


def test_cholesky_errors_name_the_op_and_the_matrix():
    with pytest.raises(ValueError, match=r"linalg.cholesky: the input matrix 1 of the batch \(shape \(2, 2, 2\)\) is "
                                         r"not positive-definite: its leading minor of order 2 is not"):
        gg.linalg.cholesky(gg.tensor([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 1.0]]]))
    with pytest.raises(ValueError, match=r"linalg.cholesky: expected a batch of square matrices"):
        gg.linalg.cholesky(gg.ones(2, 3))
    with pytest.raises(ValueError, match=r"linalg.solve_triangular: B must be \(\*, 2, k\)"):
        gg.linalg.solve_triangular(gg.eye(2), gg.ones(3, 1), upper=True)
    with pytest.raises(TypeError, match="linalg.solve_triangular: expected A and B of the same dtype"):
        gg.linalg.solve_triangular(gg.eye(2), gg.ones(2, 1, dtype=gg.float64), upper=True)


def test_cholesky_and_solve_triangular_gradients():
    rng = np.random.default_rng(21)
    x = gg.tensor(rng.standard_normal((2, 4, 4)), requires_grad=True)

    def chol(t):  # of a symmetric positive-definite matrix made from t, as PyTorch's own gradcheck does
        return gg.linalg.cholesky(t @ t.mT + 4 * gg.eye(4, dtype=gg.float64))
    assert gg.autograd.gradcheck(chol, (x,)) and gg.autograd.gradgradcheck(chol, (x,))
    a = gg.tensor(spd(rng, (4, 4)), requires_grad=True)
    b = gg.tensor(rng.standard_normal((4, 3)), requires_grad=True)
    for upper in (False, True):
        for unit in (False, True):
            fn = lambda m, v, upper=upper, unit=unit: gg.linalg.solve_triangular(m, v, upper=upper, unitriangular=unit)
            assert gg.autograd.gradcheck(fn, (a, b)) and gg.autograd.gradgradcheck(fn, (a, b))
    assert gg.autograd.gradcheck(lambda v, l: gg.cholesky_solve(v, l), (b, gg.tensor(np.linalg.cholesky(spd(rng, (4, 4))),
                                                                                     requires_grad=True)))


def test_cholesky_and_solve_triangular_tangents():
    rng = np.random.default_rng(22)
    x, dx = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    b, db = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    fns = [lambda t, v: gg.linalg.cholesky(t @ t.mT + 3 * gg.eye(3, dtype=gg.float64)),
           lambda t, v: gg.linalg.solve_triangular(t, v, upper=False),
           lambda t, v: gg.linalg.solve_triangular(t, v, upper=True, unitriangular=True)]
    for fn in fns:
        assert_tangent_matches_differences(fn, (x, b), (dx, db), atol=1e-7)


def test_cholesky_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(23)
    a, b = spd(rng, (3, 4, 4)), rng.standard_normal((3, 4, 2))
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    ga, gb = gg.tensor(a, requires_grad=True), gg.tensor(b, requires_grad=True)
    for tf, gf in [(lambda: torch.linalg.cholesky(ta), lambda: gg.linalg.cholesky(ga)),
                   (lambda: torch.linalg.cholesky(ta, upper=True), lambda: gg.linalg.cholesky(ga, upper=True)),
                   (lambda: torch.linalg.solve_triangular(ta, tb, upper=True), lambda: gg.linalg.solve_triangular(ga, gb, upper=True)),
                   (lambda: torch.linalg.solve_triangular(ta, tb.mT, upper=False, left=False, unitriangular=True),
                    lambda: gg.linalg.solve_triangular(ga, gb.mT, upper=False, left=False, unitriangular=True)),
                   (lambda: torch.cholesky_solve(tb, torch.linalg.cholesky(ta)), lambda: gg.cholesky_solve(gb, gg.linalg.cholesky(ga))),
                   (lambda: torch.cholesky_inverse(torch.linalg.cholesky(ta)), lambda: gg.cholesky_inverse(gg.linalg.cholesky(ga)))]:
        assert_same_values_and_gradients(tf, gf, (ta, tb), (ga, gb), rtol=1e-8, atol=1e-10)


def assert_same_values_and_gradients(tf, gf, torch_leaves, our_leaves, rtol, atol):
    """torch's tf() and our gf(), then the gradients of their sums, leaf by leaf."""
    t, g = tf(), gf()
    np.testing.assert_allclose(g.detach().numpy(), t.detach().numpy(), rtol=1e-10, atol=1e-12)
    for leaf in (*torch_leaves, *our_leaves):
        leaf.grad = None
    t.sum().backward()
    g.sum().backward()
    for tl, gl in zip(torch_leaves, our_leaves):
        if tl.grad is not None:
            np.testing.assert_allclose(gl.grad.numpy(), tl.grad.numpy(), rtol=rtol, atol=atol)
