"""graphgrad.nn's fused ops (softmax family, cross-entropy, batch norm, dropout) against NumPy
references and finite differences; the losses, initialisation and Module API are test_nn_modules.py."""
import math
import os
import subprocess
import sys

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import nn
from graphgrad.nn import functional as F
from graphgrad.autograd import gradcheck, gradgradcheck
from helpers import np_log_softmax, t64





@pytest.mark.parametrize("shape,dim", [((4, 5), 1), ((4, 5), 0), ((2, 3, 4), 1), ((2, 3, 4), -1), ((7,), 0),
                                       ((3, 1), 1)])
def test_softmax_forward_and_grads(shape, dim):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(shape)
    for dt in (np.float32, np.float64):
        x = gg.tensor(a.astype(dt))
        np.testing.assert_allclose(F.softmax(x, dim).numpy(), np.exp(np_log_softmax(a, dim)), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(F.log_softmax(x, dim).numpy(), np_log_softmax(a, dim), rtol=1e-5, atol=1e-5)
    x = t64(a)
    for fn in (F.softmax, F.log_softmax):
        assert gradcheck(lambda v: fn(v, dim), [x])
        assert gradgradcheck(lambda v: fn(v, dim), [x])


def test_softmax_extreme_logits_and_strided_input():
    a = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]])
    np.testing.assert_allclose(F.log_softmax(gg.tensor(a, dtype=gg.float64), 1).numpy(), np_log_softmax(a, 1))
    b = np.random.default_rng(1).standard_normal((5, 3))
    xt = gg.tensor(b).transpose(0, 1)  # a non-contiguous view
    np.testing.assert_allclose(F.softmax(xt, 1).numpy(), np.exp(np_log_softmax(b.T, 1)), rtol=1e-6)


def test_softmax_bad_dim():
    with pytest.raises(IndexError, match="softmax"):
        F.softmax(gg.zeros(2, 3), 2)
    with pytest.raises(TypeError, match="softmax"):
        F.softmax(gg.tensor([1, 2]), 0)


# ---------------------------------------------------------------- cross entropy / nll

def np_cross_entropy(x, y, axis=1):
    lp = np_log_softmax(x, axis)
    return -np.take_along_axis(lp, np.expand_dims(y, axis), axis).squeeze(axis)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_cross_entropy_matches_numpy_logsumexp(reduction):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((6, 5)) * 3
    x[0] = [1e4, -1e4, 0, 5, 1e4]
    x[1] = [-1e4, -1e4, -1e4, -1e4, -1e4 + 1]
    y = np.array([1, 4, 0, 2, 3, 4])
    ref = np_cross_entropy(x, y)
    ref = {"none": ref, "mean": ref.mean(), "sum": ref.sum()}[reduction]
    for dt, tol in ((np.float64, 1e-10), (np.float32, 1e-4)):
        out = F.cross_entropy(gg.tensor(x.astype(dt)), gg.tensor(y), reduction=reduction).numpy()
        assert np.all(np.isfinite(out))
        np.testing.assert_allclose(out, ref, rtol=tol, atol=tol)


def test_cross_entropy_grads_and_layouts():
    rng = np.random.default_rng(3)
    x, y = t64(rng.standard_normal((4, 3))), gg.tensor([0, 2, 1, 2])
    for red in ("none", "mean", "sum"):
        assert gradcheck(lambda v: F.cross_entropy(v, y, reduction=red), [x])
    assert gradgradcheck(lambda v: F.cross_entropy(v, y, reduction="sum"), [x])
    # gradient is (softmax - onehot) / N for the mean
    F.cross_entropy(x, y).backward()
    sm = np.exp(np_log_softmax(x.detach().numpy(), 1))
    sm[np.arange(4), y.numpy()] -= 1
    np.testing.assert_allclose(x.grad.numpy(), sm / 4, rtol=1e-12)
    # (N, C, L) logits with (N, L) labels, and unbatched (C,) with a 0-d label
    x3, y3 = rng.standard_normal((2, 4, 3)), np.array([[0, 3, 1], [2, 2, 0]])
    np.testing.assert_allclose(F.cross_entropy(gg.tensor(x3, dtype=gg.float64), gg.tensor(y3), reduction="none")
                               .numpy(), np_cross_entropy(x3, y3), rtol=1e-12)
    assert gradcheck(lambda v: F.cross_entropy(v, gg.tensor(y3)), [t64(x3)])
    x1 = rng.standard_normal(5)
    out = F.cross_entropy(gg.tensor(x1, dtype=gg.float64), gg.tensor(3))
    np.testing.assert_allclose(out.item(), -np_log_softmax(x1, 0)[3])


