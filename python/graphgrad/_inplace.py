"""In-place forms of ops composed in Python: ``x.name_(...)`` computes ``name(x, ...)`` on what the
core's in-place mechanism reads self as (ops/inplace.h) and writes the result into self, so that
the gradient flows through self's old value and the other inputs, as for the C++ in-place ops."""
import inspect as _inspect

from . import _core
from ._core import Tensor


def inplace(name, fn):
    """The method ``name`` (``fn.__name__ + '_'``) writing ``fn(self, ...)`` into self."""
    def method(self, *args, **kwargs):
        return _core._assign_inplace(name, self, fn(_core._inplace_source(self), *args, **kwargs))
    method.__name__ = name
    method.__doc__ = f"In place: ``self = self.{fn.__name__}(...)`` (see graphgrad.{fn.__name__})."
    return signed_like(method, fn)


def signed_like(method, fn):
    """method with fn's signature, its first parameter named self (the signatures of the C++
    functions exist unless GRAPHGRAD_TEXT_SIGNATURES=0, as for the stub generator)."""
    try:
        sig = _inspect.signature(fn)
    except ValueError:
        return method
    params = list(sig.parameters.values())
    method.__signature__ = sig.replace(parameters=[params[0].replace(name="self")] + params[1:])
    return method


def add_inplace_methods(*fns):
    """Tensor.<fn>_ for each fn."""
    for fn in fns:
        setattr(Tensor, fn.__name__ + "_", inplace(fn.__name__ + "_", fn))
