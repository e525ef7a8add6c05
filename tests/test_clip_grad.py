"""Gradient clipping (nn.utils.clip_grad_norm_ / clip_grad_value_) against NumPy, in place, on any
layout."""
import math

import numpy as np
import pytest

import graphgrad as gg


def _with_grads(arrays):
    ps = []
    for a in arrays:
        p = gg.zeros(*a.shape, dtype=gg.float64, requires_grad=True)
        p.grad = gg.tensor(a.copy())
        ps.append(p)
    return ps


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf])
def test_clip_grad_norm(norm_type):
    rng = np.random.default_rng(6)
    arrays = [rng.standard_normal((50, 40)), rng.standard_normal(7), rng.standard_normal(70000)]
    flat = np.concatenate([a.ravel() for a in arrays])
    total = np.max(np.abs(flat)) if math.isinf(norm_type) else np.sum(np.abs(flat) ** norm_type) ** (1 / norm_type)
    ps = _with_grads(arrays) + [gg.zeros(3, requires_grad=True)]  # one without grad
    got = gg.nn.utils.clip_grad_norm_(ps, max_norm=1.0, norm_type=norm_type)
    assert got.item() == pytest.approx(total, rel=1e-12)
    coef = 1.0 / (total + 1e-6)
    for p, a in zip(ps, arrays):
        np.testing.assert_allclose(p.grad.numpy(), a * coef, rtol=1e-12)
    # Below the limit, nothing changes.
    ps = _with_grads(arrays)
    gg.nn.utils.clip_grad_norm_(ps, max_norm=2 * total, norm_type=norm_type)
    for p, a in zip(ps, arrays):
        np.testing.assert_array_equal(p.grad.numpy(), a)


def test_clip_grad_norm_errors_and_empty():
    p = gg.zeros(2, requires_grad=True)
    assert gg.nn.utils.clip_grad_norm_([p], 1.0).item() == 0.0
    p.grad = gg.tensor([float("inf"), 1.0])
    with pytest.raises(RuntimeError, match="error_if_nonfinite"):
        gg.nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
    with pytest.raises(ValueError):
        gg.nn.utils.clip_grad_norm_(p, 1.0, norm_type=0)
    with pytest.raises(ValueError):
        gg.nn.utils.clip_grad_norm_(p, -1.0)


def test_clipping_works_in_place_on_transposed_gradients():
    """Gradients of matmul weights may be transposed views: dense, but not contiguous."""
    a = np.arange(12.0).reshape(3, 4) - 6
    p = gg.zeros(4, 3, dtype=gg.float64, requires_grad=True)
    p.grad = gg.tensor(a).transpose(0, 1)
    assert not p.grad.is_contiguous()
    total = gg.nn.utils.clip_grad_norm_([p], 1.0).item()
    assert total == pytest.approx(np.linalg.norm(a))
    np.testing.assert_allclose(p.grad.numpy(), a.T / (total + 1e-6), rtol=1e-12)
    gg.nn.utils.clip_grad_value_([p], 0.1)
    np.testing.assert_allclose(p.grad.numpy(), np.clip(a.T / (total + 1e-6), -0.1, 0.1), rtol=1e-12)
    gg.optim.SGD([p], lr=0.1).zero_grad(set_to_none=False)
    np.testing.assert_array_equal(p.grad.numpy(), 0)
    p.grad = gg.tensor(np.ones((4, 6)))[:, ::2]  # strided, not dense: no raw in-place update
    with pytest.raises(ValueError, match="not dense"):
        gg.nn.utils.clip_grad_value_([p], 0.1)


def test_clip_grad_value():
    rng = np.random.default_rng(7)
    arrays = [rng.standard_normal((30, 3)), rng.standard_normal(100000)]
    ps = _with_grads(arrays)
    gg.nn.utils.clip_grad_value_(ps, 0.5)
    for p, a in zip(ps, arrays):
        np.testing.assert_array_equal(p.grad.numpy(), np.clip(a, -0.5, 0.5))
    with pytest.raises(ValueError):
        gg.nn.utils.clip_grad_value_(ps, -1.0)
