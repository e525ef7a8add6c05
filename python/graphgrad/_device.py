"""Devices and dtypes as PyTorch scripts spell them. graphgrad runs on the CPU only: ``device("cpu")``
is accepted everywhere PyTorch takes a device (factories, ``Tensor.to``, ``nn`` modules) and any
other device raises a clear error; ``cuda``, ``backends.mps`` and ``accelerator`` report that no
accelerator is available. Every public name here is part of ``graphgrad``."""
import builtins
import functools as _functools
import types as _types

import numpy as _np

from . import _core
from . import _tensor as _t
from ._core import Tensor, dtype

# PyTorch's dtype aliases.
float = _t.float32  # noqa: A001 - PyTorch's name
double = _t.float64
half = _t.float16
long = _t.int64
int = _t.int32  # noqa: A001 - PyTorch's name
short = _t.int16
bool = _t.bool_  # noqa: A001 - PyTorch's name


class finfo:
    """PyTorch's machine limits of a floating dtype (float32 by default): bits, eps, max, min,
    tiny (= smallest_normal) and resolution."""

    def __init__(self, type=None):  # noqa: A002 - PyTorch's name
        d = _t._to_dtype(type) or _t.float32
        if not d.is_floating_point:
            raise TypeError(f"finfo: expected a floating-point dtype, got {d}")
        if d == _t.bfloat16:  # 8 significand bits and float32's exponent
            self.bits, self.eps, self.max, self.tiny, self.resolution = 16, 2.0**-7, 3.3895313892515355e38, 2.0**-126, 0.01
        else:
            f = _np.finfo(_t._NUMPY[d])
            self.bits, self.eps, self.max = f.bits, builtins.float(f.eps), builtins.float(f.max)
            self.tiny, self.resolution = builtins.float(f.tiny), 10.0 ** -f.precision
        self.min, self.smallest_normal, self.dtype = -self.max, self.tiny, d.name

    def __repr__(self):
        return (f"finfo(resolution={self.resolution}, min={self.min}, max={self.max}, eps={self.eps}, "
                f"smallest_normal={self.smallest_normal}, tiny={self.tiny}, dtype={self.dtype})")


class iinfo:
    """PyTorch's limits of an integer dtype (or bool): bits, min and max."""

    def __init__(self, type):  # noqa: A002 - PyTorch's name
        d = _t._to_dtype(type)
        if d is None or d.is_floating_point:
            raise TypeError(f"iinfo: expected an integer dtype, got {d}")
        if d == _t.bool_:
            self.bits, self.min, self.max = 8, 0, 1
        else:
            i = _np.iinfo(_t._NUMPY[d])
            self.bits, self.min, self.max = i.bits, builtins.int(i.min), builtins.int(i.max)
        self.dtype = d.name

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype})"


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
            index = builtins.int(idx)
        _check_cpu("device", kind)
        if index is not None and builtins.int(index) != 0:
            raise RuntimeError(f"device: graphgrad has one CPU device (index 0), got index {index}")
        self.type, self.index = kind, None if index is None else builtins.int(index)

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


def _no_accelerator():
    """Raises RuntimeError: graphgrad runs on the CPU only, there is no CUDA device."""
    raise RuntimeError("graphgrad runs on the CPU only: no CUDA device is available")


def _no_devices():
    """0: graphgrad sees no accelerator (it runs on the CPU)."""
    return 0


def _no_current_accelerator():
    """None: there is no accelerator."""
    return None


def _ignore_seed(seed):
    """Does nothing: there is no accelerator to seed (``gg.manual_seed`` seeds the CPU's generator)."""


def _synchronize(device=None):
    """Does nothing: a CPU op has finished when it returns."""


# PyTorch's device namespaces, for scripts that ask before they choose a device.
cuda = _types.SimpleNamespace(is_available=_unavailable("CUDA"), device_count=_no_devices,
                              manual_seed=_ignore_seed, manual_seed_all=_ignore_seed,
                              synchronize=_synchronize, current_device=_no_accelerator)
backends = _types.SimpleNamespace(mps=_types.SimpleNamespace(is_available=_unavailable("MPS"),
                                                             is_built=_unavailable("MPS")),
                                  cudnn=_types.SimpleNamespace(is_available=_unavailable("cuDNN"),
                                                               deterministic=False, benchmark=False))
accelerator = _types.SimpleNamespace(is_available=_unavailable("accelerator"),
                                     current_accelerator=_no_current_accelerator, device_count=_no_devices)
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
# gg.tensor(3.0) and gg.tensor(3.0, requires_grad=True) as a builtin that makes the 0-d tensor itself
# (the lecture's leaves skip the two Python frames) and passes every other call to the factory.
tensor = _core._fast_tensor(tensor, "(data, dtype=None, requires_grad=False)", _t.__name__)  # noqa: F821


# ---- Tensor: device, cpu, type, element_size, nelement ----------------------------------------------

def _type(self, dtype=None, non_blocking=False):
    """With no argument the type's name (``'graphgrad.FloatTensor'``), else a copy in ``dtype`` (self
    when it already has it)."""
    if dtype is None:
        return "graphgrad." + _TYPE_NAMES[self.dtype]
    if isinstance(dtype, str) and dtype.startswith("graphgrad."):  # the names given above
        dtype = {v: k for k, v in _TYPE_NAMES.items()}[dtype[len("graphgrad."):]]
    return self.to(dtype)


_TYPE_NAMES = {_t.float32: "FloatTensor", _t.float64: "DoubleTensor", _t.float16: "HalfTensor",
               _t.bfloat16: "BFloat16Tensor", _t.int64: "LongTensor", _t.int32: "IntTensor", _t.int16: "ShortTensor",
               _t.int8: "CharTensor", _t.uint8: "ByteTensor", _t.bool_: "BoolTensor"}


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
Tensor.itemsize = property(lambda self: self.dtype.itemsize, doc="Bytes per element.")
