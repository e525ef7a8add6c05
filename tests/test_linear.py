"""F.linear is one fused op (x·Wᵀ + b on the GEMM): forward against NumPy for every operand layout
and rank PyTorch accepts, gradients by finite differences (first and second order), tangents, and
the contiguous weight gradient the optimizers rely on."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd import gradcheck, gradgradcheck
from helpers import check_op
from test_forward import check_jvp

CASES = [  # (x shape, weight shape, bias shape or None)
    ((5, 7), (3, 7), (3,)),
    ((5, 7), (3, 7), None),
    ((1, 1), (1, 1), (1,)),
    ((2, 4, 7), (3, 7), (3,)),      # leading axes flattened into the GEMM's rows
    ((7,), (3, 7), (3,)),           # unbatched input
    ((5, 7), (7,), ()),             # 1-D weight: one output, axis dropped; scalar bias
    ((5, 7), (3, 7), ()),           # scalar bias broadcast over the outputs
    ((4, 0), (3, 0), (3,)),         # no input features: the bias alone
]


def np_linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


@pytest.mark.parametrize("xs,ws,bs", CASES, ids=str)
def test_linear_matches_numpy_and_gradcheck(xs, ws, bs):
    shapes = [xs, ws] + ([] if bs is None else [bs])
    check_op(F.linear, np_linear, shapes)


@pytest.mark.parametrize("xs,ws,bs", CASES[:5], ids=str)
def test_linear_jvp(xs, ws, bs):
    check_jvp(F.linear, [xs, ws] + ([] if bs is None else [bs]))


def test_linear_double_backward():
    rng = np.random.default_rng(1)
    args = [gg.tensor(rng.standard_normal(s), requires_grad=True) for s in ((4, 5), (3, 5), (3,))]
    assert gradgradcheck(lambda x, w, b: F.linear(x, w, b).tanh(), args)


@pytest.mark.parametrize("x_t,w_t", [(False, True), (True, False), (True, True)])
def test_linear_strided_operands(x_t, w_t):
    """Transposed and sliced views are read in place or copied, never misread."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((7, 5)) if x_t else rng.standard_normal((5, 7))
    w = rng.standard_normal((7, 3)) if w_t else rng.standard_normal((3, 7))
    def views(x, w):
        return (x.transpose(0, 1) if x_t else x), (w.transpose(0, 1) if w_t else w)
    gx, gw = views(gg.tensor(x), gg.tensor(w))
    b = rng.standard_normal(3)
    np.testing.assert_allclose(F.linear(gx, gw, gg.tensor(b)).numpy(), np_linear(gx.numpy(), gw.numpy(), b), rtol=1e-12)
    sliced = gg.tensor(rng.standard_normal((5, 14)))[:, ::2]
    np.testing.assert_allclose(F.linear(sliced, gw).numpy(), sliced.numpy() @ gw.numpy().T, rtol=1e-12)
    leaves = [gg.tensor(x, requires_grad=True), gg.tensor(w, requires_grad=True)]
    assert gradcheck(lambda x, w: F.linear(*views(x, w)), leaves)


def test_linear_weight_grad_is_contiguous_and_graph_has_one_node():
    layer = gg.nn.Linear(6, 4)
    y = layer(gg.tensor(np.ones((3, 6), np.float32)))
    assert y.grad_fn.name() == "LinearBackward"
    y.sum().backward()
    assert layer.weight.grad.is_contiguous() and layer.weight.grad.shape == (4, 6)
    np.testing.assert_allclose(layer.weight.grad.numpy(), np.full((4, 6), 3.0))
    np.testing.assert_allclose(layer.bias.grad.numpy(), np.full(4, 3.0))


def test_linear_rejects_mixed_dtypes_as_pytorch():
    x = gg.tensor(np.ones((2, 3), np.float32))
    w = gg.tensor(np.ones((4, 3)))
    with pytest.raises(TypeError, match="input graphgrad.float32, weight graphgrad.float64"):
        F.linear(x, w)
    with pytest.raises(TypeError, match="bias graphgrad.float32"):
        F.linear(x.double(), w, gg.zeros(4))


@pytest.mark.parametrize("x,w,b,err,match", [
    ((2, 3), (4, 5), None, ValueError, r"linear: input \(2, 3\) has 3 features but weight \(4, 5\)"),
    ((2, 3), (4, 3), (5,), ValueError, r"linear: bias \(5,\) does not match the 4 outputs"),
    ((2, 3), (4, 3, 1), None, ValueError, r"linear: .*weight \(4, 3, 1\)"),
    ((), (4, 3), None, ValueError, r"linear: .*input \(\)"),
])
def test_linear_errors(x, w, b, err, match):
    args = [gg.zeros(x), gg.zeros(w)] + ([] if b is None else [gg.zeros(b)])
    with pytest.raises(err, match=match):
        F.linear(*args)


def test_linear_integer_input_is_a_type_error():
    with pytest.raises(TypeError, match="linear: expected float tensors, got input int64"):
        F.linear(gg.tensor(np.ones((2, 3), np.int64)), gg.zeros((4, 3)))