def test_cross_entropy_and_nll_ignore_index():
    rng = np.random.default_rng(17)
    a, y = rng.standard_normal((6, 4)), np.array([1, -100, 3, 0, -100, 2])
    keep = y != -100
    ref = np_cross_entropy(a[keep], y[keep])
    x = t64(a)
    loss = F.cross_entropy(x, gg.tensor(y))
    np.testing.assert_allclose(loss.item(), ref.mean(), rtol=1e-12)  # mean over the kept labels
    loss.backward()
    g = np.exp(np_log_softmax(a, 1))
    g[np.arange(6)[keep], y[keep]] -= 1
    g[~keep] = 0
    np.testing.assert_allclose(x.grad.numpy(), g / keep.sum(), rtol=1e-12, atol=1e-15)
    none = F.cross_entropy(x, gg.tensor(y), reduction="none").detach().numpy()
    assert np.all(none[~keep] == 0) and np.allclose(none[keep], ref)
    y2 = gg.tensor(np.where(keep, y, 7))
    for red in ("mean", "sum", "none"):
        assert gradcheck(lambda v: F.cross_entropy(v, y2, ignore_index=7, reduction=red), [x])
    assert gradgradcheck(lambda v: F.cross_entropy(v, y2, ignore_index=7, reduction="sum"), [x])
    lp = F.log_softmax(x, 1)
    np.testing.assert_allclose(F.nll_loss(lp, gg.tensor(y)).item(), ref.mean(), rtol=1e-12)
    assert math.isnan(F.cross_entropy(x, gg.full((6,), -100, dtype=gg.int64)).item())  # nothing left: 0 / 0
    assert nn.CrossEntropyLoss(ignore_index=7)(x, y2).item() == F.cross_entropy(x, y2, ignore_index=7).item()


def test_cross_entropy_errors():
    x = gg.zeros(4, 3)
    with pytest.raises(ValueError, match=r"labels of shape \(4, 1\) do not match input of shape \(4, 3\)"):
        F.cross_entropy(x, gg.zeros(4, 1, dtype=gg.int64))
    with pytest.raises(ValueError, match="do not match"):
        F.cross_entropy(x, gg.zeros(1, dtype=gg.int64))  # never broadcast
    with pytest.raises(IndexError, match="label 3 at flat position 2 is out of range for 3 classes .*ignore_index -100"):
        F.cross_entropy(x, gg.tensor([0, 1, 3, 0]))
    with pytest.raises(IndexError, match="label -1"):
        F.nll_loss(x, gg.tensor([0, -1, 0, 0]))
    with pytest.raises(TypeError, match="int64"):
        F.cross_entropy(x, gg.tensor([0.0, 1.0, 2.0, 0.0]))
    with pytest.raises(ValueError, match="reduction"):
        F.cross_entropy(x, gg.tensor([0, 1, 2, 0]), reduction="avg")


