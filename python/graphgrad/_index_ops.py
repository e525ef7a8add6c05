"""PyTorch's index ops that are a few core ops each: the index_* family and masked_scatter as
scatters of a broadcast index (ops/scatter_ops.cpp), masked_select, take and take_along_dim as
gathers, nonzero and unique from boolean indexing and sort, and the in-place forms through the core's
in-place mechanism (ops/inplace.h). Being made of differentiable ops, they need no backward of their
own; ``@op`` registers each (see _registry.py). Their tests are tests/test_scatter_ops.py and
tests/test_sort_ops.py (the op table's inputs carry no indices)."""
import builtins as _builtins

import numpy as _np

from . import _core
from . import _registry
from ._core import Tensor
from ._inplace import add_inplace_methods as _add_inplace_methods
from ._tensor import arange, bool_, int64, tensor, zeros, zeros_like


def _dim(op, dim, ndim):
    if not -max(ndim, 1) <= dim < max(ndim, 1):
        raise IndexError(f"{op}: dim {dim} is out of range for a tensor with {ndim} dimensions")
    return dim % max(ndim, 1)


def _check_index(op, index, size, dim, negative=False):
    """index is int64 with entries in [0, size) (or [-size, size) when negative indices count from the end)."""
    if not isinstance(index, Tensor) or index.dtype != int64:
        raise TypeError(f"{op}: index must be an int64 tensor, got {getattr(index, 'dtype', type(index).__name__)}")
    if index.numel():
        lo, hi = int(_core.amin(index, None, False).item()), int(_core.amax(index, None, False).item())
        for v in (lo, hi):
            if not (-size if negative else 0) <= v < size:
                raise IndexError(f"{op}: index {v} is out of range for dimension {dim} with size {size}")


def _spread(op, input, dim, index, source=None):
    """(dim, index1d broadcast along dim to source's shape (input's with len(index) at dim))."""
    d = _dim(op, dim, input.dim())
    if index.dim() > 1:
        raise IndexError(f"{op}: index must be 0-d or 1-D, got shape {tuple(index.shape)}")
    _check_index(op, index, input.shape[d] if input.dim() else 1, d)
    shape = list(input.shape) or [1]
    shape[d] = index.numel()
    if source is not None and tuple(source.shape or (1,)) != tuple(shape):
        raise ValueError(f"{op}: source of shape {tuple(source.shape)} does not match input of shape "
                         f"{tuple(input.shape)} with {index.numel()} entries along dim {d}")
    view = [1] * len(shape)
    view[d] = -1
    return d, index.reshape(-1).reshape(*view).expand(*shape)


def _lifted(fn, input, *args):
    """fn on input as at least 1-d, shaped back (PyTorch's index ops take 0-d tensors)."""
    if input.dim():
        return fn(input, *args)
    return fn(input.reshape(1), *args).reshape(())


@_registry.op()
def index_add(input, dim, index, source, *, alpha=1):
    """input with ``alpha * source[..., i, ...]`` added at ``[..., index[i], ...]`` along dim."""
    d, idx = _spread("index_add", input, dim, index, source)
    src = source if alpha == 1 else source * alpha
    return _lifted(lambda x, s: _core.scatter_add(x, d, idx, s.reshape(*idx.shape)), input, src)


@_registry.op()
def index_copy(input, dim, index, source):
    """input with ``source[..., i, ...]`` written at ``[..., index[i], ...]`` along dim."""
    d, idx = _spread("index_copy", input, dim, index, source)
    return _lifted(lambda x, s: _core.scatter(x, d, idx, s.reshape(*idx.shape)), input, source)


@_registry.op()
def index_fill(input, dim, index, value):
    """input with ``value`` (a number or a 0-d tensor, which gets the gradient) at ``index`` along dim."""
    d, idx = _spread("index_fill", input, dim, index)
    if isinstance(value, Tensor):
        if value.dim():
            raise ValueError(f"index_fill: value must be a number or a 0-d tensor, got shape {tuple(value.shape)}")
        return _lifted(lambda x: _core.scatter(x, d, idx, value.to(x.dtype).expand(*idx.shape)), input)
    return _lifted(lambda x: _core.scatter(x, d, idx, value), input)


def _mask_shapes(op, input, mask):
    if mask.dtype != bool_:
        raise TypeError(f"{op}: mask must be a bool tensor, got {mask.dtype}")
    try:
        return tuple(_np.broadcast_shapes(tuple(input.shape), tuple(mask.shape)))
    except ValueError:
        raise ValueError(f"{op}: mask of shape {tuple(mask.shape)} does not broadcast with input of shape "
                         f"{tuple(input.shape)}") from None


@_registry.op()
def masked_select(input, mask):
    """The 1-D tensor of input's entries where mask (broadcast with input) is true, in row-major order."""
    shape = _mask_shapes("masked_select", input, mask)
    return input.expand(*shape).reshape(-1)[mask.expand(*shape).reshape(-1)]


@_registry.op()
def masked_scatter(input, mask, source):
    """input with source's first entries (row-major) written where mask (broadcast to input) is true."""
    shape = _mask_shapes("masked_scatter", input, mask)
    if shape != tuple(input.shape):
        raise ValueError(f"masked_scatter: mask of shape {tuple(mask.shape)} does not broadcast to input's "
                         f"shape {tuple(input.shape)}")
    positions = arange(input.numel())[mask.expand(*shape).reshape(-1)]
    k = positions.numel()
    if source.numel() < k:
        raise ValueError(f"masked_scatter: the mask selects {k} entries but source has only {source.numel()}")
    if source.dtype != input.dtype:
        raise TypeError(f"masked_scatter: source ({source.dtype}) must have input's dtype ({input.dtype})")
    return _core.scatter(input.reshape(-1), 0, positions, source.reshape(-1)[:k]).reshape(*input.shape)


