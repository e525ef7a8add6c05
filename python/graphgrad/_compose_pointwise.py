"""PyTorch's elementwise functions that are a few core ops each: xlogy, logit, sinc, heaviside,
fmax/fmin (NaN-ignoring), deg2rad/rad2deg, the sign and infinity tests, addcmul/addcdiv and
clamp_min/clamp_max, with the in-place forms PyTorch scripts use (masked_fill_, tril_, lerp_,
addcmul_, nan_to_num_, ...). Registered with ``@op`` (see _registry.py)."""
import math as _math

from . import _core
from . import _registry
from ._compose import isnan, lerp, masked_fill, nan_to_num
from ._compose_shape import tril, triu
from ._core import Tensor
from ._inplace import add_inplace_methods as _add_inplace_methods
from ._tensor import bool_, float32, full_like, ones_like, zeros_like

__all__ = ["xlogy", "logit", "sinc", "heaviside", "fmax", "fmin", "deg2rad", "rad2deg", "isneginf", "isposinf",
           "isreal", "signbit", "addcmul", "addcdiv", "clamp_min", "clamp_max"]


def _floating(x):
    """x as a float tensor: integers and bools become float32, as PyTorch's float-valued ops."""
    return x if x.dtype.is_floating_point else x.to(float32)


def _float_pair(input, other):
    """Both arguments as tensors, the first floating; a number takes the other's dtype."""
    x = _floating(input) if isinstance(input, Tensor) else full_like(_floating(other), input)
    return x, other if isinstance(other, Tensor) else full_like(x, other)


@_registry.op("np.where(x == 0, 0.0, x * np.log(y))", domain="positive")
def xlogy(input, other):
    """``input * log(other)``, 0 where input is 0 (unless other is NaN); either may be a number."""
    x, y = _float_pair(input, other)
    # x * log(y), with log(y) read as 0 where x is 0 and y is 0, negative or inf (not NaN): the gradient
    # in x stays log(y) where that is finite, as PyTorch's
    undefined = (x == 0) & ((y <= 0) | (y == float("inf")))
    return x * _core.log(_core.where(undefined, 1.0, y))


@_registry.op("np.log(np.clip(x, 0.05, 0.95) / (1 - np.clip(x, 0.05, 0.95)))", kwargs="{'eps': 0.05}")
def logit(input, eps=None):
    """``log(p / (1 - p))``, with p clamped to [eps, 1 - eps] when eps is given (else NaN outside [0, 1])."""
    p = _floating(input)
    if eps is not None:
        p = _core.clamp(p, eps, 1 - eps)
    return _core.log(p / (1 - p))


@_registry.op("np.sinc(x)")
def sinc(input):
    """``sin(pi x) / (pi x)``, and 1 at 0 (the normalized sinc)."""
    x = _floating(input) * _math.pi
    zero = x == 0
    return _core.where(zero, 1.0, _core.sin(x) / _core.where(zero, 1.0, x))


@_registry.op("np.heaviside(x, y)", differentiable=False)
def heaviside(input, values):
    """The step function: 0 where input < 0, 1 where > 0 and ``values`` where input is 0 (both of one dtype)."""
    if values.dtype != input.dtype:
        raise TypeError(f"heaviside: input ({input.dtype}) and values ({values.dtype}) must have the same dtype")
    return _core.where(input == 0, values, (input > 0).to(input.dtype))


@_registry.op("np.fmax(x, y)", domain="distinct", integers=True)
def fmax(input, other):
    """The elementwise maximum, ignoring NaN (NaN only where both are)."""
    return _core.where(isnan(other), input, _core.where(isnan(input), other, _core.maximum(input, other)))


@_registry.op("np.fmin(x, y)", domain="distinct", integers=True)
def fmin(input, other):
    """The elementwise minimum, ignoring NaN (NaN only where both are)."""
    return _core.where(isnan(other), input, _core.where(isnan(input), other, _core.minimum(input, other)))


@_registry.op("np.deg2rad(x)", integers=True)
def deg2rad(input):
    """Degrees to radians."""
    return _floating(input) * (_math.pi / 180)


@_registry.op("np.rad2deg(x)", integers=True)
def rad2deg(input):
    """Radians to degrees."""
    return _floating(input) * (180 / _math.pi)


@_registry.op("np.isneginf(x)", differentiable=False, integers=True)
def isneginf(input):
    """True where input is -inf (a bool tensor)."""
    return input == float("-inf") if input.dtype.is_floating_point else zeros_like(input, dtype=bool_)


@_registry.op("np.isposinf(x)", differentiable=False, integers=True)
def isposinf(input):
    """True where input is +inf (a bool tensor)."""
    return input == float("inf") if input.dtype.is_floating_point else zeros_like(input, dtype=bool_)


@_registry.op("np.isreal(x)", differentiable=False, integers=True)
def isreal(input):
    """True everywhere: graphgrad's tensors are real (a bool tensor)."""
    return ones_like(input, dtype=bool_)


@_registry.op("np.signbit(x)", differentiable=False, integers=True)
def signbit(input):
    """True where the sign bit is set: negative numbers, -0.0 and negative NaN (a bool tensor)."""
    if input.dtype.is_floating_point:
        return _core.copysign(ones_like(input), input) < 0
    return input < 0


@_registry.op("x + 0.5 * y * z", kwargs="{'value': 0.5}", integers=True)
def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2`` (all broadcast)."""
    product = tensor1 * tensor2
    return input + (product if value == 1 else value * product)


@_registry.op("x + 0.5 * y / z", kwargs="{'value': 0.5}", domain="nonzero")
def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2`` (all broadcast); integer tensors are refused, as PyTorch."""
    if not (tensor1.dtype.is_floating_point or tensor2.dtype.is_floating_point):
        raise TypeError(f"addcdiv: integer division of {tensor1.dtype} by {tensor2.dtype} is not supported; "
                        "use addcmul(input, tensor1, 1 / tensor2) or floats")
    quotient = tensor1 / tensor2
    return input + (quotient if value == 1 else value * quotient)


@_registry.op("np.maximum(x, 0.25)", kwargs="{'min': 0.25}", integers=True)
def clamp_min(input, min):  # noqa: A002 - PyTorch's name
    """``clamp(input, min=min)``: min a number or a tensor (broadcast)."""
    return _core.clamp(input, min, None)


@_registry.op("np.minimum(x, 0.25)", kwargs="{'max': 0.25}", integers=True)
def clamp_max(input, max):  # noqa: A002 - PyTorch's name
    """``clamp(input, max=max)``: max a number or a tensor (broadcast)."""
    return _core.clamp(input, None, max)


_add_inplace_methods(masked_fill, tril, triu, lerp, nan_to_num, xlogy, logit, sinc, heaviside, fmax, fmin,
                     deg2rad, rad2deg, addcmul, addcdiv, clamp_min, clamp_max)
