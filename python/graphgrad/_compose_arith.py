"""PyTorch's elementwise arithmetic that is another op under a NumPy name (negative, positive,
absolute, the arc* functions, fix, sgn) or a few core ops (frac, rsub, float_power, ldexp,
logaddexp2, gcd, lcm), and the bit-level float functions frexp and nextafter (no gradient, as in
PyTorch). Registered with ``@op`` (see _registry.py), with their in-place forms."""
import math as _math

import numpy as _np

from . import _core
from . import _registry
from ._compose_pointwise import _floating
from ._compose_shape import broadcast_tensors
from ._core import Tensor
from ._inplace import add_inplace_methods as _add_inplace_methods
from ._tensor import float64, int32, tensor

__all__ = ["negative", "positive", "absolute", "arccos", "arcsin", "arctan", "arccosh", "arcsinh", "arctanh",
           "fix", "sgn", "frac", "rsub", "float_power", "ldexp", "logaddexp2", "gcd", "lcm", "frexp", "nextafter"]


@_registry.op("-x", integers=True)
def negative(input):
    """``-input`` (neg's NumPy name)."""
    return _core.neg(input)


@_registry.op("x", integers=True)
def positive(input):
    """input itself (``+input``); bool tensors are refused, as PyTorch."""
    if input.dtype == _core.dtype.bool:
        raise TypeError("positive: the unary + is not supported for bool tensors")
    return input


@_registry.op("np.abs(x)", domain="nonzero", integers=True)
def absolute(input):
    """``|input|`` (abs's NumPy name)."""
    return _core.abs(input)


def _alias(name, core_name, reference, domain, doc):
    core = getattr(_core, core_name)

    def fn(input):
        return core(input)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{doc} ({core_name}'s NumPy name)."
    return _registry.op(reference, domain=domain)(fn)


arccos = _alias("arccos", "acos", "np.arccos(x)", "unit", "The inverse cosine, in [0, pi]")
arcsin = _alias("arcsin", "asin", "np.arcsin(x)", "unit", "The inverse sine, in [-pi/2, pi/2]")
arctan = _alias("arctan", "atan", "np.arctan(x)", "real", "The inverse tangent, in (-pi/2, pi/2)")
arccosh = _alias("arccosh", "acosh", "np.arccosh(x)", "above_one", "The inverse hyperbolic cosine (input >= 1)")
arcsinh = _alias("arcsinh", "asinh", "np.arcsinh(x)", "real", "The inverse hyperbolic sine")
arctanh = _alias("arctanh", "atanh", "np.arctanh(x)", "unit", "The inverse hyperbolic tangent (|input| < 1)")


@_registry.op("np.fix(x)", integers=True, domain="distinct")
def fix(input):
    """Rounds towards zero (trunc's other name); the gradient is 0."""
    return _core.trunc(input)


@_registry.op("np.sign(x)", integers=True, domain="nonzero")
def sgn(input):
    """The sign, -1, 0 or 1 (sign, for real tensors); the gradient is 0."""
    return _core.sign(input)


@_registry.op("x - np.trunc(x)", domain="distinct")
def frac(input):
    """The fractional part ``input - trunc(input)``, with input's sign; the gradient is 1."""
    return input - _core.trunc(input)


@_registry.op("y - 2 * x", kwargs="{'alpha': 2}", integers=True)
def rsub(input, other, *, alpha=1):
    """``other - alpha * input`` (subtraction reversed); other a tensor or a number."""
    return other - (input if alpha == 1 else alpha * input)


@_registry.op(domain="positive")
def float_power(input, exponent):
    """``input ** exponent`` computed in float64 (both operands cast to it), as PyTorch."""
    base = input.to(float64) if isinstance(input, Tensor) else tensor(float(input), dtype=float64)
    return _core.pow(base, exponent.to(float64) if isinstance(exponent, Tensor) else float(exponent))


@_registry.op("x * np.exp2(y)", integers=True)
def ldexp(input, other):
    """``input * 2 ** other`` (a float result)."""
    return _floating(input) * _core.exp2(_floating(other).to(_floating(input).dtype))


@_registry.op("np.logaddexp2(x, y)")
def logaddexp2(input, other):
    """``log2(2 ** input + 2 ** other)``, without overflow."""
    ln2 = _math.log(2)
    return _core.logaddexp(input * ln2, other * ln2) / ln2


def _integer_operands(op, a, b):
    if a.dtype.is_floating_point or b.dtype.is_floating_point or a.dtype == _core.dtype.bool:
        raise TypeError(f"{op}: expected integer tensors, got {a.dtype} and {b.dtype}")
    return broadcast_tensors(_core.abs(a), _core.abs(b))


def _gcd_of(a, b):
    """Euclid's algorithm on whole tensors: one remainder per round, O(log max) rounds."""
    while bool((b != 0).any().item()):
        nonzero = b != 0
        a, b = _core.where(nonzero, b, a), _core.where(nonzero, _core.remainder(a, _core.where(nonzero, b, 1)), 0)
    return a


@_registry.op(differentiable=False)
def gcd(input, other):
    """The greatest common divisor of integer tensors (non-negative; gcd(0, 0) = 0)."""
    a, b = _integer_operands("gcd", input, other)
    return _gcd_of(a, b)


@_registry.op(differentiable=False)
def lcm(input, other):
    """The least common multiple of integer tensors (non-negative; 0 when either is 0)."""
    a, b = _integer_operands("lcm", input, other)
    g = _gcd_of(a, b)
    return _core.where(g == 0, 0, _core.floor_divide(a, _core.where(g == 0, 1, g)) * b)


def _floats_of(op, t):
    if not t.dtype.is_floating_point:
        raise TypeError(f"{op}: expected a floating-point tensor, got {t.dtype}")
    return t.detach().numpy()


@_registry.op(differentiable=False)
def frexp(input):
    """(mantissa, exponent) with ``input = mantissa * 2 ** exponent`` and 0.5 <= |mantissa| < 1:
    the mantissa in input's dtype, the exponent int32."""
    mantissa, exponent = _np.frexp(_floats_of("frexp", input))
    return tensor(mantissa, dtype=input.dtype), tensor(exponent, dtype=int32)


@_registry.op("np.nextafter(x, y)", differentiable=False)
def nextafter(input, other):
    """The next representable float after input towards other, in their (common float) dtype."""
    if input.dtype != other.dtype:
        raise TypeError(f"nextafter: expected both tensors to have the same dtype, got {input.dtype} and "
                        f"{other.dtype}")
    a, b = _np.broadcast_arrays(_floats_of("nextafter", input), _floats_of("nextafter", other))
    return tensor(_np.nextafter(a, b), dtype=input.dtype)


_add_inplace_methods(negative, absolute, arccos, arcsin, arctan, arccosh, arcsinh, arctanh, fix, sgn, frac,
                     float_power, ldexp, gcd, lcm)
