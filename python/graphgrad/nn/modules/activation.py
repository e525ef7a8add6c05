"""Activation modules: each carries its settings and calls its nn.functional function."""
import inspect

from .. import functional as F
from .module import Module


class _Activation(Module):
    """A function of the input alone (``_fn``, from functional.py). A subclass's settings, given
    to this ``__init__`` as keywords, become attributes, ``_fn``'s keyword arguments and the repr."""
    _fn = None

    def __init__(self, **settings):
        if settings and type(self).__init__ is _Activation.__init__:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected keyword arguments {sorted(settings)}")
        super().__init__()
        for name, value in settings.items():
            setattr(self, name, value)
        self._settings = tuple(settings)

    # What users see: a subclass that does not define __init__ (Tanh, Sigmoid, SiLU) takes no arguments.
    __init__.__signature__ = inspect.Signature([inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)])

    def forward(self, input):
        """The activation applied to ``input`` elementwise (any shape; the output has the same shape)."""
        if not self._settings:  # ReLU, Tanh, ...: no keyword dict to build on every call
            return type(self)._fn(input)
        return type(self)._fn(input, **{name: getattr(self, name) for name in self._settings})

    def extra_repr(self):
        return ", ".join(f"{name}={getattr(self, name)!r}" for name in self._settings)

class ReLU(_Activation):
    """max(0, x) elementwise; any shape (N, *) -> (N, *). ``inplace`` is accepted and computed out of place."""
    _fn = staticmethod(F.relu)

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace  # accepted for PyTorch scripts; the result is computed out of place

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""

class Tanh(_Activation):
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x) elementwise; any shape."""
    _fn = staticmethod(F.tanh)

class Sigmoid(_Activation):
    """sigma(x) = 1 / (1 + e^-x) elementwise; any shape."""
    _fn = staticmethod(F.sigmoid)

class LeakyReLU(_Activation):
    """x for x >= 0, negative_slope * x below; any shape."""
    _fn = staticmethod(F.leaky_relu)

    def __init__(self, negative_slope=0.01):
        super().__init__(negative_slope=negative_slope)

class Softmax(_Activation):
    """exp(x_i) / sum_j exp(x_j) along ``dim`` (each slice sums to 1); any shape."""
    _fn = staticmethod(F.softmax)

    def __init__(self, dim):
        super().__init__(dim=dim)

class LogSoftmax(Softmax):
    """x_i - log(sum_j exp(x_j)) along ``dim``, computed without overflow; any shape."""
    _fn = staticmethod(F.log_softmax)

class SiLU(_Activation):
    """x * sigma(x) (the swish) elementwise; any shape."""
    _fn = staticmethod(F.silu)

class GELU(_Activation):
    """x * Phi(x) with Phi the normal CDF (``approximate='tanh'``: its tanh approximation); any shape."""
    _fn = staticmethod(F.gelu)

    def __init__(self, approximate="none"):
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        super().__init__(approximate=approximate)

class ELU(_Activation):
    """x for x > 0, alpha * (e^x - 1) below; any shape."""
    _fn = staticmethod(F.elu)

    def __init__(self, alpha=1.0):
        super().__init__(alpha=alpha)

class Softplus(_Activation):
    """log(1 + e^(beta x)) / beta, linear above ``threshold``; any shape."""
    _fn = staticmethod(F.softplus)

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__(beta=beta, threshold=threshold)


from .attention import MultiheadAttention  # noqa: E402,F401 - where torch.nn.modules.activation has it
