"""PyTorch's layout functions made of views, cat and indexing: broadcast_to, ravel, the flips and
rot90, swapdims, tensor_split, the h/v/d/column stacks, block_diag, cartesian_prod, diff and the
triangle index generators. Registered with ``@op`` (see _registry.py)."""
import numpy as _np

from . import _core
from . import _registry
from ._compose import _along, _axis, flip
from ._compose_shape import _tensors, atleast_1d, atleast_2d, atleast_3d, meshgrid
from ._core import Tensor
from ._core import promote_types
from ._inplace import signed_like as _signed_like
from ._tensor import bool_, int64, tensor, zeros

__all__ = ["broadcast_to", "ravel", "fliplr", "flipud", "rot90", "swapdims", "tensor_split", "hstack", "vstack",
           "dstack", "column_stack", "block_diag", "cartesian_prod", "diff", "tril_indices", "triu_indices"]


@_registry.op("np.broadcast_to(x, (2, 3, 4))", kwargs="{'size': (2, 3, 4)}", integers=True)
def broadcast_to(input, size):
    """The view of input expanded to ``size`` (NumPy's broadcasting; -1 keeps a dimension)."""
    return input.expand(*size)


@_registry.op("np.ravel(x)", integers=True)
def ravel(input):
    """The entries in row-major order as a 1-D tensor (a view when input is contiguous)."""
    return input.reshape(-1)


@_registry.op("np.fliplr(x)", integers=True)
def fliplr(input):
    """The view with the columns (dim 1) reversed; input has at least 2 dimensions."""
    if input.dim() < 2:
        raise ValueError(f"fliplr: expected a tensor of at least 2 dimensions, got shape {tuple(input.shape)}")
    return flip(input, 1)


@_registry.op("np.flipud(x)", integers=True)
def flipud(input):
    """The view with the rows (dim 0) reversed; input has at least 1 dimension."""
    if input.dim() < 1:
        raise ValueError("flipud: expected a tensor of at least 1 dimension, got a 0-d tensor")
    return flip(input, 0)


@_registry.op("np.rot90(x, 1, (0, 1))", integers=True)
def rot90(input, k=1, dims=(0, 1)):
    """The view rotated by 90 degrees ``k`` times in the plane of ``dims``, from the first axis
    towards the second."""
    if len(dims) != 2:
        raise ValueError(f"rot90: expected two dims, got {dims}")
    if input.dim() < 2:
        raise ValueError(f"rot90: expected a tensor of at least 2 dimensions, got shape {tuple(input.shape)}")
    d0, d1 = (_axis(d, input.dim(), "rot90") for d in dims)
    if d0 == d1:
        raise ValueError(f"rot90: the dims must differ, got {dims}")
    k %= 4
    if k == 1:
        return flip(input, d1).transpose(d0, d1)
    if k == 2:
        return flip(input, [d0, d1])
    if k == 3:
        return flip(input, d0).transpose(d0, d1)
    return input.clone()


@_registry.op("np.swapaxes(x, 0, 1)", kwargs="{'dim0': 0, 'dim1': 1}", integers=True)
def swapdims(input, dim0, dim1):
    """The view with dims ``dim0`` and ``dim1`` exchanged (transpose's other name)."""
    return input.transpose(dim0, dim1)


@_registry.op()
def tensor_split(input, indices_or_sections, dim=0):
    """Views along ``dim``: ``n`` pieces as equal as can be (the first ``size % n`` one longer) for an
    int (or 0-d tensor) ``n``, or the pieces between the split points of a list (or 1-D tensor)."""
    d = _axis(dim, input.dim(), "tensor_split")
    if input.dim() == 0:
        raise ValueError("tensor_split: expected a tensor of at least 1 dimension, got a 0-d tensor")
    size = input.shape[d]
    spec = indices_or_sections
    if isinstance(spec, Tensor):
        if spec.dtype != int64 or spec.dim() > 1:
            raise TypeError(f"tensor_split: a tensor of sections or indices must be 0-d or 1-D int64, got shape "
                            f"{tuple(spec.shape)} of {spec.dtype}")
        spec = int(spec.item()) if spec.dim() == 0 else spec.tolist()
    if isinstance(spec, int):
        if spec <= 0:
            raise ValueError(f"tensor_split: the number of sections must be positive, got {spec}")
        q, r = divmod(size, spec)
        bounds = _np.cumsum([0] + [q + 1] * r + [q] * (spec - r)).tolist()
    else:
        points = [min(max(p + size if p < 0 else p, 0), size) for p in spec]
        bounds = [0] + points + [size]
    return tuple(_along(input, d, slice(a, max(a, b))) for a, b in zip(bounds[:-1], bounds[1:]))


def _sequence(op, tensors):
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op}: expected a list or tuple of tensors, got {type(tensors).__name__}")
    if not tensors:
        raise ValueError(f"{op}: expected a non-empty list of tensors")
    return _tensors(op, tuple(tensors))


@_registry.op(method=False)
def hstack(tensors):
    """The tensors (at least 1-d) joined along dim 1, or dim 0 when they are all 1-D."""
    ts = atleast_1d(*_sequence("hstack", tensors))
    ts = ts if isinstance(ts, tuple) else (ts,)
    return _core.cat(list(ts), 0 if ts[0].dim() == 1 else 1)


