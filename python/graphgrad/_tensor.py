"""Tensor creation from Python data, dtype handling and the Tensor repr.

Parsing Python data (scalars, nested lists, arrays) is NumPy's job; the result is handed to the
C++ core zero-copy. Everything here runs once per tensor, never per element.
"""
import numpy as np

from . import _core
from ._core import Tensor, dtype

float32 = dtype.float32
float64 = dtype.float64
int64 = dtype.int64
bool_ = dtype.bool

_NUMPY = {float32: np.float32, float64: np.float64, int64: np.int64, bool_: np.bool_}


def _to_dtype(d):
    """A graphgrad dtype from a graphgrad dtype, a NumPy dtype, a Python type or a name."""
    if d is None or isinstance(d, dtype):
        return d
    if d is float:
        return float32
    if d is int:
        return int64
    if d is bool:
        return bool_
    try:
        nd = np.dtype(d)
    except TypeError:
        raise TypeError(f"unsupported dtype {d!r}; expected float32, float64, int64 or bool") from None
    for k, v in _NUMPY.items():
        if nd == v:
            return k
    raise TypeError(f"unsupported dtype {nd}; expected float32, float64, int64 or bool")


def _default_dtype(arr, from_numpy):
    """NumPy arrays keep float32/float64; Python numbers and lists give float32; integers int64."""
    k = arr.dtype.kind
    if k == "f":
        return float64 if (from_numpy and arr.dtype == np.float64) else float32
    if k in "iu":
        return int64
    if k == "b":
        return bool_
    raise TypeError(f"tensor: unsupported data of dtype {arr.dtype}; expected numbers")