def np_cross_entropy_full(x, y, w=None, ignore_index=-100, label_smoothing=0.0, reduction="mean"):
    """PyTorch's cross_entropy with class weights, label smoothing and ignore_index, in NumPy."""
    C, axis = x.shape[1 if x.ndim > 1 else 0], 1 if x.ndim > 1 else 0
    wv = np.ones(C) if w is None else w
    bshape = [1] * x.ndim
    bshape[axis] = C
    wlp = np_log_softmax(x, axis) * wv.reshape(bshape)
    keep = y != ignore_index
    ysafe = np.where(keep, y, 0)
    nll = -np.take_along_axis(wlp, np.expand_dims(ysafe, axis), axis).squeeze(axis)
    item = np.where(keep, (1 - label_smoothing) * nll - label_smoothing / C * wlp.sum(axis), 0.0)
    if reduction == "none":
        return item
    if reduction == "sum":
        return item.sum()
    return item.sum() / np.where(keep, wv[ysafe], 0.0).sum()


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("weighted,smoothing", [(True, 0.0), (False, 0.2), (True, 0.3), (True, 1.0)])
def test_cross_entropy_weight_and_label_smoothing(reduction, weighted, smoothing):
    rng = np.random.default_rng(18)
    cases = [(rng.standard_normal((6, 4)) * 3, np.array([1, -100, 3, 0, 2, 2])),  # one label ignored
             (rng.standard_normal((2, 4, 3)), np.array([[0, 3, -100], [2, 2, 1]])),  # (N, C, L)
             (rng.standard_normal(4), np.array(2))]  # unbatched
    for a, y in cases:
        w = rng.uniform(0.2, 2.0, 4) if weighted else None
        ref = np_cross_entropy_full(a, y, w, label_smoothing=smoothing, reduction=reduction)
        kw = dict(reduction=reduction, label_smoothing=smoothing)
        wt = None if w is None else gg.tensor(w)
        out = F.cross_entropy(gg.tensor(a), gg.tensor(y), wt, **kw)
        np.testing.assert_allclose(out.numpy(), ref, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(nn.CrossEntropyLoss(wt, **kw)(gg.tensor(a), gg.tensor(y)).numpy(), ref, rtol=1e-12)
        # float32 takes the same path
        out32 = F.cross_entropy(gg.tensor(a.astype(np.float32)), gg.tensor(y),
                                None if w is None else gg.tensor(w.astype(np.float32)), **kw)
        np.testing.assert_allclose(out32.numpy(), ref, rtol=1e-5, atol=1e-6)
        if w is None:
            assert gradcheck(lambda v: F.cross_entropy(v, gg.tensor(y), **kw), [t64(a)])
        else:  # differentiable in the weight too
            assert gradcheck(lambda v, u: F.cross_entropy(v, gg.tensor(y), u, **kw), [t64(a), t64(w)])
    a, y = cases[0]
    w = gg.tensor(rng.uniform(0.5, 1, 4))
    assert gradgradcheck(lambda v: F.cross_entropy(v, gg.tensor(y), w, label_smoothing=smoothing, reduction="sum"),
                         [t64(a)])


def test_cross_entropy_weight_ignore_index_in_range_and_errors():
    rng = np.random.default_rng(19)
    a, y, w = rng.standard_normal((5, 3)), np.array([0, 2, 1, 2, 0]), np.array([0.5, 2.0, 1.5])
    # ignore_index may be a real class: its items drop out of the loss and of the weight sum
    ref = np_cross_entropy_full(a, y, w, ignore_index=2, label_smoothing=0.1)
    out = F.cross_entropy(gg.tensor(a), gg.tensor(y), gg.tensor(w), ignore_index=2, label_smoothing=0.1)
    np.testing.assert_allclose(out.item(), ref, rtol=1e-12)
    x = gg.tensor(a, requires_grad=True)
    F.cross_entropy(x, gg.tensor(y), gg.tensor(w), ignore_index=2, label_smoothing=0.1, reduction="sum").backward()
    assert np.all(x.grad.numpy()[y == 2] == 0)
    assert math.isnan(F.cross_entropy(gg.tensor(a), gg.full((5,), 2, dtype=gg.int64), gg.tensor(w),
                                      ignore_index=2).item())  # nothing left: 0 / 0
    with pytest.raises(ValueError, match=r"weight of shape \(2,\) does not match 3 classes"):
        F.cross_entropy(gg.tensor(a), gg.tensor(y), gg.ones(2, dtype=gg.float64))
    with pytest.raises(TypeError, match="weight is float32 but the input is float64"):
        F.cross_entropy(gg.tensor(a), gg.tensor(y), gg.ones(3))
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="label_smoothing must be between 0.0 and 1.0"):
            F.cross_entropy(gg.tensor(a), gg.tensor(y), label_smoothing=bad)


