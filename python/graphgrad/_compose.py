"""PyTorch tensor functions that are a few core ops each: views by slicing (split, chunk, narrow,
flip), gathers by advanced indexing (index_select), and small conveniences. Being made of
differentiable ops, they need no backward of their own. ``@op`` registers each (see _registry.py):
it becomes a Tensor method and a ``graphgrad`` function, and the op test table covers it."""
import builtins as _builtins

import numpy as _np

from . import _core
from ._core import Tensor
from . import _registry
from ._tensor import bool_, float32, float64, int64, tensor


def _axis(dim, ndim, op):
    if not -ndim <= dim < max(ndim, 1):
        raise IndexError(f"{op}: dim {dim} is out of range for a tensor with {ndim} dimensions")
    return dim % max(ndim, 1)


def _along(t, dim, index):
    """``t[..., index, ...]`` with ``index`` (a slice or index tensor) at axis ``dim``."""
    return t[(slice(None),) * dim + (index,)]


@_registry.op("x[:, 1:3]", kwargs="{'dim': 1, 'start': 1, 'length': 2}")
def narrow(input, dim, start, length):
    """The view of ``length`` entries from ``start`` along ``dim``."""
    d = _axis(dim, input.dim(), "narrow")
    size = input.shape[d]
    start = start + size if start < 0 else start
    if not (0 <= start <= size and 0 <= length <= size - start):
        raise IndexError(f"narrow: start {start} and length {length} exceed dimension {d} of size {size}")
    return _along(input, d, slice(start, start + length))


@_registry.op()
def split(input, split_size_or_sections, dim=0):
    """Views of consecutive pieces along ``dim``: of ``split_size`` each (the last may be
    smaller), or of the sizes in a list (which must add up to the dimension)."""
    d = _axis(dim, input.dim(), "split")
    size = input.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step <= 0:
            raise ValueError(f"split: split_size must be positive, got {step}")
        sizes = [min(step, size - s) for s in range(0, size, step)] or [0]
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != size or _builtins.any(s < 0 for s in sizes):
            raise ValueError(f"split: sections {sizes} do not add up to dimension {d} of size {size}")
    starts = _np.cumsum([0] + sizes[:-1])
    return tuple(_along(input, d, slice(int(s), int(s) + n)) for s, n in zip(starts, sizes))


