"""Tensor creation from Python data, dtype handling and the Tensor repr. Every public name here is
part of ``graphgrad`` (a star import: imports are private).

Parsing Python data (scalars, nested lists, arrays) is NumPy's job; the result is handed to the
C++ core zero-copy. Everything here runs once per tensor, never per element.
"""
import numpy as _np

from . import _core
from ._core import Tensor, dtype

float32 = dtype.float32
float64 = dtype.float64
float16 = dtype.float16
bfloat16 = dtype.bfloat16
int64 = dtype.int64
int32 = dtype.int32
int16 = dtype.int16
int8 = dtype.int8
uint8 = dtype.uint8
bool_ = dtype.bool

# The NumPy type of each dtype NumPy has (bfloat16 has none: it goes through float32, exactly).
_NUMPY = {float32: _np.float32, float64: _np.float64, float16: _np.float16, int64: _np.int64, int32: _np.int32,
          int16: _np.int16, int8: _np.int8, uint8: _np.uint8, bool_: _np.bool_}
_DTYPES = "bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32 or float64"


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
    if d == "bfloat16":
        return bfloat16
    try:
        nd = _np.dtype(d)
    except TypeError:
        raise TypeError(f"unsupported dtype {d!r}; expected {_DTYPES}") from None
    for k, v in _NUMPY.items():
        if nd == v:
            return k
    raise TypeError(f"unsupported dtype {nd}; expected {_DTYPES}")


def _default_dtype(arr, from_numpy):
    """NumPy arrays keep their dtype (wider unsigned integers become int64); Python numbers and
    lists give float32 (the default dtype) or int64 (integers) or bool."""
    k, n = arr.dtype.kind, arr.dtype.itemsize
    if k == "f":  # by size, so that a big-endian '>f8' keeps float64's precision
        return {2: float16, 4: float32}.get(n, float64) if from_numpy else float32
    if k == "i" and from_numpy:
        return {1: int8, 2: int16, 4: int32}.get(n, int64)
    if k == "u" and from_numpy and n == 1:
        return uint8
    if k in "iu":
        return int64
    if k == "b":
        return bool_
    raise TypeError(f"tensor: unsupported data of dtype {arr.dtype}; expected numbers")


def _numpy_of(t):
    """The values of ``t`` as an ndarray (a float32 copy for bfloat16, which NumPy lacks)."""
    t = t.detach()
    return (t.float() if t.dtype == bfloat16 else t).numpy()


def from_numpy(array) -> Tensor:
    """A tensor sharing the array's memory when C-contiguous, aligned, writeable and of a
    supported native-byte-order dtype; otherwise a contiguous copy (strides honoured, never
    misread). Read-only arrays (``_np.load(..., mmap_mode='r')``) are copied, since a tensor is
    always writeable (PyTorch shares them and warns)."""
    if not isinstance(array, _np.ndarray):
        raise TypeError(f"from_numpy: expected a numpy.ndarray, got {type(array).__name__}")
    if not array.dtype.isnative:  # big-endian data: the same type in this machine's byte order
        array = array.astype(array.dtype.newbyteorder("="))
    if array.dtype not in _NUMPY.values():
        array = array.astype(_NUMPY[_default_dtype(array, True)])
    return _core._from_numpy(array if array.flags.c_contiguous else array.copy(order="C"))


def tensor(data, dtype=None, requires_grad=False) -> Tensor:
    """A new tensor (always a copy) from a scalar, a nested list, an ndarray or a Tensor.

    Floating data gives float32 (``gg.get_default_dtype()``) and integers int64, as in PyTorch;
    ``dtype`` overrides that, and ``requires_grad=True`` makes a leaf that collects ``.grad``.

    >>> x = gg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> x.shape, x.dtype
    ((2, 2), graphgrad.float32)
    >>> (x * x).sum().backward()
    >>> x.grad.tolist()
    [[2.0, 4.0], [6.0, 8.0]]
    >>> gg.tensor([1, 2]).dtype, gg.tensor(3.0, dtype=gg.float64).item()
    (graphgrad.int64, 3.0)
    """
    if type(data) is float and dtype is None:  # the common scalar case, without NumPy
        return _core._scalar(data, float32, requires_grad)
    if isinstance(data, Tensor):
        if data.dtype == bfloat16 and dtype is None:
            dtype = bfloat16
        data = _numpy_of(data)
    shared = isinstance(data, _np.ndarray)  # someone else's memory: copied exactly once below
    try:
        arr = data if shared else _np.array(data)
    except ValueError as e:
        raise ValueError(f"tensor: cannot build a tensor from ragged or invalid data: {e}") from None
    if arr.dtype == object:
        raise ValueError("tensor: cannot build a tensor from ragged or non-numeric nested data")
    d = _to_dtype(dtype) or _default_dtype(arr, isinstance(data, (_np.ndarray, _np.generic)))
    arr = _np.array(arr, dtype=_NUMPY.get(d, _np.float32), order="C", copy=True if shared else None)
    t = _core._from_numpy(arr)
    if d == bfloat16:
        t = t.to(bfloat16)
    if requires_grad:
        t.requires_grad_(True)
    return t


