"""Activation modules: each carries its settings and calls its nn.functional function."""
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

    def forward(self, input):
        return type(self)._fn(input, **{name: getattr(self, name) for name in self._settings})

    def extra_repr(self):
        return ", ".join(f"{name}={getattr(self, name)!r}" for name in self._settings)

class ReLU(_Activation):
    _fn = staticmethod(F.relu)

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace  # accepted for PyTorch scripts; the result is computed out of place

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""

class Tanh(_Activation):
    _fn = staticmethod(F.tanh)

class Sigmoid(_Activation):
    _fn = staticmethod(F.sigmoid)

class LeakyReLU(_Activation):
    _fn = staticmethod(F.leaky_relu)

    def __init__(self, negative_slope=0.01):
        super().__init__(negative_slope=negative_slope)

class Softmax(_Activation):
    _fn = staticmethod(F.softmax)

    def __init__(self, dim):
        super().__init__(dim=dim)

class LogSoftmax(Softmax):
    _fn = staticmethod(F.log_softmax)

class SiLU(_Activation):
    _fn = staticmethod(F.silu)

class GELU(_Activation):
    _fn = staticmethod(F.gelu)

    def __init__(self, approximate="none"):
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        super().__init__(approximate=approximate)

class ELU(_Activation):
    _fn = staticmethod(F.elu)

    def __init__(self, alpha=1.0):
        super().__init__(alpha=alpha)

class Softplus(_Activation):
    _fn = staticmethod(F.softplus)

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__(beta=beta, threshold=threshold)
