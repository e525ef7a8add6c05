"""The rest of PyTorch's everyday math and tensor functions: forward against NumPy, backward by
finite differences (float64), tangents, and errors."""
import math

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd import gradcheck
from helpers import check_op
from test_forward import check_jvp

np_erf = np.vectorize(math.erf)

# The registered ops (sin, erf, softplus, ...) are in the op table (test_op_table.py); these are the
# activations composed in nn.functional.
UNARY = {  # name: (graphgrad, NumPy, positive inputs only)
    "softplus_beta": (lambda x: F.softplus(x, 2.0, 1.0),
                      lambda x: np.where(2 * x > 1, x, np.log1p(np.exp(2 * x)) / 2), False),
    "silu": (F.silu, lambda x: x / (1 + np.exp(-x)), False),
    "gelu": (F.gelu, lambda x: x * (1 + np_erf(x / np.sqrt(2))) / 2, False),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"),
                  lambda x: x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))) / 2, False),
    "elu": (lambda x: F.elu(x, 0.5), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x)), False),
    "logsigmoid": (F.logsigmoid, lambda x: -np.log1p(np.exp(-x)), False),
}


@pytest.mark.parametrize("name", UNARY)
def test_unary(name):
    f, g, positive = UNARY[name]
    check_op(f, g, [(3, 4)], positive=positive)


@pytest.mark.parametrize("name", ["silu", "gelu", "elu", "logsigmoid"])
def test_unary_jvp(name):
    f, _, positive = UNARY[name]
    check_jvp(f, [(3, 4)], positive=positive)


def test_softplus_and_logsigmoid_do_not_overflow():
    x = gg.tensor([-1e4, -50.0, 0.0, 50.0, 1e4])
    np.testing.assert_allclose(F.softplus(x).numpy(), [0, np.exp(-50.0), np.log(2), 50, 1e4], rtol=1e-6)
    np.testing.assert_allclose(F.logsigmoid(x).numpy(), [-1e4, -50, -np.log(2), -np.exp(-50.0), 0], rtol=1e-6)


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round", "sign"])
def test_piecewise_constant_ops_have_zero_gradient(name):
    a = np.array([-2.5, -1.5, -0.4, 0.5, 1.5, 2.7])
    x = gg.tensor(a, requires_grad=True)
    y = getattr(gg, name)(x)
    np.testing.assert_array_equal(y.numpy(), getattr(np, name)(a))
    y.sum().backward()  # PyTorch: the gradient exists and is zero
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros(6))
    assert getattr(gg.tensor([3]), name)().numpy().tolist() == [1 if name == "sign" else 3]  # int64 stays int64


REDUCE = {
    "var_all": (lambda x: x.var(), lambda x: x.var(ddof=1)),
    "var_dim": (lambda x: x.var(1), lambda x: x.var(1, ddof=1)),
    "var_biased_keep": (lambda x: x.var(dim=(0, 2), correction=0, keepdim=True),
                        lambda x: x.var((0, 2), keepdims=True)),
    "var_unbiased_false": (lambda x: gg.var(x, 2, unbiased=False), lambda x: x.var(2)),
    "std": (lambda x: x.std(0), lambda x: x.std(0, ddof=1)),
    "logsumexp": (lambda x: gg.logsumexp(x, 1), lambda x: np.log(np.exp(x).sum(1))),
    "logsumexp_all_keep": (lambda x: x.logsumexp(keepdim=True), lambda x: np.log(np.exp(x).sum(keepdims=True))),
    "norm": (lambda x: x.norm(), lambda x: np.sqrt((x ** 2).sum())),
    "norm_dim": (lambda x: x.norm(dim=-1), lambda x: np.sqrt((x ** 2).sum(-1))),
    "norm_keep": (lambda x: gg.norm(x, 2, (0, 1), True), lambda x: np.sqrt((x ** 2).sum((0, 1), keepdims=True))),
    "norm_1": (lambda x: x.norm(1, 1), lambda x: np.abs(x).sum(1)),
    "norm_3": (lambda x: x.norm(3.0), lambda x: (np.abs(x) ** 3).sum() ** (1 / 3)),
    "norm_inf": (lambda x: x.norm(float("inf"), 2), lambda x: np.abs(x).max(2)),
}


@pytest.mark.parametrize("name", REDUCE)
def test_reductions(name):
    f, g = REDUCE[name]
    check_op(f, g, [(3, 4, 5)])


@pytest.mark.parametrize("name", ["var_dim", "logsumexp", "norm_dim"])
def test_reduction_jvp(name):
    check_jvp(REDUCE[name][0], [(3, 4, 5)])


