"""PyTorch's reductions made of other ops: prod (a tree of pairwise products, so that its gradient
is exact with zeros, any number of them, and differentiates again), aminmax, count_nonzero and the
(var, mean) / (std, mean) pairs. Registered with ``@op`` (see _registry.py)."""
import collections as _collections

from . import _core
from . import _registry
from ._compose import _axis
from ._compose_shape import movedim
from ._surface import return_types
from ._tensor import int64, ones

__all__ = ["prod", "aminmax", "count_nonzero", "var_mean", "std_mean"]

return_types.aminmax = _collections.namedtuple("aminmax", ["min", "max"])
return_types.aminmax.__doc__ = "What aminmax returns: the named tuple (min, max), PyTorch's return_types.aminmax."


def _product_of_last_axis(x):
    """The product over the last axis by halving it: each level multiplies the even entries by the
    odd ones (padded with a one). The gradient of a product of products is exact where a quotient
    out / x would divide by zero."""
    if x.shape[-1] == 0:  # the empty product is 1; as a sum plus one it stays in the graph
        return _core.sum(x, -1, False) + 1
    while x.shape[-1] > 1:
        if x.shape[-1] % 2:
            x = _core.cat([x, ones(*x.shape[:-1], 1, dtype=x.dtype)], -1)
        x = x[..., 0::2] * x[..., 1::2]
    return x[..., 0]


@_registry.op("np.prod(x, axis=1)", kwargs="{'dim': 1}", integers=True)
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """The product of the entries (along ``dim``, an int); bool and integer inputs give int64. The
    gradient is right with zeros among the entries."""
    x = input.to(dtype) if dtype is not None else input
    if not x.dtype.is_floating_point and x.dtype != int64:  # bool and the small integers: int64, as PyTorch
        x = x.long()
    if dim is None:
        out = _product_of_last_axis(x.reshape(-1))
        return out.reshape(*([1] * input.dim())) if keepdim else out
    if not isinstance(dim, int):
        raise TypeError(f"prod: dim must be an int, got {dim!r}")
    d = _axis(dim, x.dim(), "prod")
    if x.dim() == 0:
        return x.clone()
    out = _product_of_last_axis(movedim(x, d, -1))
    return out.unsqueeze(d) if keepdim else out


@_registry.op(method=True)
def aminmax(input, *, dim=None, keepdim=False):
    """The named tuple ``(min, max)`` of the entries (along ``dim``)."""
    if input.numel() == 0 and dim is None:
        raise ValueError(f"aminmax: cannot reduce an empty tensor of shape {tuple(input.shape)} without a dim")
    return return_types.aminmax(_core.amin(input, dim, keepdim), _core.amax(input, dim, keepdim))


@_registry.op("np.count_nonzero(x, axis=1)", kwargs="{'dim': 1}", differentiable=False, integers=True)
def count_nonzero(input, dim=None):
    """The number of nonzero entries (along ``dim``: an int or a tuple), as int64."""
    return _core.sum((input != 0).long(), dim, False)


def _correction(op, unbiased, correction):
    if unbiased is not None and correction is not None:
        raise ValueError(f"{op}: give unbiased or correction, not both")
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _moments(op, spread, input, dim, unbiased, keepdim, correction):
    if isinstance(dim, bool):  # PyTorch's var_mean(input, unbiased)
        dim, unbiased = None, dim
    c = _correction(op, unbiased, correction)
    return spread(input, dim, keepdim, correction=c), _core.mean(input, dim, keepdim)


@_registry.op(method=False)
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """The tuple ``(var, mean)`` over ``dim`` (all when None); the variance divides by N - correction
    (1 by default; ``unbiased=False`` is 0)."""
    return _moments("var_mean", _core.var, input, dim, unbiased, keepdim, correction)


@_registry.op(method=False)
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """The tuple ``(std, mean)`` over ``dim`` (all when None); the variance divides by N - correction
    (1 by default; ``unbiased=False`` is 0)."""
    return _moments("std_mean", _core.std, input, dim, unbiased, keepdim, correction)
