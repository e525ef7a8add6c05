"""PyTorch's numerical integration and polynomial helpers made of slices, sums and products:
trapezoid (trapz), cumulative_trapezoid and vander. Registered with ``@op`` (see _registry.py);
gradients come from their parts."""
from . import _core
from . import _registry
from ._compose import _along, _axis
from ._core import Tensor
from ._tensor import ones

__all__ = ["trapezoid", "trapz", "cumulative_trapezoid", "vander"]


def _trapezoids(op, y, x, dx, dim):
    """The areas of the trapezoids between consecutive samples of y along dim."""
    if y.dim() == 0:
        raise ValueError(f"{op}: expected a tensor of at least 1 dimension, got a 0-d tensor")
    if x is not None and dx is not None:
        raise ValueError(f"{op}: give x or dx, not both")
    d = _axis(dim, y.dim(), op)
    n = y.shape[d]
    if n == 0:
        return _along(y, d, slice(0, 0))
    heights = (_along(y, d, slice(1, n)) + _along(y, d, slice(0, n - 1))) / 2
    if x is None:
        return heights * (1 if dx is None else dx)
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: x must be a tensor, got {type(x).__name__} (use dx for a spacing)")
    if x.dim() == 1:
        if x.shape[0] != n:
            raise ValueError(f"{op}: x of shape {tuple(x.shape)} does not match dimension {d} of y's shape "
                             f"{tuple(y.shape)}")
        x = x.reshape([-1 if k == d else 1 for k in range(y.dim())])
    xd = _axis(d - y.dim(), x.dim(), op)
    m = x.shape[xd]
    return heights * (_along(x, xd, slice(1, m)) - _along(x, xd, slice(0, m - 1)))


@_registry.op()
def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The trapezoid rule's integral of y along ``dim``: samples at ``x`` (a tensor broadcasting
    with y, or 1-D along dim) or spaced ``dx`` (default 1)."""
    return _core.sum(_trapezoids("trapezoid", y, x, dx, dim), dim, False)


@_registry.op()
def trapz(y, x=None, *, dx=None, dim=-1):
    """trapezoid's older name."""
    return trapezoid(y, x, dx=dx, dim=dim)


@_registry.op()
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoid-rule integral of y along ``dim`` (one entry fewer than y there)."""
    return _core.cumsum(_trapezoids("cumulative_trapezoid", y, x, dx, dim), dim)


@_registry.op(method=False)
def vander(x, N=None, increasing=False):  # noqa: N803 - PyTorch's name
    """The Vandermonde matrix of a 1-D tensor: columns ``x ** (N - 1), ..., x, 1`` (ascending
    powers with ``increasing``; N defaults to len(x)), in x's dtype."""
    if x.dim() > 1:
        raise ValueError(f"vander: expected a 1-D tensor, got shape {tuple(x.shape)}")
    v = x.reshape(-1)
    n = v.shape[0] if N is None else N
    if n < 0:
        raise ValueError(f"vander: N must be non-negative, got {n}")
    columns = [ones(v.shape[0], 1, dtype=v.dtype)] + ([v.unsqueeze(1).expand(v.shape[0], n - 1)] if n > 1 else [])
    powers = _core.cumprod(_core.cat(columns, 1), 1)[:, :n]
    return powers if increasing else powers.flip(1)