def test_norm_gradient_at_zero_is_zero_and_logsumexp_handles_infinities():
    x = gg.zeros((2, 3), dtype=gg.float64, requires_grad=True)
    x.norm(dim=1).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((2, 3)))
    big = gg.tensor([[1e4, 1e4], [-np.inf, -np.inf], [-np.inf, 0.0]])
    np.testing.assert_allclose(gg.logsumexp(big, 1).numpy(), [1e4 + np.log(2), -np.inf, 0.0])


def test_normalize_and_one_hot():
    a = np.random.default_rng(0).standard_normal((3, 4))
    check_op(F.normalize, lambda x: x / np.linalg.norm(x, axis=1, keepdims=True), [(3, 4)])
    np.testing.assert_allclose(F.normalize(gg.zeros((1, 2))).numpy(), [[0, 0]])
    assert F.one_hot(gg.tensor([2, 0]), 4).numpy().tolist() == [[0, 0, 1, 0], [1, 0, 0, 0]]
    assert F.one_hot(gg.tensor([[1], [0]])).shape == (2, 1, 2)
    with pytest.raises(ValueError, match="one_hot: class label 3 is out of range for num_classes=3"):
        F.one_hot(gg.tensor([3]), 3)
    with pytest.raises(TypeError, match="one_hot: expected an int64 tensor"):
        F.one_hot(gg.tensor(a))
    with pytest.raises(ValueError, match="gelu: approximate"):
        F.gelu(gg.tensor(a), approximate="fast")


COMPOSED = {  # name: (graphgrad, NumPy, input shape)
    "narrow": (lambda x: x.narrow(1, 1, 2), lambda x: x[:, 1:3], (3, 4)),
    "narrow_neg": (lambda x: gg.narrow(x, -1, -3, 2), lambda x: x[:, 1:3], (3, 4)),
    "split_size": (lambda x: x.split(3, 1)[1], lambda x: x[:, 3:], (2, 5)),
    "split_sections": (lambda x: gg.split(x, [1, 3], 1)[1], lambda x: x[:, 1:], (2, 4)),
    "chunk": (lambda x: x.chunk(3)[2], lambda x: x[4:], (5, 2)),
    "flip": (lambda x: x.flip((0, 1)), lambda x: x[::-1, ::-1], (3, 4)),
    "index_select": (lambda x: x.index_select(1, gg.tensor([3, 0, 3])), lambda x: x[:, [3, 0, 3]], (3, 4)),
    "gather": (lambda x: x.gather(1, gg.tensor([[0, 0], [3, 1], [2, 2]])),
               lambda x: np.take_along_axis(x, np.array([[0, 0], [3, 1], [2, 2]]), 1), (3, 4)),
    "gather_0": (lambda x: gg.gather(x, 0, gg.tensor([[2, 0, 1, 1]])),
                 lambda x: np.take_along_axis(x, np.array([[2, 0, 1, 1]]), 0), (3, 4)),
    "masked_fill": (lambda x: x.masked_fill(x > 0, -1.0), lambda x: np.where(x > 0, -1.0, x), (3, 4)),
    "repeat": (lambda x: x.repeat(2, 1, 3), lambda x: np.tile(x, (2, 1, 3)), (3, 4)),
    "bmm": (lambda x: gg.bmm(x, x.transpose(1, 2)), lambda x: x @ x.transpose(0, 2, 1), (2, 3, 4)),
    "outer": (lambda x: gg.outer(x, x * 2), lambda x: np.outer(x, x * 2), (4,)),
}


@pytest.mark.parametrize("name", COMPOSED)
def test_composed(name):
    f, g, shape = COMPOSED[name]
    check_op(f, g, [shape])


