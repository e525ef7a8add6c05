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


def test_total_norm_clip_with_norm_and_parameters_as_a_vector():
    """torch.nn.utils' get_total_norm / clip_grads_with_norm_ (clip_grad_norm_'s two halves) and
    parameters_to_vector / vector_to_parameters."""
    rng = np.random.default_rng(3)
    a, b = gg.tensor(rng.standard_normal((3, 2))), gg.tensor(rng.standard_normal(4))
    for p in (1.0, 2.0, 3.5, float("inf")):
        flat = np.concatenate([a.numpy().ravel(), b.numpy()])
        want = np.abs(flat).max() if p == float("inf") else (np.abs(flat) ** p).sum() ** (1 / p)
        assert gg.nn.utils.get_total_norm([a, b], p).item() == pytest.approx(want, rel=1e-12)
    w = gg.nn.Parameter(gg.tensor(rng.standard_normal((3, 2))))
    w.grad = gg.tensor(rng.standard_normal((3, 2)))
    g0 = w.grad.numpy().copy()
    total = gg.nn.utils.get_total_norm([w.grad])
    gg.nn.utils.clip_grads_with_norm_([w], 0.5, total)
    np.testing.assert_allclose(w.grad.numpy(), g0 * 0.5 / (np.linalg.norm(g0) + 1e-6), rtol=1e-12)
    with pytest.raises(RuntimeError, match="get_total_norm: the total norm"):
        gg.nn.utils.get_total_norm([gg.tensor([float("nan")])], error_if_nonfinite=True)
    m = gg.nn.Linear(3, 2)
    vec = gg.nn.utils.parameters_to_vector(m.parameters())
    assert tuple(vec.shape) == (8,)
    np.testing.assert_array_equal(vec.numpy()[:6], m.weight.detach().numpy().ravel())
    gg.nn.utils.vector_to_parameters(gg.arange(8.0), m.parameters())
    np.testing.assert_array_equal(m.bias.detach().numpy(), [6.0, 7.0])
    assert m.weight.requires_grad and isinstance(m.weight, gg.nn.Parameter)
    with pytest.raises(ValueError, match="vector_to_parameters: vec has 7 elements, the parameters 8"):
        gg.nn.utils.vector_to_parameters(gg.arange(7.0), m.parameters())
    with pytest.raises(TypeError, match="parameters_to_vector: expected an iterable"):
        gg.nn.utils.parameters_to_vector(m.weight)
