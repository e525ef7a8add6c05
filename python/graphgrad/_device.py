"""Devices and dtypes as PyTorch scripts spell them. graphgrad runs on the CPU only: ``device("cpu")``
is accepted everywhere PyTorch takes a device (factories, ``Tensor.to``, ``nn`` modules) and any
other device raises a clear error; ``cuda``, ``backends.mps`` and ``accelerator`` report that no
accelerator is available. Every public name here is part of ``graphgrad``."""
import functools as _functools
import types as _types

from . import _core
from . import _tensor as _t
from ._core import Tensor, dtype

# PyTorch's dtype aliases (graphgrad holds float32, float64, int64 and bool).
float = _t.float32  # noqa: A001 - PyTorch's name
double = _t.float64
long = _t.int64
bool = _t.bool_  # noqa: A001 - PyTorch's name


class device:
    """A device: graphgrad has only ``cpu`` (``"cpu"``, ``"cpu:0"``, ``device("cpu", 0)``); asking for
    any other raises a RuntimeError naming it."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):  # noqa: A002 - PyTorch's name
        if isinstance(type, device):
            type, index = type.type, type.index
        kind, _, idx = str(type).partition(":")
        if idx:
            if index is not None:
                raise ValueError(f"device: index given twice in {type!r} and index={index}")
            index = int(idx)
        _check_cpu("device", kind)
        if index is not None and int(index) != 0:
            raise RuntimeError(f"device: graphgrad has one CPU device (index 0), got index {index}")
        self.type, self.index = kind, None if index is None else int(index)

    def __eq__(self, other):
        try:
            other = device(other)
        except (RuntimeError, ValueError, TypeError):
            return False
        return self.type == other.type and (self.index or 0) == (other.index or 0)

    def __hash__(self):
        return hash((self.type, self.index or 0))

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self):
        return f"device(type={self.type!r}" + ("" if self.index is None else f", index={self.index}") + ")"


def _check_cpu(op, kind):
    if kind != "cpu":
        raise RuntimeError(f"{op}: graphgrad runs on the CPU only; device {kind!r} is not available "
                           f"(gg.cuda.is_available() and gg.backends.mps.is_available() are False)")


def _as_device(op, d):
    """None or the cpu device; anything else raises naming ``op``."""
    if d is None:
        return None
    kind = d.type if isinstance(d, device) else str(d).partition(":")[0]
    _check_cpu(op, kind)
    return _CPU


_CPU = device("cpu")


def _unavailable(name):
    def is_available():
        return False
    is_available.__doc__ = f"False: graphgrad has no {name} support."
    return is_available


def _no_accelerator(*args, **kwargs):
    raise RuntimeError("graphgrad runs on the CPU only: no CUDA device is available")


cuda = _types.SimpleNamespace(is_available=_unavailable("CUDA"), device_count=lambda: 0,
                              manual_seed=lambda seed: None, manual_seed_all=lambda seed: None,
                              synchronize=lambda device=None: None, current_device=_no_accelerator)
backends = _types.SimpleNamespace(mps=_types.SimpleNamespace(is_available=_unavailable("MPS"),
                                                             is_built=_unavailable("MPS")),
                                  cudnn=_types.SimpleNamespace(is_available=_unavailable("cuDNN"),
                                                               deterministic=False, benchmark=False))
accelerator = _types.SimpleNamespace(is_available=_unavailable("accelerator"),
                                     current_accelerator=lambda: None, device_count=lambda: 0)
mps = backends.mps


# ---- device= on every factory -----------------------------------------------------------------------

def _with_device(fn):
    @_functools.wraps(fn)
    def factory(*args, device=None, **kwargs):
        _as_device(fn.__name__, device)
        return fn(*args, **kwargs)
    factory.__doc__ = (fn.__doc__ or "") + "\n\n``device`` may be None or the CPU (the only device)."
    return factory


_FACTORIES = ("tensor", "as_tensor", "empty", "full", "zeros", "ones", "full_like", "zeros_like", "ones_like",
              "empty_like", "rand", "randn", "rand_like", "randn_like", "randint", "randperm", "arange", "linspace",
              "eye")
globals().update({name: _with_device(getattr(_t, name)) for name in _FACTORIES})


# ---- Tensor: device, cpu, type, element_size, nelement ----------------------------------------------

def _type(self, dtype=None, non_blocking=False):
    """With no argument the type's name (``'graphgrad.FloatTensor'``), else a copy in ``dtype`` (self
    when it already has it)."""
    if dtype is None:
        return "graphgrad." + {_t.float32: "FloatTensor", _t.float64: "DoubleTensor", _t.int64: "LongTensor",
                               _t.bool_: "BoolTensor"}[self.dtype]
    return self.to(dtype)


Tensor.device = property(lambda self: _CPU, doc="The tensor's device: always the CPU.")
def _cpu(self, memory_format=None):
    """The tensor itself: it is on the CPU already (``memory_format`` is accepted and ignored)."""
    return self


def _cuda(self, device=None, non_blocking=False, memory_format=None):
    """Raises: graphgrad has no accelerator (PyTorch's ``cuda()`` for code that checks first)."""
    return _no_accelerator()


def _element_size(self):
    """The size of one element in bytes (4 for float32)."""
    return self.dtype.itemsize


def _nelement(self):
    """The number of elements (``numel()``)."""
    return self.numel()


def _is_floating_point(self):
    """True when the dtype is float32 or float64."""
    return self.dtype.is_floating_point


Tensor.is_cuda = property(lambda self: False, doc="Always False: graphgrad runs on the CPU.")
Tensor.cpu = _cpu
Tensor.cuda = _cuda
Tensor.type = _type
Tensor.element_size = _element_size
Tensor.nelement = _nelement
Tensor.is_floating_point = _is_floating_point
