"""Pooling, unpooling, padding, interpolation and channel dropout: forward against NumPy
references and PyTorch (skipped without it), gradients against PyTorch, gradcheck /
gradgradcheck / jvp in float64, thread-count independence, errors, and the modules."""
import itertools
import math

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad import nn
from graphgrad.autograd import forward as fwd


def out_size(L, k, s, p, d, ceil_mode):
    num = L + 2 * p - d * (k - 1) - 1
    o = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (o - 1) * s >= L + p:
        o -= 1
    return o


def np_max_pool2d(x, k, s, p, d, ceil_mode):
    H, W = x.shape[2:]
    oh, ow = out_size(H, k, s, p, d, ceil_mode), out_size(W, k, s, p, d, ceil_mode)
    y = np.empty(x.shape[:2] + (oh, ow))
    for i, j in itertools.product(range(oh), range(ow)):
        hs = [i * s - p + a * d for a in range(k) if 0 <= i * s - p + a * d < H]
        ws = [j * s - p + a * d for a in range(k) if 0 <= j * s - p + a * d < W]
        y[:, :, i, j] = x[:, :, hs][:, :, :, ws].max(axis=(2, 3))
    return y


def np_avg_pool2d(x, k, s, p, ceil_mode, include_pad, divisor=None):
    H, W = x.shape[2:]
    oh, ow = out_size(H, k, s, p, 1, ceil_mode), out_size(W, k, s, p, 1, ceil_mode)
    y = np.empty(x.shape[:2] + (oh, ow))
    for i, j in itertools.product(range(oh), range(ow)):
        h0, w0 = i * s - p, j * s - p
        h1, w1 = min(h0 + k, H + p), min(w0 + k, W + p)
        size = (h1 - h0) * (w1 - w0)
        h0, w0, h1, w1 = max(h0, 0), max(w0, 0), min(h1, H), min(w1, W)
        div = divisor or (size if include_pad else (h1 - h0) * (w1 - w0))
        y[:, :, i, j] = x[:, :, h0:h1, w0:w1].sum(axis=(2, 3)) / div
    return y


def np_adaptive(x, out, reduce):
    H, W = x.shape[2:]
    y = np.empty(x.shape[:2] + tuple(out))
    for i, j in itertools.product(range(out[0]), range(out[1])):
        h0, h1 = i * H // out[0], -(-(i + 1) * H // out[0])
        w0, w1 = j * W // out[1], -(-(j + 1) * W // out[1])
        y[:, :, i, j] = reduce(x[:, :, h0:h1, w0:w1], axis=(2, 3))
    return y


MAX_CASES = [(2, 2, 0, 1, False), (3, 1, 1, 1, False), (3, 2, 1, 2, False), (3, 2, 1, 1, True), (2, 3, 1, 1, True),
             (5, 2, 2, 1, True), (1, 1, 0, 1, False)]


@pytest.mark.parametrize("k,s,p,d,ceil_mode", MAX_CASES, ids=str)
def test_max_pool2d_matches_numpy_and_indices_point_at_the_maxima(k, s, p, d, ceil_mode):
    x = np.random.default_rng(0).standard_normal((2, 3, 9, 8))
    y, idx = F.max_pool2d(gg.tensor(x), k, s, p, d, ceil_mode, return_indices=True)
    np.testing.assert_array_equal(y.numpy(), np_max_pool2d(x, k, s, p, d, ceil_mode))
    flat = x.reshape(2, 3, -1)
    np.testing.assert_array_equal(np.take_along_axis(flat, idx.numpy().reshape(2, 3, -1), 2).reshape(y.shape), y.numpy())
    assert idx.dtype == gg.int64


AVG_CASES = [(2, 2, 0, False, True, None), (3, 1, 1, False, True, None), (3, 2, 1, False, False, None),
             (3, 2, 1, True, True, None), (3, 2, 1, True, False, None), (2, 3, 1, True, True, 3), (1, 1, 0, False, True, None)]