def test_nll_loss_equals_cross_entropy_of_log_softmax():
    rng = np.random.default_rng(4)
    x, y = t64(rng.standard_normal((5, 4))), gg.tensor([3, 0, 1, 1, 2])
    for red in ("none", "mean", "sum"):
        a = F.nll_loss(F.log_softmax(x, 1), y, reduction=red).detach().numpy()
        b = F.cross_entropy(x, y, reduction=red).detach().numpy()
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert gradcheck(lambda v: F.nll_loss(v, y), [x])
    assert gradgradcheck(lambda v: F.nll_loss(F.log_softmax(v, 1), y, reduction="sum"), [x])
    lp = gg.tensor([[0.0, -np.inf], [-np.inf, -1.0]], requires_grad=True)  # -inf elsewhere is fine
    out = F.nll_loss(lp, gg.tensor([0, 1]), reduction="sum")
    out.backward()
    assert out.item() == 1.0 and np.array_equal(lp.grad.numpy(), [[-1, 0], [0, -1]])


# ---------------------------------------------------------------- batch norm

def np_bn_train(x, w, b, eps):
    axes = (0, 2) if x.ndim == 3 else (0,)
    shp = (1, -1, 1) if x.ndim == 3 else (1, -1)
    m, v = x.mean(axis=axes), x.var(axis=axes)
    return (x - m.reshape(shp)) / np.sqrt(v.reshape(shp) + eps) * w.reshape(shp) + b.reshape(shp), m, v


@pytest.mark.parametrize("shape", [(8, 5), (4, 3, 6)])
def test_batch_norm_train_eval_and_running_stats(shape):
    rng = np.random.default_rng(5)
    C = shape[1]
    bn = nn.BatchNorm1d(C, momentum=0.2, dtype=gg.float64)
    nn.init.uniform_(bn.weight, 0.5, 1.5)
    nn.init.uniform_(bn.bias, -1, 1)
    w, b = bn.weight.detach().numpy().copy(), bn.bias.detach().numpy().copy()
    rm, rv = np.zeros(C), np.ones(C)
    n = shape[0] * (shape[2] if len(shape) == 3 else 1)
    for step in range(4):
        x = rng.standard_normal(shape) * (step + 1) + 3.0
        y = bn(gg.tensor(x))
        ref, m, v = np_bn_train(x, w, b, bn.eps)
        np.testing.assert_allclose(y.detach().numpy(), ref, rtol=1e-10, atol=1e-10)
        rm = 0.8 * rm + 0.2 * m
        rv = 0.8 * rv + 0.2 * v * n / (n - 1)  # unbiased variance in the running estimate
        np.testing.assert_allclose(bn.running_mean.numpy(), rm, rtol=1e-12)
        np.testing.assert_allclose(bn.running_var.numpy(), rv, rtol=1e-12)
    assert bn.num_batches_tracked.item() == 4
    bn.eval()
    x = rng.standard_normal(shape)
    shp = (1, -1, 1) if len(shape) == 3 else (1, -1)
    ref = (x - rm.reshape(shp)) / np.sqrt(rv.reshape(shp) + bn.eps) * w.reshape(shp) + b.reshape(shp)
    np.testing.assert_allclose(bn(gg.tensor(x)).detach().numpy(), ref, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(bn.running_mean.numpy(), rm)  # eval leaves the running stats alone


def test_batch_norm_cumulative_average_and_float32():
    rng = np.random.default_rng(6)
    bn = nn.BatchNorm1d(3, momentum=None)
    xs = [rng.standard_normal((10, 3)).astype(np.float32) * 2 + 1 for _ in range(3)]
    for x in xs:
        bn(gg.tensor(x))
    np.testing.assert_allclose(bn.running_mean.numpy(), np.mean([x.mean(0) for x in xs], axis=0), rtol=1e-5)
    np.testing.assert_allclose(bn.running_var.numpy(), np.mean([x.var(0, ddof=1) for x in xs], axis=0), rtol=1e-5)
    # float32 stays accurate with a mean far from zero (shifted accumulation)
    x = (rng.standard_normal((64, 4)) + 1e4).astype(np.float32)
    y = F.batch_norm(gg.tensor(x), None, None, training=True).numpy()
    ref = np_bn_train(x.astype(np.float64), np.ones(4), np.zeros(4), 1e-5)[0]
    np.testing.assert_allclose(y, ref, atol=2e-3)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(5, 3), (3, 2, 4)])
