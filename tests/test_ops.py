"""Operator forms (Python numbers on either side), max/min with indices, shape ops, matmul, where
and dtype promotion; the registered ops themselves are checked by test_op_table.py."""
import numpy as np
import pytest

import graphgrad as gg
from helpers import check_op

# The registered ops (add, exp, sum, ...) are checked by the op table (test_op_table.py); these are
# the operator forms with Python numbers, which the table does not reach.
UNARY = {
    "pow2": (lambda x: x ** 2, lambda x: x ** 2, False),
    "pow3": (lambda x: x ** 3, lambda x: x ** 3, False),
    "pow_half": (lambda x: x ** 0.5, lambda x: x ** 0.5, True),
    "rpow": (lambda x: 2.0 ** x, lambda x: 2.0 ** x, False),
    "scalar_add": (lambda x: 2.5 + x, lambda x: 2.5 + x, False),
    "scalar_rsub": (lambda x: 1 - x, lambda x: 1 - x, False),
    "scalar_rdiv": (lambda x: 3 / x, lambda x: 3 / x, True),
    "scalar_mul": (lambda x: x * 0.5, lambda x: x * 0.5, False),
}


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("shape", [(3, 4), (5,), (), (1, 1), (0, 2)], ids=str)
def test_unary(name, shape):
    f, g, positive = UNARY[name]
    check_op(f, g, [shape], positive=positive)


REDUCE = {  # max/min's (values, indices) forms; amax/amin, sum and mean are in the op table
    "amax_all": (lambda x: x.max(), lambda x: x.max()),
    "max_dim": (lambda x: x.max(dim=1)[0], lambda x: x.max(axis=1)),
    "min_dim_keep": (lambda x: x.min(dim=2, keepdim=True)[0], lambda x: x.min(axis=2, keepdims=True)),
    "amin_all": (lambda x: x.min(), lambda x: x.min()),
}


@pytest.mark.parametrize("name", REDUCE)
def test_reduce(name):
    f, g = REDUCE[name]
    check_op(f, g, [(3, 4, 5)])


def test_sum_edge_shapes():
    check_op(lambda x: x.sum(), lambda x: x.sum(), [()])
    check_op(lambda x: x.sum(0), lambda x: x.sum(0), [(0, 3)])
    check_op(lambda x: x.sum(), lambda x: x.sum(), [(1,)])
    check_op(lambda x: x.sum(1), lambda x: x.sum(1), [(2, 1, 3)])


SHAPE_OPS = {
    "reshape": (lambda x: x.reshape(6, 4), lambda x: x.reshape(6, 4), (2, 3, 4)),
    "reshape_infer": (lambda x: x.reshape(-1), lambda x: x.reshape(-1), (2, 3, 4)),
    "transpose": (lambda x: x.transpose(0, 2), lambda x: x.transpose(2, 1, 0), (2, 3, 4)),
    "T": (lambda x: x.T, lambda x: x.T, (3, 4)),
    "T_then_reshape": (lambda x: x.T.reshape(-1), lambda x: x.T.reshape(-1), (3, 4)),
    "permute": (lambda x: x.permute(1, 2, 0), lambda x: x.transpose(1, 2, 0), (2, 3, 4)),
    "unsqueeze": (lambda x: x.unsqueeze(1), lambda x: x[:, None], (3, 4)),
    "squeeze": (lambda x: x.squeeze(), lambda x: x.squeeze(), (3, 1, 4, 1)),
    "squeeze_dim": (lambda x: x.squeeze(1), lambda x: x.squeeze(1), (3, 1, 4, 1)),
    "expand": (lambda x: x.expand(2, 3, 4), lambda x: np.broadcast_to(x, (2, 3, 4)), (3, 1)),
    "flatten": (lambda x: x.flatten(1), lambda x: x.reshape(2, -1), (2, 3, 4)),
    "index_int": (lambda x: x[1], lambda x: x[1], (3, 4)),
    "index_slice": (lambda x: x[1:, ::2], lambda x: x[1:, ::2], (3, 4)),
    "index_neg_step": (lambda x: x[::-1, -2], lambda x: x[::-1, -2], (3, 4)),
    "index_none_ellipsis": (lambda x: x[..., None, 1:3], lambda x: x[..., None, 1:3], (2, 3, 4)),
    "index_empty": (lambda x: x[2:1], lambda x: x[2:1], (3, 4)),
    "index_then_mul": (lambda x: x[:, 1:] * x[:, :-1], lambda x: x[:, 1:] * x[:, :-1], (3, 4)),
}


