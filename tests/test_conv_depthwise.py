"""The direct depthwise kernels (cpp/kernels/conv/depthwise*, groups = in = out channels) on every
instruction-set level this CPU runs, against the im2col + GEMM path (the same convolution one
channel at a time, groups = 1) and PyTorch when installed: forward, input and weight gradients over
kernel sizes, strides, paddings, dilations and widths on both sides of the vector lengths; NaN/inf
where no window reads; 1 and 2 threads bitwise equal; gradcheck in float64."""
import itertools

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad import _core


@pytest.fixture(params=("avx512", "avx2", "generic"))
def level(request):
    try:
        _core._set_isa(request.param)
    except ValueError:
        pytest.skip(f"this CPU cannot run {request.param}")
    yield request.param
    _core._set_isa("auto")


def conv_and_grads(x, w, b, gy, per_channel, **kw):
    """y, gx, gw, gb of conv2d(x, w, b, groups=C, **kw), or of the same one channel at a time."""
    ts = [gg.tensor(a, requires_grad=True) for a in (x, w, b)]
    C = x.shape[1]
    if per_channel:
        y = gg.cat([F.conv2d(ts[0][:, c:c + 1], ts[1][c:c + 1], ts[2][c:c + 1], **kw) for c in range(C)], 1)
    else:
        y = F.conv2d(*ts, groups=C, **kw)
    y.backward(gg.tensor(gy))
    return [y.numpy()] + [t.grad.numpy() for t in ts]


# (N, C, H, W, kernel, stride, padding, dilation): 3x3 stride 1 (the register-blocked path) at widths
# around 4, 8 and 16 lanes, then other kernels, strides (also per axis), dilations and paddings
# wider than the kernel reach.
CASES = [(2, 3, 6, w, 3, 1, 1, 1) for w in (1, 3, 7, 8, 9, 15, 16, 17, 33)] + [
    (1, 2, 5, 5, 3, 1, 0, 1), (2, 2, 9, 11, 3, 1, 2, 1), (1, 3, 8, 13, 5, 1, 2, 1), (1, 2, 7, 10, 1, 1, 0, 1),
    (2, 2, 9, 20, (3, 2), 1, (1, 0), 1), (1, 2, 11, 19, 3, 1, 1, 2), (2, 3, 10, 21, 3, 2, 1, 1),
    (1, 2, 12, 37, 3, 2, 0, 1), (1, 2, 13, 29, 5, 3, 2, 2), (1, 2, 9, 18, 3, (2, 1), 1, 1),
    (1, 2, 9, 18, 3, (1, 2), 1, (2, 1)), (1, 2, 4, 6, 3, 1, 3, 1), (1, 2, 4, 7, 2, 2, 3, 1), (0, 2, 5, 5, 3, 1, 1, 1),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_matches_the_gemm_path(level, case, dtype):
    N, C, H, W, k, stride, padding, dilation = case
    kh, kw = (k, k) if isinstance(k, int) else k
    rng = np.random.default_rng(sum(map(hash, map(str, case))) % 2**32)
    x, w, b = (rng.standard_normal(s).astype(dtype) for s in ((N, C, H, W), (C, 1, kh, kw), (C,)))
    kw_ = dict(stride=stride, padding=padding, dilation=dilation)
    shape = F.conv2d(gg.tensor(x), gg.tensor(w), groups=C, **kw_).shape
    gy = rng.standard_normal(shape).astype(dtype)
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-11, atol=1e-11)
    for got, want in zip(conv_and_grads(x, w, b, gy, False, **kw_), conv_and_grads(x, w, b, gy, True, **kw_)):
        np.testing.assert_allclose(got, want, **tol)


@pytest.mark.parametrize("case", CASES[::3], ids=str)
def test_matches_torch(case):
    torch = pytest.importorskip("torch")
    N, C, H, W, k, stride, padding, dilation = case
    kh, kw = (k, k) if isinstance(k, int) else k
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((N, C, H, W)), rng.standard_normal((C, 1, kh, kw)), rng.standard_normal(C)
    kw_ = dict(stride=stride, padding=padding, dilation=dilation, groups=C)
    ts = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    y = torch.nn.functional.conv2d(*ts, **kw_)
    gy = rng.standard_normal(tuple(y.shape))
    y.backward(torch.tensor(gy))
    ours = conv_and_grads(x, w, b, gy, False, stride=stride, padding=padding, dilation=dilation)
    for got, want in zip(ours, [y.detach().numpy()] + [t.grad.numpy() for t in ts]):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("stride", [2, 3])
def test_values_no_window_reads_stay_out(level, stride):
    # Row and column 9 of x are never read (3x3 windows at stride 2 or 3 stop at 8): the inf and NaN
    # there must not reach y or the gradients through the vector lanes computed past the output.
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((1, 2, 10, 10)).astype(np.float32), rng.standard_normal((2, 1, 3, 3)).astype(np.float32)
    x[..., :, 9], x[..., 9, :] = np.inf, np.nan
    b = np.zeros(2, np.float32)
    shape = F.conv2d(gg.tensor(x), gg.tensor(w), stride=stride, groups=2).shape
    gy = rng.standard_normal(shape).astype(np.float32)
    y, gx, gw, _ = conv_and_grads(x, w, b, gy, False, stride=stride)
    y9, gx9, gw9, _ = conv_and_grads(np.ascontiguousarray(x[..., :9, :9]), w, b, gy, False, stride=stride)
    np.testing.assert_array_equal(y, y9)
    np.testing.assert_array_equal(gw, gw9)
    np.testing.assert_array_equal(gx[..., :9, :9], gx9)
    assert not gx[..., 9, :].any() and not gx[..., :, 9].any()


def test_identical_for_one_and_two_threads(level):
    rng = np.random.default_rng(3)
    before = gg.get_num_threads()
    try:
        for (N, C, H, W), k, stride, pad in [((4, 16, 15, 21), 3, 1, 1), ((3, 8, 17, 17), 5, 2, 2), ((2, 6, 9, 40), 3, 1, 0)]:
            x, w = rng.standard_normal((N, C, H, W)).astype(np.float32), rng.standard_normal((C, 1, k, k)).astype(np.float32)
            shape = F.conv2d(gg.tensor(x), gg.tensor(w), stride=stride, padding=pad, groups=C).shape
            gy = rng.standard_normal(shape).astype(np.float32)
            runs = []
            for n in (1, 2):
                gg.set_num_threads(n)
                runs.append(conv_and_grads(x, w, np.zeros(C, np.float32), gy, False, stride=stride, padding=pad))
            for a, b in zip(*runs):
                np.testing.assert_array_equal(a, b)
    finally:
        gg.set_num_threads(before)


@pytest.mark.parametrize("stride, dilation", list(itertools.product((1, 2), (1, 2))))
def test_gradcheck(level, stride, dilation):
    rng = np.random.default_rng(5)
    x, w, b = (gg.tensor(rng.standard_normal(s), requires_grad=True) for s in ((2, 3, 7, 9), (3, 1, 3, 3), (3,)))
    f = lambda x, w, b: F.conv2d(x, w, b, stride=stride, padding=1, dilation=dilation, groups=3)  # noqa: E731
    assert gg.autograd.gradcheck(f, [x, w, b])
    assert gg.autograd.gradgradcheck(f, [x, w, b])


def test_config_reports_the_conv_level(level):
    assert gg.config()["kernels"]["conv"] == level