def test_batch_norm_gradcheck(training, shape):
    rng = np.random.default_rng(7)
    C = shape[1]
    x, w, b = t64(rng.standard_normal(shape)), t64(rng.standard_normal(C)), t64(rng.standard_normal(C))
    rm, rv = gg.tensor(rng.standard_normal(C)), gg.tensor(rng.uniform(0.5, 2, C))
    fn = lambda x, w, b: F.batch_norm(x, None if training else rm, None if training else rv, w, b, training=training)
    assert gradcheck(fn, [x, w, b])
    assert gradgradcheck(fn, [x, w, b])
    assert gradcheck(lambda x: F.batch_norm(x, None, None, training=True), [x])  # no affine


def test_batch_norm_errors():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(gg.zeros(1, 3))
    with pytest.raises(ValueError, match="channels"):
        bn(gg.zeros(4, 5))
    with pytest.raises(ValueError, match="2D or 3D"):
        bn(gg.zeros(4))
    with pytest.raises(ValueError, match=r"weight of shape \(2,\)"):
        F.batch_norm(gg.zeros(4, 3), None, None, gg.ones(2), None, training=True)
    with pytest.raises(TypeError, match="float64"):
        F.batch_norm(gg.zeros(4, 3), None, None, gg.ones(3, dtype=gg.float64), None, training=True)
    with pytest.raises(ValueError, match="running"):
        F.batch_norm(gg.zeros(4, 3), None, None, training=False)


def test_batch_norm_without_tracking_uses_batch_stats_in_eval():
    bn = nn.BatchNorm1d(2, affine=False, track_running_stats=False).eval()
    x = np.random.default_rng(8).standard_normal((6, 2))
    np.testing.assert_allclose(bn(gg.tensor(x)).numpy(), np_bn_train(x, np.ones(2), np.zeros(2), 1e-5)[0], rtol=1e-6)
    assert list(bn.state_dict()) == [] and list(bn.parameters()) == []


