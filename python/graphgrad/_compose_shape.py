"""PyTorch's shape functions that are a few core ops each: triangles and diagonals (tril, triu, diag,
diag_embed, trace), rearrangements (roll, repeat_interleave, tile, movedim, unflatten) and shape
matching (meshgrid, broadcast_tensors, atleast_*d). Views stay views where PyTorch returns views
(movedim, unflatten, broadcast_tensors, meshgrid, atleast_*d; diagonal is a C++ view). Registered
with ``@op`` (see _registry.py), so they differentiate through their parts and enter the op table."""
import numpy as _np

from . import _core
from ._core import Tensor
from . import _registry
from ._compose import _axis, _along
from ._tensor import arange, int64, tensor, zeros, zeros_like

__all__ = ["tril", "triu", "diag_embed", "diag", "trace", "roll", "repeat_interleave", "tile", "movedim",
           "moveaxis", "unflatten", "broadcast_shapes", "broadcast_tensors", "meshgrid", "atleast_1d", "atleast_2d",
           "atleast_3d"]

# A NumPy reference that refuses anything but (a batch of) matrices, as PyTorch's tril does.
_MATRICES = "np.einsum('...ij->...ij', x)"


def _triangle(op, input, diagonal, lower):
    if input.dim() < 2:
        raise ValueError(f"{op}: expected a tensor of at least 2 dimensions, got shape {tuple(input.shape)}")
    n, m = input.shape[-2:]
    offset = arange(m).reshape(1, m) - arange(n).reshape(n, 1)  # column - row
    keep = offset <= diagonal if lower else offset >= diagonal
    return _core.where(keep, input, zeros_like(input))


@_registry.op(f"np.tril({_MATRICES}, 1)", kwargs="{'diagonal': 1}", integers=True)
def tril(input, diagonal=0):
    """The lower triangle of the matrices over the last two axes (entries with column - row <=
    ``diagonal``), zeros elsewhere."""
    return _triangle("tril", input, diagonal, True)


@_registry.op(f"np.triu({_MATRICES}, -1)", kwargs="{'diagonal': -1}", integers=True)
def triu(input, diagonal=0):
    """The upper triangle of the matrices over the last two axes (entries with column - row >=
    ``diagonal``), zeros elsewhere."""
    return _triangle("triu", input, diagonal, False)


