"""Convolution, pooling, padding, resampling and channel dropout with PyTorch's signatures
(``torch.nn.functional``); re-exported by ``functional``. Convolutions and pooling are C++ ops
(``_core._conv`` ... ``_core._max_unpool``) differentiable to any order; padding modes,
interpolation and lp-pooling are compositions of differentiable ops."""
import warnings

import numpy as np

from .. import _core
from .._compose import index_select, narrow
from .._tensor import full, int64, ones, tensor

__all__ = [
    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "max_unpool1d", "max_unpool2d", "lp_pool1d", "lp_pool2d",
    "pad", "interpolate", "upsample", "dropout1d", "dropout2d", "dropout3d",
]


def _ntuple(value, n, name, op):
    """``value`` as n ints: an int is repeated, a 1-sequence too (PyTorch's rule)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),) * n
    try:
        values = tuple(int(v) for v in value)
    except TypeError:
        raise TypeError(f"{op}: {name} must be an int or a sequence of {n} ints, got {value!r}") from None
    if len(values) == 1:
        return values * n
    if len(values) != n:
        raise ValueError(f"{op}: {name} must be an int or a sequence of {n} ints, got {value!r}")
    return values


def _batched(op, input, spatial):
    """(input with a batch dim, whether one was added): unbatched inputs are (C, *spatial)."""
    if input.ndim == spatial + 1:
        return input.unsqueeze(0), True
    if input.ndim != spatial + 2:
        raise ValueError(f"{op}: expected a {spatial + 1}D (unbatched) or {spatial + 2}D (batched) input, "
                         f"got shape {tuple(input.shape)}")
    return input, False


def _unbatch(out, added):
    return out.squeeze(0) if added else out


# ---- convolution ----------------------------------------------------------------------------------

def _conv(op, S, input, weight, bias, stride, padding, dilation, groups):
    x, added = _batched(op, input, S)
    stride = _ntuple(stride, S, "stride", op)
    dilation = _ntuple(dilation, S, "dilation", op)
    if isinstance(padding, str):
        if padding == "valid":
            begin = end = (0,) * S
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError(f"{op}: padding='same' is not supported for strided convolutions")
            total = [d * (k - 1) for d, k in zip(dilation, weight.shape[2:])]
            begin = tuple(t // 2 for t in total)  # the odd one out goes after, as in PyTorch
            end = tuple(t - b for t, b in zip(total, begin))
        else:
            raise ValueError(f"{op}: padding must be 'valid', 'same', an int or a tuple, got {padding!r}")
    else:
        begin = end = _ntuple(padding, S, "padding", op)
    return _unbatch(_core._conv(x, weight, bias, stride, begin, end, dilation, int(groups)), added)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution of (N, C_in, L) (or (C_in, L)) with weight (C_out, C_in / groups, k)."""
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution of (N, C_in, H, W) (or (C_in, H, W)) with weight (C_out, C_in / groups, kH, kW);
    ``padding`` is an int, a pair, 'valid' or 'same' (stride 1)."""
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D convolution of (N, C_in, D, H, W) with weight (C_out, C_in / groups, kD, kH, kW)."""
    return _conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def _conv_transpose(op, S, input, weight, bias, stride, padding, output_padding, groups, dilation):
    x, added = _batched(op, input, S)
    out = _core._conv_transpose(x, weight, bias, _ntuple(stride, S, "stride", op), _ntuple(padding, S, "padding", op),
                                _ntuple(output_padding, S, "output_padding", op), _ntuple(dilation, S, "dilation", op),
                                int(groups))
    return _unbatch(out, added)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 1-D convolution (the gradient of conv1d in its input) with weight (C_in, C_out / groups, k)."""
    return _conv_transpose("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-D convolution with weight (C_in, C_out / groups, kH, kW)."""
    return _conv_transpose("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 3-D convolution with weight (C_in, C_out / groups, kD, kH, kW)."""
    return _conv_transpose("conv_transpose3d", 3, input, weight, bias, stride, padding, output_padding, groups, dilation)


# ---- pooling --------------------------------------------------------------------------------------

def _stride(stride, kernel_size):
    return kernel_size if stride is None or (not isinstance(stride, int) and len(stride) == 0) else stride


def _max_pool(op, S, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    x, added = _batched(op, input, S)
    k = _ntuple(kernel_size, S, "kernel_size", op)
    out, idx = _core._max_pool(x, k, _ntuple(_stride(stride, kernel_size), S, "stride", op),
                               _ntuple(padding, S, "padding", op), _ntuple(dilation, S, "dilation", op), bool(ceil_mode))
    out, idx = _unbatch(out, added), _unbatch(idx, added)
    return (out, idx) if return_indices else out


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Max over windows of (N, C, L); with ``return_indices`` also the int64 positions of the maxima."""
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Max over windows of (N, C, H, W); with ``return_indices`` also the maxima's flat positions h * W + w."""
    return _max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def _avg_pool(op, S, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override):
    x, added = _batched(op, input, S)
    if divisor_override is not None and divisor_override <= 0:
        raise ValueError(f"{op}: divisor_override must be positive, got {divisor_override}")
    out = _core._avg_pool(x, _ntuple(kernel_size, S, "kernel_size", op),
                          _ntuple(_stride(stride, kernel_size), S, "stride", op), _ntuple(padding, S, "padding", op),
                          bool(ceil_mode), bool(count_include_pad), int(divisor_override or 0))
    return _unbatch(out, added)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """Mean over windows of (N, C, L); ``count_include_pad`` counts the zero padding in the divisor."""
    return _avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode, count_include_pad, None)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """Mean over windows of (N, C, H, W); ``divisor_override`` replaces the window size as divisor."""
    return _avg_pool("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def _output_size(op, S, output_size, x):
    size = (output_size,) * S if isinstance(output_size, int) or output_size is None else tuple(output_size)
    if len(size) == 1 and S > 1:
        size = size * S
    if len(size) != S:
        raise ValueError(f"{op}: output_size must be an int or {S} values, got {output_size!r}")
    return tuple(x.shape[2 + d] if s is None else int(s) for d, s in enumerate(size))


def adaptive_avg_pool1d(input, output_size):
    """Mean pooling of (N, C, L) or (C, L) input to length ``output_size`` whatever L is."""
    x, added = _batched("adaptive_avg_pool1d", input, 1)
    return _unbatch(_core._adaptive_avg_pool(x, _output_size("adaptive_avg_pool1d", 1, output_size, x)), added)


def adaptive_avg_pool2d(input, output_size):
    """Mean over the windows [floor(i H / h), ceil((i + 1) H / h)) that split H (and W) into ``output_size``
    (None entries keep the input's size)."""
    x, added = _batched("adaptive_avg_pool2d", input, 2)
    return _unbatch(_core._adaptive_avg_pool(x, _output_size("adaptive_avg_pool2d", 2, output_size, x)), added)


def _adaptive_max(op, S, input, output_size, return_indices):
    x, added = _batched(op, input, S)
    out, idx = _core._adaptive_max_pool(x, _output_size(op, S, output_size, x))
    out, idx = _unbatch(out, added), _unbatch(idx, added)
    return (out, idx) if return_indices else out


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Max pooling of (N, C, L) or (C, L) input to length ``output_size`` (with the argmax indices if asked)."""
    return _adaptive_max("adaptive_max_pool1d", 1, input, output_size, return_indices)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max over adaptive windows (see adaptive_avg_pool2d); with ``return_indices`` also their positions."""
    return _adaptive_max("adaptive_max_pool2d", 2, input, output_size, return_indices)


def _max_unpool(op, S, input, indices, kernel_size, stride, padding, output_size):
    x, added = _batched(op, input, S)
    idx = indices.unsqueeze(0) if added else indices
    k = _ntuple(kernel_size, S, "kernel_size", op)
    s = _ntuple(_stride(stride, kernel_size), S, "stride", op)
    p = _ntuple(padding, S, "padding", op)
    if output_size is None:
        size = tuple((x.shape[2 + d] - 1) * s[d] - 2 * p[d] + k[d] for d in range(S))
    else:
        size = tuple(int(v) for v in output_size)[-S:]
        if len(size) != S:
            raise ValueError(f"{op}: output_size must have {S} spatial sizes, got {output_size!r}")
    return _unbatch(_core._max_unpool(x, idx, size), added)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of max_pool1d: each value put back at its ``indices``, zeros elsewhere."""
    return _max_unpool("max_unpool1d", 1, input, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """max_pool2d's partial inverse: zeros with ``input`` placed at ``indices`` (from return_indices)."""
    return _max_unpool("max_unpool2d", 2, input, indices, kernel_size, stride, padding, output_size)


def _lp_pool(S, input, norm_type, kernel_size, stride, ceil_mode):
    k = _ntuple(kernel_size, S, "kernel_size", f"lp_pool{S}d")
    pool = avg_pool1d if S == 1 else avg_pool2d
    out = pool(input ** norm_type, kernel_size, stride, 0, ceil_mode)
    return (_core.sign(out) * _core.relu(_core.abs(out)) * float(np.prod(k))) ** (1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum over each window of x ** p) ** (1 / p), as PyTorch computes it (through avg_pool)."""
    return _lp_pool(1, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling over 2-d windows: (sum of x^p)^(1/p) with p = norm_type."""
    return _lp_pool(2, input, norm_type, kernel_size, stride, ceil_mode)


# ---- padding and resampling -----------------------------------------------------------------------

def _pad_index(mode, n, before, after):
    """Source positions of a padded axis of size n (reflect: mirror without the edge; replicate: the
    edge repeated; circular: wrapped)."""
    i = np.arange(-before, n + after)
    if mode == "reflect":
        if before >= n or after >= n:
            raise ValueError(f"pad: reflect padding ({before}, {after}) must be smaller than the dimension {n}")
        period = 2 * (n - 1) if n > 1 else 1
        i = np.abs(np.mod(i, period))
        i = np.where(i >= n, period - i, i)
    elif mode == "replicate":
        if n == 0:
            raise ValueError("pad: replicate padding needs a non-empty dimension")
        i = np.clip(i, 0, n - 1)
    else:
        if before > n or after > n:
            raise ValueError(f"pad: circular padding ({before}, {after}) must be at most the dimension {n}")
        i = np.mod(i, n)
    return tensor(i, dtype=int64)


def pad(input, pad, mode="constant", value=None):
    """Pads the last len(pad) / 2 dims: ``pad`` = (before_last, after_last, before_2nd_last, ...).
    mode 'constant' (``value``, negative amounts crop), 'reflect', 'replicate' or 'circular'."""
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise ValueError(f"pad: padding {pad} must have an even length of at most 2 * {input.ndim} entries")
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise ValueError(f"pad: mode must be 'constant', 'reflect', 'replicate' or 'circular', got {mode!r}")
    out = input
    for j in range(len(pad) // 2):
        d, before, after = input.ndim - 1 - j, pad[2 * j], pad[2 * j + 1]
        if before == 0 and after == 0:
            continue
        if mode == "constant":
            n = out.shape[d]
            out = narrow(out, d, max(0, -before), n - max(0, -before) - max(0, -after))
            parts = []
            for amount in (before, after):
                shape = list(out.shape)
                shape[d] = max(0, amount)
                parts.append(full(shape, 0.0 if value is None else float(value), dtype=out.dtype) if amount > 0 else None)
            out = _core.cat([p for p in (parts[0], out, parts[1]) if p is not None], d)
        else:
            if before < 0 or after < 0:
                raise ValueError(f"pad: {mode} padding must be non-negative, got {pad}")
            out = index_select(out, d, _pad_index(mode, out.shape[d], before, after))
    return out


def _source(mode, n_in, n_out, scale, align_corners):
    """Per output position: (lower source index, upper source index, weight of the upper)."""
    o = np.arange(n_out, dtype=np.float64)
    if mode == "nearest":
        i = np.minimum(np.floor(o * scale), n_in - 1).astype(np.int64)
        return i, None, None
    if align_corners:
        src = o * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros_like(o)
    else:
        src = np.maximum((o + 0.5) * scale - 0.5, 0.0)
    lo = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    hi = np.minimum(lo + 1, n_in - 1)
    return lo, hi, src - lo


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
    """Resizes the spatial dims of (N, C, *spatial): mode 'nearest', or 'linear' / 'bilinear'
    (``align_corners`` maps the corner pixels' centres onto each other)."""
    S = input.ndim - 2
    if S < 1:
        raise ValueError(f"interpolate: expected an (N, C, *spatial) input, got shape {tuple(input.shape)}")
    linear = {"linear": 1, "bilinear": 2, "trilinear": 3}
    if mode != "nearest" and linear.get(mode) != S:
        raise ValueError(f"interpolate: mode {mode!r} does not fit a {S}-D spatial input (nearest, linear, bilinear, "
                         "trilinear are supported)")
    if mode == "nearest" and align_corners is not None:
        raise ValueError("interpolate: align_corners only applies to the linear modes")
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor")
    n_in = input.shape[2:]
    if size is not None:
        n_out = _ntuple(size, S, "size", "interpolate")
        scales = [i / o for i, o in zip(n_in, n_out)]
    else:
        factors = [float(f) for f in (scale_factor if isinstance(scale_factor, (tuple, list)) else [scale_factor] * S)]
        n_out = tuple(int(np.floor(i * f)) for i, f in zip(n_in, factors))
        scales = ([i / o for i, o in zip(n_in, n_out)] if recompute_scale_factor else [1.0 / f for f in factors])
    out = input
    for d in range(S):
        lo, hi, w = _source(mode, n_in[d], n_out[d], scales[d], bool(align_corners))
        a = index_select(out, 2 + d, tensor(lo, dtype=int64))
        if hi is None:
            out = a
            continue
        shape = [1] * out.ndim
        shape[2 + d] = n_out[d]
        wt = tensor(w.reshape(shape), dtype=out.dtype)
        out = a + (index_select(out, 2 + d, tensor(hi, dtype=int64)) - a) * wt
    return out


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """``interpolate`` under its older name: resizes the spatial dims to ``size`` or by ``scale_factor``."""
    return interpolate(input, size, scale_factor, mode, align_corners)


# ---- channel dropout ------------------------------------------------------------------------------

def _channel_dropout(op, S, input, p, training):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{op}: probability p must be in [0, 1], got {p}")
    if not training or p == 0.0:
        return input
    if op == "dropout2d" and input.ndim != 4:
        # PyTorch's (deprecated) reading: whatever the rank, dims 0 and 1 are (N, C), so a 2-D
        # input drops elements (mnist_rnn's Dropout2d after the LSTM) and a 3-D one is (N, C, L).
        if input.ndim < 2:
            raise ValueError(f"dropout2d: expected an input of at least 2 dimensions, got shape {tuple(input.shape)}")
        warnings.warn(f"dropout2d: received a {input.ndim}-D input (expected 4-D (N, C, H, W)); as in PyTorch, "
                      f"dims 0 and 1 are taken as (N, C) and whole (N, C) entries are dropped (use dropout or "
                      f"dropout1d to say so)", UserWarning, stacklevel=3)
        x, added = input, False
    else:
        x, added = _batched(op, input, S)
    mask = _core._dropout(ones(*x.shape[:2], *([1] * (x.ndim - 2)), dtype=x.dtype), float(p), True)
    return _unbatch(x * mask, added)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zeroes whole channels of (N, C, L) with probability p, scaling the rest by 1 / (1 - p)."""
    return _channel_dropout("dropout1d", 1, input, p, training)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zeroes whole channels of (N, C, H, W) with probability p, scaling the rest by 1 / (1 - p)."""
    return _channel_dropout("dropout2d", 2, input, p, training)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zeroes whole (D, H, W) channels of (N, C, D, H, W) input with probability p while training, scaling
    the others by 1/(1 - p).
    """
    return _channel_dropout("dropout3d", 3, input, p, training)