def test_batch_norm_2d_train_eval_and_gradients():
    rng = np.random.default_rng(11)
    shape = (3, 4, 5, 2)
    bn = nn.BatchNorm2d(4, momentum=0.3, dtype=gg.float64)
    nn.init.uniform_(bn.weight, 0.5, 1.5)
    nn.init.uniform_(bn.bias, -1, 1)
    w, b = bn.weight.detach().numpy().copy(), bn.bias.detach().numpy().copy()
    x = rng.standard_normal(shape) * 2 + 1
    y = bn(gg.tensor(x)).detach().numpy()
    m, v = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    shp = (1, -1, 1, 1)
    ref = (x - m.reshape(shp)) / np.sqrt(v.reshape(shp) + 1e-5) * w.reshape(shp) + b.reshape(shp)
    np.testing.assert_allclose(y, ref, rtol=1e-10, atol=1e-10)
    n = 3 * 5 * 2
    np.testing.assert_allclose(bn.running_mean.numpy(), 0.3 * m, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.numpy(), 0.7 + 0.3 * v * n / (n - 1), rtol=1e-12)
    bn.eval()
    ref = (x - bn.running_mean.numpy().reshape(shp)) / np.sqrt(bn.running_var.numpy().reshape(shp) + 1e-5)
    np.testing.assert_allclose(bn(gg.tensor(x)).detach().numpy(), ref * w.reshape(shp) + b.reshape(shp), rtol=1e-10)
    xs, ws, bs = t64(rng.standard_normal((2, 3, 2, 2))), t64(rng.standard_normal(3)), t64(rng.standard_normal(3))
    for training in (True, False):
        rm, rv = gg.tensor(rng.standard_normal(3)), gg.tensor(rng.uniform(0.5, 2, 3))
        fn = lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=training)
        assert gradcheck(fn, [xs, ws, bs])
        assert gradgradcheck(fn, [xs, ws, bs])
    with pytest.raises(ValueError, match=r"BatchNorm2d: expected 4D input \(got 3D input\)"):
        nn.BatchNorm2d(4)(gg.zeros(2, 4, 3))
    with pytest.raises(ValueError, match="BatchNorm2d: input of shape .* has 3 channels, expected 4"):
        nn.BatchNorm2d(4)(gg.zeros(2, 3, 2, 2))
    with pytest.raises(ValueError, match="at least 2 dims"):
        F.batch_norm(gg.zeros(4), None, None, training=True)


def _bn_fwd_bwd(x, w, b, g, training, rm=None, rv=None):
    xx, ww, bb = (gg.tensor(a, requires_grad=True) for a in (x, w, b))
    y = F.batch_norm(xx, rm, rv, ww, bb, training=training)
    y.backward(gg.tensor(g))
    return [t.numpy() for t in (y.detach(), xx.grad, ww.grad, bb.grad)]


def _np_bn_fwd_bwd(x, w, b, g, eps=1e-5):
    """Forward and backward of training-mode batch norm in float64 NumPy (the textbook formulas)."""
    axes = (0, 2) if x.ndim == 3 else (0,)
    shp = (1, -1, 1) if x.ndim == 3 else (1, -1)
    y, m, v = np_bn_train(x, w, b, eps)
    xhat = (x - m.reshape(shp)) / np.sqrt(v.reshape(shp) + eps)
    gh = g * w.reshape(shp)
    dx = (gh - gh.mean(axis=axes, keepdims=True) - xhat * (gh * xhat).mean(axis=axes, keepdims=True)) \
        / np.sqrt(v.reshape(shp) + eps)
    return [y, dx, (g * xhat).sum(axis=axes), g.sum(axis=axes)]