@pytest.mark.parametrize("k,s,p,ceil_mode,include_pad,divisor", AVG_CASES, ids=str)
def test_avg_pool2d_matches_numpy(k, s, p, ceil_mode, include_pad, divisor):
    x = np.random.default_rng(1).standard_normal((2, 3, 9, 8))
    y = F.avg_pool2d(gg.tensor(x), k, s, p, ceil_mode, include_pad, divisor)
    np.testing.assert_allclose(y.numpy(), np_avg_pool2d(x, k, s, p, ceil_mode, include_pad, divisor), rtol=1e-12)


@pytest.mark.parametrize("out", [(1, 1), (3, 3), (4, 5), (9, 8), (2, None)], ids=str)
def test_adaptive_pools_match_numpy(out):
    x = np.random.default_rng(2).standard_normal((2, 3, 9, 8))
    full = (out[0], 8 if out[1] is None else out[1])
    np.testing.assert_allclose(F.adaptive_avg_pool2d(gg.tensor(x), out).numpy(), np_adaptive(x, full, np.mean),
                               rtol=1e-12)
    np.testing.assert_array_equal(F.adaptive_max_pool2d(gg.tensor(x), out).numpy(), np_adaptive(x, full, np.max))


@pytest.mark.parametrize("k", [2, 3])
@pytest.mark.parametrize("dt", [np.float32, np.float64])
def test_max_pool_tiles_ties_nan_and_inf(k, dt):
    """kernel == stride (the tiles' fast path, four 2 x 2 windows at a time plus a scalar tail):
    the first of tied maxima, the last NaN of a window, -inf windows, as the general loop and PyTorch."""
    rng = np.random.default_rng(11)
    x = rng.integers(-2, 3, (2, 3, 2 * k + 1, 11 * k + 1)).astype(dt)  # ties everywhere, odd leftovers
    x[0, 0, 0, :4] = np.nan
    x[0, 1, :k, k:3 * k] = -np.inf
    x[1, 2, 1, ::3] = np.nan
    x[1, 0, :k, :] = np.inf
    y, idx = F.max_pool2d(gg.tensor(x), k, return_indices=True)
    # the general loop (stride 1 windows, then every k-th) chooses the same values and positions
    y_ref, idx_ref = F.max_pool2d(gg.tensor(x), k, 1, return_indices=True)
    np.testing.assert_array_equal(y.numpy(), y_ref.numpy()[:, :, ::k, ::k])
    np.testing.assert_array_equal(idx.numpy(), idx_ref.numpy()[:, :, ::k, ::k])
    assert y.dtype == (gg.float32 if dt == np.float32 else gg.float64)
    flat = x.reshape(2, 3, -1)
    np.testing.assert_array_equal(np.take_along_axis(flat, idx.numpy().reshape(2, 3, -1), 2).reshape(y.shape), y.numpy())
    oh, ow = y.shape[2:]
    win = x[:, :, :oh * k, :ow * k].reshape(2, 3, oh, k, ow, k).transpose(0, 1, 2, 4, 3, 5).reshape(2, 3, oh, ow, k * k)
    first = np.argmax(win, axis=-1)  # NumPy: the first maximum, or the first NaN
    last_nan = k * k - 1 - np.argmax(np.isnan(win)[..., ::-1], axis=-1)
    pos = np.where(np.isnan(win).any(-1), last_nan, first)
    rows = np.arange(oh)[:, None] * k + pos // k
    cols = np.arange(ow)[None, :] * k + pos % k
    np.testing.assert_array_equal(idx.numpy(), rows * x.shape[3] + cols)
    torch = pytest.importorskip("torch")
    ty, ti = torch.nn.functional.max_pool2d(torch.tensor(x), k, return_indices=True)
    np.testing.assert_array_equal(y.numpy(), ty.numpy())
    np.testing.assert_array_equal(idx.numpy(), ti.numpy())


