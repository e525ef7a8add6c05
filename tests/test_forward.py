"""Forward mode beyond the op table (test_op_table.py checks every registered op's tangent): the
operator forms, composed ops and the dual-tensor semantics (levels, views, in-place ops, reverse over
forward). Each jvp is checked against central finite differences and against wᵀ(J·u) from reverse mode."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd import forward as fwd
from helpers import make
from test_ops import MATMUL_SHAPES, REDUCE, SHAPE_OPS, UNARY


def check_jvp(fn, shapes, positive=False, seed=0, eps=1e-6, atol=1e-6):
    rng = np.random.default_rng(seed)
    xs = [gg.tensor(make(s, rng, positive)) for s in shapes]
    us = [gg.tensor(rng.standard_normal(s)) for s in shapes]
    out, tangent = fwd.jvp(fn, tuple(xs), tuple(us))
    assert tangent.shape == out.shape and tangent.dtype == out.dtype
    np.testing.assert_allclose(out.numpy(), fn(*xs).numpy(), rtol=1e-12, atol=1e-12)

    def shifted(h):
        return fn(*[gg.tensor(x.numpy() + h * u.numpy()) for x, u in zip(xs, us)]).numpy()
    numeric = (shifted(eps) - shifted(-eps)) / (2 * eps)
    np.testing.assert_allclose(tangent.numpy(), numeric, atol=atol, rtol=1e-5)

    # Reverse mode: wᵀ(J u) = Σ_i <∂(w·f)/∂x_i, u_i>.
    w = rng.standard_normal(out.shape)
    leaves = [x.detach().requires_grad_(True) for x in xs]
    y = fn(*leaves)
    if not y.requires_grad:
        assert not np.any(tangent.numpy())
        return
    grads = gg.autograd.grad([(y * gg.tensor(w)).sum()], leaves, allow_unused=True)
    reverse = sum(float((g.numpy() * u.numpy()).sum()) for g, u in zip(grads, us) if g is not None)
    np.testing.assert_allclose(float((tangent.numpy() * w).sum()), reverse, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("shape", [(3, 4), (), (0, 2)], ids=str)
def test_unary_jvp(name, shape):
    f, _, positive = UNARY[name]
    check_jvp(f, [shape], positive)


@pytest.mark.parametrize("name", REDUCE)
def test_reduce_jvp(name):
    check_jvp(REDUCE[name][0], [(3, 4, 5)])


@pytest.mark.parametrize("name", SHAPE_OPS)
def test_shape_ops_jvp(name):
    f, _, shape = SHAPE_OPS[name]
    check_jvp(f, [shape])


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_jvp(shapes):
    check_jvp(lambda a, b: a @ b, shapes)


OTHER = {
    "cat": (lambda a, b: gg.cat([a, b], dim=1), [(2, 3), (2, 5)]),
    "stack": (lambda a, b: gg.stack([a, b], 1), [(2, 3), (2, 3)]),
    "where": (lambda x, y: gg.where(x > 0, x, y), [(3, 4), (4,)]),
    "transposed_matmul": (lambda a, b: a.T @ b.T, [(4, 3), (5, 4)]),
    "softmax": (lambda x: F.softmax(x, 1), [(3, 5)]),
    "log_softmax": (lambda x: F.log_softmax(x, 0), [(3, 5)]),
    "cross_entropy": (lambda x: F.cross_entropy(x, gg.tensor([0, 2, 4])), [(3, 5)]),
    "cross_entropy_ignored": (lambda x: F.cross_entropy(x, gg.tensor([0, -100, 4]), reduction="sum"), [(3, 5)]),
    "nll_loss": (lambda x: F.nll_loss(F.log_softmax(x, 1), gg.tensor([1, 0, 3]), reduction="sum"), [(3, 5)]),
    "batch_norm_train": (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [(6, 3), (3,), (3,)]),
    "batch_norm_3d": (lambda x: F.batch_norm(x, None, None, training=True), [(4, 2, 3)]),
    "batch_norm_eval": (lambda x, w: F.batch_norm(x, gg.zeros(3, dtype=gg.float64), gg.ones(3, dtype=gg.float64),
                                                  w, None, training=False), [(6, 3), (3,)]),
    "mse_loss": (lambda x, y: F.mse_loss(x, y), [(4, 3), (4, 3)]),
}


@pytest.mark.parametrize("name", OTHER)
def test_other_ops_jvp(name):
    f, shapes = OTHER[name]
    check_jvp(f, shapes)


def test_dtype_conversion_converts_the_tangent():
    x, u = gg.randn(3, dtype=gg.float64), gg.randn(3, dtype=gg.float64)
    out, t = fwd.jvp(lambda x: x.to(gg.float32) * 2, (x,), (u,))
    assert t.dtype == gg.float32
    np.testing.assert_allclose(t.numpy(), 2 * u.numpy(), rtol=1e-6)


def test_dropout_jvp_uses_the_forward_mask():
    x, u = gg.randn(50, dtype=gg.float64), gg.randn(50, dtype=gg.float64)
    gg.manual_seed(3)
    out, t = fwd.jvp(lambda x: F.dropout(x, 0.5), (x,), (u,))
    kept = out.numpy() != 0
    np.testing.assert_allclose(t.numpy(), np.where(kept, 2 * u.numpy(), 0.0))


def test_tangent_lives_only_in_its_level():
    x, u = gg.randn(3, dtype=gg.float64), gg.randn(3, dtype=gg.float64)
    with fwd.dual_level():
        y = gg.exp(fwd.make_dual(x, u))
        np.testing.assert_allclose(fwd.unpack_dual(y).tangent.numpy(), np.exp(x.numpy()) * u.numpy())
    assert fwd.unpack_dual(y).tangent is None
    assert (y * 2).numpy().shape == (3,)  # no tangent flows after the level
    with pytest.raises(RuntimeError, match="make_dual"):
        fwd.make_dual(x, u)
    with fwd.dual_level(), pytest.raises(RuntimeError, match="nested"):
        with fwd.dual_level():
            pass


def test_make_dual_errors():
    with fwd.dual_level():
        with pytest.raises(ValueError, match=r"make_dual.*\(2,\).*\(3,\)"):
            fwd.make_dual(gg.zeros(3), gg.zeros(2))
        with pytest.raises(TypeError, match="make_dual.*float64.*float32"):
            fwd.make_dual(gg.zeros(3), gg.zeros(3, dtype=gg.float64))
        with pytest.raises(TypeError, match="make_dual"):
            fwd.make_dual(gg.tensor([1, 2]), gg.tensor([1, 2]))
    with pytest.raises(ValueError, match="2 primals but 1 tangents"):
        fwd.jvp(lambda a, b: a, (gg.zeros(2), gg.zeros(2)), (gg.zeros(2),))


def test_view_tangent_is_the_view_of_the_tangent():
    x, u = gg.randn(3, 4, dtype=gg.float64), gg.randn(3, 4, dtype=gg.float64)
    with fwd.dual_level():
        v = fwd.make_dual(x, u)[1:, ::2].T
        np.testing.assert_array_equal(fwd.unpack_dual(v).tangent.numpy(), u.numpy()[1:, ::2].T)


def test_inplace_updates_the_tangent_and_never_another_tensors():
    x, u = gg.randn(3, dtype=gg.float64), gg.randn(3, dtype=gg.float64)
    with fwd.dual_level():
        d = fwd.make_dual(x, u)
        y = d + gg.zeros(2, 3, dtype=gg.float64)  # its tangent starts as u broadcast
        y.mul_(3.0)
        np.testing.assert_allclose(fwd.unpack_dual(y).tangent.numpy(), np.broadcast_to(3 * u.numpy(), (2, 3)))
        np.testing.assert_array_equal(fwd.unpack_dual(d).tangent.numpy(), u.numpy())
        z = gg.zeros(3, dtype=gg.float64)
        z.copy_(d * d)  # a tensor without a tangent receives one
        np.testing.assert_allclose(fwd.unpack_dual(z).tangent.numpy(), 2 * x.numpy() * u.numpy())
        w = gg.zeros(3, dtype=gg.float64)
        w.copy_(fwd.make_dual(x.detach().requires_grad_(True), u))  # recorded in both modes
        np.testing.assert_array_equal(fwd.unpack_dual(w).tangent.numpy(), u.numpy())
        z.fill_(1.0)
        np.testing.assert_array_equal(fwd.unpack_dual(z).tangent.numpy(), np.zeros(3))
        base = gg.zeros(2, 3, dtype=gg.float64)
        with pytest.raises(NotImplementedError, match="add_.*view"):
            base[0].add_(d)


def test_reverse_over_forward():
    # d/dx of the tangent of Σx³ along u, i.e. (Hu) = 6·x·u.
    x = gg.randn(4, dtype=gg.float64, requires_grad=True)
    u = gg.randn(4, dtype=gg.float64)
    _, t = fwd.jvp(lambda x: (x ** 3).sum(), (x,), (u,))
    (g,) = gg.autograd.grad([t], [x])
    np.testing.assert_allclose(g.numpy(), 6 * x.detach().numpy() * u.numpy())


def test_jvp_of_an_mlp_matches_reverse_mode():
    def mlp(x, w1, w2):
        return F.cross_entropy(gg.tanh(x @ w1) @ w2, gg.tensor([0, 1, 2, 1]))
    check_jvp(mlp, [(4, 5), (5, 6), (6, 3)])
