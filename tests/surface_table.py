"""The table-driven check of the PyTorch surface tests (test_surface_*.py): a case is
``(fn(lib, *inputs), inputs, differentiable)``, inputs a shape (float normal draws) or a fixed
array, run with graphgrad and with torch on the same values; values, dtypes, shapes and
gradients must agree, and gradcheck/gradgradcheck must pass in float64."""
import numpy as np
import pytest

import graphgrad as gg


def inputs(lib, spec, requires_grad, dtype=np.float64):
    rng = np.random.default_rng(7)
    out = []
    for s in spec:
        a = np.asarray(s) if isinstance(s, np.ndarray) else rng.standard_normal(s).astype(dtype)
        if isinstance(s, np.ndarray) and a.dtype == np.float64:
            a = a.astype(dtype)
        t = lib.tensor(a) if lib is gg else lib.from_numpy(a.copy())
        if requires_grad and a.dtype.kind == "f":
            t.requires_grad_(True)
        out.append(t)
    return out


def _flat(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _dtype_name(t):
    return str(t.dtype).split(".")[-1]


def check_against_torch(name, case, float_dtype):
    torch = pytest.importorskip("torch")
    fn, spec, differentiable = case
    grad = differentiable and float_dtype == np.float64
    xs, ts = inputs(gg, spec, grad, float_dtype), inputs(torch, spec, grad, float_dtype)
    outs, touts = _flat(fn(gg, *xs)), _flat(fn(torch, *ts))
    assert len(outs) == len(touts)
    rtol = 1e-10 if float_dtype == np.float64 else 1e-5
    for o, t in zip(outs, touts):
        assert _dtype_name(o) == _dtype_name(t), f"{name}: {o.dtype} vs torch's {t.dtype}"
        assert tuple(o.shape) == tuple(t.shape), f"{name}: {tuple(o.shape)} vs torch's {tuple(t.shape)}"
        np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=rtol, equal_nan=True)
    if grad:
        weights = [np.random.default_rng(3).standard_normal(tuple(o.shape)) for o in outs]
        sum(((o * gg.tensor(w)).sum() for o, w in zip(outs, weights) if o.dtype.is_floating_point),
            gg.tensor(0.0)).backward()
        sum(((t * torch.from_numpy(w)).sum() for t, w in zip(touts, weights) if t.dtype.is_floating_point),
            torch.tensor(0.0, dtype=torch.float64)).backward()
        for x, t in zip(xs, ts):
            if t.requires_grad:
                tg = t.grad if t.grad is not None else torch.zeros_like(t)
                assert x.grad is not None, name
                np.testing.assert_allclose(x.grad.numpy(), tg.numpy(), rtol=1e-8, atol=1e-10)


def check_gradients(name, case, gradgrad=True):
    fn, spec, _ = case
    xs = inputs(gg, spec, False)
    leaves = [x.requires_grad_(True) for x in xs if x.dtype.is_floating_point]

    def f(*floats):  # the float inputs vary; masks and indices stay
        it = iter(floats)
        return fn(gg, *[next(it) if x.dtype.is_floating_point else x for x in xs])
    assert gg.autograd.gradcheck(f, leaves), name
    if gradgrad:
        assert gg.autograd.gradgradcheck(f, leaves), name