def test_pool1d_and_unbatched_inputs():
    x = np.random.default_rng(3).standard_normal((2, 3, 11))
    x4 = x[:, :, None, :]
    np.testing.assert_array_equal(F.max_pool1d(gg.tensor(x), 3, 2, 1).numpy(),
                                  F.max_pool2d(gg.tensor(x4), (1, 3), (1, 2), (0, 1)).numpy()[:, :, 0])
    np.testing.assert_allclose(F.avg_pool1d(gg.tensor(x), 3, 2, 1).numpy(),
                               F.avg_pool2d(gg.tensor(x4), (1, 3), (1, 2), (0, 1)).numpy()[:, :, 0], rtol=1e-12)
    np.testing.assert_allclose(F.adaptive_avg_pool1d(gg.tensor(x), 4).numpy(),
                               np_adaptive(x4, (1, 4), np.mean)[:, :, 0], rtol=1e-12)
    y = F.max_pool2d(gg.tensor(x), 2)  # unbatched (C, H, W)
    assert y.shape == (2, 1, 5)


def test_empty_batch():
    x = gg.zeros(0, 3, 6, 6, requires_grad=True)
    for y in (F.max_pool2d(x, 2), F.avg_pool2d(x, 2), F.adaptive_avg_pool2d(x, 2), F.adaptive_max_pool2d(x, 2)):
        assert y.shape in ((0, 3, 3, 3), (0, 3, 2, 2))
        y.sum().backward()
    assert x.grad.shape == (0, 3, 6, 6)


# ---- gradients -------------------------------------------------------------------------------------

POOL_FNS = {
    "max_pool2d": lambda x: F.max_pool2d(x, 3, 2, 1, 1, True),
    "max_pool2d_dilated": lambda x: F.max_pool2d(x, 2, 1, 0, 2),
    "max_pool1d": lambda x: F.max_pool1d(x.reshape(2, 3, -1), 3, 2),
    "avg_pool2d": lambda x: F.avg_pool2d(x, 3, 2, 1, True, False),
    "avg_pool2d_divisor": lambda x: F.avg_pool2d(x, 2, divisor_override=3),
    "avg_pool1d": lambda x: F.avg_pool1d(x.reshape(2, 3, -1), 4, 3, 2),
    "adaptive_avg_pool2d": lambda x: F.adaptive_avg_pool2d(x, (3, 2)),
    "adaptive_max_pool2d": lambda x: F.adaptive_max_pool2d(x, (2, 3)),
    "lp_pool2d": lambda x: F.lp_pool2d(x * x + 0.5, 2, 2),
    "interpolate_nearest": lambda x: F.interpolate(x, size=(7, 3)),
    "interpolate_bilinear": lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear"),
    "interpolate_bilinear_corners": lambda x: F.interpolate(x, size=(4, 9), mode="bilinear", align_corners=True),
    "pad_reflect": lambda x: F.pad(x, (1, 2, 2, 1), mode="reflect"),
    "pad_constant": lambda x: F.pad(x, (1, -1, 0, 2), value=0.5),
}


@pytest.mark.parametrize("name", POOL_FNS)
def test_gradcheck_and_gradgradcheck(name):
    # distinct values, so no max is tied
    x = gg.tensor(np.random.default_rng(4).permutation(2 * 3 * 5 * 4).reshape(2, 3, 5, 4) / 10.0, requires_grad=True)
    assert gg.autograd.gradcheck(POOL_FNS[name], [x])
    assert gg.autograd.gradgradcheck(POOL_FNS[name], [x])


def test_pool_jvp():
    x = gg.tensor(np.random.default_rng(5).permutation(120).reshape(2, 3, 5, 4) / 10.0)
    u = gg.tensor(np.random.default_rng(6).standard_normal((2, 3, 5, 4)))
    for fn in (POOL_FNS["max_pool2d"], POOL_FNS["avg_pool2d"], POOL_FNS["adaptive_avg_pool2d"]):
        _, t = fwd.jvp(fn, (x,), (u,))
        eps = 1e-6
        num = (fn(gg.tensor(x.numpy() + eps * u.numpy())).numpy() - fn(gg.tensor(x.numpy() - eps * u.numpy())).numpy())
        np.testing.assert_allclose(t.numpy(), num / (2 * eps), atol=1e-6)