def from_numpy(array):
    """A tensor sharing the array's memory when C-contiguous and of a supported dtype;
    otherwise a contiguous copy (strides honoured, never misread)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected a numpy.ndarray, got {type(array).__name__}")
    d = _to_dtype(array.dtype) if array.dtype in (np.float32, np.float64, np.int64, np.bool_) else None
    if d is None:
        array = array.astype(_NUMPY[_default_dtype(array, True)])
    return _core._from_numpy(array if array.flags.c_contiguous else array.copy(order="C"))


def tensor(data, dtype=None, requires_grad=False):
    """A new tensor (always a copy) from a scalar, a nested list, an ndarray or a Tensor."""
    if type(data) is float and dtype is None:  # the common scalar case, without NumPy
        return _core._scalar(data, float32, requires_grad)
    if isinstance(data, Tensor):
        data = data.detach().numpy()
    shared = isinstance(data, np.ndarray)  # someone else's memory: copied exactly once below
    try:
        arr = data if shared else np.array(data)
    except ValueError as e:
        raise ValueError(f"tensor: cannot build a tensor from ragged or invalid data: {e}") from None
    if arr.dtype == object:
        raise ValueError("tensor: cannot build a tensor from ragged or non-numeric nested data")
    d = _to_dtype(dtype) or _default_dtype(arr, isinstance(data, (np.ndarray, np.generic)))
    arr = np.array(arr, dtype=_NUMPY[d], order="C", copy=True if shared else None)
    t = _core._from_numpy(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


def as_tensor(data, dtype=None):
    """Shares memory with an ndarray when possible (like torch.as_tensor)."""
    if isinstance(data, Tensor) and (dtype is None or data.dtype == _to_dtype(dtype)):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or _to_dtype(dtype) == _to_dtype(data.dtype)):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def _shape(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def _new(t, requires_grad):
    if requires_grad:
        t.requires_grad_(True)
    return t


def empty(*size, dtype=None, requires_grad=False):
    return _new(_core._empty(_shape(size), dtype=_to_dtype(dtype) or float32), requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False):
    if isinstance(size, int):
        size = (size,)
    return _new(_core._full(tuple(size), float(fill_value), _to_dtype(dtype) or float32), requires_grad)


def zeros(*size, dtype=None, requires_grad=False):
    return full(_shape(size), 0.0, dtype=dtype, requires_grad=requires_grad)


def ones(*size, dtype=None, requires_grad=False):
    return full(_shape(size), 1.0, dtype=dtype, requires_grad=requires_grad)


def full_like(t, fill_value, dtype=None, requires_grad=False):
    return full(t.shape, fill_value, dtype=dtype or t.dtype, requires_grad=requires_grad)


def zeros_like(t, dtype=None, requires_grad=False):
    return full_like(t, 0.0, dtype, requires_grad)


def ones_like(t, dtype=None, requires_grad=False):
    return full_like(t, 1.0, dtype, requires_grad)


def empty_like(t, dtype=None, requires_grad=False):
    return empty(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def rand(*size, dtype=None, requires_grad=False):
    """Uniform [0, 1) from the seeded counter-based generator."""
    return _new(_core._rand(_shape(size), _to_dtype(dtype) or float32), requires_grad)


def randn(*size, dtype=None, requires_grad=False):
    """Standard normal from the seeded counter-based generator."""
    return _new(_core._randn(_shape(size), _to_dtype(dtype) or float32), requires_grad)


def rand_like(t, dtype=None, requires_grad=False):
    return rand(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def randn_like(t, dtype=None, requires_grad=False):
    return randn(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def randint(low, high=None, size=(), dtype=None):
    """Integers in [low, high) from the seeded generator (int64 by default)."""
    if high is None:
        low, high = 0, low
    if high <= low:
        raise ValueError(f"randint: high ({high}) must be greater than low ({low})")
    u = _core._rand(tuple(size), float64).numpy()
    vals = np.minimum(np.floor(low + u * (high - low)), high - 1).astype(np.int64)
    return tensor(vals, dtype=dtype or int64)


def randperm(n, dtype=None):
    """A random permutation of range(n) from the seeded generator."""
    keys = _core._rand((int(n),), float64).numpy()
    return tensor(np.argsort(keys, kind="stable").astype(np.int64), dtype=dtype or int64)


def arange(start, end=None, step=1, dtype=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    a = np.arange(start, end, step)
    return tensor(a, dtype=dtype or (int64 if a.dtype.kind in "iu" else float32), requires_grad=requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False):
    return tensor(np.linspace(start, end, steps), dtype=dtype or float32, requires_grad=requires_grad)


def eye(n, m=None, dtype=None, requires_grad=False):
    return tensor(np.eye(n, m), dtype=dtype or float32, requires_grad=requires_grad)


def config():
    """Which instruction set runs (``isa``; forced with the environment variable GRAPHGRAD_ISA),
    the one each kernel family was dispatched to (``kernels``), how many threads graphgrad uses,
    and how many bytes of freed tensor memory are held for reuse (see ``empty_cache``)."""
    kernels = _core._kernel_isas()
    return {"isa": _core._isa(), "kernels": kernels, "gemm_kernel": kernels["gemm"],
            "num_threads": _core.get_num_threads(), "cached_bytes": _core._cached_bytes()}


def empty_cache():
    """Give the freed tensor memory held for reuse (at most 256 MB, blocks of 64 KB and more) back
    to the system allocator."""
    _core._empty_cache()


def _repr(t):
    body = np.array2string(t.detach().numpy(), separator=", ", prefix="tensor(", precision=4)
    extras = []
    if t.dtype not in (float32, int64, bool_) or t.numel() == 0:
        extras.append(f"dtype={t.dtype}")
    if t.grad_fn is not None:
        extras.append(f"grad_fn={t.grad_fn!r}")
    elif t.requires_grad:
        extras.append("requires_grad=True")
    return "tensor(" + body + "".join(", " + e for e in extras) + ")"


def _tolist(t):
    return t.detach().numpy().tolist()


def _array(t, dtype=None, copy=None):
    a = t.detach().numpy()
    return a if dtype is None else a.astype(dtype)


def _iter(t):
    if t.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return (t[i] for i in range(len(t)))


def _bool(t):
    if t.numel() != 1:
        raise RuntimeError(f"bool: the truth value of a tensor with {t.numel()} elements is ambiguous")
    return bool(t.item())


Tensor.__repr__ = _repr
Tensor.__str__ = _repr
Tensor.tolist = _tolist
Tensor.__array__ = _array
Tensor.__iter__ = _iter
Tensor.__bool__ = _bool
Tensor.__float__ = lambda t: float(t.item())
Tensor.__int__ = lambda t: int(t.item())
Tensor.__array_priority__ = 1000  # ndarray (op) Tensor defers to Tensor's reflected operator
def _to_args(op, args, dtype=None, device=None):
    """The dtype asked of ``op(*args, dtype=, device=)`` in PyTorch's forms (None: keep it); the
    CPU, given as "cpu", "cpu:0" or a device object, is the only device and changes nothing."""
    def is_cpu(d):
        return str(getattr(d, "type", d)).split(":")[0] == "cpu"
    for a in args:
        if isinstance(a, str) and is_cpu(a) or getattr(a, "type", None) == "cpu":
            continue
        if isinstance(a, str) and a.split(":")[0] in ("cuda", "mps", "xpu", "meta"):
            raise ValueError(f"{op}: graphgrad runs on the CPU only, got device {a!r}")
        if dtype is not None:
            raise TypeError(f"{op}: dtype given twice ({dtype!r} and {a!r})")
        dtype = a
    if device is not None and not is_cpu(device):
        raise ValueError(f"{op}: graphgrad runs on the CPU only, got device {device!r}")
    return _to_dtype(dtype)


def _tensor_to(core_to):
    def to(self, *args, dtype=None, device=None):
        """A copy in another dtype (``self`` when it already has it); devices as in ``_to_args``."""
        target = _to_args("Tensor.to", args, dtype, device)
        return self if target is None else core_to(self, target)
    return to


Tensor.to = _tensor_to(Tensor.to)


def _deepcopy(t, memo):
    c = t.detach().clone()
    if t.requires_grad:
        c.requires_grad_(True)
    return c


Tensor.__deepcopy__ = _deepcopy
Tensor.type_as = lambda self, other: self.to(other.dtype)
dtype.__repr__ = dtype.__str__ = lambda d: "graphgrad." + d.name


def _setitem(core_setitem):
    def __setitem__(self, key, value):
        """``x[key] = value``: value a tensor, a number, or array-like data (taken in x's dtype)."""
        if not isinstance(value, (Tensor, int, float)):
            value = as_tensor(value, dtype=self.dtype)
        core_setitem(self, key, value)
    return __setitem__


Tensor.__setitem__ = _setitem(Tensor.__setitem__)