@_registry.op()
def chunk(input, chunks, dim=0):
    """At most ``chunks`` views of equal size (the last may be smaller) along ``dim``."""
    if chunks <= 0:
        raise ValueError(f"chunk: chunks must be positive, got {chunks}")
    size = input.shape[_axis(dim, input.dim(), "chunk")]
    return split(input, max(1, -(-size // chunks)), dim)


@_registry.op("np.flip(x, 0)", kwargs="{'dims': 0}", integers=True)
def flip(input, dims):
    """The view with the order of entries reversed along each of ``dims``."""
    dims = [dims] if isinstance(dims, int) else dims
    key = [slice(None)] * input.dim()
    for d in dims:
        key[_axis(d, input.dim(), "flip")] = slice(None, None, -1)
    return input[tuple(key)]


@_registry.op()
def index_select(input, dim, index):
    """The entries at ``index`` (a 1-D int64 tensor) along ``dim``."""
    if index.dim() > 1:
        raise IndexError(f"index_select: index must be 1-D, got shape {tuple(index.shape)}")
    return _along(input, _axis(dim, input.dim(), "index_select"), index.reshape(-1))


def _check_nonnegative(op, index, size):
    """PyTorch's gather and embedding take indices in [0, size): a negative one is an IndexError,
    not Python's count from the end."""
    if index.dtype == int64 and index.numel() and int(_core.amin(index, None, False).item()) < 0:
        raise IndexError(f"{op}: index {int(_core.amin(index, None, False).item())} is out of range for a "
                         f"dimension of size {size}")


@_registry.op()
def masked_fill(input, mask, value):
    """``value`` (a number or a 0-d tensor, cast to input's dtype) where ``mask`` is true, ``input``
    elsewhere (mask broadcasts)."""
    if mask.dtype != bool_:
        raise TypeError(f"masked_fill: mask must be a bool tensor, got {mask.dtype}")
    if isinstance(value, Tensor) and value.dim():
        raise ValueError(f"masked_fill: value must be a number or a 0-d tensor, got shape {tuple(value.shape)}")
    value = value.to(input.dtype) if isinstance(value, Tensor) else tensor(value).to(input.dtype)
    return _core.where(mask, value, input)


@_registry.op(function=False, name="repeat")
def _repeat(input, *sizes):
    """Tiles the tensor ``sizes[k]`` times along each axis (new leading axes when sizes is longer)."""
    sizes = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
    if len(sizes) < input.dim():
        raise ValueError(f"repeat: {len(sizes)} repeat sizes for a tensor with {input.dim()} dimensions")
    if _builtins.any(r < 0 for r in sizes):
        raise ValueError(f"repeat: repeat sizes must be non-negative, got {tuple(sizes)}")
    x = input.reshape((1,) * (len(sizes) - input.dim()) + tuple(input.shape))
    spread = [a for s in x.shape for a in (1, s)]
    grown = [a for r, s in zip(sizes, x.shape) for a in (r, s)]
    return x.reshape(*spread).expand(*grown).reshape(*[r * s for r, s in zip(sizes, x.shape)])


@_registry.op()
def bmm(input, mat2):
    """Batched matrix product of (b, n, m) and (b, m, p)."""
    if input.dim() != 3 or mat2.dim() != 3 or input.shape[0] != mat2.shape[0]:
        raise ValueError(f"bmm: expected (b, n, m) and (b, m, p) tensors, got {tuple(input.shape)} and "
                         f"{tuple(mat2.shape)}")
    return _core.matmul(input, mat2)


@_registry.op()
def outer(input, vec2):
    """The (n, m) outer product of two vectors."""
    if input.dim() != 1 or vec2.dim() != 1:
        raise ValueError(f"outer: expected two 1-D tensors, got {tuple(input.shape)} and {tuple(vec2.shape)}")
    return input.unsqueeze(1) * vec2.unsqueeze(0)


@_registry.op("np.isnan(x)", differentiable=False, integers=True)
def isnan(input):
    """True where input is NaN (a bool tensor)."""
    return input != input


@_registry.op("np.isinf(x)", differentiable=False, integers=True)
def isinf(input):
    """True where input is +inf or -inf (a bool tensor)."""
    return _core.abs(input) == float("inf") if input.dtype.is_floating_point else input != input


@_registry.op("np.isfinite(x)", differentiable=False, integers=True)
def isfinite(input):
    """True where input is neither NaN nor infinite (a bool tensor)."""
    return _core.abs(input) < float("inf") if input.dtype.is_floating_point else input == input


@_registry.op("np.any(x)", differentiable=False, integers=True, name="any")
def _any(input, dim=None, keepdim=False):
    """Whether any entry (along dim) is nonzero; False for an empty tensor."""
    return _core.sum((input != 0).long(), dim, keepdim) > 0


@_registry.op("np.all(x)", differentiable=False, integers=True, name="all")
def _all(input, dim=None, keepdim=False):
    """Whether every entry (along dim) is nonzero; True for an empty tensor."""
    return _core.sum((input == 0).long(), dim, keepdim) == 0


@_registry.op()
def allclose(input, other, rtol=1e-5, atol=1e-8, equal_nan=False):
    """True when |input - other| <= atol + rtol |other| everywhere (NumPy's rule)."""
    return bool(_np.allclose(input.detach().numpy(), (other.detach() if isinstance(other, Tensor) else
                                                      tensor(other)).numpy(), rtol, atol, equal_nan))


@_registry.op("x + z * (y - x)")
def lerp(input, end, weight):
    """``input + weight * (end - input)``, elementwise; ``weight`` a tensor or a number (all broadcast)."""
    return input + weight * (end - input)


@_registry.op("np.isclose(x, y)", differentiable=False, integers=True)
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True where ``|input - other| <= atol + rtol * |other|`` or they are equal (infinities match
    only themselves; NaN matches NaN only with ``equal_nan``), a bool tensor."""
    other = other if isinstance(other, Tensor) else tensor(other, dtype=input.dtype)
    close = input == other
    if equal_nan:
        close = close | ((input != input) & (other != other))
    error = _core.abs(input - other)
    return close | ((error < float("inf")) & (error <= atol + rtol * _core.abs(other)))


@_registry.op("np.nan_to_num(x)", integers=True)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN replaced by ``nan``, +inf by ``posinf`` and -inf by ``neginf`` (by default the dtype's
    largest and lowest finite values); the gradient flows where input is finite."""
    if input.dtype not in (float32, float64):
        return input.clone()
    big = float(_np.finfo(_np.float32 if input.dtype == float32 else _np.float64).max)
    out = _core.where(input != input, nan, input)
    out = _core.where(out == float("inf"), big if posinf is None else posinf, out)
    return _core.where(out == float("-inf"), -big if neginf is None else neginf, out)


any = _any  # noqa: A001 - PyTorch's names; the builtins are shadowed only inside graphgrad's namespace
all = _all  # noqa: A001