@_registry.op("np.einsum('...i,ij->...ij', x, np.eye(x.shape[-1], dtype=x.dtype))", integers=True)
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Matrices over the new axes ``dim1`` and ``dim2`` whose diagonal ``offset`` holds the last
    axis of ``input`` (zeros elsewhere): the inverse of ``diagonal``."""
    if input.dim() < 1:
        raise ValueError("diag_embed: expected a tensor of at least 1 dimension, got a 0-d tensor")
    nd = input.dim() + 1
    d1, d2 = _axis(dim1, nd, "diag_embed"), _axis(dim2, nd, "diag_embed")
    if d1 == d2:
        raise ValueError(f"diag_embed: dim1 and dim2 are both {d1}; they must differ")
    k = abs(offset)
    m = input.shape[-1] + k
    padded = _core.cat([input, zeros(*input.shape[:-1], k, dtype=input.dtype)], -1) if k else input
    # entry (i, i + offset) is input[i]: above the diagonal it is found by row, below by column
    values = padded.unsqueeze(-1) if offset >= 0 else padded.unsqueeze(-2)
    on_diagonal = (arange(m).reshape(1, m) - arange(m).reshape(m, 1)) == offset
    square = _core.where(on_diagonal, values, zeros((), dtype=input.dtype))  # where, not a product: NaN stays put
    return movedim(square, (nd - 2, nd - 1), (d1, d2))


@_registry.op("np.diag(x, 1)", kwargs="{'diagonal': 1}", integers=True)
def diag(input, diagonal=0):
    """For a vector, the square matrix with it on diagonal ``diagonal``; for a matrix, its diagonal
    ``diagonal`` as a vector (a copy, as PyTorch)."""
    if input.dim() == 1:
        return diag_embed(input, diagonal)
    if input.dim() == 2:
        return _core.diagonal(input, diagonal, 0, 1).clone()
    raise ValueError(f"diag: expected a vector or a matrix, got shape {tuple(input.shape)}")


@_registry.op("np.trace(np.einsum('ij->ij', x))", integers=True)
def trace(input):
    """The sum of the main diagonal of a matrix."""
    if input.dim() != 2:
        raise ValueError(f"trace: expected a matrix, got shape {tuple(input.shape)}")
    return _core.diagonal(input, 0, 0, 1).sum()


def _dims(dims):
    return [dims] if isinstance(dims, int) else list(dims)


@_registry.op("np.roll(x, 1, 0)", kwargs="{'shifts': 1, 'dims': 0}", integers=True)
def roll(input, shifts, dims=None):
    """Entries shifted ``shifts`` places along ``dims`` (cyclically; those leaving one end come in at
    the other). Without ``dims`` the flattened tensor is rolled and the shape restored."""
    if dims is None:
        if not isinstance(shifts, int) and len(shifts) != 1:
            raise ValueError(f"roll: without dims, shifts must be one int, got {shifts}")
        return roll(input.flatten(), shifts if isinstance(shifts, int) else shifts[0], 0).reshape(tuple(input.shape))
    shifts, dims = _dims(shifts), _dims(dims)
    if len(shifts) != len(dims):
        raise ValueError(f"roll: {len(shifts)} shifts for {len(dims)} dims")
    out = input
    for s, d in zip(shifts, dims):
        d = _axis(d, input.dim(), "roll")
        n = input.shape[d] if input.dim() else 1
        s = s % n if n else 0
        if s and input.dim():
            out = _core.cat([_along(out, d, slice(n - s, n)), _along(out, d, slice(0, n - s))], d)
    return out.clone() if out is input else out


@_registry.op("np.repeat(x, 2, 1)", kwargs="{'repeats': 2, 'dim': 1}", integers=True)
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each entry repeated ``repeats`` times in place along ``dim`` (the flattened tensor without
    ``dim``); ``repeats`` is an int or a tensor of one count per entry. With a tensor ``input`` alone
    it is the counts: ``repeat_interleave(tensor([2, 1]))`` is ``[0, 0, 1]``."""
    if repeats is None:
        counts = input
        if counts.dim() > 1 or counts.dtype != int64:
            raise ValueError(f"repeat_interleave: counts must be a 1-D int64 tensor, got shape "
                             f"{tuple(counts.shape)} of {counts.dtype}")
        return repeat_interleave(arange(counts.shape[0] if counts.dim() else 1), counts, 0)
    if dim is None:
        input, dim = input.flatten(), 0
    d = _axis(dim, input.dim(), "repeat_interleave")
    n = input.shape[d] if input.dim() else 1
    if isinstance(repeats, Tensor):
        if repeats.dtype != int64 or repeats.dim() > 1:
            raise TypeError(f"repeat_interleave: repeats must be an int or a 1-D int64 tensor, got shape "
                            f"{tuple(repeats.shape)} of {repeats.dtype}")
        counts = repeats.numpy().reshape(-1)
        if counts.size == 1:
            repeats = int(counts[0])
        elif counts.size != n:
            raise ValueError(f"repeat_interleave: {counts.size} repeats for dimension {d} of size {n}")
        elif (counts < 0).any():
            raise ValueError(f"repeat_interleave: repeats must be non-negative, got {counts.tolist()}")
        else:
            out = _along(input, d, tensor(_np.repeat(_np.arange(n), counts)))
            _check_output_size(out, d, output_size)
            return out
    if repeats < 0:
        raise ValueError(f"repeat_interleave: repeats must be non-negative, got {repeats}")
    if input.dim() == 0:
        input = input.reshape(1)
    shape = list(input.shape)
    grown = shape[:d + 1] + [repeats] + shape[d + 1:]
    out = input.unsqueeze(d + 1).expand(*grown).reshape(*shape[:d], shape[d] * repeats, *shape[d + 1:])
    _check_output_size(out, d, output_size)
    return out


def _check_output_size(out, d, output_size):
    if output_size is not None and out.shape[d] != output_size:
        raise ValueError(f"repeat_interleave: output_size {output_size} differs from the result's {out.shape[d]}")


@_registry.op("np.tile(x, (2, 1))", kwargs="{'dims': (2, 1)}", integers=True)
def tile(input, dims):
    """The tensor repeated ``dims[k]`` times along each axis; fewer dims than axes are padded with
    leading ones (unlike ``repeat``)."""
    dims = tuple(_dims(dims))
    return input.repeat(*((1,) * (input.dim() - len(dims)) + dims))


@_registry.op("np.moveaxis(x, 0, -1)", kwargs="{'source': 0, 'destination': -1}", integers=True)
def movedim(input, source, destination):
    """The view with axes ``source`` moved to positions ``destination`` (ints or sequences), the
    other axes keeping their order."""
    src, dst = _dims(source), _dims(destination)
    nd = input.dim()
    if len(src) != len(dst):
        raise ValueError(f"movedim: {len(src)} source dims for {len(dst)} destination dims")
    src = [_axis(s, nd, "movedim") for s in src]
    dst = [_axis(d, nd, "movedim") for d in dst]
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise ValueError(f"movedim: repeated dims in source {source} or destination {destination}")
    order = [None] * nd
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(a for a in range(nd) if a not in src)
    order = [next(rest) if o is None else o for o in order]
    return input.permute(*order) if nd else input


