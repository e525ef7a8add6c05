"""The Tensor attributes and methods a PyTorch script touches beyond the ops: the matrix transposes
(mT, mH, H), the device and type queries (is_cpu, get_device, is_signed, is_nonzero, nbytes, ...),
the memory no-ops a DataLoader calls (pin_memory, share_memory_), and the methods made of other
ops: select, sum_to_size, split_with_sizes, put, index_reduce and the in-place forms of the
comparisons, logical ops, cumulative ops and the arithmetic aliases. The ops are registered with
``@op`` (see _registry.py); the attributes are plain Tensor properties."""
from . import _core
from . import _registry
from . import _surface
from ._compose import _along, _axis, split
from ._compose_statistics import renorm
from ._compose_sampling import index_put
from ._core import Tensor, promote_types
from ._inplace import add_inplace_methods as _add_inplace_methods
from ._device import _TYPE_NAMES
from ._tensor import as_tensor, bool_, empty, float32, int64, tensor, uint8

__all__ = ["select", "split_with_sizes", "put", "index_reduce", "is_nonzero", "is_same_size", "is_signed",
           "is_complex", "is_floating_point", "result_type", "can_cast", "asarray", "scalar_tensor", "FloatTensor",
           "DoubleTensor", "HalfTensor", "BFloat16Tensor", "LongTensor", "IntTensor", "ShortTensor", "CharTensor",
           "ByteTensor", "BoolTensor"]


def _matrix_transpose(name):
    def get(self):
        if self.dim() < 2:
            raise ValueError(f"Tensor.{name}: expected a tensor of at least 2 dimensions, got shape "
                             f"{tuple(self.shape)}")
        return self.transpose(-2, -1)
    get.__doc__ = (f"The view with the last two dimensions exchanged (input has at least 2); "
                   f"{'real tensors: the same as mT' if name == 'mH' else 'a batch of matrix transposes'}.")
    return property(get)


def _hermitian(self):
    """The transpose of a matrix (or the 0-d tensor itself): real tensors, so no conjugation."""
    if self.dim() not in (0, 2):
        raise ValueError(f"Tensor.H: expected a matrix or a 0-d tensor, got shape {tuple(self.shape)}; "
                         "use mT/mH for a batch of matrices")
    return self if self.dim() == 0 else self.transpose(0, 1)


Tensor.mT = _matrix_transpose("mT")
Tensor.mH = _matrix_transpose("mH")
Tensor.H = property(_hermitian)
Tensor.is_cpu = property(lambda self: True, doc="True: graphgrad's tensors live in CPU memory.")
Tensor.nbytes = property(lambda self: self.numel() * self.element_size(),
                         doc="The bytes the entries take: numel() * element_size().")


def _get_device(self):
    """-1, PyTorch's index for a CPU tensor."""
    return -1


def _ndimension(self):
    """The number of dimensions (dim()'s other name)."""
    return self.dim()


def _data_ptr(self):
    """The address of the first entry (an int), as PyTorch's data_ptr()."""
    return self._data_ptr


def _pin_memory(self, device=None):
    """This tensor: pinned memory speeds up copies to a GPU, and graphgrad runs on the CPU only
    (a DataLoader with ``pin_memory=True`` calls this)."""
    return self


def _is_pinned(self, device=None):
    """False: graphgrad never pins memory (see pin_memory)."""
    return False


def _share_memory_(self):
    """This tensor: graphgrad has no multiprocessing shared-memory storage; a no-op returning self."""
    return self


_tensor_init = Tensor.__init__


def _legacy_init(self, *args: object, data: "Tensor | None" = None) -> None:
    """Tensor(t) shares t's data (detached); PyTorch's legacy forms too: Tensor(*sizes) an
    uninitialised float32 tensor of that shape (Tensor() an empty one), Tensor(data) float32 from
    a sequence or an array."""
    if data is not None:
        args = (data, *args)
    if len(args) == 1 and isinstance(args[0], Tensor):
        return _tensor_init(self, args[0])
    return _tensor_init(self, _legacy_tensor("Tensor", args, float32))


def _legacy_tensor(op, args, dtype):
    """The legacy constructors' tensor of ``dtype``: sizes -> uninitialised (none: empty), one
    sequence or array -> its data converted."""
    if all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        return empty(*(args or (0,)), dtype=dtype)
    if len(args) != 1:
        raise TypeError(f"{op}(): expected sizes (ints) or one sequence of data, got {args!r}")
    return tensor(args[0], dtype=dtype)


