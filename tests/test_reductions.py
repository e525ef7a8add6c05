"""Reductions beyond the op table's defaults (var/std corrections, logsumexp, p-norms, predicates):
forward against NumPy, backward by finite differences (float64), tangents and edge values."""
import numpy as np
import pytest

import graphgrad as gg
from helpers import check_op
from test_forward import check_jvp

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



def test_predicates():
    x = gg.tensor([1.0, np.nan, np.inf, -np.inf, 0.0])
    assert x.isnan().numpy().tolist() == [False, True, False, False, False]
    assert x.isinf().numpy().tolist() == [False, False, True, True, False]
    assert gg.isfinite(x).numpy().tolist() == [True, False, False, False, True]
    assert x.any().item() and not gg.all(x).item()
    m = gg.tensor([[1, 0], [1, 1]])
    assert m.all(1).numpy().tolist() == [False, True] and m.any(0, keepdim=True).shape == (1, 2)
    assert gg.allclose(gg.tensor([1.0, 2.0]), [1.0, 2.0 + 1e-9]) and not gg.allclose(gg.tensor([1.0]), gg.tensor([1.1]))