moveaxis = movedim
Tensor.moveaxis = movedim


@_registry.op("np.expand_dims(x, 2)", kwargs="{'dim': 1, 'sizes': (-1, 1)}", integers=True)
def unflatten(input, dim, sizes):
    """Axis ``dim`` split into axes of ``sizes`` (one may be -1): a view when the strides allow."""
    d = _axis(dim, input.dim(), "unflatten")
    if input.dim() == 0:
        raise ValueError("unflatten: expected a tensor of at least 1 dimension, got a 0-d tensor")
    sizes, shape = tuple(sizes), tuple(input.shape)
    known = int(_np.prod([s for s in sizes if s != -1]))
    if -1 in sizes and sizes.count(-1) == 1 and known and shape[d] % known == 0:
        sizes = tuple(shape[d] // known if s == -1 else s for s in sizes)  # from the axis, not numel: empty works
    if any(s < 0 for s in sizes) or int(_np.prod(sizes)) != shape[d]:
        raise ValueError(f"unflatten: sizes {sizes} do not split dimension {d} of size {shape[d]}")
    return input.reshape(*shape[:d], *sizes, *shape[d + 1:])


def _tensors(op, tensors):
    """PyTorch's *tensors, which may also be one list or tuple of tensors."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: expected tensors, got {type(t).__name__}")
    return tensors


def broadcast_shapes(*shapes):
    """The shape that tensors of ``shapes`` broadcast to (NumPy's rule); a ValueError when they don't."""
    try:
        return tuple(_np.broadcast_shapes(*[(s,) if isinstance(s, int) else tuple(s) for s in shapes]))
    except ValueError:
        raise ValueError(f"broadcast_shapes: shapes {[tuple(s) if not isinstance(s, int) else (s,) for s in shapes]} "
                         f"do not broadcast") from None


@_registry.op(method=False)
def broadcast_tensors(*tensors):
    """Views of the tensors expanded to their common broadcast shape."""
    tensors = _tensors("broadcast_tensors", tensors)
    shape = broadcast_shapes(*[tuple(t.shape) for t in tensors])
    return tuple(t.expand(*shape) if tuple(t.shape) != shape else t for t in tensors)


@_registry.op(method=False)
def meshgrid(*tensors, indexing="ij"):
    """Coordinate grids from 1-D (or 0-d) tensors: output k varies along axis k ('ij', matrix
    indexing) or, with 'xy' (Cartesian), the first two axes swapped. Each is an expanded view."""
    tensors = _tensors("meshgrid", tensors)
    if indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    for t in tensors:
        if t.dim() > 1:
            raise ValueError(f"meshgrid: expected 0-d or 1-D tensors, got shape {tuple(t.shape)}")
    flat = [t.reshape(-1) for t in tensors]
    if indexing == "xy" and len(flat) >= 2:
        flat[0], flat[1] = flat[1], flat[0]
    sizes = [t.shape[0] for t in flat]
    grids = []
    for k, t in enumerate(flat):
        shape = [1] * len(flat)
        shape[k] = sizes[k]
        grids.append(t.reshape(*shape).expand(*sizes))
    if indexing == "xy" and len(grids) >= 2:  # the swapped inputs' grids, handed back in input order
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def _atleast(name, ndim, lift):
    def fn(input, *tensors):
        tensors = _tensors(name, (input,) + tensors)
        out = tuple(lift(t) if t.dim() < ndim else t for t in tensors)
        return out[0] if len(out) == 1 and isinstance(input, Tensor) else out
    fn.__name__ = name
    fn.__doc__ = (f"The tensor as a view with at least {ndim} dimension{'s' * (ndim > 1)} (NumPy's rule for the "
                  "new axes); several tensors (or one list of them) give a tuple.")
    return fn


def _lift_2d(t):
    return t.reshape(1, 1) if t.dim() == 0 else t.unsqueeze(0)


def _lift_3d(t):  # NumPy's rule: (n,) becomes (1, n, 1) and (m, n) becomes (m, n, 1)
    return _lift_2d(t).unsqueeze(-1) if t.dim() < 2 else t.unsqueeze(-1)


atleast_1d = _registry.op("np.atleast_1d(x)", integers=True, method=False)(
    _atleast("atleast_1d", 1, lambda t: t.reshape(1)))
atleast_2d = _registry.op("np.atleast_2d(x)", integers=True, method=False)(_atleast("atleast_2d", 2, _lift_2d))
atleast_3d = _registry.op("np.atleast_3d(x)", integers=True, method=False)(_atleast("atleast_3d", 3, _lift_3d))
