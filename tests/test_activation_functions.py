"""The activations composed in nn.functional (the registered ones are in the op table): forward
against NumPy, backward by finite differences (float64), tangents, overflow, modules and errors."""
import math

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from helpers import check_op
from test_forward import check_jvp

np_erf = np.vectorize(math.erf)

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



@pytest.mark.parametrize("module,fn", [
    (gg.nn.SiLU(), F.silu), (gg.nn.GELU("tanh"), lambda x: F.gelu(x, approximate="tanh")),
    (gg.nn.ELU(0.3), lambda x: F.elu(x, 0.3)), (gg.nn.Softplus(2.0), lambda x: F.softplus(x, 2.0)),
])
def test_activation_modules(module, fn):
    x = gg.randn(3, 4)
    np.testing.assert_array_equal(module(x).numpy(), fn(x).numpy())
    assert type(module).__name__ in repr(module)