def test_max_unpool2d_inverts_max_pool2d_and_is_differentiable():
    x = gg.tensor(np.random.default_rng(7).permutation(96).reshape(2, 3, 4, 4) / 10.0, requires_grad=True)
    y, idx = F.max_pool2d(x, 2, return_indices=True)
    u = F.max_unpool2d(y, idx, 2)
    assert u.shape == (2, 3, 4, 4)
    np.testing.assert_array_equal(F.max_pool2d(u, 2).numpy(), y.numpy())
    assert int((u.numpy() != 0).sum()) == y.numel()
    assert gg.autograd.gradgradcheck(lambda t: F.max_unpool2d(t, idx, 2, output_size=(5, 4)), [y.detach().requires_grad_(True)])
    with pytest.raises(IndexError, match="max_unpool: index 16 is out of range"):
        F.max_unpool2d(y, gg.full(y.shape, 16, dtype=gg.int64), 2)


def test_identical_for_one_and_two_threads():
    x = gg.tensor(np.random.default_rng(8).standard_normal((8, 32, 28, 28)).astype(np.float32), requires_grad=True)
    before = gg.get_num_threads()
    try:
        results = []
        for n in (1, 2):
            gg.set_num_threads(n)
            x.grad = None
            y = F.max_pool2d(x, 3, 2, 1) + F.avg_pool2d(x, 3, 2, 1)
            (y * y).sum().backward()
            results.append((y.numpy().copy(), x.grad.numpy().copy()))
        for a, b in zip(*results):
            np.testing.assert_array_equal(a, b)
    finally:
        gg.set_num_threads(before)


# ---- against PyTorch -------------------------------------------------------------------------------

