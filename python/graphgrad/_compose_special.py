"""The gamma family's functions with a parameter, composed from the core's special functions:
polygamma(n, input) (PyTorch's argument order; Tensor.polygamma(n)) and the multivariate log-gamma
mvlgamma(input, p). Registered with ``@op`` (see _registry.py); gradients come from their parts."""
import math as _math

from . import _core
from . import _registry
from ._compose_pointwise import _floating
from ._core import Tensor
from ._inplace import add_inplace_methods as _add_inplace_methods, inplace as _inplace
from ._tensor import arange

__all__ = ["polygamma", "mvlgamma"]


@_registry.op(method=False)
def polygamma(n, input):
    """ψ⁽ⁿ⁾(input), the n-th derivative of the digamma function (n = 0: digamma itself), elementwise:
    (-1)^(n+1) n! ζ(n + 1, input) for n ≥ 1. Its gradient is polygamma(n + 1, input).

    >>> gg.polygamma(1, gg.tensor([1.0]))  # π²/6
    tensor([1.6449])"""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"polygamma: n must be an int, got {type(n).__name__}")
    return _core._polygamma(input, n)


def _polygamma_method(self, n):
    """ψ⁽ⁿ⁾(self): ``graphgrad.polygamma(n, self)``."""
    return polygamma(n, self)


_polygamma_method.__name__ = "polygamma"
Tensor.polygamma = _polygamma_method
Tensor.polygamma_ = _inplace("polygamma_", _polygamma_method)


@_registry.op("np.vectorize(math.lgamma)(x) + np.vectorize(math.lgamma)(x - 0.5) + math.log(math.pi) / 2",
              domain="above_one", kwargs="{'p': 2}")
def mvlgamma(input, p):
    """The multivariate log-gamma function of dimension p, elementwise:
    log Γ_p(input) = p(p-1)/4 · log π + Σ_{j=0}^{p-1} lgamma(input - j/2). Every element must exceed
    (p - 1)/2, as in PyTorch."""
    if isinstance(p, bool) or not isinstance(p, int) or p < 1:
        raise ValueError(f"mvlgamma: p must be a positive int, got {p!r}")
    x = _floating(input)
    if x.numel() and not bool((x > (p - 1) / 2).all()):
        raise ValueError(f"mvlgamma: all elements must be greater than (p-1)/2 = {(p - 1) / 2}")
    shifts = arange(p, dtype=x.dtype) / 2
    return _core.lgamma(x.unsqueeze(-1) - shifts).sum(-1) + p * (p - 1) / 4 * _math.log(_math.pi)


_add_inplace_methods(mvlgamma)