@_registry.op(differentiable=False)
def nonzero(input, *, as_tuple=False):
    """The int64 coordinates of the nonzero entries, one row each (n, input.dim()) in row-major order;
    as_tuple: one 1-D tensor per dimension instead."""
    mask = input if input.dtype == bool_ else input != 0
    if input.dim() == 0:
        n = int(_builtins.bool(mask.item()))
        return (zeros(n, dtype=int64),) if as_tuple else zeros(n, 0, dtype=int64)
    coords = []
    for a, size in enumerate(input.shape):
        view = [1] * input.dim()
        view[a] = size
        coords.append(arange(size).reshape(*view).expand(*input.shape)[mask])
    return tuple(coords) if as_tuple else _core.stack(coords, 1)


@_registry.op()
def take(input, index):
    """input's entries at index (into the flattened input; negative counts from the end), in index's shape."""
    _check_index("take", index, input.numel(), 0, negative=True)
    return input.reshape(-1)[index]


@_registry.op()
def take_along_dim(input, indices, dim=None):
    """gather along dim with input and indices broadcast on the other axes; dim=None: both flattened."""
    if dim is None:
        return _core.gather(input.reshape(-1), 0, indices.reshape(-1))
    d = _dim("take_along_dim", dim, input.dim())
    if indices.dim() != input.dim():
        raise ValueError(f"take_along_dim: indices of shape {tuple(indices.shape)} and input of shape "
                         f"{tuple(input.shape)} differ in their number of dimensions")
    a, b = list(input.shape), list(indices.shape)
    a[d] = b[d] = 1
    try:
        common = list(_np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        raise ValueError(f"take_along_dim: input of shape {tuple(input.shape)} and indices of shape "
                         f"{tuple(indices.shape)} do not broadcast off dim {d}") from None
    xs, ys = list(common), list(common)
    xs[d], ys[d] = input.shape[d], indices.shape[d]
    return _core.gather(input.expand(*xs), d, indices.expand(*ys))


def _rows(op, input, dim):
    """input as rows to compare: (n, 1) entries when dim is None, else the slices along dim
    flattened, with the permutation that brought dim to the front."""
    x = input.detach()
    if dim is None:
        return x, x.reshape(-1, 1), None
    d = _dim(op, dim, x.dim())
    x = x.reshape(1) if x.dim() == 0 else x
    front = [d] + [a for a in range(x.dim()) if a != d]
    x = x.permute(front)
    return x, x.reshape(x.shape[0], -1), front


def _groups(input, dim, x, rows, front, first, order, return_inverse, return_counts):
    """What unique and unique_consecutive return for ``rows[order]`` whose groups start where
    ``first`` is true: the first row of each group, shaped back, and the asked-for extras."""
    n = rows.shape[0]
    ordered = rows[order]
    if dim is None:
        out = [ordered.reshape(-1)[first]]
    else:
        kept = ordered[first]
        back = [front.index(a) for a in range(x.dim())]
        out = [kept.reshape(kept.shape[0], *x.shape[1:]).permute(back)]
    if return_inverse:
        group = _core.cumsum(first, 0) - tensor(1)  # (a Python int would promote to float here)
        inverse = _core.scatter(zeros_like(order, dtype=int64), 0, order, group)
        out.append(inverse.reshape(*input.shape) if dim is None else inverse)
    if return_counts:
        starts = arange(n)[first]
        out.append(_core.cat([starts[1:], tensor([n])], 0) - starts)
    return out[0] if len(out) == 1 else tuple(out)


def _group_starts(ordered):
    """True at each row that differs from the one before it (and at the first)."""
    n, m = ordered.shape
    new = (ordered[1:] != ordered[:-1]).any(1) if m else zeros(max(n - 1, 0), dtype=bool_)
    return _core.cat([tensor([True]), new], 0)[:n]


@_registry.op(differentiable=False)
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):  # noqa: A002 - PyTorch's name
    """The distinct values of the flattened input, ascending (each NaN is its own value), or with
    dim the distinct slices along dim in lexicographic order; with return_inverse, each entry's
    (slice's) position among them; with return_counts, how often each occurs. Returned as PyTorch
    does: the values alone, or a tuple with the asked-for extras."""
    x, rows, front = _rows("unique", input, dim)
    n, m = rows.shape
    # Lexicographic order of the rows: stable sorts by each column, the last column first.
    perm = arange(n)
    for c in reversed(range(m)):
        perm = perm[_core.argsort(rows[perm, c], stable=True)]
    return _groups(input, dim, x, rows, front, _group_starts(rows[perm]), perm, return_inverse, return_counts)


@_registry.op(differentiable=False)
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """input with every run of equal consecutive values (slices along dim) reduced to one; with
    return_inverse, each entry's (slice's) run number; with return_counts, the runs' lengths."""
    x, rows, front = _rows("unique_consecutive", input, dim)
    return _groups(input, dim, x, rows, front, _group_starts(rows), arange(rows.shape[0]), return_inverse,
                   return_counts)


_add_inplace_methods(_core.scatter, _core.scatter_add, _core.scatter_reduce, index_add, index_copy, index_fill, masked_scatter)
