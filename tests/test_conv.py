"""Convolutions: forward against a NumPy reference over a grid of shapes and options, gradients
and transposed convolutions against PyTorch (skipped without it), gradcheck / gradgradcheck /
jvp in float64, thread-count independence, errors, and the Conv modules (init, state_dict)."""
import itertools
import math

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad import nn
from graphgrad.autograd import forward as fwd


def np_conv(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Direct convolution: a sum over kernel taps of strided slices of the zero-padded input."""
    S = x.ndim - 2
    st, dl = (stride,) * S if isinstance(stride, int) else stride, (dilation,) * S if isinstance(dilation, int) else dilation
    k = w.shape[2:]
    if padding == "same":
        pads = [(d * (kk - 1) // 2, d * (kk - 1) - d * (kk - 1) // 2) for d, kk in zip(dl, k)]
    elif padding == "valid":
        pads = [(0, 0)] * S
    else:
        pads = [(p, p) for p in ((padding,) * S if isinstance(padding, int) else padding)]
    xp = np.pad(x, [(0, 0), (0, 0)] + pads)
    N, C, K = x.shape[0], x.shape[1], w.shape[0]
    out = [(xp.shape[2 + d] - dl[d] * (k[d] - 1) - 1) // st[d] + 1 for d in range(S)]
    y = np.zeros((N, K, *out), dtype=np.float64)
    Cg, Kg = C // groups, K // groups
    for g in range(groups):
        for r in np.ndindex(*k):
            sl = tuple(slice(r[d] * dl[d], r[d] * dl[d] + st[d] * (out[d] - 1) + 1, st[d]) for d in range(S))
            patch = xp[(slice(None), slice(g * Cg, (g + 1) * Cg)) + sl]
            wr = w[(slice(g * Kg, (g + 1) * Kg), slice(None)) + r]
            y[:, g * Kg:(g + 1) * Kg] += np.einsum("nc...,kc->nk...", patch, wr)
    if b is not None:
        y += b.reshape(1, K, *[1] * S)
    return y


def np_conv_grads(x, w, gy, stride, padding, groups):
    """Input and weight gradients of np_conv (dilation 1, symmetric padding): each kernel tap's strided
    slice of the padded input, transposed."""
    S = x.ndim - 2
    k = w.shape[2:]
    pads = (padding,) * S if isinstance(padding, int) else padding
    xp = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pads])
    gxp, gw = np.zeros_like(xp), np.zeros_like(w)
    Cg, Kg = x.shape[1] // groups, w.shape[0] // groups
    for g in range(groups):
        cs, ks = slice(g * Cg, (g + 1) * Cg), slice(g * Kg, (g + 1) * Kg)
        for r in np.ndindex(*k):
            sl = tuple(slice(r[d], r[d] + stride * (gy.shape[2 + d] - 1) + 1, stride) for d in range(S))
            gxp[(slice(None), cs) + sl] += np.einsum("nk...,kc->nc...", gy[:, ks], w[(ks, slice(None)) + r])
            axes = [0] + list(range(2, 2 + S))
            gw[(ks, slice(None)) + r] = np.tensordot(gy[:, ks], xp[(slice(None), cs) + sl], (axes, axes))
    return gxp[(slice(None), slice(None)) + tuple(slice(pads[d], xp.shape[2 + d] - pads[d]) for d in range(S))], gw


def rand(rng, *shape):
    return rng.standard_normal(shape)


# (N, C, K, spatial, kernel, stride, padding, dilation, groups)
GRID_2D = [
    (1, 1, 1, (5, 5), (3, 3), 1, 0, 1, 1),
    (2, 3, 4, (7, 6), (3, 3), 1, 1, 1, 1),
    (2, 3, 6, (9, 8), (5, 5), 2, 2, 1, 3),
    (1, 16, 16, (6, 7), (3, 3), 1, 1, 1, 16),   # depthwise
    (2, 16, 16, (9, 9), (3, 3), 2, 1, 2, 16),   # depthwise, strided, dilated
    (2, 4, 6, (8, 7), (3, 2), (2, 1), (1, 0), (2, 1), 2),
    (1, 3, 5, (5, 5), (1, 1), 1, 0, 1, 1),      # 1x1 direct path
    (2, 4, 4, (6, 6), (1, 1), 2, 0, 1, 2),      # 1x1 strided
    (1, 3, 2, (7, 6), (4, 3), 1, "same", 1, 1),  # even kernel: asymmetric padding
    (1, 2, 2, (8, 8), (3, 3), 1, "same", 2, 1),
    (1, 3, 2, (7, 6), (3, 3), 1, "valid", 1, 1),
    (0, 3, 4, (5, 5), (3, 3), 1, 1, 1, 1),      # empty batch
    (1, 1, 3, (3, 3), (3, 3), 1, 0, 1, 1),      # output 1x1
    (1, 2, 2, (4, 4), (3, 3), 3, 2, 1, 1),
]


@pytest.mark.parametrize("case", GRID_2D, ids=str)
def test_conv2d_forward_matches_numpy(case):
    N, C, K, sp, k, stride, padding, dilation, groups = case
    rng = np.random.default_rng(0)
    x, w, b = rand(rng, N, C, *sp), rand(rng, K, C // groups, *k), rand(rng, K)
    expected = np_conv(x, w, b, stride, padding, dilation, groups)
    for dt, tol in ((np.float64, 1e-12), (np.float32, 1e-4)):
        y = F.conv2d(gg.tensor(x.astype(dt)), gg.tensor(w.astype(dt)), gg.tensor(b.astype(dt)), stride, padding,
                     dilation, groups)
        assert y.shape == expected.shape and y.dtype == (gg.float64 if dt == np.float64 else gg.float32)
        np.testing.assert_allclose(y.numpy(), expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("S", [1, 3])
def test_conv1d_conv3d_forward_match_numpy(S):
    rng = np.random.default_rng(1)
    sp, k = ((9,), (3,)) if S == 1 else ((5, 4, 6), (3, 2, 3))
    x, w, b = rand(rng, 2, 4, *sp), rand(rng, 6, 2, *k), rand(rng, 6)
    fn = F.conv1d if S == 1 else F.conv3d
    for stride, padding, dilation in ((1, 0, 1), (2, 1, 1), (1, "same", 2)):
        y = fn(gg.tensor(x), gg.tensor(w), gg.tensor(b), stride, padding, dilation, 2)
        np.testing.assert_allclose(y.numpy(), np_conv(x, w, b, stride, padding, dilation, 2), rtol=1e-12, atol=1e-12)


def test_unbatched_input_and_no_bias():
    rng = np.random.default_rng(2)
    x, w = rand(rng, 3, 6, 6), rand(rng, 2, 3, 3, 3)
    y = F.conv2d(gg.tensor(x), gg.tensor(w), padding=1)
    assert y.shape == (2, 6, 6)
    np.testing.assert_allclose(y.numpy(), np_conv(x[None], w, None, 1, 1)[0], rtol=1e-12, atol=1e-12)


GRAD_CASES = [
    (2, 2, 4, (5, 4), (3, 3), 1, 1, 1, 1),
    (1, 4, 2, (6, 5), (3, 2), 2, (1, 0), (1, 2), 2),
    (2, 3, 3, (5, 5), (3, 3), 1, 1, 2, 3),       # depthwise
    (1, 2, 3, (3, 3), (1, 1), 1, 0, 1, 1),       # 1x1
    (1, 2, 2, (4, 5), (2, 2), 1, "same", 1, 1),
]


@pytest.mark.parametrize("case", GRAD_CASES, ids=str)
def test_conv2d_gradcheck_and_gradgradcheck(case):
    N, C, K, sp, k, stride, padding, dilation, groups = case
    rng = np.random.default_rng(3)
    xs = [gg.tensor(a, requires_grad=True) for a in (rand(rng, N, C, *sp), rand(rng, K, C // groups, *k), rand(rng, K))]

    def fn(x, w, b):
        return F.conv2d(x, w, b, stride, padding, dilation, groups)
    assert gg.autograd.gradcheck(fn, xs)
    assert gg.autograd.gradgradcheck(fn, xs)


@pytest.mark.parametrize("S", [1, 2])
def test_conv_transpose_gradcheck_and_gradgradcheck(S):
    rng = np.random.default_rng(4)
    sp, k = ((5,), (3,)) if S == 1 else ((4, 3), (3, 2))
    xs = [gg.tensor(a, requires_grad=True) for a in (rand(rng, 2, 4, *sp), rand(rng, 4, 3, *k), rand(rng, 6))]
    fn = F.conv_transpose1d if S == 1 else F.conv_transpose2d

    def f(x, w, b):
        return fn(x, w, b, stride=2, padding=1, output_padding=1, groups=2, dilation=1)
    assert gg.autograd.gradcheck(f, xs)
    assert gg.autograd.gradgradcheck(f, xs)


def test_conv_jvp_matches_finite_differences_and_reverse_mode():
    rng = np.random.default_rng(5)
    xs = [gg.tensor(a) for a in (rand(rng, 2, 4, 5, 5), rand(rng, 6, 2, 3, 3), rand(rng, 6))]
    us = [gg.tensor(rand(rng, *x.shape)) for x in xs]

    def fn(x, w, b):
        return F.conv2d(x, w, b, stride=1, padding=1, groups=2)
    out, tangent = fwd.jvp(fn, tuple(xs), tuple(us))
    eps = 1e-6
    plus = fn(*[gg.tensor(x.numpy() + eps * u.numpy()) for x, u in zip(xs, us)]).numpy()
    minus = fn(*[gg.tensor(x.numpy() - eps * u.numpy()) for x, u in zip(xs, us)]).numpy()
    np.testing.assert_allclose(tangent.numpy(), (plus - minus) / (2 * eps), atol=1e-6, rtol=1e-6)
    # conv_transpose's tangent as well
    tx = [gg.tensor(rand(rng, 2, 6, 4, 4)), gg.tensor(rand(rng, 6, 2, 3, 3))]
    tu = [gg.tensor(rand(rng, *t.shape)) for t in tx]
    g = lambda x, w: F.conv_transpose2d(x, w, stride=2, groups=3)  # noqa: E731
    _, t2 = fwd.jvp(g, tuple(tx), tuple(tu))
    num = (g(*[gg.tensor(x.numpy() + eps * u.numpy()) for x, u in zip(tx, tu)]).numpy()
           - g(*[gg.tensor(x.numpy() - eps * u.numpy()) for x, u in zip(tx, tu)]).numpy()) / (2 * eps)
    np.testing.assert_allclose(t2.numpy(), num, atol=1e-6, rtol=1e-6)


# Many input channels: the forward and weight gradient split each sample's output positions into
# blocks (kernels/conv/conv.cpp: 512 KB of columns, 224 float32 / 112 float64 positions for 576
# rows), cut in the middle of output rows; strided and padded (along one dim only, too).
BLOCKED = [((2, 64, 22, 21), (8, 64, 3, 3), 1, 1, 1), ((1, 64, 41, 39), (4, 64, 3, 3), 2, 1, 1),
           ((1, 128, 20, 20), (4, 64, 3, 3), 1, 0, 2), ((1, 600, 15, 16), (3, 600, 1, 1), 1, 0, 1),
           ((2, 64, 19, 23), (5, 64, 3, 3), 1, (2, 0), 1), ((2, 3, 7, 9), (4, 3, 3, 2), 1, (1, 0), 1)]


@pytest.mark.parametrize("case", BLOCKED, ids=str)
def test_conv2d_blocked_forward_and_gradients_match_numpy(case):
    xs, ws, stride, padding, groups = case
    rng = np.random.default_rng(13)
    x, w, b = rand(rng, *xs), rand(rng, *ws), rand(rng, ws[0])
    y_ref = np_conv(x, w, b, stride, padding, 1, groups)
    gy = rand(rng, *y_ref.shape)
    gx_ref, gw_ref = np_conv_grads(x, w, gy, stride, padding, groups)
    for dt, tol in ((np.float64, 1e-10), (np.float32, 2e-3)):
        ts = [gg.tensor(a.astype(dt), requires_grad=True) for a in (x, w, b)]
        y = F.conv2d(*ts, stride, padding, 1, groups)
        y.backward(gg.tensor(gy.astype(dt)))
        np.testing.assert_allclose(y.numpy(), y_ref, rtol=tol, atol=tol)
        np.testing.assert_allclose(ts[0].grad.numpy(), gx_ref, rtol=tol, atol=tol)
        np.testing.assert_allclose(ts[1].grad.numpy(), gw_ref, rtol=tol, atol=tol)
        np.testing.assert_allclose(ts[2].grad.numpy(), gy.sum((0, 2, 3)), rtol=tol, atol=tol)


@pytest.fixture(params=("avx512", "avx2", "generic"))
def level(request):
    try:
        gg._core._set_isa(request.param)
    except ValueError:
        pytest.skip(f"this CPU cannot run {request.param}")
    yield request.param
    gg._core._set_isa("auto")


# im2col and col2im per instruction-set level (kernels/conv/cols_rows.h: whole vectors that spill
# past each piece, whole-row runs, and a guard against reading past the input): widths on both
# sides of 4, 8 and 16 lanes, paddings, strides per axis, and blocks cut mid-row (64 channels).
IM2COL = [((2, 3, 5, w), (4, 3, 3, 3), s, p) for w in (3, 4, 5, 9, 16, 17, 18, 33) for s, p in ((1, 0), (1, 1), (2, 2))]
IM2COL += [((1, 2, 9, 20), (3, 2, 3, 3), 1, 0), ((2, 64, 7, 19), (3, 64, 3, 3), 1, 1), ((1, 64, 12, 17), (2, 64, 3, 3), 1, 0),
           ((2, 2, 6, 21), (3, 2, 1, 4), 1, (0, 2))]


@pytest.mark.parametrize("case", IM2COL, ids=str)
def test_im2col_paths_match_numpy_on_every_level(level, case):
    xs, ws, stride, padding = case
    rng = np.random.default_rng(19)
    x, w, b = rand(rng, *xs), rand(rng, *ws), rand(rng, ws[0])
    y_ref = np_conv(x, w, b, stride, padding)
    gy = rand(rng, *y_ref.shape)
    gx_ref, gw_ref = np_conv_grads(x, w, gy, stride, padding, 1)
    for dt, tol in ((np.float64, 1e-10), (np.float32, 2e-3)):
        ts = [gg.tensor(a.astype(dt), requires_grad=True) for a in (x, w, b)]
        y = F.conv2d(*ts, stride, padding)
        y.backward(gg.tensor(gy.astype(dt)))
        for got, ref in ((y, y_ref), (ts[0].grad, gx_ref), (ts[1].grad, gw_ref)):
            np.testing.assert_allclose(got.numpy(), ref, rtol=tol, atol=tol)


@pytest.mark.parametrize("dt", [np.float32, np.float64])
def test_im2col_ignores_rows_and_columns_no_window_reads(level, dt):
    # stride (2, 1): the last input row is never read, yet it sits right after the rows im2col
    # copies in whole vectors; stride (1, 2) leaves the last column unread. NaN and inf there
    # must not reach the output or the weight gradient, and their input gradient is zero.
    rng = np.random.default_rng(23)
    for stride, (H, W) in (((2, 1), (8, 13)), ((1, 2), (6, 18))):
        x, w = rand(rng, 2, 3, H, W), rand(rng, 4, 3, 3, 3)
        clean = x.copy()
        if stride[0] == 2:
            x[:, :, -1, ::2], x[:, :, -1, 1::2] = np.nan, np.inf
        else:
            x[:, :, ::2, -1], x[:, :, 1::2, -1] = np.nan, -np.inf
        xt, wt = gg.tensor(x.astype(dt), requires_grad=True), gg.tensor(w.astype(dt), requires_grad=True)
        y = F.conv2d(xt, wt, None, stride)
        y.backward(gg.ones(y.shape, dtype=y.dtype))
        np.testing.assert_allclose(y.numpy(), np_conv(clean, w, None, stride), rtol=1e-4, atol=1e-4)
        assert np.isfinite(wt.grad.numpy()).all()
        unread = xt.grad.numpy()[:, :, -1] if stride[0] == 2 else xt.grad.numpy()[..., -1]
        assert (unread == 0).all()


# The bias gradient is summed in the weight gradient's pass over gy when the backward records no
# graph, and by a recorded sum otherwise: both against NumPy, on the im2col path (blocked too),
# 1x1, grouped, depthwise and an empty batch, with and without the input's gradient.
@pytest.mark.parametrize("xs, ws, padding, groups", [
    ((3, 4, 9, 8), (6, 4, 3, 3), 1, 1), ((2, 64, 22, 21), (8, 64, 3, 3), 1, 1), ((2, 6, 7, 7), (4, 6, 1, 1), 0, 1),
    ((2, 6, 7, 7), (4, 3, 3, 3), 0, 2), ((2, 5, 8, 9), (5, 1, 3, 3), 1, 5), ((0, 3, 6, 6), (4, 3, 3, 3), 0, 1)], ids=str)
@pytest.mark.parametrize("input_grad", [True, False])
def test_bias_gradient_fused_and_recorded(xs, ws, padding, groups, input_grad):
    rng = np.random.default_rng(17)
    x, w, b = rand(rng, *xs), rand(rng, *ws), rand(rng, ws[0])
    gy = rand(rng, *np_conv(x, w, b, 1, padding, 1, groups).shape)
    for dt, tol in ((np.float64, 1e-10), (np.float32, 1e-4)):
        xt = gg.tensor(x.astype(dt), requires_grad=input_grad)
        wt, bt = (gg.tensor(a.astype(dt), requires_grad=True) for a in (w, b))
        y = F.conv2d(xt, wt, bt, 1, padding, 1, groups)
        gyt = gg.tensor(gy.astype(dt), requires_grad=True)  # so that the recorded gradients depend on it
        recorded = gg.autograd.grad(y, [wt, bt], gyt, retain_graph=True, create_graph=True)
        y.backward(gg.tensor(gy.astype(dt)))
        for got in (bt.grad, recorded[1]):
            np.testing.assert_allclose(got.numpy(), gy.sum((0, 2, 3)), rtol=tol, atol=tol)
        np.testing.assert_allclose(recorded[0].numpy(), wt.grad.numpy(), rtol=tol, atol=tol)
        assert recorded[1].requires_grad and not bt.grad.requires_grad


def test_hvp_through_a_conv_net():
    rng = np.random.default_rng(6)
    x = gg.tensor(rand(rng, 2, 1, 6, 6))
    w1 = gg.tensor(rand(rng, 3, 1, 3, 3) * 0.5, requires_grad=True)

    def loss(w):
        h = F.conv2d(x, w, padding=1).tanh()
        return (F.max_pool2d(h, 2) ** 2).sum()
    assert gg.autograd.gradgradcheck(loss, [w1])


def test_identical_for_one_and_two_threads():
    rng = np.random.default_rng(7)
    cases = [((8, 16, 14, 14), (32, 16, 3, 3), 1, 1), ((4, 16, 12, 12), (16, 1, 3, 3), 1, 16),
             ((8, 32, 10, 10), (16, 32, 1, 1), 0, 1),
             ((1, 64, 22, 21), (16, 64, 3, 3), 1, 1), ((3, 64, 18, 18), (8, 64, 3, 3), 0, 1)]  # blocked
    before = gg.get_num_threads()
    try:
        for xs, ws, pad, groups in cases:
            x = gg.tensor(rand(rng, *xs).astype(np.float32), requires_grad=True)
            w = gg.tensor(rand(rng, *ws).astype(np.float32), requires_grad=True)
            b = gg.tensor(rand(rng, ws[0]).astype(np.float32), requires_grad=True)
            g = gg.tensor(rand(rng, xs[0], ws[0], xs[2] + 2 * pad - ws[2] + 1, xs[3] + 2 * pad - ws[3] + 1)
                          .astype(np.float32))
            results = []
            for n in (1, 2):
                gg.set_num_threads(n)
                x.grad = w.grad = b.grad = None
                y = F.conv2d(x, w, b, 1, pad, 1, groups)
                y.backward(g)
                results.append((y.numpy().copy(), x.grad.numpy().copy(), w.grad.numpy().copy(), b.grad.numpy().copy()))
            for a, b in zip(*results):
                np.testing.assert_array_equal(a, b)
    finally:
        gg.set_num_threads(before)


# ---- against PyTorch -------------------------------------------------------------------------------

def _torch_grads(torch, fn, arrays, g):
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    y = fn(*ts)
    y.backward(torch.tensor(g))
    return y.detach().numpy(), [t.grad.numpy() for t in ts]


def _gg_grads(fn, arrays, g):
    ts = [gg.tensor(a, requires_grad=True) for a in arrays]
    y = fn(*ts)
    y.backward(gg.tensor(g))
    return y.numpy(), [t.grad.numpy() for t in ts]


# batch, channels, kernel, stride, padding, dilation, groups: every 7th of the full product (648 cases),
# which still takes every value of every factor in many combinations (7 is prime to each factor's count).
TORCH_GRID = list(itertools.product([1, 2], [1, 3, 16], [1, 3, 5], [1, 2], [0, 1, "same"], [1, 2], ["1", "2", "C"]))[::7]


@pytest.mark.parametrize("case", TORCH_GRID, ids=str)
def test_conv2d_forward_and_gradients_match_torch(case):
    torch = pytest.importorskip("torch")
    N, C, k, stride, padding, dilation, groups = case
    if padding == "same" and stride != 1:
        return
    groups = {"1": 1, "2": 2 if C % 2 == 0 else 1, "C": C}[groups]
    K = C if groups == C else 2 * groups
    rng = np.random.default_rng(8)
    H, W = 9, 10  # odd and even, each at least the largest kernel extent (9)
    arrays = [rand(rng, N, C, H, W), rand(rng, K, C // groups, k, k), rand(rng, K)]
    tx = [torch.tensor(a) for a in arrays]
    out_shape = torch.nn.functional.conv2d(*tx, stride, padding, dilation, groups).shape
    g = rand(rng, *out_shape)
    y_t, g_t = _torch_grads(torch, lambda x, w, b: torch.nn.functional.conv2d(x, w, b, stride, padding, dilation, groups),
                            arrays, g)
    y_g, g_g = _gg_grads(lambda x, w, b: F.conv2d(x, w, b, stride, padding, dilation, groups), arrays, g)
    np.testing.assert_allclose(y_g, y_t, rtol=1e-10, atol=1e-10)
    for a, b in zip(g_g, g_t):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("S,stride,padding,output_padding,dilation,groups", [
    (1, 1, 0, 0, 1, 1), (1, 2, 1, 1, 1, 2), (1, 3, 2, 1, 2, 1),
    (2, 1, 0, 0, 1, 1), (2, 2, 1, 1, 1, 2), (2, (2, 3), (0, 1), (1, 2), (1, 2), 1), (2, 2, 0, 0, 1, 4),
])
def test_conv_transpose_matches_torch(S, stride, padding, output_padding, dilation, groups):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    sp, k = ((7,), (3,)) if S == 1 else ((5, 6), (3, 4))
    arrays = [rand(rng, 2, 4, *sp), rand(rng, 4, 6 // groups if groups != 4 else 1, *k)]
    arrays.append(rand(rng, arrays[1].shape[1] * groups))
    tfn = torch.nn.functional.conv_transpose1d if S == 1 else torch.nn.functional.conv_transpose2d
    gfn = F.conv_transpose1d if S == 1 else F.conv_transpose2d
    args = (stride, padding, output_padding, groups, dilation)
    g = rand(rng, *tfn(*[torch.tensor(a) for a in arrays], *args).shape)
    y_t, g_t = _torch_grads(torch, lambda x, w, b: tfn(x, w, b, *args), arrays, g)
    y_g, g_g = _gg_grads(lambda x, w, b: gfn(x, w, b, *args), arrays, g)
    np.testing.assert_allclose(y_g, y_t, rtol=1e-10, atol=1e-10)
    for a, b in zip(g_g, g_t):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


# ---- errors ------------------------------------------------------------------------------------------

def test_conv_errors_name_the_op_and_shapes():
    x, w = gg.zeros(1, 3, 5, 5), gg.zeros(4, 3, 3, 3)
    with pytest.raises(ValueError, match=r"conv: input \(1, 3, 5, 5\) with 3 channels and groups=2"):
        F.conv2d(x, w, groups=2)
    with pytest.raises(ValueError, match="smaller than the kernel"):
        F.conv2d(gg.zeros(1, 3, 2, 2), w)
    with pytest.raises(ValueError, match="bias"):
        F.conv2d(x, w, gg.zeros(3))
    with pytest.raises(ValueError, match="stride must be positive"):
        F.conv2d(x, w, stride=0)
    with pytest.raises(ValueError, match="'same' is not supported for strided"):
        F.conv2d(x, w, stride=2, padding="same")
    with pytest.raises(ValueError, match="conv2d: expected a 3D"):
        F.conv2d(gg.zeros(5, 5), w)
    with pytest.raises(TypeError, match="same dtype"):
        F.conv2d(x, gg.zeros(4, 3, 3, 3, dtype=gg.float64))
    with pytest.raises(TypeError, match="float"):
        F.conv2d(gg.zeros(1, 3, 5, 5, dtype=gg.int64), w)
    with pytest.raises(ValueError, match="output_padding"):
        F.conv_transpose2d(gg.zeros(1, 3, 4, 4), gg.zeros(3, 2, 3, 3), stride=1, output_padding=1)


# ---- modules -----------------------------------------------------------------------------------------

def test_conv_modules_init_shapes_and_repr():
    gg.manual_seed(0)
    m = nn.Conv2d(4, 8, 3, stride=2, padding=1, groups=2)
    assert m.weight.shape == (8, 2, 3, 3) and m.bias.shape == (8,)
    bound = 1 / math.sqrt(2 * 9)
    assert np.abs(m.weight.numpy()).max() <= bound and np.abs(m.bias.numpy()).max() <= bound
    assert np.abs(m.weight.numpy()).max() > 0.8 * bound
    assert repr(m) == "Conv2d(4, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), groups=2)"
    t = nn.ConvTranspose2d(4, 6, (3, 2), stride=2, groups=2, bias=False)
    assert t.weight.shape == (4, 3, 3, 2) and t.bias is None
    assert nn.Conv1d(2, 3, 5).weight.shape == (3, 2, 5)
    assert nn.Conv3d(2, 3, 2).weight.shape == (3, 2, 2, 2, 2)
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(3, 4, 3, padding_mode="mirror")


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_conv2d_padding_modes_match_torch(mode):
    torch = pytest.importorskip("torch")
    tm = torch.nn.Conv2d(3, 4, 3, padding=(1, 2), padding_mode=mode, dtype=torch.float64)
    m = nn.Conv2d(3, 4, 3, padding=(1, 2), padding_mode=mode, dtype=gg.float64)
    m.load_state_dict({k: gg.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
    x = np.random.default_rng(10).standard_normal((2, 3, 6, 5))
    np.testing.assert_allclose(m(gg.tensor(x)).numpy(), tm(torch.tensor(x)).detach().numpy(), rtol=1e-10, atol=1e-10)
    sm = nn.Conv2d(3, 4, 4, padding="same", padding_mode=mode, dtype=gg.float64)
    tsm = torch.nn.Conv2d(3, 4, 4, padding="same", padding_mode=mode, dtype=torch.float64)
    tsm.load_state_dict({k: torch.tensor(v.numpy()) for k, v in sm.state_dict().items()})
    np.testing.assert_allclose(sm(gg.tensor(x)).numpy(), tsm(torch.tensor(x)).detach().numpy(), rtol=1e-10, atol=1e-10)


def test_conv_transpose_module_output_size_matches_torch():
    torch = pytest.importorskip("torch")
    tm = torch.nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, dtype=torch.float64)
    m = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, dtype=gg.float64)
    m.load_state_dict({k: gg.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
    x = np.random.default_rng(11).standard_normal((1, 3, 4, 4))
    for size in (None, (8, 8), (7, 8)):
        np.testing.assert_allclose(m(gg.tensor(x), output_size=size).numpy(),
                                   tm(torch.tensor(x), output_size=size).detach().numpy(), rtol=1e-10, atol=1e-10)


def test_non_contiguous_inputs_and_transpose_errors():
    rng = np.random.default_rng(12)
    x, w = rand(rng, 2, 3, 6, 5), rand(rng, 4, 3, 3, 3)
    xt = gg.tensor(x.transpose(0, 1, 3, 2).copy()).transpose(2, 3)  # a strided view of x
    assert not xt.is_contiguous()
    y = F.conv2d(xt, gg.tensor(w).transpose(2, 3).transpose(2, 3), padding=1)
    np.testing.assert_allclose(y.numpy(), np_conv(x, w, None, 1, 1), rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="conv_transpose: input .* gives output size -1"):
        F.conv_transpose2d(gg.zeros(1, 3, 1, 1), gg.zeros(3, 2, 1, 1), padding=1)