@pytest.mark.parametrize("name", SHAPE_OPS)
def test_shape_ops(name):
    f, g, shape = SHAPE_OPS[name]
    check_op(f, g, [shape])


def test_cat_stack():
    check_op(lambda a, b: gg.cat([a, b], dim=1), lambda a, b: np.concatenate([a, b], 1), [(2, 3), (2, 5)])
    check_op(lambda a, b: gg.concatenate([a, b]), lambda a, b: np.concatenate([a, b]), [(2, 3), (1, 3)])
    check_op(lambda a, b: gg.stack([a, b], 1), lambda a, b: np.stack([a, b], 1), [(2, 3), (2, 3)])
    check_op(lambda a, b: gg.stack([a, b]), lambda a, b: np.stack([a, b]), [(), ()])


MATMUL_SHAPES = [((3, 4), (4, 5)), ((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,)), ((2, 3, 4), (4, 5)),
                 ((2, 1, 3, 4), (5, 4, 2)), ((1, 1), (1, 1)), ((3, 0), (0, 2)), ((0, 3), (3, 2))]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul(shapes):
    check_op(lambda a, b: a @ b, np.matmul, shapes, rtol32=1e-4, atol32=1e-5)


def test_matmul_transposed_views():
    check_op(lambda a, b: a.T @ b, lambda a, b: a.T @ b, [(4, 3), (4, 5)])
    check_op(lambda a, b: a @ b.T, lambda a, b: a @ b.T, [(3, 4), (5, 4)])
    check_op(lambda a, b: a.T @ b.T, lambda a, b: a.T @ b.T, [(4, 3), (5, 4)])
    check_op(lambda a, b: a[:, ::2] @ b, lambda a, b: a[:, ::2] @ b, [(3, 8), (4, 2)])


def test_where_and_compare():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((4,))
    ta, tb = gg.tensor(a), gg.tensor(b)
    for op in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"):
        got = getattr(ta, op)(tb)
        assert got.dtype == gg.bool_
        np.testing.assert_array_equal(got.numpy(), getattr(a, op)(b))
    np.testing.assert_array_equal((ta > 0.5).numpy(), a > 0.5)
    check_op(lambda x, y: gg.where(x > 0, x, y), lambda x, y: np.where(x > 0, x, y), [(3, 4), (4,)])
    assert not (ta > tb).requires_grad


def test_dtype_promotion():
    a32, a64 = gg.ones(2), gg.ones(2, dtype=gg.float64)
    assert (a32 + a64).dtype == gg.float64
    assert (a32 * 2.0).dtype == gg.float32  # Python scalars don't promote
    assert (gg.tensor([1, 2]) / 2).dtype == gg.float32
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    y = (x + gg.tensor([1.0, 1.0], dtype=gg.float64)).sum()
    y.backward()
    assert x.grad.dtype == gg.float32


def test_argmax_argmin():
    a = np.random.default_rng(0).standard_normal((3, 5))
    t = gg.tensor(a)
    assert t.argmax().item() == a.argmax()
    np.testing.assert_array_equal(t.argmax(dim=1).numpy(), a.argmax(1))
    np.testing.assert_array_equal(t.argmin(axis=0).numpy(), a.argmin(0))


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round", "sign"])
def test_piecewise_constant_ops_have_zero_gradient(name):
    a = np.array([-2.5, -1.5, -0.4, 0.5, 1.5, 2.7])
    x = gg.tensor(a, requires_grad=True)
    y = getattr(gg, name)(x)
    np.testing.assert_array_equal(y.numpy(), getattr(np, name)(a))
    y.sum().backward()  # PyTorch: the gradient exists and is zero
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros(6))
    assert getattr(gg.tensor([3]), name)().numpy().tolist() == [1 if name == "sign" else 3]  # int64 stays int64
