"""logsumexp's fused kernel (softmax's line loops, kernels/softmax.cpp): every axis and layout
against a float64 NumPy reference, the special lines (+-inf, NaN, all -inf), the fused backward
against the composed one, and the fallbacks (several axes, empty tensors, integers)."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad import _core


def _ref(x, axis, keepdims=False):
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    r = np.log(np.exp(x - m).sum(axis=axis, keepdims=True)) + m
    return r if keepdims else np.squeeze(r, axis=axis) if axis is not None else r.reshape(())


@pytest.mark.parametrize("isa", ["generic", "auto"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,dim", [((5, 7), 1), ((5, 7), 0), ((3, 4, 5), 1), ((3, 4, 5), -1), ((2, 33), 1),
                                       ((64, 1000), 1), ((6,), 0), ((3, 4), None)])
@pytest.mark.parametrize("keepdim", [False, True])
def test_forward_matches_numpy(isa, dtype, shape, dim, keepdim):
    _core._set_isa(isa)
    try:
        x = (np.random.default_rng(0).standard_normal(shape) * 4).astype(dtype)
        got = gg.logsumexp(gg.tensor(x), dim, keepdim)
        want = _ref(x.astype(np.float64), dim, keepdim)
        assert got.shape == want.shape and got.dtype == gg.tensor(x).dtype
        np.testing.assert_allclose(got.numpy(), want, rtol=2e-6 if dtype == np.float32 else 1e-13)
    finally:
        _core._set_isa("auto")


def test_transposed_and_sliced_inputs():
    a = np.random.default_rng(1).standard_normal((6, 8)).astype(np.float32)
    t = gg.tensor(a)
    np.testing.assert_allclose(gg.logsumexp(t.t(), 1).numpy(), _ref(a.T.astype(np.float64), 1), rtol=2e-6)
    np.testing.assert_allclose(gg.logsumexp(t[:, ::2], 1).numpy(), _ref(a[:, ::2].astype(np.float64), 1), rtol=2e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_special_lines(dtype):
    inf, nan = np.inf, np.nan
    x = np.array([[1e4, 1e4, 0], [-inf, -inf, -inf], [-inf, 0, 1], [inf, 0, 1], [nan, 0, 1], [inf, -inf, 0],
                  [-30, 0, -1e30]], dtype)
    got = gg.logsumexp(gg.tensor(x), 1).numpy()
    want = [1e4 + np.log(2), -inf, np.log1p(np.e), inf, nan, inf, np.log1p(np.exp(-30.0))]
    np.testing.assert_allclose(got, np.array(want, dtype), rtol=1e-6)


def test_gradients_fused_and_composed_agree():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((4, 5, 3))
    for dim in (0, 1, 2, None):
        x = gg.tensor(a, requires_grad=True)
        assert gg.autograd.gradcheck(lambda v: gg.logsumexp(v, dim), [x])
        assert gg.autograd.gradgradcheck(lambda v: gg.logsumexp(v, dim), [x])
    # float32: the fused backward (g e^{x - y}) against the float64 softmax
    x = gg.tensor(a.astype(np.float32), requires_grad=True)
    g = rng.standard_normal((4, 3)).astype(np.float32)
    gg.logsumexp(x, 1).backward(gg.tensor(g))
    p = np.exp(a - _ref(a, 1, True))
    np.testing.assert_allclose(x.grad.numpy(), p * g[:, None, :], rtol=1e-5, atol=1e-7)


def test_fallbacks_keep_working():
    a = np.random.default_rng(3).standard_normal((3, 4, 5))
    np.testing.assert_allclose(gg.logsumexp(gg.tensor(a), (0, 2)).numpy(), np.log(np.exp(a).sum((0, 2))), rtol=1e-12)
    e = gg.logsumexp(gg.zeros((3, 0)), 1)
    assert e.shape == (3,) and np.all(e.numpy() == -np.inf)
    i = gg.logsumexp(gg.tensor([[1, 2], [3, 4]]), 1)
    assert i.dtype == gg.float32
    np.testing.assert_allclose(i.numpy(), np.log(np.exp([[1.0, 2], [3, 4]]).sum(1)), rtol=1e-6)
    s = gg.logsumexp(gg.tensor(2.0), 0)
    assert s.shape == () and s.item() == 2.0
    with pytest.raises(IndexError):
        gg.logsumexp(gg.zeros((2, 3)), 2)


def test_matches_torch():
    torch = pytest.importorskip("torch")
    a = np.random.default_rng(4).standard_normal((16, 100)).astype(np.float32)
    x = gg.tensor(a, requires_grad=True)
    tx = torch.from_numpy(a.copy()).requires_grad_()
    y, ty = gg.logsumexp(x, 1), torch.logsumexp(tx, 1)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-6)
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-5, atol=1e-8)