@_registry.op(method=False)
def vstack(tensors):
    """The tensors (at least 2-d; a vector becomes a row) joined along dim 0."""
    ts = atleast_2d(*_sequence("vstack", tensors))
    return _core.cat(list(ts) if isinstance(ts, tuple) else [ts], 0)


@_registry.op(method=False)
def dstack(tensors):
    """The tensors (at least 3-d, NumPy's rule) joined along dim 2."""
    ts = atleast_3d(*_sequence("dstack", tensors))
    return _core.cat(list(ts) if isinstance(ts, tuple) else [ts], 2)


@_registry.op(method=False)
def column_stack(tensors):
    """The tensors as columns side by side: 0-d and 1-D ones become (n, 1) columns, then dim 1 joins them."""
    ts = [t.reshape(t.numel(), 1) if t.dim() <= 1 else t for t in _sequence("column_stack", tensors)]
    return _core.cat(ts, 1)


def _common_dtype(ts):
    dtype = ts[0].dtype
    for t in ts[1:]:
        dtype = promote_types(dtype, t.dtype)
    return dtype


@_registry.op(method=False)
def block_diag(*tensors):
    """The block-diagonal matrix with the tensors (0-d as 1x1, 1-D as one row, 2-D) along its diagonal."""
    ts = _tensors("block_diag", tensors)
    for t in ts:
        if t.dim() > 2:
            raise ValueError(f"block_diag: expected tensors of at most 2 dimensions, got shape {tuple(t.shape)}")
    if not ts:
        return zeros(1, 0)
    dtype = _common_dtype(ts)
    blocks = [t.reshape(1, -1).to(dtype) if t.dim() < 2 else t.to(dtype) for t in ts]
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        r, c = b.shape
        rows.append(_core.cat([zeros(r, left, dtype=dtype), b, zeros(r, width - left - c, dtype=dtype)], 1))
        left += c
    return _core.cat(rows, 0)


@_registry.op(method=False)
def cartesian_prod(*tensors):
    """Every combination of one entry of each 1-D tensor, in row-major order: (n1 * n2 * ..., k);
    one tensor is returned as it is."""
    ts = _tensors("cartesian_prod", tensors)
    for t in ts:
        if t.dim() != 1:
            raise ValueError(f"cartesian_prod: expected 1-D tensors, got shape {tuple(t.shape)}")
    if len(ts) == 1:
        return ts[0]
    return _core.stack([g.reshape(-1) for g in meshgrid(*ts, indexing="ij")], 1)


@_registry.op("np.diff(x)", integers=True)
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along ``dim`` (``out[i] = input[i + 1] - input[i]``, != for
    bools), after joining ``prepend`` and ``append`` along it."""
    if input.dim() == 0:
        raise ValueError("diff: expected a tensor of at least 1 dimension, got a 0-d tensor")
    if n < 0:
        raise ValueError(f"diff: order n must be non-negative, got {n}")
    d = _axis(dim, input.dim(), "diff")
    parts = [t for t in (prepend, input, append) if t is not None]
    x = _core.cat(parts, d) if len(parts) > 1 else input
    for _ in range(n):
        size = x.shape[d]
        if size == 0:
            break
        hi, lo = _along(x, d, slice(1, size)), _along(x, d, slice(0, size - 1))
        x = hi != lo if x.dtype == bool_ else hi - lo
    return x


def _triangle_indices(op, numpy_fn, row, col, offset, dtype, device):
    if row < 0 or col < 0:
        raise ValueError(f"{op}: row and col must be non-negative, got {row} and {col}")
    if str(device).split(":")[0] != "cpu":
        raise ValueError(f"{op}: graphgrad runs on the CPU only, got device {device!r}")
    return tensor(_np.stack(numpy_fn(row, offset, col)).reshape(2, -1), dtype=dtype)


@_registry.op(method=False)
def tril_indices(row, col, offset=0, *, dtype=int64, device="cpu"):
    """The (2, N) coordinates of the lower triangle (column - row <= offset) of a row x col matrix, row by row."""
    return _triangle_indices("tril_indices", _np.tril_indices, row, col, offset, dtype, device)


@_registry.op(method=False)
def triu_indices(row, col, offset=0, *, dtype=int64, device="cpu"):
    """The (2, N) coordinates of the upper triangle (column - row >= offset) of a row x col matrix, row by row."""
    return _triangle_indices("triu_indices", _np.triu_indices, row, col, offset, dtype, device)


def _view_inplace(name, view):
    """The method ``name`` turning self into ``view(self, ...)``, a view of its own storage (its shape
    and strides change, its identity stays). The graph cannot follow a tensor whose shape changes,
    so a tensor that requires grad is refused, as PyTorch refuses a leaf."""
    def method(self, *args, **kwargs):
        if self.requires_grad:
            raise RuntimeError(f"{name}: cannot change the shape of a tensor that requires grad in place "
                               f"(shape {tuple(self.shape)}); use x = x.{name[:-1]}(...)")
        self.data = view(self, *args, **kwargs)
        return self
    method.__name__ = name
    method.__doc__ = f"In place: self becomes ``self.{name[:-1]}(...)``, a view of its own storage."
    return _signed_like(method, view)


for _name in ("unsqueeze", "squeeze", "t", "transpose", "swapdims", "swapaxes"):
    setattr(Tensor, _name + "_", _view_inplace(_name + "_", getattr(Tensor, _name)))