# (N, C) wide enough for two threads, (N, C, L) whose channels straddle the kernel's column
# blocks, N not a multiple of the 4-row sweep nor of the 64-row partial sums.
@pytest.mark.parametrize("shape", [(133, 1100), (67, 300, 37), (5, 3, 1000)])
def test_batch_norm_float32_kernel_against_float64(shape):
    rng = np.random.default_rng(9)
    C = shape[1]
    x = (rng.standard_normal(shape) * 3 + 50).astype(np.float32)  # |mean| >> std: the shifted sums
    g = rng.standard_normal(shape).astype(np.float32)
    w, b = rng.uniform(0.5, 2, C).astype(np.float32), rng.standard_normal(C).astype(np.float32)
    got = _bn_fwd_bwd(x, w, b, g, True)
    ref = _np_bn_fwd_bwd(*(a.astype(np.float64) for a in (x, w, b, g)))
    for name, a, r in zip(["y", "dx", "dw", "db"], got, ref):
        scale = np.abs(r).max()
        np.testing.assert_allclose(a, r, atol=2e-5 * scale, rtol=0, err_msg=name)
    # eval: normalised with the running statistics, gradient w * invstd * g
    rm, rv = gg.tensor(rng.standard_normal(C).astype(np.float32)), gg.tensor(rng.uniform(1, 2, C).astype(np.float32))
    y, dx, dw, db = _bn_fwd_bwd(x, w, b, g, False, rm, rv)
    shp = (1, -1, 1) if len(shape) == 3 else (1, -1)
    inv = 1 / np.sqrt(rv.numpy().astype(np.float64) + 1e-5).reshape(shp)
    xhat = (x - rm.numpy().reshape(shp)) * inv
    np.testing.assert_allclose(y, xhat * w.reshape(shp) + b.reshape(shp), rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(dx, g * w.reshape(shp) * inv, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape", [(133, 1100), (67, 300, 37)])
def test_batch_norm_same_for_one_and_two_threads(shape):
    rng = np.random.default_rng(10)
    x, g = rng.standard_normal(shape).astype(np.float32), rng.standard_normal(shape).astype(np.float32)
    w, b = rng.standard_normal(shape[1]).astype(np.float32), rng.standard_normal(shape[1]).astype(np.float32)
    prev = gg.get_num_threads()
    try:
        outs = []
        for nt in (1, 2):
            gg.set_num_threads(nt)
            outs.append(_bn_fwd_bwd(x, w, b, g, True))
    finally:
        gg.set_num_threads(prev)
    for a, b2 in zip(*outs):
        assert np.array_equal(a, b2)


# ---------------------------------------------------------------- dropout

M32 = np.uint64(0xFFFFFFFF)


def np_philox(seed, counters):
    """Philox4x32-10 in NumPy (vectorized over counters): the reference for the C++ kernels."""
    c0, c1 = counters & M32, counters >> np.uint64(32)
    c2 = c3 = np.zeros_like(counters)
    k0, k1 = np.uint64(seed & 0xFFFFFFFF), np.uint64(seed >> 32)
    for _ in range(10):
        p0, p1 = np.uint64(0xD2511F53) * c0, np.uint64(0xCD9E8D57) * c2
        c0, c1, c2, c3 = (p1 >> np.uint64(32)) ^ c1 ^ k0, p1 & M32, (p0 >> np.uint64(32)) ^ c3 ^ k1, p0 & M32
        k0, k1 = (k0 + np.uint64(0x9E3779B9)) & M32, (k1 + np.uint64(0xBB67AE85)) & M32
    return np.stack([c0, c1, c2, c3])


def np_dropout_keep(seed, offset, n, p):
    """The documented mask: element i, j = i % 64, uses counter offset + 8 (i // 64) + j % 8,
    word j // 16, its low 16 bits if j % 16 < 8 else its high 16 bits; kept if >= p * 65536."""
    i = np.arange(n, dtype=np.uint64)
    j = i % np.uint64(64)
    words = np_philox(seed, np.uint64(offset) + np.uint64(8) * (i // np.uint64(64)) + j % np.uint64(8))
    w = words[(j // np.uint64(16)).astype(np.int64), np.arange(n)]
    bits = np.where(j % np.uint64(16) < np.uint64(8), w & np.uint64(0xFFFF), w >> np.uint64(16))
    return bits >= np.uint64(int(p * 65536 + 0.5))


_SIMD_PROBE = """
import sys, numpy as np, graphgrad as gg
from graphgrad.nn import functional as F
out = {}
for dt in (gg.float32, gg.float64):
    gg.manual_seed(5)
    x = gg.randn(37, 19, 3, dtype=dt, requires_grad=True)
    w, b = gg.randn(19, dtype=dt, requires_grad=True), gg.randn(19, dtype=dt, requires_grad=True)
    rm, rv = gg.zeros(19, dtype=dt), gg.ones(19, dtype=dt)
    for xx in (x, x[:, :, 0]):
        y = F.batch_norm(xx, rm, rv, w, b, training=True)
        (y * y).sum().backward()
    d = F.dropout(gg.ones(2000, dtype=dt), 0.3)
    for k, v in dict(y=y, rm=rm, rv=rv, gx=x.grad, gw=w.grad, d=d).items():
        out[f"{dt}-{k}"] = v.detach().numpy()
np.savez(sys.argv[1], **out)
"""


@pytest.mark.slow  # three fresh interpreters
def test_every_simd_copy_agrees(tmp_path):
    """Batch norm and dropout have baseline, AVX2 and AVX-512 copies; the CPU picks one. Each
    level the CPU has must give the same results (dropout bit for bit)."""
    results = {}
    for level in ("generic", "avx2", ""):
        env = dict(os.environ, GRAPHGRAD_ISA=level)
        path = tmp_path / f"{level or 'best'}.npz"
        subprocess.run([sys.executable, "-c", _SIMD_PROBE, str(path)], env=env, check=True)
        results[level] = dict(np.load(path))
    for level in ("generic", "avx2"):
        for k, v in results[""].items():
            if k.endswith("-d"):
                assert np.array_equal(results[level][k], v), (level, k)
            else:
                np.testing.assert_allclose(results[level][k], v, rtol=1e-5, atol=1e-5, err_msg=f"{level} {k}")


@pytest.mark.parametrize("dtype", [gg.float32, gg.float64])
def test_dropout_mask_is_the_documented_philox_function(dtype):
    n, p = 1000, 0.3  # 15 whole blocks (SIMD paths, incl. an odd one for AVX-512) and a partial one
    gg.manual_seed(1234)
    gg.rand(5)  # advance the offset: the mask depends on the call's offset too
    _, offset = gg._core._rng_state()
    y = F.dropout(gg.ones(n, dtype=dtype), p).numpy()
    keep = np_dropout_keep(1234, offset, n, p)
    assert np.array_equal(y != 0, keep)
    np.testing.assert_allclose(y[keep], 1 / (1 - p), rtol=1e-7)


def test_dropout_rate_scaling_and_reproducibility():
    gg.manual_seed(0)
    n, p = 1 << 20, 0.3
    x = gg.ones(n)
    y = F.dropout(x, p).numpy()
    rate = float((y == 0).mean())
    assert abs(rate - p) < 5 * math.sqrt(p * (1 - p) / n)
    assert set(np.unique(y).tolist()) == {0.0, np.float32(1 / (1 - p))}
    y2 = F.dropout(x, p).numpy()
    assert not np.array_equal(y, y2)  # a new call draws a new mask
    assert abs(np.mean(y2) - 1.0) < 0.01  # expectation preserved


def test_dropout_same_for_one_and_two_threads():
    prev = gg.get_num_threads()
    x = gg.randn(1 << 20)
    try:
        outs = []
        for nt in (1, 2):
            gg.set_num_threads(nt)
            gg.manual_seed(7)
            outs.append(F.dropout(x, 0.5).numpy())
    finally:
        gg.set_num_threads(prev)
    assert np.array_equal(outs[0], outs[1])


def test_dropout_backward_uses_the_forward_mask_and_eval_is_identity():
    x = gg.tensor(np.random.default_rng(9).uniform(1, 2, (300, 7)), requires_grad=True)
    y = F.dropout(x, 0.4)
    g = np.random.default_rng(10).standard_normal((300, 7))
    y.backward(gg.tensor(g))
    kept = y.detach().numpy() != 0
    np.testing.assert_allclose(x.grad.numpy(), np.where(kept, g / 0.6, 0.0), rtol=1e-12)
    d = nn.Dropout(0.4).eval()
    assert np.array_equal(d(x).detach().numpy(), x.detach().numpy())
    assert np.array_equal(F.dropout(x, 1.0).detach().numpy(), np.zeros((300, 7)))
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\]"):
        F.dropout(x, 1.5)
    with pytest.raises(ValueError):
        nn.Dropout(-0.1)


def test_dropout_gradcheck():
    x = t64(np.random.default_rng(11).standard_normal((5, 7)))

    def fn(v):
        gg.manual_seed(3)  # the same mask on every evaluation of the finite differences
        return F.dropout(v, 0.4)

    assert gradcheck(fn, [x]) and gradgradcheck(fn, [x])


# ---------------------------------------------------------------- other losses
