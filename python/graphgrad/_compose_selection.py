"""PyTorch's functions that pick, count or arrange entries, made of comparisons, sorts and views:
isin, argwhere, unravel_index, combinations, msort, nanmedian, mode, diagflat, the h/v/d splits
and row_stack. Registered with ``@op`` (see _registry.py); gradients come from their parts."""
import collections as _collections
import itertools as _itertools

from . import _core
from . import _registry
from ._compose import _axis
from ._compose_layout import tensor_split, vstack
from ._compose_shape import diag
from ._core import Tensor
from ._index_ops import nonzero
from ._surface import return_types
from ._tensor import arange, int64, tensor

__all__ = ["isin", "argwhere", "unravel_index", "combinations", "msort", "nanmedian", "mode", "diagflat", "hsplit",
           "vsplit", "dsplit", "row_stack"]

for _name in ("nanmedian", "mode"):
    setattr(return_types, _name, _collections.namedtuple(_name, ["values", "indices"]))
    getattr(return_types, _name).__doc__ = (f"What {_name} returns: the named tuple (values, indices), PyTorch's "
                                            f"return_types.{_name}.")


@_registry.op(differentiable=False)
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """True where an entry of ``elements`` is among ``test_elements`` (either may be a number), a
    bool tensor of elements' shape; ``invert`` negates it."""
    els = elements if isinstance(elements, Tensor) else tensor(elements)
    tests = test_elements if isinstance(test_elements, Tensor) else tensor(test_elements)
    found = _core.sum((els.unsqueeze(-1) == tests.reshape(1, -1)).long(), -1, False) > 0
    return ~found if invert else found


@_registry.op("np.argwhere(x)", differentiable=False, integers=True)
def argwhere(input):
    """The (n, input.dim()) int64 coordinates of the nonzero entries, in row-major order."""
    return nonzero(input)


@_registry.op(method=False)
def unravel_index(indices, shape):
    """The coordinates (a tuple of int64 tensors of indices' shape) of the row-major flat ``indices``
    in a tensor of ``shape``; negative indices count from the end."""
    idx = indices if isinstance(indices, Tensor) else tensor(indices)
    if idx.dtype.is_floating_point or idx.dtype == _core.dtype.bool:
        raise TypeError(f"unravel_index: expected integer indices, got {idx.dtype}")
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    n = 1
    for s in shape:
        n *= s
    if idx.numel() and (int(idx.min().item()) < -n or int(idx.max().item()) >= n):
        raise IndexError(f"unravel_index: an index is out of range for shape {shape} of {n} entries")
    flat = _core.remainder(idx.to(int64), max(n, 1))
    coords = []
    for s in reversed(shape):
        coords.append(_core.remainder(flat, s))
        flat = _core.floor_divide(flat, s)
    return tuple(reversed(coords))


@_registry.op()
def combinations(input, r=2, with_replacement=False):
    """The (n choose r, r) rows of the entries of a 1-D tensor taken ``r`` at a time, in order
    (itertools.combinations; with_replacement as combinations_with_replacement)."""
    if input.dim() != 1:
        raise ValueError(f"combinations: expected a 1-D tensor, got shape {tuple(input.shape)}")
    if r < 0:
        raise ValueError(f"combinations: r must be non-negative, got {r}")
    if r == 0:
        return input[:0]
    pick = _itertools.combinations_with_replacement if with_replacement else _itertools.combinations
    rows = list(pick(range(input.shape[0]), r))
    if not rows:
        return input[:0].reshape(0, r)
    return input[tensor(rows, dtype=int64)]


@_registry.op("np.sort(x, axis=0)", integers=True, domain="distinct")
def msort(input):
    """input sorted along its first dimension (``sort(input, dim=0).values``)."""
    return _core.sort(input, 0).values