def test_split_chunk_cover_the_dimension():
    x = gg.arange(7)
    assert [t.numpy().tolist() for t in x.split(3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [t.shape[0] for t in x.chunk(3)] == [3, 3, 1]
    with pytest.raises(ValueError, match=r"split: sections \[3, 3\] do not add up to dimension 0 of size 7"):
        x.split([3, 3])


def test_predicates():
    x = gg.tensor([1.0, np.nan, np.inf, -np.inf, 0.0])
    assert x.isnan().numpy().tolist() == [False, True, False, False, False]
    assert x.isinf().numpy().tolist() == [False, False, True, True, False]
    assert gg.isfinite(x).numpy().tolist() == [True, False, False, False, True]
    assert x.any().item() and not gg.all(x).item()
    m = gg.tensor([[1, 0], [1, 1]])
    assert m.all(1).numpy().tolist() == [False, True] and m.any(0, keepdim=True).shape == (1, 2)
    assert gg.allclose(gg.tensor([1.0, 2.0]), [1.0, 2.0 + 1e-9]) and not gg.allclose(gg.tensor([1.0]), gg.tensor([1.1]))


@pytest.mark.parametrize("call,err,match", [
    (lambda x: x.narrow(1, 3, 2), IndexError, "narrow: start 3 and length 2 exceed dimension 1 of size 4"),
    (lambda x: x.gather(1, gg.tensor([0, 1])), IndexError, r"gather: index of shape \(2,\) does not fit"),
    (lambda x: x.index_select(0, gg.tensor([[0]])), IndexError, "index_select: index must be 1-D"),
    (lambda x: x.masked_fill(x, 0.0), TypeError, "masked_fill: mask must be a bool tensor"),
    (lambda x: x.repeat(2), ValueError, "repeat: 1 repeat sizes for a tensor with 2 dimensions"),
    (lambda x: gg.bmm(x, x), ValueError, r"bmm: expected \(b, n, m\) and \(b, m, p\)"),
    (lambda x: x.flip(2), IndexError, "flip: dim 2 is out of range"),
    (lambda x: F.softplus(x, beta=0.0), ValueError, "softplus: beta must be positive"),
    (lambda x: x.norm(-1.0), ValueError, "norm: p must be positive"),
])
def test_errors(call, err, match):
    with pytest.raises(err, match=match):
        call(gg.zeros((3, 4)))


def test_gradients_flow_through_split_and_gather():
    x = gg.tensor(np.random.default_rng(3).standard_normal((4, 3)), requires_grad=True)
    assert gradcheck(lambda t: sum((p * (i + 1)).sum() for i, p in enumerate(t.split(1))), [x])
    assert gradcheck(lambda t: t.gather(0, gg.tensor([[3, 3, 0]])), [x])


@pytest.mark.parametrize("module,fn", [
    (gg.nn.SiLU(), F.silu), (gg.nn.GELU("tanh"), lambda x: F.gelu(x, approximate="tanh")),
    (gg.nn.ELU(0.3), lambda x: F.elu(x, 0.3)), (gg.nn.Softplus(2.0), lambda x: F.softplus(x, 2.0)),
])
def test_activation_modules(module, fn):
    x = gg.randn(3, 4)
    np.testing.assert_array_equal(module(x).numpy(), fn(x).numpy())
    assert type(module).__name__ in repr(module)


@pytest.mark.parametrize("name,ref,ulps", [
    ("tanh", np.tanh, 2), ("sigmoid", lambda v: 1 / (1 + np.exp(-v)), 3), ("exp", np.exp, 2)])
def test_vectorized_float32_kernels_are_accurate_everywhere(name, ref, ulps):
    """float32 tanh/sigmoid/exp run a vectorized kernel: within a few ulp of the float64 result
    over the whole range (tanh switches formulas at |x| = 0.625), and IEEE at inf and nan."""
    x = np.concatenate([np.linspace(-30, 30, 60001), np.linspace(-1, 1, 4001), [0.0, 1e-30, -1e-20, 0.6249, 0.6251]])
    x = x.astype(np.float32)
    got = getattr(gg, name)(gg.tensor(x)).numpy().astype(np.float64)
    want = ref(x.astype(np.float64))
    assert np.all(np.abs(got - want) <= ulps * np.spacing(np.abs(want).astype(np.float32)))
    special = getattr(gg, name)(gg.tensor(np.array([np.inf, -np.inf, np.nan], np.float32))).numpy()
    expected = ref(np.array([np.inf, -np.inf, np.nan]))
    np.testing.assert_array_equal(special, expected.astype(np.float32))


def test_embedding_looks_up_rows_and_accumulates_gradients():
    gg.manual_seed(0)
    emb = gg.nn.Embedding(5, 3, padding_idx=0)
    assert not emb.weight.detach().numpy()[0].any() and "padding_idx=0" in repr(emb)
    idx = gg.tensor([[1, 4, 1], [0, 2, 1]])
    out = emb(idx)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out.numpy(), emb.weight.detach().numpy()[idx.numpy()])
    out.sum().backward()
    np.testing.assert_array_equal(emb.weight.grad.numpy()[:, 0], [0, 3, 1, 0, 1])  # padding row: none
    w = gg.tensor(np.random.default_rng(0).standard_normal((4, 2)), requires_grad=True)
    assert gradcheck(lambda w: F.embedding(gg.tensor([3, 3, 0]), w), [w])


@pytest.mark.parametrize("call,err,match", [
    (lambda: F.embedding(gg.tensor([0.0]), gg.zeros((2, 2))), TypeError, "embedding: indices must be an int64"),
    (lambda: F.embedding(gg.tensor([0]), gg.zeros(2)), ValueError, "embedding: weight must be 2-D"),
    (lambda: F.embedding(gg.tensor([2]), gg.zeros((2, 2))), IndexError, "index 2 is out of bounds for axis 0"),
    (lambda: gg.nn.Embedding(3, 2, padding_idx=3), ValueError, "padding_idx 3 is out of range"),
])
def test_embedding_errors(call, err, match):
    with pytest.raises(err, match=match):
        call()