def as_tensor(data, dtype=None) -> Tensor:
    """Shares memory with an ndarray when possible (like torch.as_tensor)."""
    if isinstance(data, Tensor) and (dtype is None or data.dtype == _to_dtype(dtype)):
        return data
    if isinstance(data, _np.ndarray) and (dtype is None or _to_dtype(dtype) == _to_dtype(data.dtype)):
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


def empty(*size, dtype=None, requires_grad=False) -> Tensor:
    return _new(_core._empty(_shape(size), dtype=_to_dtype(dtype) or float32), requires_grad)


def _dtype_of_value(v):
    """PyTorch's dtype of a Python number: bool, int64 or float32 (the default dtype)."""
    if isinstance(v, (bool, _np.bool_)):
        return bool_
    if isinstance(v, (int, _np.integer)):
        return int64
    if isinstance(v, Tensor):
        return v.dtype
    return float32


def full(size, fill_value, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of ``size`` filled with ``fill_value``, by default of its dtype (as PyTorch:
    ``full((2,), 4)`` is int64, ``full((2,), True)`` bool)."""
    if isinstance(size, int):
        size = (size,)
    d = _to_dtype(dtype) or _dtype_of_value(fill_value)
    if d == int64 and abs(int(fill_value)) > 2**53:  # beyond a double's exact integers
        return _new(tensor(_np.full(tuple(size), int(fill_value), dtype=_np.int64)), requires_grad)
    return _new(_core._full(tuple(size), float(fill_value), d), requires_grad)


def zeros(*size, dtype=None, requires_grad=False) -> Tensor:
    return full(_shape(size), 0.0, dtype=dtype or float32, requires_grad=requires_grad)


def ones(*size, dtype=None, requires_grad=False) -> Tensor:
    return full(_shape(size), 1.0, dtype=dtype or float32, requires_grad=requires_grad)


def full_like(t, fill_value, dtype=None, requires_grad=False) -> Tensor:
    return full(t.shape, fill_value, dtype=dtype or t.dtype, requires_grad=requires_grad)


def zeros_like(t, dtype=None, requires_grad=False) -> Tensor:
    return full_like(t, 0.0, dtype, requires_grad)


def ones_like(t, dtype=None, requires_grad=False) -> Tensor:
    return full_like(t, 1.0, dtype, requires_grad)


def empty_like(t, dtype=None, requires_grad=False) -> Tensor:
    return empty(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def _random(gen, size, dtype):
    """float16/bfloat16 samples are float32 ones, rounded."""
    d = _to_dtype(dtype) or float32
    if d in (float16, bfloat16):
        return gen(size, float32).to(d)
    return gen(size, d)


def rand(*size, dtype=None, requires_grad=False) -> Tensor:
    """Uniform [0, 1) from the seeded counter-based generator."""
    return _new(_random(_core._rand, _shape(size), dtype), requires_grad)


def randn(*size, dtype=None, requires_grad=False) -> Tensor:
    """Standard normal from the seeded counter-based generator."""
    return _new(_random(_core._randn, _shape(size), dtype), requires_grad)


def rand_like(t, dtype=None, requires_grad=False) -> Tensor:
    return rand(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def randn_like(t, dtype=None, requires_grad=False) -> Tensor:
    return randn(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def randint(low, high=None, size=(), dtype=None) -> Tensor:
    """Integers in [low, high) from the seeded generator (int64 by default): randint(high, size) or
    randint(low, high, size), as in PyTorch."""
    if isinstance(high, (tuple, list)):  # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:
        low, high = 0, low
    if high <= low:
        raise ValueError(f"randint: high ({high}) must be greater than low ({low})")
    u = _core._rand(tuple(size), float64).numpy()
    vals = _np.minimum(_np.floor(low + u * (high - low)), high - 1).astype(_np.int64)
    return tensor(vals, dtype=dtype or int64)


def randperm(n, dtype=None) -> Tensor:
    """A random permutation of range(n) from the seeded generator."""
    keys = _core._rand((int(n),), float64).numpy()
    return tensor(_np.argsort(keys, kind="stable").astype(_np.int64), dtype=dtype or int64)


def arange(start, end=None, step=1, dtype=None, requires_grad=False) -> Tensor:
    if end is None:
        start, end = 0, start
    a = _np.arange(start, end, step)
    return tensor(a, dtype=dtype or (int64 if a.dtype.kind in "iu" else float32), requires_grad=requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False) -> Tensor:
    return tensor(_np.linspace(start, end, steps), dtype=dtype or float32, requires_grad=requires_grad)


def eye(n, m=None, dtype=None, requires_grad=False) -> Tensor:
    return tensor(_np.eye(n, m), dtype=dtype or float32, requires_grad=requires_grad)


def config():
    """Which instruction set runs (``isa``; forced with the environment variable GRAPHGRAD_ISA),
    the one each kernel family was dispatched to (``kernels``), how many threads graphgrad uses,
    and how many bytes of freed tensor memory are held for reuse (see ``empty_cache``)."""
    kernels = _core._kernel_isas()
    return {"isa": _core._isa(), "kernels": kernels, "gemm_kernel": kernels["gemm"],
            "num_threads": _core.get_num_threads(), "cached_bytes": _core._cached_bytes()}


def empty_cache():
    """Give the freed tensor memory held for reuse (at most 256 MB, blocks of any size) back
    to the system allocator."""
    _core._empty_cache()


# What set_printoptions changes (graphgrad._surface_settings): PyTorch's defaults
PRINT_OPTIONS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}


def _float_formatter(a, precision, sci_mode):
    """PyTorch's float format as a NumPy formatter: every entry with ``precision`` decimals, in
    scientific notation when sci_mode says so or (sci_mode None) when the nonzero magnitudes span
    more than 1000x, exceed 1e8 or (non-integral values) go below 1e-4, padded to the widest
    entry; None (NumPy's ``1., 2.``) for integral values printed in fixed notation."""
    if a.dtype.kind != "f":
        return None
    finite = a[_np.isfinite(a)]
    magnitudes = _np.abs(finite[finite != 0])
    if magnitudes.size == 0:
        return None
    big, small = float(magnitudes.max()), float(magnitudes.min())
    integral = bool((finite == _np.round(finite)).all())
    sci = sci_mode if sci_mode is not None else big / small > 1000 or big > 1e8 or (not integral and small < 1e-4)
    if integral and not sci:
        return None
    spec = f".{precision}{'e' if sci else 'f'}"
    width = max(len(format(finite.min(), spec)), len(format(finite.max(), spec)))
    return {"float_kind": lambda v: format(v, f">{width}{spec}")}


def _repr(t):
    o = PRINT_OPTIONS
    a = _numpy_of(t)
    body = _np.array2string(a, separator=", ", prefix="tensor(", precision=o["precision"], threshold=o["threshold"],
                            edgeitems=o["edgeitems"], max_line_width=o["linewidth"],
                            formatter=_float_formatter(a, o["precision"], o["sci_mode"]))
    extras = []
    if t.dtype not in (float32, int64, bool_) or t.numel() == 0:
        extras.append(f"dtype={t.dtype}")
    if t.grad_fn is not None:
        extras.append(f"grad_fn={t.grad_fn!r}")
    elif t.requires_grad:
        extras.append("requires_grad=True")
    return "tensor(" + body + "".join(", " + e for e in extras) + ")"


def _tolist(self):
    """The values as nested Python lists of floats, ints or bools (a number for a 0-d tensor)."""
    return _numpy_of(self).tolist()


def _array(t, dtype=None, copy=None):
    a = _numpy_of(t)
    return a if dtype is None else a.astype(dtype)


def _iter(t):
    if t.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return (t[i] for i in range(len(t)))


def _bool(t):
    if t.numel() != 1:
        raise RuntimeError(f"bool: the truth value of a tensor with {t.numel()} elements is ambiguous")
    return bool(t.item())


def _init_subclass(cls, **kwargs):
    # Subclasses (nn.Parameter) share Tensor's C-level operator slots (cpp/bindings/fast_calls.cpp).
    super(Tensor, cls).__init_subclass__(**kwargs)
    _core._inherit_operators(cls)


Tensor.__init_subclass__ = classmethod(_init_subclass)
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


def _type_as(self, other):
    """``self.to(other.dtype)``: a copy in ``other``'s dtype (self when it has it already)."""
    return self.to(other.dtype)


Tensor.type_as = _type_as
# pybind11's enum repr (dtype.float64) ignores a bound __repr__; PyTorch prints torch.float64.
dtype.__repr__ = dtype.__str__ = lambda d: "graphgrad." + d.name
# pybind11's enum gives name and value without a docstring
dtype.name = property(dtype.name.fget, doc="The dtype's name: 'float32', 'float64', 'int64' or 'bool'.")
dtype.value = property(dtype.value.fget, doc="The dtype's number in the C++ enum (for serialisation).")


def _setitem(core_setitem):
    def __setitem__(self, key, value):
        """``x[key] = value``: value a tensor, a number, or array-like data (taken in x's dtype)."""
        if not isinstance(value, (Tensor, int, float)):
            value = as_tensor(value, dtype=self.dtype)
        core_setitem(self, key, value)
    return __setitem__


Tensor.__setitem__ = _setitem(Tensor.__setitem__)


# ---- pickle and copy ------------------------------------------------------------------------------

def _rebuild_tensor(cls, data, dtype_name, shape, requires_grad):
    """The inverse of ``Tensor.__reduce__`` (values through NumPy bytes, bfloat16's as float32:
    exact; a leaf)."""
    d = getattr(dtype, dtype_name)
    t = from_numpy(_np.frombuffer(data, dtype=_NUMPY.get(d, _np.float32)).reshape(shape).copy()).to(d)
    if cls is not Tensor:  # a subclass such as nn.Parameter wraps the storage
        t = cls(t)
    t.requires_grad_(bool(requires_grad))
    return t


def _reduce(t):
    return _rebuild_tensor, (type(t), _numpy_of(t).tobytes(), t.dtype.name, tuple(t.shape), t.requires_grad)


def _copy(t):
    """A new leaf with the same values, dtype and requires_grad (its own memory)."""
    return _rebuild_tensor(*_reduce(t)[1])


def _deepcopy(t, memo):
    if id(t) not in memo:
        c = memo[id(t)] = _copy(t)
        if t.grad is not None:
            c.grad = t.grad.detach().clone()
    return memo[id(t)]


Tensor.__reduce__ = _reduce
Tensor.__copy__ = _copy
Tensor.__deepcopy__ = _deepcopy


# ---- NumPy operands keep autograd -----------------------------------------------------------------
# ``ndarray (op) Tensor`` reaches NumPy's ufunc machinery, which hands the call to
# ``Tensor.__array_ufunc__``: arrays become constant tensors and graphgrad's op runs, so the result
# is a Tensor with a graph in both operand orders. A NumPy function graphgrad has no op for runs in
# NumPy (returning tensors) when no input needs a gradient, and raises when one does.

def _operand(x):
    if isinstance(x, _np.ndarray):
        return from_numpy(x)
    if isinstance(x, _np.generic):
        return x.item()  # a number: no type promotion, as for Python scalars
    return x


def _ufuncs():
    import operator
    c = _core
    return {_np.add: operator.add, _np.subtract: operator.sub, _np.multiply: operator.mul,
            _np.true_divide: operator.truediv, _np.matmul: operator.matmul, _np.power: operator.pow,
            _np.less: operator.lt, _np.less_equal: operator.le, _np.greater: operator.gt,
            _np.greater_equal: operator.ge, _np.equal: operator.eq, _np.not_equal: operator.ne,
            _np.maximum: c.maximum, _np.minimum: c.minimum, _np.negative: operator.neg, _np.positive: operator.pos,
            _np.absolute: c.abs, _np.exp: c.exp, _np.log: c.log, _np.sqrt: c.sqrt, _np.tanh: c.tanh, _np.sin: c.sin,
            _np.cos: c.cos, _np.log1p: c.log1p, _np.expm1: c.expm1, _np.reciprocal: c.reciprocal,
            _np.square: c.square, _np.floor: c.floor, _np.ceil: c.ceil, _np.trunc: c.trunc, _np.sign: c.sign,
            _np.tan: c.tan, _np.arcsin: c.asin, _np.arccos: c.acos, _np.arctan: c.atan, _np.sinh: c.sinh,
            _np.cosh: c.cosh, _np.arcsinh: c.asinh, _np.arccosh: c.acosh, _np.arctanh: c.atanh, _np.log2: c.log2,
            _np.log10: c.log10, _np.exp2: c.exp2, _np.arctan2: c.atan2, _np.hypot: c.hypot,
            _np.copysign: c.copysign, _np.logaddexp: c.logaddexp, _np.fmod: c.fmod, _np.remainder: operator.mod,
            _np.floor_divide: operator.floordiv, _np.bitwise_and: operator.and_, _np.bitwise_or: operator.or_,
            _np.bitwise_xor: operator.xor, _np.invert: operator.invert, _np.left_shift: operator.lshift,
            _np.right_shift: operator.rshift}


_UFUNCS = _ufuncs()


def _to_numpy_result(r):
    if isinstance(r, tuple):
        return tuple(_to_numpy_result(x) for x in r)
    return from_numpy(r) if isinstance(r, _np.ndarray) and r.dtype.kind in "biuf" else r


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    fn = _UFUNCS.get(ufunc) if method == "__call__" and not kwargs else None
    if fn is not None:
        return fn(*(_operand(x) for x in inputs))
    name = f"numpy.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
    if any(isinstance(x, Tensor) and x.requires_grad for x in inputs) or "out" in kwargs:
        raise TypeError(f"{name}: graphgrad has no op for this NumPy call, so it cannot keep autograd (or write "
                        f"into a tensor); use graphgrad's function, or call it on t.detach().numpy()")
    arrays = [x.numpy() if isinstance(x, Tensor) else x for x in inputs]
    return _to_numpy_result(getattr(ufunc, method)(*arrays, **kwargs))


Tensor.__array_ufunc__ = _array_ufunc


# ---- DLPack: zero-copy exchange with NumPy, PyTorch and other array libraries ----------------------
# A tensor exports the DLPack capsule of its zero-copy NumPy view; ``from_dlpack`` imports through
# ``numpy.from_dlpack`` and shares the memory when the dtype is one graphgrad holds.

def _dlpack(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    if self.requires_grad:
        raise RuntimeError("__dlpack__: can't export a tensor that requires grad; use tensor.detach()")
    kwargs = {k: v for k, v in (("stream", stream), ("max_version", max_version), ("dl_device", dl_device),
                                ("copy", copy)) if v is not None}
    return self.numpy().__dlpack__(**kwargs)


Tensor.__dlpack__ = _dlpack
Tensor.__dlpack_device__ = lambda self: (1, 0)  # kDLCPU, device 0


class _Capsule:
    """A bare (legacy) DLPack capsule, presented with the protocol ``numpy.from_dlpack`` expects."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)


def from_dlpack(ext_tensor):
    """A tensor sharing the memory of any object with ``__dlpack__`` (a NumPy array, a PyTorch CPU
    tensor, ...) or of a DLPack capsule. Wider unsigned integers become int64 (a copy); bfloat16
    is not readable through NumPy and raises."""
    if isinstance(ext_tensor, Tensor):
        return ext_tensor.detach()
    obj = ext_tensor if hasattr(ext_tensor, "__dlpack__") else _Capsule(ext_tensor)
    try:
        a = _np.from_dlpack(obj)
    except (BufferError, TypeError, RuntimeError) as e:
        raise TypeError(f"from_dlpack: cannot import {type(ext_tensor).__name__}: {e}") from None
    if not a.flags.writeable:
        a = a.copy()
    return from_numpy(a)
