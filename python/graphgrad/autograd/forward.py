"""Forward-mode AD with dual tensors, as ``torch.autograd.forward_ad`` (and ``torch.func.jvp``).

A dual tensor carries a tangent beside its value; every op propagates it with its C++ tangent
rule (``cpp/ops/record.h``), so one forward pass gives a Jacobian-vector product. Tangents live
only inside ``dual_level()``. An op without a tangent rule raises ``NotImplementedError``.
"""
import collections

from .. import _core
from .._core import Tensor

UnpackedDualTensor = collections.namedtuple("UnpackedDualTensor", ["primal", "tangent"])
UnpackedDualTensor.__doc__ = (
    "What ``unpack_dual`` returns: the (primal, tangent) of a dual tensor (tangent None if it has none).")


class dual_level:
    """Context in which dual tensors exist; leaving it drops every tangent made in it.
    Levels do not nest."""

    def __enter__(self):
        self.level = _core._enter_dual_level()
        return self.level

    def __exit__(self, *exc):
        _core._exit_dual_level(self.level)
        return False


def make_dual(tensor, tangent):
    """A view of ``tensor`` carrying ``tangent`` (same shape and dtype) inside a dual level.

    >>> import graphgrad.autograd.forward as fwd
    >>> with fwd.dual_level():
    ...     x = fwd.make_dual(gg.tensor([1.0, 2.0]), gg.tensor([1.0, 0.0]))
    ...     fwd.unpack_dual((x ** 2).sum()).tangent     # 2·x·v
    tensor(2.)
    """
    return _core._make_dual(tensor, tangent)


def unpack_dual(tensor):
    """``(primal, tangent)`` of a dual tensor; the tangent is None where there is none."""
    return UnpackedDualTensor(*_core._unpack_dual(tensor))


def _as_tuple(x, what):
    if isinstance(x, Tensor):
        return False, (x,)
    if isinstance(x, (tuple, list)) and all(isinstance(t, Tensor) for t in x):
        return True, tuple(x)
    raise TypeError(f"jvp: {what} must be a Tensor or a tuple of Tensors, got {type(x).__name__}")


def jvp(fn, primals, tangents):
    """``(fn(*primals), J·tangents)`` in a single forward pass, as ``torch.func.jvp``.
    Outputs with no dependence on the primals get zero tangents."""
    _, primals = _as_tuple(primals, "primals")
    _, tangents = _as_tuple(tangents, "tangents")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: got {len(primals)} primals but {len(tangents)} tangents")
    with dual_level():
        outs = fn(*(make_dual(p, t) for p, t in zip(primals, tangents)))
        out_tuple, outs = _as_tuple(outs, "the function's outputs")
        pairs = [unpack_dual(o) for o in outs]
    primal_out = tuple(p for p, _ in pairs)
    tangent_out = tuple(t if t is not None else _core._full(p.shape, 0.0, p.dtype) for p, t in pairs)
    if out_tuple:
        return primal_out, tangent_out
    return primal_out[0], tangent_out[0]