def _compare(torch, gg_fn, t_fn, x, rtol=1e-10):
    tx = torch.tensor(x, requires_grad=True)
    ty = t_fn(tx)
    g = np.random.default_rng(9).standard_normal(tuple(ty.shape))
    ty.backward(torch.tensor(g))
    gx = gg.tensor(x, requires_grad=True)
    gy = gg_fn(gx)
    gy.backward(gg.tensor(g))
    np.testing.assert_allclose(gy.numpy(), ty.detach().numpy(), rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(gx.grad.numpy(), tx.grad.numpy(), rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("k,s,p,d,ceil_mode", MAX_CASES, ids=str)
def test_max_and_avg_pool_match_torch(k, s, p, d, ceil_mode):
    torch = pytest.importorskip("torch")
    TF = torch.nn.functional
    x = np.random.default_rng(10).permutation(2 * 3 * 9 * 7).reshape(2, 3, 9, 7) / 7.0
    _compare(torch, lambda t: F.max_pool2d(t, k, s, p, d, ceil_mode), lambda t: TF.max_pool2d(t, k, s, p, d, ceil_mode), x)
    _compare(torch, lambda t: F.max_pool1d(t.reshape(6, 9, 7), k, s, p, d, ceil_mode),
             lambda t: TF.max_pool1d(t.reshape(6, 9, 7), k, s, p, d, ceil_mode), x)
    if p <= k // 2:
        for include in (True, False):
            _compare(torch, lambda t: F.avg_pool2d(t, k, s, p, ceil_mode, include),
                     lambda t: TF.avg_pool2d(t, k, s, p, ceil_mode, include), x)
            _compare(torch, lambda t: F.avg_pool1d(t.reshape(6, 9, 7), k, s, p, ceil_mode, include),
                     lambda t: TF.avg_pool1d(t.reshape(6, 9, 7), k, s, p, ceil_mode, include), x)
    ti = TF.max_pool2d(torch.tensor(x), k, s, p, d, ceil_mode, return_indices=True)[1]
    np.testing.assert_array_equal(F.max_pool2d(gg.tensor(x), k, s, p, d, ceil_mode, return_indices=True)[1].numpy(),
                                  ti.numpy())


def test_adaptive_lp_interpolate_pad_match_torch():
    torch = pytest.importorskip("torch")
    TF = torch.nn.functional
    x = np.random.default_rng(11).permutation(2 * 3 * 7 * 6).reshape(2, 3, 7, 6) / 7.0
    for out in ((3, 4), (1, 1), (7, 6), (5, 2)):
        _compare(torch, lambda t: F.adaptive_avg_pool2d(t, out), lambda t: TF.adaptive_avg_pool2d(t, out), x)
        _compare(torch, lambda t: F.adaptive_max_pool2d(t, out), lambda t: TF.adaptive_max_pool2d(t, out), x)
    _compare(torch, lambda t: F.adaptive_avg_pool1d(t.reshape(6, 7, 6), 4), lambda t: TF.adaptive_avg_pool1d(t.reshape(6, 7, 6), 4), x)
    _compare(torch, lambda t: F.lp_pool2d(t, 3, 2), lambda t: TF.lp_pool2d(t, 3, 2), x)
    _compare(torch, lambda t: F.lp_pool1d(t.reshape(6, 7, 6), 2, 3, 2), lambda t: TF.lp_pool1d(t.reshape(6, 7, 6), 2, 3, 2), x)
    for kw in ({"size": (9, 4)}, {"scale_factor": 2}, {"scale_factor": 1.7}, {"size": (3, 11), "mode": "bilinear"},
               {"scale_factor": 2, "mode": "bilinear"}, {"size": (10, 5), "mode": "bilinear", "align_corners": True},
               {"scale_factor": 0.5, "mode": "bilinear", "align_corners": False}):
        _compare(torch, lambda t: F.interpolate(t, **kw), lambda t: TF.interpolate(t, **kw), x)
    _compare(torch, lambda t: F.interpolate(t.reshape(6, 7, 6), size=9, mode="linear"),
             lambda t: TF.interpolate(t.reshape(6, 7, 6), size=9, mode="linear"), x)
    for mode in ("constant", "reflect", "replicate", "circular"):
        _compare(torch, lambda t: F.pad(t, (2, 1, 0, 3), mode=mode), lambda t: TF.pad(t, (2, 1, 0, 3), mode=mode), x)
    _compare(torch, lambda t: F.pad(t, (1, -2, -1, 2), value=3.0), lambda t: TF.pad(t, (1, -2, -1, 2), value=3.0), x)
    y, idx = TF.max_pool2d(torch.tensor(x), 2, return_indices=True)
    gy, gidx = F.max_pool2d(gg.tensor(x), 2, return_indices=True)
    np.testing.assert_array_equal(F.max_unpool2d(gy, gidx, 2, output_size=(7, 6)).numpy(),
                                  TF.max_unpool2d(y, idx, 2, output_size=(7, 6)).numpy())


# ---- errors and modules ---------------------------------------------------------------------------

def test_pool_errors():
    x = gg.zeros(1, 2, 4, 4)
    with pytest.raises(ValueError, match="at most half"):
        F.max_pool2d(x, 2, padding=2)
    with pytest.raises(ValueError, match="too small"):
        F.max_pool2d(x, 5)
    with pytest.raises(ValueError, match="max_pool2d: expected a 3D"):
        F.max_pool2d(gg.zeros(4, 4), 2)
    with pytest.raises(TypeError, match="float"):
        F.avg_pool2d(gg.zeros(1, 2, 4, 4, dtype=gg.int64), 2)
    with pytest.raises(ValueError, match="output_size must be positive"):
        F.adaptive_avg_pool2d(x, 0)
    with pytest.raises(ValueError, match="reflect padding"):
        F.pad(x, (4, 0), mode="reflect")


def test_modules():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(12).standard_normal((2, 3, 8, 8))
    pairs = [
        (nn.MaxPool2d(2), torch.nn.MaxPool2d(2)), (nn.MaxPool2d(3, 2, 1, ceil_mode=True), torch.nn.MaxPool2d(3, 2, 1, ceil_mode=True)),
        (nn.AvgPool2d(3, 2, 1, count_include_pad=False), torch.nn.AvgPool2d(3, 2, 1, count_include_pad=False)),
        (nn.AdaptiveAvgPool2d((1, 1)), torch.nn.AdaptiveAvgPool2d((1, 1))), (nn.AdaptiveMaxPool2d(3), torch.nn.AdaptiveMaxPool2d(3)),
        (nn.LPPool2d(2, 2), torch.nn.LPPool2d(2, 2)), (nn.Upsample(scale_factor=2), torch.nn.Upsample(scale_factor=2)),
        (nn.UpsamplingBilinear2d(size=(5, 5)), torch.nn.UpsamplingBilinear2d(size=(5, 5))),
        (nn.ZeroPad2d((1, 2, 0, 1)), torch.nn.ZeroPad2d((1, 2, 0, 1))), (nn.ConstantPad2d(1, 2.0), torch.nn.ConstantPad2d(1, 2.0)),
        (nn.ReflectionPad2d(2), torch.nn.ReflectionPad2d(2)), (nn.ReplicationPad2d(1), torch.nn.ReplicationPad2d(1)),
        (nn.CircularPad2d(1), torch.nn.CircularPad2d(1)),
        (nn.Unflatten(1, (3, 1)), torch.nn.Unflatten(1, (3, 1))),
    ]
    for m, tm in pairs:
        np.testing.assert_allclose(m(gg.tensor(x)).numpy(), tm(torch.tensor(x)).numpy(), rtol=1e-10, err_msg=repr(m))
    assert repr(nn.MaxPool2d(2)) == ("MaxPool2d(kernel_size=2, stride=None, padding=0, dilation=1, return_indices=False, "
                                     "ceil_mode=False)")
    pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    y, idx = pool(gg.tensor(x))
    assert unpool(y, idx).shape == (2, 3, 8, 8)


def test_channel_dropout():
    gg.manual_seed(0)
    x = gg.ones(16, 32, 3, 3)
    y = F.dropout2d(x, 0.5).numpy()
    per_channel = y.reshape(16, 32, 9)
    assert np.all(per_channel.min(2) == per_channel.max(2))  # whole channels kept or dropped
    assert set(np.unique(y)) <= {0.0, 2.0} and 0.3 < (y == 0).mean() < 0.7
    m = nn.Dropout1d(0.3)
    m.eval()
    assert m(gg.ones(2, 3, 4)).numpy().min() == 1.0
    with pytest.raises(ValueError):
        nn.Dropout2d(1.5)


def test_dropout2d_on_other_ranks_reads_n_c_as_pytorch():
    """mnist_rnn's Dropout2d after an LSTM gets (N, C): PyTorch warns and drops whole (N, C) entries,
    i.e. elements there, and reads a 3-D input as (N, C, L), not as an unbatched (C, H, W)."""
    gg.manual_seed(0)
    with pytest.warns(UserWarning, match="dropout2d: received a 3-D input"):
        y = F.dropout2d(gg.ones(8, 16, 5), 0.5).numpy()
    assert np.all(y.min(2) == y.max(2)) and 0.2 < (y[:, :, 0] == 0).mean() < 0.8
    assert not np.all(y.min((1, 2)) == y.max((1, 2)))  # not one mask per (C, H, W) sample
    with pytest.warns(UserWarning, match="2-D input"):
        z = F.dropout2d(gg.ones(64, 64), 0.5).numpy()
    assert set(np.unique(z)) == {0.0, 2.0}
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        F.dropout2d(gg.ones(4), 0.5)