Tensor.__init__ = _legacy_init


class _TensorType(type):
    """torch.FloatTensor and kin: calling one makes a tensor of its dtype (sizes: uninitialised;
    data: converted), and ``isinstance(t, gg.LongTensor)`` tests the dtype."""

    def __call__(cls, *args):
        if len(args) == 1 and isinstance(args[0], Tensor):
            return args[0].detach().to(cls.dtype)
        return _legacy_tensor(cls.__name__, args, cls.dtype)

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype == cls.dtype


def _tensor_type(name, dt):
    return _TensorType(name, (), {"dtype": dt, "__doc__": f"Legacy constructor of {dt} tensors (PyTorch's "
                                                          f"torch.{name}); isinstance tests the dtype."})


globals().update({name: _tensor_type(name, dt) for dt, name in _TYPE_NAMES.items()})  # the names Tensor.type() gives
Tensor.get_device = _get_device
Tensor.ndimension = _ndimension
Tensor.data_ptr = _data_ptr
Tensor.pin_memory = _pin_memory
Tensor.is_pinned = _is_pinned
Tensor.share_memory_ = _share_memory_


@_registry.op(method=False)
def is_floating_point(input):
    """True when input's dtype is a floating-point type."""
    return input.dtype.is_floating_point


@_registry.op()
def is_complex(input):
    """False: graphgrad has no complex dtypes."""
    return False


@_registry.op()
def is_signed(input):
    """True when input's dtype can hold negative numbers (every dtype but bool and uint8)."""
    return input.dtype not in (bool_, uint8)


@_registry.op()
def is_nonzero(input):
    """Whether the one entry of a single-element tensor is nonzero (RuntimeError for any other size)."""
    if input.numel() != 1:
        raise RuntimeError(f"is_nonzero: Boolean value of a tensor with {input.numel()} values is ambiguous "
                           f"(shape {tuple(input.shape)})")
    return bool(input.item() != 0)


@_registry.op()
def is_same_size(input, other):
    """True when both tensors have the same shape."""
    return tuple(input.shape) == tuple(other.shape)


def _category(dtype):
    return 2 if dtype.is_floating_point else 0 if dtype == bool_ else 1


def _promoted(dtypes):
    out = dtypes[0]
    for d in dtypes[1:]:
        out = promote_types(out, d)
    return out


@_registry.op(method=False)
def result_type(tensor1, tensor2):
    """The dtype an arithmetic op between the two (tensors or numbers) gives, by PyTorch's rule:
    tensors with dimensions decide, unless a 0-d tensor, then a number, is of a higher category
    (bool < integer < float); a Python float then gives float32, an int int64."""
    ranked = [[], [], []]  # dimensioned tensors, 0-d tensors, numbers
    for v in (tensor1, tensor2):
        if isinstance(v, Tensor):
            ranked[0 if v.dim() else 1].append(v.dtype)
        elif isinstance(v, (bool, int, float)):
            ranked[2].append(bool_ if isinstance(v, bool) else int64 if isinstance(v, int) else float32)
        else:
            raise TypeError(f"result_type: expected tensors or numbers, got {type(v).__name__}")
    out = None
    for group in ranked:
        if group and (out is None or _category(_promoted(group)) > _category(out)):
            out = _promoted(group) if out is None or group is not ranked[2] else \
                [bool_, int64, float32][_category(_promoted(group))]
    return out


@_registry.op(method=False)
def can_cast(from_, to):
    """Whether PyTorch's casting rule allows ``from_`` to ``to``: never to a lower category
    (float to integer, integer to bool)."""
    return _category(from_) <= _category(to)


@_registry.op(method=False)
def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """obj as a tensor: a tensor, an ndarray (sharing its memory unless ``copy`` or a dtype change
    needs one), a number or nested sequences; ``copy=True`` always copies, ``copy=False`` refuses to."""
    from ._device import _as_device
    _as_device("asarray", device)
    if isinstance(obj, Tensor):
        out = obj if dtype is None or dtype == obj.dtype else obj.to(dtype)
        if copy is False and out is not obj:
            raise ValueError(f"asarray: copy=False but converting {obj.dtype} to {dtype} needs a copy")
        out = out.clone() if copy and out is obj else out
    else:
        out = tensor(obj, dtype=dtype) if copy else as_tensor(obj, dtype=dtype)
    return out.requires_grad_(True) if requires_grad else out


