"""PyTorch's statistics made of sorts, gathers, sums and comparisons: nansum/nanmean, quantile and
nanquantile, cov/corrcoef, renorm, histc, bincount, and searchsorted/bucketize. Registered with
``@op`` (see _registry.py); the differentiable ones get their gradients from their parts."""
import builtins as _builtins

from . import _core
from . import _registry
from ._compose import _axis, isnan
from ._compose_shape import movedim
from ._core import Tensor
from ._tensor import bool_, float32, float64, int32, int64, ones_like, tensor, zeros, zeros_like

__all__ = ["nansum", "nanmean", "quantile", "nanquantile", "cov", "corrcoef", "renorm", "histc", "bincount",
           "searchsorted", "bucketize"]


def _without_nan(input):
    return _core.where(isnan(input), 0.0, input) if input.dtype.is_floating_point else input


@_registry.op("np.nansum(x, axis=1)", kwargs="{'dim': 1}", integers=True)
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """The sum of the entries (along ``dim``) treating NaN as zero."""
    x = input.to(dtype) if dtype is not None else input
    return _core.sum(_without_nan(x), dim, keepdim)


@_registry.op("np.nanmean(x, axis=1)", kwargs="{'dim': 1}")
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the non-NaN entries (along ``dim``); NaN where there are none. Floats only, as PyTorch."""
    x = input.to(dtype) if dtype is not None else input
    if not x.dtype.is_floating_point:
        raise TypeError(f"nanmean: expected a floating point tensor, got {x.dtype}; give dtype=")
    count = _core.sum((~isnan(x)).to(x.dtype), dim, keepdim)
    return _core.sum(_without_nan(x), dim, keepdim) / count


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(op, input, q, dim, keepdim, interpolation, ignore_nan):
    if not input.dtype.is_floating_point:
        raise TypeError(f"{op}: expected a float tensor, got {input.dtype}")
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"{op}: interpolation must be one of {_INTERPOLATIONS}, got {interpolation!r}")
    qt = q.to(input.dtype) if isinstance(q, Tensor) else tensor(q, dtype=input.dtype)  # q gets a gradient too
    if qt.dim() > 1:
        raise ValueError(f"{op}: q must be a number or a 0-d or 1-D tensor, got shape {tuple(qt.shape)}")
    if qt.numel() and not ((qt >= 0) & (qt <= 1)).all().item():
        raise ValueError(f"{op}: q must be in [0, 1], got {qt.tolist()}")
    if dim is None:
        x = input.reshape(-1)
    else:
        d = _axis(dim, input.dim(), op)
        x = movedim(input, d, -1) if input.dim() else input.reshape(1)
    n = x.shape[-1]
    if n == 0:
        raise ValueError(f"{op}: cannot take a quantile over an empty dimension (input of shape {tuple(input.shape)})")
    values = _core.sort(x, -1).values  # NaN sorts last
    nan = isnan(x)
    count = _core.sum((~nan).long(), -1, True) if ignore_nan else None
    last = ((count if ignore_nan else tensor(n)) - 1).clamp(0, None).to(input.dtype)  # (..., 1)
    pos = last * qt.reshape(-1)  # (..., Q)
    if interpolation == "nearest":  # round half to even, as NumPy and PyTorch
        pos = _core.round(pos)
    lo, hi = _core.floor(pos), _core.ceil(pos)
    below = _core.gather(values, -1, lo.long().expand(*x.shape[:-1], qt.numel()))
    above = _core.gather(values, -1, hi.long().expand(*x.shape[:-1], qt.numel()))
    if interpolation in ("lower", "nearest"):
        out = below
    elif interpolation == "higher":
        out = above
    elif interpolation == "midpoint":
        out = (below + above) / 2
    else:
        out = below + (pos - lo) * (above - below)
    missing = (count == 0) if ignore_nan else nan.any(-1, keepdim=True)
    out = _core.where(missing, float("nan"), out)
    out = movedim(out, -1, 0)  # (Q, ...)
    if keepdim:
        out = out.reshape(qt.numel(), *([1] * input.dim())) if dim is None else out.unsqueeze(d + 1)
    return out.reshape(*out.shape[1:]) if qt.dim() == 0 else out


@_registry.op("np.quantile(x, 0.3, axis=1)", kwargs="{'q': 0.3, 'dim': 1}")
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The q-th quantiles (q a number or a 1-D tensor of them, in [0, 1]) of the entries (along
    ``dim``), interpolated between order statistics ('linear', 'lower', 'higher', 'midpoint',
    'nearest'); NaN where a slice holds NaN. With a 1-D q the quantiles form a new first dimension."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, False)


@_registry.op("np.nanquantile(x, 0.3, axis=1)", kwargs="{'q': 0.3, 'dim': 1}")
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """quantile ignoring NaN: NaN only where a slice holds nothing else."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, True)


