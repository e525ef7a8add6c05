"""PyTorch's tensor idioms that are a core op or two each: comparison functions and methods, the
``*_as`` and ``new_*`` methods, ``unbind``, ``return_types`` (the registry's named tuples), and the
conversions Python's own protocols use (``'{:.2f}'.format(loss)``, ``items[idx]``). Every public
name here is part of ``graphgrad``."""
import builtins as _builtins

from . import _core
from . import _registry
from . import _tensor as _t
from ._core import Tensor


@_registry.op("x == y", differentiable=False, integers=True)
def eq(input, other):
    """``input == other`` elementwise (a bool tensor), with broadcasting."""
    return input == other


@_registry.op("x != y", differentiable=False, integers=True)
def ne(input, other):
    """``input != other`` elementwise (a bool tensor), with broadcasting."""
    return input != other


@_registry.op("x < y", differentiable=False, integers=True)
def lt(input, other):
    """``input < other`` elementwise (a bool tensor), with broadcasting."""
    return input < other


@_registry.op("x <= y", differentiable=False, integers=True)
def le(input, other):
    """``input <= other`` elementwise (a bool tensor), with broadcasting."""
    return input <= other


@_registry.op("x > y", differentiable=False, integers=True)
def gt(input, other):
    """``input > other`` elementwise (a bool tensor), with broadcasting."""
    return input > other


@_registry.op("x >= y", differentiable=False, integers=True)
def ge(input, other):
    """``input >= other`` elementwise (a bool tensor), with broadcasting."""
    return input >= other


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def equal(input, other):
    """True when both have the same shape and all entries are equal."""
    return tuple(input.shape) == tuple(other.shape) and _builtins.bool((input == other).all().item())


def unbind(input, dim=0):
    """The views ``input.select(dim, i)`` for every i, as a tuple."""
    ndim = input.dim()
    if not -ndim <= dim < ndim:
        raise IndexError(f"unbind: dim {dim} is out of range for a tensor with {ndim} dimensions")
    d = dim % ndim
    return tuple(input[(slice(None),) * d + (i,)] for i in range(input.shape[d]))


# ---- the (values, indices) named tuples of max, min, sort, topk, ... (made by the registry's binder) ----

class return_types:  # noqa: N801 - PyTorch's torch.return_types
    """PyTorch's ``torch.return_types``: the (values, indices) named tuples that max, min, sort, topk,
    kthvalue, median, cummax and cummin return, one per op, added below from the registry."""


for _d in _registry.ops():
    if _d.get("results"):
        _rt = _core._return_type(_d["name"])
        _rt.__doc__ = f"What {_d['name']} returns: the named tuple (values, indices), PyTorch's return_types.{_d['name']}."
        setattr(return_types, _d["name"], _rt)


# ---- methods -----------------------------------------------------------------------------------------

def _new(make, what):
    def new(self, *size, dtype=None, device=None, requires_grad=False):
        from ._device import _as_device
        _as_device("Tensor.new_*", device)
        return make(self, _t._shape(size), dtype or self.dtype, requires_grad)
    new.__doc__ = (f"A new tensor of shape ``size`` (ints or one sequence) {what}, in this tensor's dtype "
                   "unless ``dtype`` is given: ``x.new_zeros(2, 3)``.")
    return new


Tensor.new_zeros = _new(lambda self, s, d, rg: _t.zeros(s, dtype=d, requires_grad=rg), "filled with 0")
Tensor.new_ones = _new(lambda self, s, d, rg: _t.ones(s, dtype=d, requires_grad=rg), "filled with 1")
Tensor.new_empty = _new(lambda self, s, d, rg: _t.empty(s, dtype=d, requires_grad=rg), "left uninitialised")


def _new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
    """A new tensor of shape ``size`` filled with ``fill_value``, in this tensor's dtype unless ``dtype`` is given."""
    from ._device import _as_device
    _as_device("Tensor.new_full", device)
    return _t.full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)


def _new_tensor(self, data, dtype=None, device=None, requires_grad=False):
    """``gg.tensor(data)`` in this tensor's dtype unless ``dtype`` is given (a copy, detached from any graph)."""
    from ._device import _as_device
    _as_device("Tensor.new_tensor", device)
    return _t.tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)


Tensor.new_full = _new_full


def _where(self, condition, y):
    """``where(condition, self, y)``: self where condition holds, y (a tensor or a number) elsewhere."""
    return _core.where(condition, self, y)


Tensor.where = _where
Tensor.new_tensor = _new_tensor
def _view_as(self, other):
    """``self.view(other.shape)``: a view with ``other``'s shape."""
    return self.view(tuple(other.shape))


def _reshape_as(self, other):
    """``self.reshape(other.shape)``: a view when the layout allows, else a copy."""
    return self.reshape(tuple(other.shape))


def _expand_as(self, other):
    """``self.expand(other.shape)``: a broadcast view with ``other``'s shape (no copy)."""
    return self.expand(tuple(other.shape))


Tensor.view_as = _view_as
Tensor.reshape_as = _reshape_as
Tensor.expand_as = _expand_as
for _alias, _name in (("greater", "gt"), ("greater_equal", "ge"), ("less", "lt"), ("less_equal", "le"),
                      ("not_equal", "ne")):
    setattr(Tensor, _alias, globals()[_name])
Tensor.equal = equal
Tensor.unbind = unbind


def _format(self, spec):
    """A 0-d tensor formats as its number (``f"{loss:.3f}"``); others as their repr."""
    if self.dim() == 0:
        return format(self.item(), spec)
    return format(repr(self), spec)


def _index(self):
    """An integer 0-d (or one-element) tensor indexes Python sequences."""
    if self.dtype != _t.int64 or self.numel() != 1:
        raise TypeError(f"only integer tensors of a single element can be converted to an index, got a "
                        f"{self.dtype} tensor of shape {tuple(self.shape)}")
    return int(self.item())


Tensor.__format__ = _format
Tensor.__index__ = _index
# ``x %= y`` and the like write into x, as PyTorch's do (Python would otherwise rebind x to a new tensor).
for _dunder, _method in (("__imod__", "remainder_"), ("__ifloordiv__", "floor_divide_"), ("__ipow__", "pow_"),
                         ("__iand__", "bitwise_and_"), ("__ior__", "bitwise_or_"), ("__ixor__", "bitwise_xor_"),
                         ("__ilshift__", "bitwise_left_shift_"), ("__irshift__", "bitwise_right_shift_")):
    setattr(Tensor, _dunder, getattr(Tensor, _method))
del _name, _alias, _dunder, _method