@_registry.op(method=False)
def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    """A 0-d tensor holding the number s, float32 unless ``dtype`` says otherwise."""
    from ._device import _as_device
    _as_device("scalar_tensor", device)
    return tensor(s, dtype=dtype or float32, requires_grad=requires_grad)


@_registry.op("x[:, 2]", kwargs="{'dim': 1, 'index': 2}", integers=True)
def select(input, dim, index):
    """The view at ``index`` along ``dim``, which it removes (``x.select(1, 2)`` is ``x[:, 2]``)."""
    if input.dim() == 0:
        raise IndexError("select: cannot select from a 0-d tensor")
    d = _axis(dim, input.dim(), "select")
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select: index {index} is out of range for dimension {d} of size {size}")
    return _along(input, d, index % size)


def _sum_to_size(self, *size):
    """The sum of self over the dimensions broadcast from ``size`` (ints or one sequence), which must
    expand to self's shape: the reverse of ``expand``."""
    size = tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    shape = tuple(self.shape)
    lead = len(shape) - len(size)
    if lead < 0 or any(s not in (1, n) for s, n in zip(size, shape[lead:])):
        raise ValueError(f"sum_to_size: size {size} is not expandable to the tensor's shape {shape}")
    return _core.sum_to(self, list(size))


Tensor.sum_to_size = _sum_to_size


@_registry.op()
def split_with_sizes(input, split_sizes, dim=0):
    """Views of consecutive pieces of the sizes in ``split_sizes`` along ``dim`` (they add up to the dimension)."""
    if isinstance(split_sizes, int):
        raise TypeError(f"split_with_sizes: split_sizes must be a list of ints, got {split_sizes!r}")
    return split(input, list(split_sizes), dim)


@_registry.op()
def put(input, index, source, accumulate=False):
    """input with ``source``'s entries written (or, with ``accumulate``, added) at the row-major
    positions ``index`` (an int64 tensor of source's size; negative counts from the end)."""
    if index.numel() != source.numel():
        raise ValueError(f"put: index ({index.numel()} entries) and source ({source.numel()} entries) "
                         "must have the same number of entries")
    n = input.numel()
    if index.numel():
        low, high = int(_core.amin(index, None, False).item()), int(_core.amax(index, None, False).item())
        if low < -n or high >= n:
            raise IndexError(f"put: index {low if low < -n else high} is out of range for a tensor of "
                             f"{n} entries")
    flat = index_put(input.reshape(-1), (index.reshape(-1),), source.reshape(-1).to(input.dtype), accumulate)
    return flat.reshape(tuple(input.shape))


@_registry.op()
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """input with the slices of ``source`` along ``dim`` reduced into the slices ``index`` (a 1-D
    int64 tensor, one per source slice): reduce is 'prod', 'mean', 'amax' or 'amin';
    ``include_self=False`` leaves input's own value out where a slice arrives."""
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise ValueError(f"index_reduce: reduce must be 'prod', 'mean', 'amax' or 'amin', got {reduce!r}")
    d = _axis(dim, input.dim(), "index_reduce")
    if index.dim() > 1 or source.dim() != input.dim() or index.numel() != source.shape[d]:
        raise ValueError(f"index_reduce: expected a 1-D index with one entry per slice of source along dim {d}, "
                         f"got index {tuple(index.shape)} and source {tuple(source.shape)}")
    spread = index.reshape([-1 if k == d else 1 for k in range(source.dim())]).expand(*source.shape)
    return _core.scatter_reduce(input, d, spread, source, reduce, include_self=include_self)


# ---- in-place forms -----------------------------------------------------------------------------------
_add_inplace_methods(_core.cumsum, _core.cumprod, _surface.eq, _surface.ne, _surface.lt, _surface.le, _surface.gt,
                     _surface.ge, _core.logical_and, _core.logical_or, _core.logical_xor, _core.logical_not,
                     put, index_reduce, renorm)
for _alias, _name in (("greater_", "gt_"), ("greater_equal_", "ge_"), ("less_", "lt_"), ("less_equal_", "le_"),
                      ("not_equal_", "ne_"), ("divide_", "div_"), ("true_divide_", "div_"), ("multiply_", "mul_"),
                      ("subtract_", "sub_")):
    setattr(Tensor, _alias, getattr(Tensor, _name))
del _alias, _name