def _lower_median(op, input, dim, keepdim, ignore_nan):
    """(values, indices) of the lower median along dim, NaN sorted last and, with ``ignore_nan``, not counted."""
    if dim is None:
        out = _lower_median(op, input.reshape(-1), 0, False, ignore_nan)
        return out.values
    d = _axis(dim, input.dim(), op)
    x = input.unsqueeze(0) if input.dim() == 0 else input
    if x.shape[d] == 0:
        raise IndexError(f"{op}: cannot take the median of an empty dimension (shape {tuple(input.shape)})")
    values, order = _core.sort(x, d)
    count = _core.sum((x == x).long(), d, True) if ignore_nan else None
    k = (_core.clamp(count, 1, None) - 1) // 2 if ignore_nan else \
        tensor([(x.shape[d] - 1) // 2]).reshape([1] * x.dim())
    k = k.expand(*[1 if i == d else s for i, s in enumerate(x.shape)])
    v, i = _core.gather(values, d, k), _core.gather(order, d, k)
    if not keepdim or input.dim() == 0:
        v, i = v.squeeze(d), i.squeeze(d)
    return return_types.nanmedian(v, i)


@_registry.op(gradgrad=False)
def nanmedian(input, dim=None, keepdim=False):
    """The lower median ignoring NaN: of all entries (a 0-d tensor), or (values, indices) along
    ``dim``; NaN only where every entry is NaN."""
    return _lower_median("nanmedian", input, dim, keepdim, True)


@_registry.op(differentiable=False, integers=True)
def mode(input, dim=-1, keepdim=False):
    """(values, indices): the most frequent entry along ``dim`` (the smallest among equally
    frequent ones) and the last position where it occurs."""
    x = input.unsqueeze(0) if input.dim() == 0 else input
    d = _axis(dim, x.dim(), "mode")
    if x.shape[d] == 0:
        raise IndexError(f"mode: cannot take the mode of an empty dimension (shape {tuple(input.shape)})")
    x = x.movedim(d, -1)
    counts = _core.sum((x.unsqueeze(-1) == x.unsqueeze(-2)).long(), -1, False)
    most = counts == _core.amax(counts, -1, True)
    values = _core.amin(_core.where(most, x, _core.amax(x, -1, True)), -1, True)
    positions = _core.where(x == values, arange(x.shape[-1]).expand(*x.shape), -1)
    indices = _core.amax(positions, -1, True)
    values, indices = values.movedim(-1, d), indices.movedim(-1, d)
    if not keepdim or input.dim() == 0:
        values, indices = values.squeeze(d), indices.squeeze(d)
    return return_types.mode(values, indices)


@_registry.op("np.diagflat(x, 1)", kwargs="{'offset': 1}", integers=True)
def diagflat(input, offset=0):
    """The square matrix with input's entries (flattened) on diagonal ``offset``."""
    return diag(input.reshape(-1), offset)


def _split_along(op, input, indices_or_sections, dim, least):
    if input.dim() < least:
        raise ValueError(f"{op}: expected a tensor of at least {least} dimensions, got shape {tuple(input.shape)}")
    if isinstance(indices_or_sections, int) and (indices_or_sections <= 0 or input.shape[dim] % indices_or_sections):
        raise ValueError(f"{op}: dimension {dim} of size {input.shape[dim]} cannot be split into "
                         f"{indices_or_sections} equal sections")
    return tensor_split(input, indices_or_sections, dim)


@_registry.op()
def hsplit(input, indices_or_sections):
    """tensor_split along dim 1 (dim 0 for a 1-D tensor), into equal sections for an int."""
    return _split_along("hsplit", input, indices_or_sections, 0 if input.dim() == 1 else 1, 1)


@_registry.op()
def vsplit(input, indices_or_sections):
    """tensor_split along dim 0 of a tensor of at least 2 dimensions, into equal sections for an int."""
    return _split_along("vsplit", input, indices_or_sections, 0, 2)


@_registry.op()
def dsplit(input, indices_or_sections):
    """tensor_split along dim 2 of a tensor of at least 3 dimensions, into equal sections for an int."""
    return _split_along("dsplit", input, indices_or_sections, 2, 3)


@_registry.op(method=False)
def row_stack(tensors):
    """vstack's other name: the tensors (a vector becomes a row) joined along dim 0."""
    return vstack(tensors)

