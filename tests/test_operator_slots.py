"""Tensor's arithmetic operators as C-level number slots (cpp/bindings/fast_calls.cpp): every
operand kind gives what the bound dunder methods give, and subclasses keep the gradient."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn as nn

OPS = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b, lambda a, b: a ** b]
DUNDERS = [("__add__", "__radd__"), ("__sub__", "__rsub__"), ("__mul__", "__rmul__"),
           ("__truediv__", "__rtruediv__"), ("__pow__", "__rpow__")]


@pytest.mark.parametrize("k", range(len(OPS)))
@pytest.mark.parametrize("other", [2, 2.5, True, np.float64(1.5), np.float32(0.5)])
def test_slots_match_the_dunder_methods(k, other):
    x = gg.tensor([1.0, 2.0, 3.0])
    fwd, ref = DUNDERS[k]
    for got, want in [(OPS[k](x, other), getattr(x, fwd)(other)), (OPS[k](other, x), getattr(x, ref)(other))]:
        assert got.dtype == want.dtype and np.array_equal(got.numpy(), want.numpy())


def test_int_tensor_and_python_int_stay_integer():
    assert (gg.tensor([1, 2]) * 3).dtype == gg.int64 and (2 ** gg.tensor([1, 2])).dtype == gg.int64
    assert (gg.tensor([1, 2]) + 2 ** 70 * 0 + 1).numpy().tolist() == [2, 3]


def test_other_operands_raise_or_defer():
    x = gg.tensor([1.0])
    with pytest.raises(TypeError):
        x + "a"
    with pytest.raises(TypeError):
        pow(x, 2, 3)
    with pytest.raises(ValueError, match="add"):
        gg.tensor([1.0, 2.0]) + gg.tensor([1.0, 2.0, 3.0])

    class Right:
        def __radd__(self, other):
            return "right"
    assert x + Right() == "right"


def test_subclass_operands_keep_the_graph():
    s = gg.tensor([1.0, 2.0], requires_grad=True).sum()
    p = nn.Parameter(gg.tensor([3.0]))
    (s * p).sum().backward()
    assert p.grad.numpy().tolist() == [3.0]

    class Own(gg.Tensor):
        def __mul__(self, other):
            return "own"
    assert Own(gg.tensor([1.0])) * 2 == "own"