@_registry.op("np.cov(x, ddof=0)", kwargs="{'correction': 0}")
def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of input (observations in the columns; a
    vector is one variable, giving a 0-d result); weighted by integer ``fweights`` and float
    ``aweights`` per observation, the sum of squares divided by (sum of weights - correction)."""
    if input.dim() > 2:
        raise ValueError(f"cov: expected a tensor of at most 2 dimensions, got shape {tuple(input.shape)}")
    x = input.reshape(1, -1) if input.dim() < 2 else input
    x = x if x.dtype.is_floating_point else x.to(float32)
    n = x.shape[1]
    w = None
    for name, weights in (("fweights", fweights), ("aweights", aweights)):
        if weights is None:
            continue
        if weights.dim() > 1 or weights.numel() != n:
            raise ValueError(f"cov: {name} must be 1-D with one weight per observation ({n}), got shape "
                             f"{tuple(weights.shape)}")
        if name == "fweights" and weights.dtype.is_floating_point:
            raise TypeError(f"cov: fweights must be integers, got {weights.dtype}")
        if weights.numel() and (weights < 0).any().item():
            raise ValueError(f"cov: {name} must be non-negative")
        w = weights.to(x.dtype) if w is None else w * weights.to(x.dtype)
    if w is None:
        total = tensor(float(n), dtype=x.dtype)
        mean = x.mean(1, keepdim=True) if n else x.sum(1, keepdim=True)
        factor = total - correction
    else:
        total = w.sum()
        mean = (x * w).sum(1, keepdim=True) / total
        factor = total - (correction if aweights is None else correction * (w * aweights.to(x.dtype)).sum() / total)
    centered = x - mean
    weighted = centered if w is None else centered * w
    out = _core.matmul(weighted, centered.transpose(0, 1)) / factor.clamp(0, None)
    return out.reshape(()) if input.dim() < 2 else out


@_registry.op()
def corrcoef(input):
    """The Pearson correlation coefficients of the variables in the rows of input, in [-1, 1]."""
    c = cov(input)
    if c.dim() == 0:
        return c / c
    d = _core.sqrt(_core.diagonal(c, 0, 0, 1))
    return _core.clamp(c / d.unsqueeze(1) / d.unsqueeze(0), -1, 1)


@_registry.op()
def renorm(input, p, dim, maxnorm):
    """Each slice along ``dim`` whose p-norm exceeds ``maxnorm`` scaled down to norm ``maxnorm``."""
    if input.dim() < 2:
        raise ValueError(f"renorm: expected a tensor of at least 2 dimensions, got shape {tuple(input.shape)}")
    d = _axis(dim, input.dim(), "renorm")
    others = tuple(a for a in range(input.dim()) if a != d)
    norms = _core.norm(input, float(p), others, True)
    return input * _core.where(norms > maxnorm, maxnorm / (norms + 1e-7), ones_like(norms))


@_registry.op(differentiable=False)
def histc(input, bins=100, min=0, max=0):  # noqa: A002 - PyTorch's names
    """The counts of the entries in ``bins`` equal bins over [min, max] (the data's range when both
    are 0); entries outside are ignored, ``max`` falls in the last bin. Floats only, as PyTorch."""
    if not input.dtype.is_floating_point:
        raise TypeError(f"histc: expected a float tensor, got {input.dtype}")
    if bins <= 0:
        raise ValueError(f"histc: bins must be positive, got {bins}")
    lo, hi = float(min), float(max)
    x = input.detach().reshape(-1)
    if lo == hi and x.numel():
        lo, hi = float(_core.amin(x, None, False).item()), float(_core.amax(x, None, False).item())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi or lo != lo or hi != hi:
        raise ValueError(f"histc: max ({hi}) must be at least min ({lo}), both finite")
    inside = (x >= lo) & (x <= hi)
    x = x[inside]
    index = _core.floor((x - lo) * (bins / (hi - lo))).long().clamp(0, bins - 1)
    return _core.scatter_add(zeros(bins, dtype=input.dtype), 0, index, ones_like(x))


@_registry.op()
def bincount(input, weights=None, minlength=0):
    """How often each value 0, 1, ... occurs in a 1-D tensor of non-negative integers (at least
    ``minlength`` bins), or the sums of ``weights`` per value."""
    if input.dim() != 1 or input.dtype.is_floating_point or input.dtype == bool_:
        raise TypeError(f"bincount: expected a 1-D integer tensor, got shape {tuple(input.shape)} of {input.dtype}")
    if minlength < 0:
        raise ValueError(f"bincount: minlength must be non-negative, got {minlength}")
    index = input.long()
    if index.numel() and int(_core.amin(index, None, False).item()) < 0:
        raise ValueError("bincount: the input must be non-negative")
    size = _builtins.max(minlength, int(_core.amax(index, None, False).item()) + 1 if index.numel() else 0)
    if weights is None:
        return _core.scatter_add(zeros(size, dtype=int64), 0, index, ones_like(index))
    if tuple(weights.shape) != tuple(input.shape):
        raise ValueError(f"bincount: weights of shape {tuple(weights.shape)} must match input's {tuple(input.shape)}")
    w = weights if weights.dtype.is_floating_point else weights.to(float64)
    return _core.scatter_add(zeros(size, dtype=w.dtype), 0, index, w)


@_registry.op(method=False, differentiable=False)
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value, the index at which it would be inserted into ``sorted_sequence`` (1-D, or
    N-D sorted along its last dimension with input's leading dimensions) to keep it sorted: before
    equal entries, or after them with ``right=True`` / ``side='right'``. ``sorter`` sorts an
    unsorted sequence; NaN sorts last."""
    if side is not None:
        if side not in ("left", "right"):
            raise ValueError(f"searchsorted: side must be 'left' or 'right', got {side!r}")
        if right and side == "left":
            raise ValueError("searchsorted: side='left' and right=True contradict each other")
        right = side == "right"
    seq = sorted_sequence
    if sorter is not None:
        if tuple(sorter.shape) != tuple(seq.shape) or sorter.dtype != int64:
            raise ValueError(f"searchsorted: sorter must be an int64 tensor of the sequence's shape "
                             f"{tuple(seq.shape)}, got {tuple(sorter.shape)}")
        seq = _core.gather(seq, -1, sorter)
    values = input if isinstance(input, Tensor) else tensor(input, dtype=seq.dtype)
    if seq.dim() == 0:
        raise ValueError("searchsorted: sorted_sequence must have at least 1 dimension")
    if seq.dim() > 1 and (values.dim() != seq.dim() or tuple(values.shape[:-1]) != tuple(seq.shape[:-1])):
        raise ValueError(f"searchsorted: sorted_sequence of shape {tuple(seq.shape)} and input of shape "
                         f"{tuple(values.shape)} differ in their leading dimensions")
    v = values.unsqueeze(-1)
    s = seq.unsqueeze(-2) if seq.dim() > 1 else seq
    v_nan = isnan(v)
    before = ((s <= v) if right else (s < v)) | (v_nan & (~isnan(s) | right))
    out = _core.sum(before.long(), -1, False)
    return out.to(int32) if out_int32 else out


@_registry.op(method=False, differentiable=False)
def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The index of each value's bucket among the sorted 1-D ``boundaries``: i with
    ``boundaries[i-1] < x <= boundaries[i]`` (``<=`` and ``<`` swapped with ``right=True``)."""
    if boundaries.dim() != 1:
        raise ValueError(f"bucketize: boundaries must be 1-D, got shape {tuple(boundaries.shape)}")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
