"""
graphgrad's C++ core: tensors, autograd, ops and kernels
"""
from __future__ import annotations
import collections.abc
import numpy
import typing
__all__: list[str] = ['Node', 'Tensor', 'abs', 'acos', 'acosh', 'add', 'amax', 'amin', 'arctan2', 'argmax', 'argmin', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'bitwise_and', 'bitwise_left_shift', 'bitwise_not', 'bitwise_or', 'bitwise_right_shift', 'bitwise_xor', 'cat', 'ceil', 'clamp', 'clip', 'clone', 'concat', 'concatenate', 'contiguous', 'copysign', 'cos', 'cosh', 'div', 'divide', 'dtype', 'erf', 'exp', 'exp2', 'expm1', 'flatten', 'floor', 'floor_divide', 'fmod', 'gelu', 'get_num_threads', 'hypot', 'is_grad_enabled', 'leaky_relu', 'linear', 'log', 'log10', 'log1p', 'log2', 'log_softmax', 'logaddexp', 'logical_and', 'logical_not', 'logical_or', 'logical_xor', 'logsumexp', 'manual_seed', 'matmul', 'max', 'maximum', 'mean', 'min', 'minimum', 'mm', 'mul', 'multiply', 'neg', 'norm', 'permute', 'pow', 'reciprocal', 'relu', 'remainder', 'reshape', 'round', 'rsqrt', 'set_num_threads', 'sigmoid', 'sign', 'silu', 'sin', 'sinh', 'softmax', 'softplus', 'sqrt', 'square', 'squeeze', 'stack', 'std', 'sub', 'subtract', 'sum', 'sum_to', 'swapaxes', 'tan', 'tanh', 'transpose', 'true_divide', 'trunc', 'unsqueeze', 'var', 'where']
class dtype:
    """
    Members:
    
      bool
    
      int64
    
      float32
    
      float64
    """
    __members__: typing.ClassVar[dict[str, dtype]]
    bool: typing.ClassVar[dtype]
    float32: typing.ClassVar[dtype]
    float64: typing.ClassVar[dtype]
    int64: typing.ClassVar[dtype]
    @staticmethod
    def __repr__(d):
        ...
    @staticmethod
    def __str__(d):
        ...
    @typing.overload
    def __eq__(self: numpy.dtype[typing.Any], other: numpy.dtype[typing.Any]) -> bool:
        ...
    @typing.overload
    def __eq__(self: numpy.dtype[typing.Any], other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self: numpy.dtype[typing.Any]) -> int:
        ...
    def __init__(self: numpy.dtype[typing.Any], value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self: numpy.dtype[typing.Any]) -> int:
        ...
    @typing.overload
    def __ne__(self: numpy.dtype[typing.Any], other: numpy.dtype[typing.Any]) -> bool:
        ...
    @typing.overload
    def __ne__(self: numpy.dtype[typing.Any], other: typing.Any) -> bool:
        ...
    def __setstate__(self: numpy.dtype[typing.Any], state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def is_floating_point(self) -> bool:
        ...
    @property
    def itemsize(self) -> int:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Node:
    def __repr__(self) -> str:
        ...
    def name(self) -> str:
        ...
    @property
    def next_functions(self) -> tuple:
        ...
    @property
    def variable(self) -> typing.Any:
        ...
class Tensor:
    __array_priority__: typing.ClassVar[int] = 1000
    name: str
    requires_grad: bool
    def __array__(t, dtype = None, copy = None):
        ...
    def __bool__(t):
        ...
    def __copy__(t):
        """
        A new leaf with the same values, dtype and requires_grad (its own memory).
        """
    def __deepcopy__(t, memo):
        ...
    def __float__(t):
        ...
    def __iand__(*args, **kwargs):
        """
        bitwise_and_(*args, **kwargs)
        Overloaded function.
        
        1. bitwise_and_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: input & other, elementwise, for integer or bool tensors.
        
        2. bitwise_and_(self: object, other: graphgrad._core.Tensor) -> object
        
        In place: input & other, elementwise, for integer or bool tensors.
        """
    def __ifloordiv__(*args, **kwargs):
        """
        floor_divide_(*args, **kwargs)
        Overloaded function.
        
        1. floor_divide_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
        
        2. floor_divide_(self: object, other: graphgrad._core.Tensor) -> object
        
        In place: floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
        """
    def __ilshift__(*args, **kwargs):
        """
        bitwise_left_shift_(*args, **kwargs)
        Overloaded function.
        
        1. bitwise_left_shift_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
        
        2. bitwise_left_shift_(self: object, other: graphgrad._core.Tensor) -> object
        
        In place: input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
        """
    def __imod__(*args, **kwargs):
        """
        remainder_(*args, **kwargs)
        Overloaded function.
        
        1. remainder_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: The remainder of input / other with the sign of other (Python's %), elementwise.
        
        2. remainder_(self: object, other: graphgrad._core.Tensor) -> object
        
        In place: The remainder of input / other with the sign of other (Python's %), elementwise.
        """
    def __int__(t):
        ...
    def __ior__(*args, **kwargs):
        """
        bitwise_or_(*args, **kwargs)
        Overloaded function.
        
        1. bitwise_or_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: input | other, elementwise, for integer or bool tensors.
        
        2. bitwise_or_(self: object, other: graphgrad._core.Tensor) -> object
        
        In place: input | other, elementwise, for integer or bool tensors.
        """
    def __ipow__(*args, **kwargs):
        """
        pow_(*args, **kwargs)
        Overloaded function.
        
        1. pow_(self: object, exponent: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        
        2. pow_(self: object, exponent: graphgrad._core.Tensor) -> object
        
        In place: input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        """
    def __irshift__(*args, **kwargs):
        """
        bitwise_right_shift_(*args, **kwargs)
        Overloaded function.
        
        1. bitwise_right_shift_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: input >> other (arithmetic), elementwise, for integer tensors.
        
        2. bitwise_right_shift_(self: object, other: graphgrad._core.Tensor) -> object
        
        In place: input >> other (arithmetic), elementwise, for integer tensors.
        """
    def __iter__(t):
        ...
    def __ixor__(*args, **kwargs):
        """
        bitwise_xor_(*args, **kwargs)
        Overloaded function.
        
        1. bitwise_xor_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: input ^ other, elementwise, for integer or bool tensors.
        
        2. bitwise_xor_(self: object, other: graphgrad._core.Tensor) -> object
        
        In place: input ^ other, elementwise, for integer or bool tensors.
        """
    def __reduce__(t):
        ...
    def __repr__(t):
        ...
    def __str__(t):
        ...
    def all(input, dim = None, keepdim = False):
        """
        Whether every entry (along dim) is nonzero; True for an empty tensor.
        """
    def allclose(input, other, rtol = 1e-05, atol = 1e-08, equal_nan = False):
        """
        True when |input - other| <= atol + rtol |other| everywhere (NumPy's rule).
        """
    def any(input, dim = None, keepdim = False):
        """
        Whether any entry (along dim) is nonzero; False for an empty tensor.
        """
    def bmm(input, mat2):
        """
        Batched matrix product of (b, n, m) and (b, m, p).
        """
    def chunk(input, chunks, dim = 0):
        """
        At most ``chunks`` views of equal size (the last may be smaller) along ``dim``.
        """
    def cuda(*args, **kwargs):
        ...
    def eq(input, other):
        """
        ``input == other`` elementwise (a bool tensor), with broadcasting.
        """
    def equal(input, other):
        """
        True when both have the same shape and all entries are equal.
        """
    def flip(input, dims):
        """
        The view with the order of entries reversed along each of ``dims``.
        """
    def gather(input, dim, index):
        """
        out[i][j][k] = input[i][index[i][j][k]][k] for dim=1 (and likewise for any dim): index has
            input's number of dimensions and no larger size than input on the other axes.
        """
    def ge(input, other):
        """
        ``input >= other`` elementwise (a bool tensor), with broadcasting.
        """
    def greater(input, other):
        """
        ``input > other`` elementwise (a bool tensor), with broadcasting.
        """
    def greater_equal(input, other):
        """
        ``input >= other`` elementwise (a bool tensor), with broadcasting.
        """
    def gt(input, other):
        """
        ``input > other`` elementwise (a bool tensor), with broadcasting.
        """
    def index_select(input, dim, index):
        """
        The entries at ``index`` (a 1-D int64 tensor) along ``dim``.
        """
    def isclose(input, other, rtol = 1e-05, atol = 1e-08, equal_nan = False):
        """
        True where ``|input - other| <= atol + rtol * |other|`` or they are equal (infinities match
            only themselves; NaN matches NaN only with ``equal_nan``), a bool tensor.
        """
    def isfinite(input):
        """
        True where input is neither NaN nor infinite (a bool tensor).
        """
    def isinf(input):
        """
        True where input is +inf or -inf (a bool tensor).
        """
    def isnan(input):
        """
        True where input is NaN (a bool tensor).
        """
    def le(input, other):
        """
        ``input <= other`` elementwise (a bool tensor), with broadcasting.
        """
    def lerp(input, end, weight):
        """
        ``input + weight * (end - input)``, elementwise; ``weight`` a tensor or a number (all broadcast).
        """
    def less(input, other):
        """
        ``input < other`` elementwise (a bool tensor), with broadcasting.
        """
    def less_equal(input, other):
        """
        ``input <= other`` elementwise (a bool tensor), with broadcasting.
        """
    def lt(input, other):
        """
        ``input < other`` elementwise (a bool tensor), with broadcasting.
        """
    def masked_fill(input, mask, value):
        """
        ``value`` where ``mask`` is true, ``input`` elsewhere (mask broadcasts).
        """
    def max(input, dim = None, keepdim = False):
        """
        The maximum of every element; along ``dim`` a named tuple ``(values, indices)``; with a tensor second argument the elementwise maximum.
        """
    def min(input, dim = None, keepdim = False):
        """
        The minimum of every element; along ``dim`` a named tuple ``(values, indices)``; with a tensor second argument the elementwise minimum.
        """
    def nan_to_num(input, nan = 0.0, posinf = None, neginf = None):
        """
        NaN replaced by ``nan``, +inf by ``posinf`` and -inf by ``neginf`` (by default the dtype's
            largest and lowest finite values); the gradient flows where input is finite.
        """
    def narrow(input, dim, start, length):
        """
        The view of ``length`` entries from ``start`` along ``dim``.
        """
    def ne(input, other):
        """
        ``input != other`` elementwise (a bool tensor), with broadcasting.
        """
    def not_equal(input, other):
        """
        ``input != other`` elementwise (a bool tensor), with broadcasting.
        """
    def outer(input, vec2):
        """
        The (n, m) outer product of two vectors.
        """
    def repeat(input, *sizes):
        """
        Tiles the tensor ``sizes[k]`` times along each axis (new leading axes when sizes is longer).
        """
    def split(input, split_size_or_sections, dim = 0):
        """
        Views of consecutive pieces along ``dim``: of ``split_size`` each (the last may be
            smaller), or of the sizes in a list (which must add up to the dimension).
        """
    def tolist(t):
        ...
    def unbind(input, dim = 0):
        """
        The views ``input.select(dim, i)`` for every i, as a tuple.
        """
    def __abs__(self) -> Tensor:
        ...
    @typing.overload
    def __add__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __add__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __and__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __and__(self, other: Tensor) -> Tensor:
        ...
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        ...
    def __dlpack__(self, *, stream = None, max_version = None, dl_device = None, copy = None):
        ...
    def __dlpack_device__(self):
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __eq__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __floordiv__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __floordiv__(self, other: Tensor) -> Tensor:
        ...
    def __format__(self, spec):
        """
        A 0-d tensor formats as its number (``f"{loss:.3f}"``); others as their repr.
        """
    @typing.overload
    def __ge__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __ge__(self, other: Tensor) -> Tensor:
        ...
    def __getitem__(self, key: typing.Any) -> Tensor:
        ...
    @typing.overload
    def __gt__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __gt__(self, other: Tensor) -> Tensor:
        ...
    def __hash__(self) -> int:
        ...
    @typing.overload
    def __iadd__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def __iadd__(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def __imul__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def __imul__(self, other: Tensor) -> typing.Any:
        ...
    def __index__(self):
        """
        An integer 0-d (or one-element) tensor indexes Python sequences.
        """
    def __init__(self, data: Tensor) -> None:
        """
        A new leaf tensor sharing data's storage, detached from any graph.
        """
    def __invert__(self) -> Tensor:
        ...
    @typing.overload
    def __isub__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def __isub__(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def __itruediv__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def __itruediv__(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def __le__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __le__(self, other: Tensor) -> Tensor:
        ...
    def __len__(self) -> int:
        ...
    @typing.overload
    def __lshift__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __lshift__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __lt__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __lt__(self, other: Tensor) -> Tensor:
        ...
    def __matmul__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __mod__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __mod__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __mul__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __mul__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __ne__(self, other: Tensor) -> Tensor:
        ...
    def __neg__(self) -> Tensor:
        ...
    @typing.overload
    def __or__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __or__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __pow__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __pow__(self, other: Tensor) -> Tensor:
        ...
    def __radd__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rand__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rfloordiv__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rlshift__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rmod__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rmul__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __ror__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rpow__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rrshift__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __rshift__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __rshift__(self, other: Tensor) -> Tensor:
        ...
    def __rsub__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rtruediv__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __rxor__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    def __setitem__(self, key, value):
        """
        ``x[key] = value``: value a tensor, a number, or array-like data (taken in x's dtype).
        """
    @typing.overload
    def __sub__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __sub__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __truediv__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __truediv__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __xor__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __xor__(self, other: Tensor) -> Tensor:
        ...
    def _register_hook(self, hook: collections.abc.Callable) -> collections.abc.Callable:
        """
        Routes this tensor's gradient through hook(grad) -> grad or None; returns a function that removes the hook.
        """
    def abs(self) -> Tensor:
        """
        The absolute value, elementwise. Its gradient at 0 is 0, as in PyTorch.
        """
    def abs_(self) -> typing.Any:
        """
        In place: The absolute value, elementwise. Its gradient at 0 is 0, as in PyTorch.
        """
    def acos(self) -> Tensor:
        """
        The inverse cosine, elementwise (nan outside [-1, 1]).
        """
    def acos_(self) -> typing.Any:
        """
        In place: The inverse cosine, elementwise (nan outside [-1, 1]).
        """
    def acosh(self) -> Tensor:
        """
        The inverse hyperbolic cosine, elementwise (nan below 1).
        """
    def acosh_(self) -> typing.Any:
        """
        In place: The inverse hyperbolic cosine, elementwise (nan below 1).
        """
    @typing.overload
    def add(self, other: typing.SupportsFloat | typing.SupportsIndex, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
        """
        input + alpha * other, elementwise, with broadcasting.
        """
    @typing.overload
    def add(self, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
        """
        input + alpha * other, elementwise, with broadcasting.
        """
    @typing.overload
    def add_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def add_(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def add_(self, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def amax(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The maximum over dim; the gradient is shared evenly among tied maxima, as in PyTorch.
        """
    @typing.overload
    def amax(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The maximum over dim; the gradient is shared evenly among tied maxima, as in PyTorch.
        """
    @typing.overload
    def amin(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The minimum over dim; the gradient is shared evenly among tied minima, as in PyTorch.
        """
    @typing.overload
    def amin(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The minimum over dim; the gradient is shared evenly among tied minima, as in PyTorch.
        """
    def arctan2(self, other: Tensor) -> Tensor:
        """
        The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
        """
    def arctan2_(self, other: Tensor) -> typing.Any:
        """
        In place: The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
        """
    @typing.overload
    def argmax(self, dim: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
        """
        The int64 index of the maximum (first among ties), over the flattened tensor when dim is None.
        """
    @typing.overload
    def argmax(self, axis: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
        """
        The int64 index of the maximum (first among ties), over the flattened tensor when dim is None.
        """
    @typing.overload
    def argmin(self, dim: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
        """
        The int64 index of the minimum (first among ties), over the flattened tensor when dim is None.
        """
    @typing.overload
    def argmin(self, axis: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
        """
        The int64 index of the minimum (first among ties), over the flattened tensor when dim is None.
        """
    def asin(self) -> Tensor:
        """
        The inverse sine, elementwise (nan outside [-1, 1]).
        """
    def asin_(self) -> typing.Any:
        """
        In place: The inverse sine, elementwise (nan outside [-1, 1]).
        """
    def asinh(self) -> Tensor:
        """
        The inverse hyperbolic sine, elementwise.
        """
    def asinh_(self) -> typing.Any:
        """
        In place: The inverse hyperbolic sine, elementwise.
        """
    def atan(self) -> Tensor:
        """
        The inverse tangent, elementwise.
        """
    def atan2(self, other: Tensor) -> Tensor:
        """
        The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
        """
    def atan2_(self, other: Tensor) -> typing.Any:
        """
        In place: The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
        """
    def atan_(self) -> typing.Any:
        """
        In place: The inverse tangent, elementwise.
        """
    def atanh(self) -> Tensor:
        """
        The inverse hyperbolic tangent, elementwise (nan outside [-1, 1], ±inf at ±1).
        """
    def atanh_(self) -> typing.Any:
        """
        In place: The inverse hyperbolic tangent, elementwise (nan outside [-1, 1], ±inf at ±1).
        """
    def backward(self, gradient: Tensor | None = None, retain_graph: bool = False, create_graph: bool = False) -> None:
        """
        Accumulates the gradient of this tensor into the .grad of every leaf that requires grad.
        """
    @typing.overload
    def bitwise_and(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input & other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_and(self, other: Tensor) -> Tensor:
        """
        input & other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_and_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: input & other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_and_(self, other: Tensor) -> typing.Any:
        """
        In place: input & other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_left_shift(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
        """
    @typing.overload
    def bitwise_left_shift(self, other: Tensor) -> Tensor:
        """
        input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
        """
    @typing.overload
    def bitwise_left_shift_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
        """
    @typing.overload
    def bitwise_left_shift_(self, other: Tensor) -> typing.Any:
        """
        In place: input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
        """
    def bitwise_not(self) -> Tensor:
        """
        ~input, elementwise, for integer or bool tensors.
        """
    def bitwise_not_(self) -> typing.Any:
        """
        In place: ~input, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_or(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input | other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_or(self, other: Tensor) -> Tensor:
        """
        input | other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_or_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: input | other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_or_(self, other: Tensor) -> typing.Any:
        """
        In place: input | other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_right_shift(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input >> other (arithmetic), elementwise, for integer tensors.
        """
    @typing.overload
    def bitwise_right_shift(self, other: Tensor) -> Tensor:
        """
        input >> other (arithmetic), elementwise, for integer tensors.
        """
    @typing.overload
    def bitwise_right_shift_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: input >> other (arithmetic), elementwise, for integer tensors.
        """
    @typing.overload
    def bitwise_right_shift_(self, other: Tensor) -> typing.Any:
        """
        In place: input >> other (arithmetic), elementwise, for integer tensors.
        """
    @typing.overload
    def bitwise_xor(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input ^ other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_xor(self, other: Tensor) -> Tensor:
        """
        input ^ other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_xor_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: input ^ other, elementwise, for integer or bool tensors.
        """
    @typing.overload
    def bitwise_xor_(self, other: Tensor) -> typing.Any:
        """
        In place: input ^ other, elementwise, for integer or bool tensors.
        """
    def bool(self) -> Tensor:
        ...
    def ceil(self) -> Tensor:
        """
        The smallest integer not less than each element (integers unchanged); its gradient is 0.
        """
    def ceil_(self) -> typing.Any:
        """
        In place: The smallest integer not less than each element (integers unchanged); its gradient is 0.
        """
    def clamp(self, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> Tensor:
        """
        Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
        """
    def clamp_(self, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> typing.Any:
        """
        In place: Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
        """
    def clip(self, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> Tensor:
        """
        Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
        """
    def clip_(self, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> typing.Any:
        """
        In place: Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
        """
    def clone(self) -> Tensor:
        """
        A contiguous copy (differentiable).
        """
    def contiguous(self) -> Tensor:
        """
        The tensor itself if row-major contiguous, else a copy that is.
        """
    def copy_(self, src: Tensor) -> typing.Any:
        ...
    def copysign(self, other: Tensor) -> Tensor:
        """
        |input| with the sign of other, elementwise (the sign of -0.0 counts).
        """
    def copysign_(self, other: Tensor) -> typing.Any:
        """
        In place: |input| with the sign of other, elementwise (the sign of -0.0 counts).
        """
    def cos(self) -> Tensor:
        """
        The cosine, elementwise (radians).
        """
    def cos_(self) -> typing.Any:
        """
        In place: The cosine, elementwise (radians).
        """
    def cosh(self) -> Tensor:
        """
        The hyperbolic cosine, elementwise.
        """
    def cosh_(self) -> typing.Any:
        """
        In place: The hyperbolic cosine, elementwise.
        """
    def cpu(self, memory_format = None):
        ...
    def detach(self) -> Tensor:
        """
        A tensor sharing this one's storage, detached from the graph.
        """
    def dim(self) -> int:
        ...
    @typing.overload
    def div(self, other: typing.SupportsFloat | typing.SupportsIndex, *, rounding_mode: str | None = None) -> Tensor:
        """
        input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
        """
    @typing.overload
    def div(self, other: Tensor, *, rounding_mode: str | None = None) -> Tensor:
        """
        input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
        """
    @typing.overload
    def div_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def div_(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def divide(self, other: typing.SupportsFloat | typing.SupportsIndex, *, rounding_mode: str | None = None) -> Tensor:
        """
        input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
        """
    @typing.overload
    def divide(self, other: Tensor, *, rounding_mode: str | None = None) -> Tensor:
        """
        input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
        """
    def double(self) -> Tensor:
        ...
    def element_size(self):
        ...
    def erf(self) -> Tensor:
        """
        The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt, elementwise.
        """
    def erf_(self) -> typing.Any:
        """
        In place: The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt, elementwise.
        """
    def exp(self) -> Tensor:
        """
        e to the power of each element: exp(input).
        """
    def exp2(self) -> Tensor:
        """
        2 to the power of each element.
        """
    def exp2_(self) -> typing.Any:
        """
        In place: 2 to the power of each element.
        """
    def exp_(self) -> typing.Any:
        """
        In place: e to the power of each element: exp(input).
        """
    @typing.overload
    def expand(self, size: int | collections.abc.Sequence[int] | None) -> Tensor:
        """
        A view broadcast to a larger size (-1 keeps a size; new axes lead), without copying.
        """
    @typing.overload
    def expand(self, *args) -> Tensor:
        """
        A view broadcast to a larger size (-1 keeps a size; new axes lead), without copying.
        """
    def expand_as(self, other):
        ...
    def expm1(self) -> Tensor:
        """
        e^input - 1, elementwise, accurate for small inputs.
        """
    def expm1_(self) -> typing.Any:
        """
        In place: e^input - 1, elementwise, accurate for small inputs.
        """
    def fill_(self, value: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    def flatten(self, start_dim: typing.SupportsInt | typing.SupportsIndex = 0, end_dim: typing.SupportsInt | typing.SupportsIndex = -1) -> Tensor:
        """
        Axes start_dim..end_dim merged into one (a view when the strides allow).
        """
    def float(self) -> Tensor:
        ...
    def floor(self) -> Tensor:
        """
        The largest integer not greater than each element (integers unchanged); its gradient is 0.
        """
    def floor_(self) -> typing.Any:
        """
        In place: The largest integer not greater than each element (integers unchanged); its gradient is 0.
        """
    @typing.overload
    def floor_divide(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
        """
    @typing.overload
    def floor_divide(self, other: Tensor) -> Tensor:
        """
        floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
        """
    @typing.overload
    def floor_divide_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
        """
    @typing.overload
    def floor_divide_(self, other: Tensor) -> typing.Any:
        """
        In place: floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
        """
    @typing.overload
    def fmod(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        The remainder of input / other with the sign of input (C's fmod), elementwise.
        """
    @typing.overload
    def fmod(self, other: Tensor) -> Tensor:
        """
        The remainder of input / other with the sign of input (C's fmod), elementwise.
        """
    @typing.overload
    def fmod_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: The remainder of input / other with the sign of input (C's fmod), elementwise.
        """
    @typing.overload
    def fmod_(self, other: Tensor) -> typing.Any:
        """
        In place: The remainder of input / other with the sign of input (C's fmod), elementwise.
        """
    def hypot(self, other: Tensor) -> Tensor:
        """
        sqrt(input^2 + other^2), elementwise, without overflow.
        """
    def hypot_(self, other: Tensor) -> typing.Any:
        """
        In place: sqrt(input^2 + other^2), elementwise, without overflow.
        """
    def is_contiguous(self) -> bool:
        ...
    def is_floating_point(self):
        ...
    def item(self) -> typing.Any:
        ...
    def log(self) -> Tensor:
        """
        The natural logarithm, elementwise (nan below 0, -inf at 0).
        """
    def log10(self) -> Tensor:
        """
        The base-10 logarithm, elementwise.
        """
    def log10_(self) -> typing.Any:
        """
        In place: The base-10 logarithm, elementwise.
        """
    def log1p(self) -> Tensor:
        """
        log(1 + input), elementwise, accurate for small inputs.
        """
    def log1p_(self) -> typing.Any:
        """
        In place: log(1 + input), elementwise, accurate for small inputs.
        """
    def log2(self) -> Tensor:
        """
        The base-2 logarithm, elementwise.
        """
    def log2_(self) -> typing.Any:
        """
        In place: The base-2 logarithm, elementwise.
        """
    def log_(self) -> typing.Any:
        """
        In place: The natural logarithm, elementwise (nan below 0, -inf at 0).
        """
    def log_softmax(self, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        x - log(sum(e^x)) along dim, one fused kernel (a shifted log-sum-exp).
        """
    def logaddexp(self, other: Tensor) -> Tensor:
        """
        log(exp(input) + exp(other)), elementwise, without overflow.
        """
    def logaddexp_(self, other: Tensor) -> typing.Any:
        """
        In place: log(exp(input) + exp(other)), elementwise, without overflow.
        """
    def logical_and(self, other: Tensor) -> Tensor:
        """
        True where both are nonzero (a bool tensor).
        """
    def logical_not(self) -> Tensor:
        """
        True where input is zero (a bool tensor).
        """
    def logical_or(self, other: Tensor) -> Tensor:
        """
        True where either is nonzero (a bool tensor).
        """
    def logical_xor(self, other: Tensor) -> Tensor:
        """
        True where exactly one is nonzero (a bool tensor).
        """
    @typing.overload
    def logsumexp(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        log(sum(exp(input))) over dim, computed without overflow (shifted by the maximum).
        """
    @typing.overload
    def logsumexp(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        log(sum(exp(input))) over dim, computed without overflow (shifted by the maximum).
        """
    def long(self) -> Tensor:
        ...
    def matmul(self, other: Tensor) -> Tensor:
        """
        Matrix product with NumPy semantics: 1-D operands promoted, batch axes broadcast.
        """
    def maximum(self, other: Tensor) -> Tensor:
        """
        The larger of input and other, elementwise, with broadcasting.
        """
    @typing.overload
    def mean(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The mean over dim (an int, a tuple, or None: every axis).
        """
    @typing.overload
    def mean(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The mean over dim (an int, a tuple, or None: every axis).
        """
    def minimum(self, other: Tensor) -> Tensor:
        """
        The smaller of input and other, elementwise, with broadcasting.
        """
    def mm(self, other: Tensor) -> Tensor:
        """
        Matrix product with NumPy semantics: 1-D operands promoted, batch axes broadcast.
        """
    @typing.overload
    def mul(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input * other, elementwise, with broadcasting.
        """
    @typing.overload
    def mul(self, other: Tensor) -> Tensor:
        """
        input * other, elementwise, with broadcasting.
        """
    @typing.overload
    def mul_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def mul_(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def multiply(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input * other, elementwise, with broadcasting.
        """
    @typing.overload
    def multiply(self, other: Tensor) -> Tensor:
        """
        input * other, elementwise, with broadcasting.
        """
    def neg(self) -> Tensor:
        """
        The negative, elementwise: -input.
        """
    def neg_(self) -> typing.Any:
        """
        In place: The negative, elementwise: -input.
        """
    def nelement(self):
        ...
    def new_empty(self, *size, dtype = None, device = None, requires_grad = False):
        ...
    def new_full(self, size, fill_value, dtype = None, device = None, requires_grad = False):
        ...
    def new_ones(self, *size, dtype = None, device = None, requires_grad = False):
        ...
    def new_tensor(self, data, dtype = None, device = None, requires_grad = False):
        ...
    def new_zeros(self, *size, dtype = None, device = None, requires_grad = False):
        ...
    @typing.overload
    def norm(self, p: typing.SupportsFloat | typing.SupportsIndex = 2.0, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The p-norm (p > 0 or inf) over dim, or of the flattened tensor; the 2-norm's gradient at 0 is 0.
        """
    @typing.overload
    def norm(self, p: typing.SupportsFloat | typing.SupportsIndex = 2.0, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The p-norm (p > 0 or inf) over dim, or of the flattened tensor; the 2-norm's gradient at 0 is 0.
        """
    def normal_(self, mean: typing.SupportsFloat | typing.SupportsIndex = 0.0, std: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> typing.Any:
        ...
    def numel(self) -> int:
        ...
    def numpy(self) -> numpy.ndarray:
        """
        A NumPy array sharing this tensor's memory.
        """
    @typing.overload
    def permute(self, dims: int | collections.abc.Sequence[int] | None) -> Tensor:
        """
        A view with the axes reordered as dims.
        """
    @typing.overload
    def permute(self, *args) -> Tensor:
        """
        A view with the axes reordered as dims.
        """
    @typing.overload
    def pow(self, exponent: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        """
    @typing.overload
    def pow(self, exponent: Tensor) -> Tensor:
        """
        input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        """
    @typing.overload
    def pow_(self, exponent: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        """
    @typing.overload
    def pow_(self, exponent: Tensor) -> typing.Any:
        """
        In place: input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        """
    def reciprocal(self) -> Tensor:
        """
        1 / input, elementwise.
        """
    def reciprocal_(self) -> typing.Any:
        """
        In place: 1 / input, elementwise.
        """
    def register_hook(self, hook):
        """
        Calls ``hook(grad)`` with this tensor's gradient during backward; a tensor it returns replaces
            the gradient. On a non-leaf it sees the uses recorded after registration.
        """
    def register_post_accumulate_grad_hook(self, hook: collections.abc.Callable) -> collections.abc.Callable:
        """
        Calls hook(tensor) after backward accumulates into tensor.grad; returns a function that removes it.
        """
    def relu(self) -> Tensor:
        """
        max(input, 0), elementwise (nan stays nan).
        """
    def relu_(self) -> typing.Any:
        """
        In place: max(input, 0), elementwise (nan stays nan).
        """
    @typing.overload
    def remainder(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        """
        The remainder of input / other with the sign of other (Python's %), elementwise.
        """
    @typing.overload
    def remainder(self, other: Tensor) -> Tensor:
        """
        The remainder of input / other with the sign of other (Python's %), elementwise.
        """
    @typing.overload
    def remainder_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        In place: The remainder of input / other with the sign of other (Python's %), elementwise.
        """
    @typing.overload
    def remainder_(self, other: Tensor) -> typing.Any:
        """
        In place: The remainder of input / other with the sign of other (Python's %), elementwise.
        """
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        ...
    @typing.overload
    def reshape(self, shape: int | collections.abc.Sequence[int] | None) -> Tensor:
        """
        The same elements in a new shape (one size may be -1): a view when the strides allow, else a copy.
        """
    @typing.overload
    def reshape(self, *args) -> Tensor:
        """
        The same elements in a new shape (one size may be -1): a view when the strides allow, else a copy.
        """
    def reshape_as(self, other):
        ...
    def retain_grad(self) -> None:
        """
        Keeps this non-leaf tensor's gradient in .grad during backward (uses recorded from now on).
        """
    def round(self) -> Tensor:
        """
        Each element rounded to the nearest integer, halves to even as in NumPy and PyTorch; its gradient is 0.
        """
    def round_(self) -> typing.Any:
        """
        In place: Each element rounded to the nearest integer, halves to even as in NumPy and PyTorch; its gradient is 0.
        """
    def rsqrt(self) -> Tensor:
        """
        The reciprocal of the square root, elementwise: 1 / sqrt(input).
        """
    def rsqrt_(self) -> typing.Any:
        """
        In place: The reciprocal of the square root, elementwise: 1 / sqrt(input).
        """
    def sigmoid(self) -> Tensor:
        """
        The logistic function 1 / (1 + e^-x), elementwise.
        """
    def sigmoid_(self) -> typing.Any:
        """
        In place: The logistic function 1 / (1 + e^-x), elementwise.
        """
    def sign(self) -> Tensor:
        """
        -1, 0 or 1 by the sign of each element (nan stays nan); its gradient is 0.
        """
    def sign_(self) -> typing.Any:
        """
        In place: -1, 0 or 1 by the sign of each element (nan stays nan); its gradient is 0.
        """
    def sin(self) -> Tensor:
        """
        The sine, elementwise (radians).
        """
    def sin_(self) -> typing.Any:
        """
        In place: The sine, elementwise (radians).
        """
    def sinh(self) -> Tensor:
        """
        The hyperbolic sine, elementwise.
        """
    def sinh_(self) -> typing.Any:
        """
        In place: The hyperbolic sine, elementwise.
        """
    def size(self, dim: typing.SupportsInt | typing.SupportsIndex | None = None) -> typing.Any:
        """
        The shape, or the size of one dimension (PyTorch's size()).
        """
    def softmax(self, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        e^x / sum(e^x) along dim, one fused kernel (shifted by the maximum, so it never overflows).
        """
    def sqrt(self) -> Tensor:
        """
        The square root, elementwise (nan below 0).
        """
    def sqrt_(self) -> typing.Any:
        """
        In place: The square root, elementwise (nan below 0).
        """
    def square(self) -> Tensor:
        """
        input * input, elementwise.
        """
    def square_(self) -> typing.Any:
        """
        In place: input * input, elementwise.
        """
    def squeeze(self, dim: typing.SupportsInt | typing.SupportsIndex | None = None) -> Tensor:
        """
        A view without the size-1 axis dim (every size-1 axis when dim is None).
        """
    @typing.overload
    def std(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
        """
        The standard deviation over dim: the square root of var (same arguments).
        """
    @typing.overload
    def std(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
        """
        The standard deviation over dim: the square root of var (same arguments).
        """
    def stride(self) -> tuple:
        ...
    @typing.overload
    def sub(self, other: typing.SupportsFloat | typing.SupportsIndex, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
        """
        input - alpha * other, elementwise, with broadcasting.
        """
    @typing.overload
    def sub(self, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
        """
        input - alpha * other, elementwise, with broadcasting.
        """
    @typing.overload
    def sub_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def sub_(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def sub_(self, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def subtract(self, other: typing.SupportsFloat | typing.SupportsIndex, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
        """
        input - alpha * other, elementwise, with broadcasting.
        """
    @typing.overload
    def subtract(self, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
        """
        input - alpha * other, elementwise, with broadcasting.
        """
    @typing.overload
    def sum(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The sum over dim (an int, a tuple, or None: every axis).
        """
    @typing.overload
    def sum(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        """
        The sum over dim (an int, a tuple, or None: every axis).
        """
    def swapaxes(self, dim0: typing.SupportsInt | typing.SupportsIndex, dim1: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        A view with axes dim0 and dim1 swapped.
        """
    def t(self) -> Tensor:
        ...
    def tan(self) -> Tensor:
        """
        The tangent, elementwise (radians).
        """
    def tan_(self) -> typing.Any:
        """
        In place: The tangent, elementwise (radians).
        """
    def tanh(self) -> Tensor:
        """
        The hyperbolic tangent, elementwise.
        """
    def tanh_(self) -> typing.Any:
        """
        In place: The hyperbolic tangent, elementwise.
        """
    def to(self, *args, dtype = None, device = None):
        """
        A copy in another dtype (``self`` when it already has it); devices as in ``_to_args``.
        """
    def transpose(self, dim0: typing.SupportsInt | typing.SupportsIndex, dim1: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        A view with axes dim0 and dim1 swapped.
        """
    @typing.overload
    def true_divide(self, other: typing.SupportsFloat | typing.SupportsIndex, *, rounding_mode: str | None = None) -> Tensor:
        """
        input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
        """
    @typing.overload
    def true_divide(self, other: Tensor, *, rounding_mode: str | None = None) -> Tensor:
        """
        input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
        """
    def trunc(self) -> Tensor:
        """
        Each element rounded toward zero (integers unchanged); its gradient is 0.
        """
    def trunc_(self) -> typing.Any:
        """
        In place: Each element rounded toward zero (integers unchanged); its gradient is 0.
        """
    def type(self, dtype = None, non_blocking = False):
        """
        With no argument the type's name (``'graphgrad.FloatTensor'``), else a copy in ``dtype`` (self
            when it already has it).
        """
    def type_as(self, other):
        ...
    def uniform_(self, a: typing.SupportsFloat | typing.SupportsIndex = 0.0, b: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> typing.Any:
        ...
    def unsqueeze(self, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        A view with a new axis of size 1 at dim.
        """
    @typing.overload
    def var(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
        """
        The variance over dim, divided by max(count - correction, 0) (inf or nan when nothing is left).
        """
    @typing.overload
    def var(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
        """
        The variance over dim, divided by max(count - correction, 0) (inf or nan when nothing is left).
        """
    @typing.overload
    def view(self, shape: int | collections.abc.Sequence[int] | None) -> Tensor:
        """
        A view with a new shape (one size may be -1); a ValueError when the strides do not allow one.
        """
    @typing.overload
    def view(self, *args) -> Tensor:
        """
        A view with a new shape (one size may be -1); a ValueError when the strides do not allow one.
        """
    def view_as(self, other):
        ...
    def zero_(self) -> typing.Any:
        ...
    @property
    def T(self) -> Tensor:
        ...
    @property
    def _data_ptr(self) -> int:
        ...
    @property
    def _version(self) -> int:
        ...
    @property
    def data(self) -> Tensor:
        """
        The tensor's values, detached from the graph; assigning replaces them (memory, shape, dtype) in place.
        """
    @data.setter
    def data(self, arg1: Tensor) -> None:
        ...
    @property
    def device(self):
        """
        The tensor's device: always the CPU.
        """
    @property
    def dtype(self) -> numpy.dtype[typing.Any]:
        ...
    @property
    def grad(self) -> typing.Any:
        ...
    @grad.setter
    def grad(self, arg1: Tensor | None) -> None:
        ...
    @property
    def grad_fn(self) -> typing.Any:
        ...
    @property
    def is_cuda(self):
        ...
    @property
    def is_leaf(self) -> bool:
        ...
    @property
    def ndim(self) -> int:
        ...
    @property
    def shape(self) -> tuple:
        ...
def _adadelta_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, rho: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One Adadelta step; states = [square_avgs, acc_deltas].
    """
def _adagrad_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, lr_decay: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One Adagrad step; states = [sums].
    """
def _adam_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, beta1: typing.SupportsFloat | typing.SupportsIndex, beta2: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, decoupled_weight_decay: bool, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One Adam/AdamW step; states = [exp_avgs, exp_avg_sqs, max_exp_avg_sqs or None].
    """
def _adaptive_avg_pool(input: Tensor, output_size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> Tensor:
    """
    Adaptive average pooling to output_size over 1 or 2 trailing dims.
    """
def _adaptive_max_pool(input: Tensor, output_size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> tuple[Tensor, Tensor]:
    """
    Adaptive max pooling to output_size over 1 or 2 trailing dims: (values, flat indices).
    """
def _avg_pool(input: Tensor, kernel_size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], stride: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], padding: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], ceil_mode: bool, count_include_pad: bool, divisor_override: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    Average pooling over 1 or 2 trailing dims (divisor_override <= 0: none).
    """
def _backward(tensors: collections.abc.Sequence[Tensor], grad_tensors: collections.abc.Sequence[Tensor | None], retain_graph: bool, create_graph: bool) -> None:
    """
    graphgrad.autograd.backward's engine call.
    """
def _batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None, weight: Tensor | None, bias: Tensor | None, training: bool, momentum: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    ...
def _best_isa() -> str:
    """
    The widest instruction set this CPU supports.
    """
def _cached_bytes() -> int:
    ...
def _conv(input: Tensor, weight: Tensor, bias: Tensor | None, stride: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], pad_begin: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], pad_end: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], dilation: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], groups: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    Convolution of (N, C, *spatial) with (K, C / groups, *kernel), 1 to 3 spatial dims; zero padding pad_begin / pad_end before / after each spatial dim.
    """
def _conv_transpose(input: Tensor, weight: Tensor, bias: Tensor | None, stride: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], padding: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], output_padding: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], dilation: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], groups: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    Transposed convolution of (N, C_in, *spatial) with (C_in, C_out / groups, *kernel).
    """
def _cross_entropy(input: Tensor, target: Tensor, reduction: str = 'mean', ignore_index: typing.SupportsInt | typing.SupportsIndex = -100, weight: Tensor | None = None, label_smoothing: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> Tensor:
    ...
def _custom_function(inputs: collections.abc.Sequence[Tensor], output: Tensor, backward: collections.abc.Callable) -> Tensor:
    """
    output (computed without a graph) as the result of one node over inputs whose backward is backward(grad) -> a sequence of one gradient or None per input.
    """
def _dropout(input: Tensor, p: typing.SupportsFloat | typing.SupportsIndex, training: bool) -> Tensor:
    ...
def _empty(*args, dtype: numpy.dtype[typing.Any] = ...) -> Tensor:
    ...
def _empty_cache() -> None:
    ...
def _enter_dual_level() -> int:
    """
    Opens a dual level and returns its id.
    """
def _exit_dual_level(level: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Closes the dual level: every tangent set during it is dropped.
    """
def _from_numpy(array: numpy.ndarray) -> Tensor:
    ...
def _full(size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], fill_value: typing.SupportsFloat | typing.SupportsIndex, dtype: numpy.dtype[typing.Any]) -> Tensor:
    ...
def _grad(outputs: collections.abc.Sequence[Tensor], grad_outputs: collections.abc.Sequence[Tensor | None], inputs: collections.abc.Sequence[Tensor], retain_graph: bool, create_graph: bool, allow_unused: bool) -> list[Tensor | None]:
    """
    graphgrad.autograd.grad's engine call.
    """
def _grad_hook(input: Tensor, hook: collections.abc.Callable) -> Tensor:
    """
    An alias of input whose backward returns hook(grad) (same shape and dtype) as input's gradient.
    """
def _group_clamp_(tensors: collections.abc.Sequence[Tensor], min: typing.SupportsFloat | typing.SupportsIndex, max: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    Clamps every tensor to [min, max] in place.
    """
def _group_fill_(tensors: collections.abc.Sequence[Tensor], value: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    Fills every tensor with value in place.
    """
def _group_norm_pow(tensors: collections.abc.Sequence[Tensor], p: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    sum of |x|^p over all elements of all tensors (p = inf: max |x|).
    """
def _group_scale_(tensors: collections.abc.Sequence[Tensor], c: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    Multiplies every tensor by c in place.
    """
def _isa() -> str:
    """
    The instruction set in use.
    """
def _kernel_isas() -> dict[str, str]:
    """
    The instruction set each kernel family runs with.
    """
def _make_dual(primal: Tensor, tangent: Tensor) -> Tensor:
    ...
def _max_pool(input: Tensor, kernel_size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], stride: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], padding: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], dilation: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], ceil_mode: bool) -> tuple[Tensor, Tensor]:
    """
    Max pooling over 1 or 2 trailing dims: (values, flat indices in each plane).
    """
def _max_unpool(input: Tensor, indices: Tensor, output_size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> Tensor:
    """
    Zero planes of output_size with input placed at the flat indices (max pooling's adjoint).
    """
def _nll_loss(input: Tensor, target: Tensor, reduction: str = 'mean', ignore_index: typing.SupportsInt | typing.SupportsIndex = -100) -> Tensor:
    ...
def _normal_(tensor: Tensor, mean: typing.SupportsFloat | typing.SupportsIndex, std: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    ...
def _ops() -> list:
    """
    The op registry: one dict per registered op (name, doc, params, where it is bound, test spec).
    """
def _optim_kernel_isa() -> str:
    """
    Instruction set the optimizer loops run with.
    """
def _rand(size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], dtype: numpy.dtype[typing.Any]) -> Tensor:
    ...
def _randn(size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], dtype: numpy.dtype[typing.Any]) -> Tensor:
    ...
def _rmsprop_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, alpha: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, momentum: typing.SupportsFloat | typing.SupportsIndex, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One RMSprop step; states = [square_avgs, momentum_buffers or None, grad_avgs or None].
    """
def _rng_state() -> tuple[int, int]:
    ...
def _rnn_layer(mode: str, input: Tensor, batch_sizes: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], h0: Tensor | None, c0: Tensor | None, weights: collections.abc.Sequence[Tensor], num_directions: typing.SupportsInt | typing.SupportsIndex, has_bias: bool, has_proj: bool) -> list[Tensor]:
    """
    One fused RNN_TANH/RNN_RELU/LSTM/GRU layer over packed rows (N, input_size) with step sizes batch_sizes; weights per direction in PyTorch's order. Returns [output (N, D*P), h_n (D, B, P)] (+ c_n for LSTM).
    """
def _scalar(value: typing.SupportsFloat | typing.SupportsIndex, dtype: numpy.dtype[typing.Any], requires_grad: bool) -> Tensor:
    ...
def _scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask: Tensor | None = None, is_causal: bool = False, scale: typing.SupportsFloat | typing.SupportsIndex | None = None) -> Tensor:
    """
    Fused softmax(q k^T * scale + mask) v (no dropout), blocked with an online softmax.
    """
def _set_grad_enabled(enabled: bool) -> None:
    ...
def _set_isa(name: str) -> None:
    """
    Force every kernel family to one instruction set: generic, avx2, avx512 or auto (the best this CPU runs). ValueError for a level this CPU cannot run.
    """
def _set_rng_state(seed: typing.SupportsInt | typing.SupportsIndex, offset: typing.SupportsInt | typing.SupportsIndex) -> None:
    ...
def _sgd_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, momentum: typing.SupportsFloat | typing.SupportsIndex, dampening: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, nesterov: bool, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One SGD step over a parameter group; states = [momentum_buffers] (or [None] without momentum).
    """
def _uniform_(tensor: Tensor, low: typing.SupportsFloat | typing.SupportsIndex, high: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    ...
def _unpack_dual(tensor: Tensor) -> tuple[Tensor, Tensor | None]:
    ...
def abs(input: Tensor) -> Tensor:
    """
    The absolute value, elementwise. Its gradient at 0 is 0, as in PyTorch.
    """
def acos(input: Tensor) -> Tensor:
    """
    The inverse cosine, elementwise (nan outside [-1, 1]).
    """
def acosh(input: Tensor) -> Tensor:
    """
    The inverse hyperbolic cosine, elementwise (nan below 1).
    """
@typing.overload
def add(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
    """
    input + alpha * other, elementwise, with broadcasting.
    """
@typing.overload
def add(input: Tensor, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
    """
    input + alpha * other, elementwise, with broadcasting.
    """
@typing.overload
def amax(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The maximum over dim; the gradient is shared evenly among tied maxima, as in PyTorch.
    """
@typing.overload
def amax(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The maximum over dim; the gradient is shared evenly among tied maxima, as in PyTorch.
    """
@typing.overload
def amin(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The minimum over dim; the gradient is shared evenly among tied minima, as in PyTorch.
    """
@typing.overload
def amin(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The minimum over dim; the gradient is shared evenly among tied minima, as in PyTorch.
    """
def arctan2(input: Tensor, other: Tensor) -> Tensor:
    """
    The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
    """
@typing.overload
def argmax(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
    """
    The int64 index of the maximum (first among ties), over the flattened tensor when dim is None.
    """
@typing.overload
def argmax(input: Tensor, axis: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
    """
    The int64 index of the maximum (first among ties), over the flattened tensor when dim is None.
    """
@typing.overload
def argmin(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
    """
    The int64 index of the minimum (first among ties), over the flattened tensor when dim is None.
    """
@typing.overload
def argmin(input: Tensor, axis: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> Tensor:
    """
    The int64 index of the minimum (first among ties), over the flattened tensor when dim is None.
    """
def asin(input: Tensor) -> Tensor:
    """
    The inverse sine, elementwise (nan outside [-1, 1]).
    """
def asinh(input: Tensor) -> Tensor:
    """
    The inverse hyperbolic sine, elementwise.
    """
def atan(input: Tensor) -> Tensor:
    """
    The inverse tangent, elementwise.
    """
def atan2(input: Tensor, other: Tensor) -> Tensor:
    """
    The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
    """
def atanh(input: Tensor) -> Tensor:
    """
    The inverse hyperbolic tangent, elementwise (nan outside [-1, 1], ±inf at ±1).
    """
@typing.overload
def bitwise_and(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input & other, elementwise, for integer or bool tensors.
    """
@typing.overload
def bitwise_and(input: Tensor, other: Tensor) -> Tensor:
    """
    input & other, elementwise, for integer or bool tensors.
    """
@typing.overload
def bitwise_left_shift(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
    """
@typing.overload
def bitwise_left_shift(input: Tensor, other: Tensor) -> Tensor:
    """
    input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).
    """
def bitwise_not(input: Tensor) -> Tensor:
    """
    ~input, elementwise, for integer or bool tensors.
    """
@typing.overload
def bitwise_or(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input | other, elementwise, for integer or bool tensors.
    """
@typing.overload
def bitwise_or(input: Tensor, other: Tensor) -> Tensor:
    """
    input | other, elementwise, for integer or bool tensors.
    """
@typing.overload
def bitwise_right_shift(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input >> other (arithmetic), elementwise, for integer tensors.
    """
@typing.overload
def bitwise_right_shift(input: Tensor, other: Tensor) -> Tensor:
    """
    input >> other (arithmetic), elementwise, for integer tensors.
    """
@typing.overload
def bitwise_xor(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input ^ other, elementwise, for integer or bool tensors.
    """
@typing.overload
def bitwise_xor(input: Tensor, other: Tensor) -> Tensor:
    """
    input ^ other, elementwise, for integer or bool tensors.
    """
@typing.overload
def cat(tensors: collections.abc.Sequence[Tensor], dim: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors joined along an existing axis dim (sizes must match elsewhere).
    """
@typing.overload
def cat(tensors: collections.abc.Sequence[Tensor], axis: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors joined along an existing axis dim (sizes must match elsewhere).
    """
def ceil(input: Tensor) -> Tensor:
    """
    The smallest integer not less than each element (integers unchanged); its gradient is 0.
    """
def clamp(input: Tensor, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> Tensor:
    """
    Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
    """
def clip(input: Tensor, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> Tensor:
    """
    Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
    """
def clone(input: Tensor) -> Tensor:
    """
    A contiguous copy (differentiable).
    """
@typing.overload
def concat(tensors: collections.abc.Sequence[Tensor], dim: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors joined along an existing axis dim (sizes must match elsewhere).
    """
@typing.overload
def concat(tensors: collections.abc.Sequence[Tensor], axis: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors joined along an existing axis dim (sizes must match elsewhere).
    """
@typing.overload
def concatenate(tensors: collections.abc.Sequence[Tensor], dim: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors joined along an existing axis dim (sizes must match elsewhere).
    """
@typing.overload
def concatenate(tensors: collections.abc.Sequence[Tensor], axis: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors joined along an existing axis dim (sizes must match elsewhere).
    """
def contiguous(input: Tensor) -> Tensor:
    """
    The tensor itself if row-major contiguous, else a copy that is.
    """
def copysign(input: Tensor, other: Tensor) -> Tensor:
    """
    |input| with the sign of other, elementwise (the sign of -0.0 counts).
    """
def cos(input: Tensor) -> Tensor:
    """
    The cosine, elementwise (radians).
    """
def cosh(input: Tensor) -> Tensor:
    """
    The hyperbolic cosine, elementwise.
    """
@typing.overload
def div(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex, *, rounding_mode: str | None = None) -> Tensor:
    """
    input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
    """
@typing.overload
def div(input: Tensor, other: Tensor, *, rounding_mode: str | None = None) -> Tensor:
    """
    input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
    """
@typing.overload
def divide(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex, *, rounding_mode: str | None = None) -> Tensor:
    """
    input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
    """
@typing.overload
def divide(input: Tensor, other: Tensor, *, rounding_mode: str | None = None) -> Tensor:
    """
    input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
    """
def erf(input: Tensor) -> Tensor:
    """
    The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt, elementwise.
    """
def exp(input: Tensor) -> Tensor:
    """
    e to the power of each element: exp(input).
    """
def exp2(input: Tensor) -> Tensor:
    """
    2 to the power of each element.
    """
def expm1(input: Tensor) -> Tensor:
    """
    e^input - 1, elementwise, accurate for small inputs.
    """
def flatten(input: Tensor, start_dim: typing.SupportsInt | typing.SupportsIndex = 0, end_dim: typing.SupportsInt | typing.SupportsIndex = -1) -> Tensor:
    """
    Axes start_dim..end_dim merged into one (a view when the strides allow).
    """
def floor(input: Tensor) -> Tensor:
    """
    The largest integer not greater than each element (integers unchanged); its gradient is 0.
    """
@typing.overload
def floor_divide(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
    """
@typing.overload
def floor_divide(input: Tensor, other: Tensor) -> Tensor:
    """
    floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.
    """
@typing.overload
def fmod(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    The remainder of input / other with the sign of input (C's fmod), elementwise.
    """
@typing.overload
def fmod(input: Tensor, other: Tensor) -> Tensor:
    """
    The remainder of input / other with the sign of input (C's fmod), elementwise.
    """
def gelu(input: Tensor) -> Tensor:
    """
    x * Phi(x), Phi the standard normal CDF (PyTorch's gelu, approximate='none'); one fused kernel each way.
    """
def get_num_threads() -> int:
    """
    The number of threads graphgrad's kernels use.
    """
def hypot(input: Tensor, other: Tensor) -> Tensor:
    """
    sqrt(input^2 + other^2), elementwise, without overflow.
    """
def is_grad_enabled() -> bool:
    ...
def leaky_relu(input: Tensor, negative_slope: typing.SupportsFloat | typing.SupportsIndex = 0.01) -> Tensor:
    """
    input where it is positive, negative_slope * input elsewhere.
    """
def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """
    input @ weight.T + bias in one op: the bias rows are the GEMM's C, the weight gradient is contiguous.
    """
def log(input: Tensor) -> Tensor:
    """
    The natural logarithm, elementwise (nan below 0, -inf at 0).
    """
def log10(input: Tensor) -> Tensor:
    """
    The base-10 logarithm, elementwise.
    """
def log1p(input: Tensor) -> Tensor:
    """
    log(1 + input), elementwise, accurate for small inputs.
    """
def log2(input: Tensor) -> Tensor:
    """
    The base-2 logarithm, elementwise.
    """
def log_softmax(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    x - log(sum(e^x)) along dim, one fused kernel (a shifted log-sum-exp).
    """
def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """
    log(exp(input) + exp(other)), elementwise, without overflow.
    """
def logical_and(input: Tensor, other: Tensor) -> Tensor:
    """
    True where both are nonzero (a bool tensor).
    """
def logical_not(input: Tensor) -> Tensor:
    """
    True where input is zero (a bool tensor).
    """
def logical_or(input: Tensor, other: Tensor) -> Tensor:
    """
    True where either is nonzero (a bool tensor).
    """
def logical_xor(input: Tensor, other: Tensor) -> Tensor:
    """
    True where exactly one is nonzero (a bool tensor).
    """
@typing.overload
def logsumexp(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    log(sum(exp(input))) over dim, computed without overflow (shifted by the maximum).
    """
@typing.overload
def logsumexp(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    log(sum(exp(input))) over dim, computed without overflow (shifted by the maximum).
    """
def manual_seed(seed: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Seeds the global counter-based generator and resets its offset.
    """
def matmul(input: Tensor, other: Tensor) -> Tensor:
    """
    Matrix product with NumPy semantics: 1-D operands promoted, batch axes broadcast.
    """
def max(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> typing.Any:
    """
    The maximum (min: minimum) of every element, or (values, indices) along dim.
    """
def maximum(input: Tensor, other: Tensor) -> Tensor:
    """
    The larger of input and other, elementwise, with broadcasting.
    """
@typing.overload
def mean(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The mean over dim (an int, a tuple, or None: every axis).
    """
@typing.overload
def mean(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The mean over dim (an int, a tuple, or None: every axis).
    """
def min(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex | None = None, keepdim: bool = False) -> typing.Any:
    """
    The maximum (min: minimum) of every element, or (values, indices) along dim.
    """
def minimum(input: Tensor, other: Tensor) -> Tensor:
    """
    The smaller of input and other, elementwise, with broadcasting.
    """
def mm(input: Tensor, other: Tensor) -> Tensor:
    """
    Matrix product with NumPy semantics: 1-D operands promoted, batch axes broadcast.
    """
@typing.overload
def mul(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input * other, elementwise, with broadcasting.
    """
@typing.overload
def mul(input: Tensor, other: Tensor) -> Tensor:
    """
    input * other, elementwise, with broadcasting.
    """
@typing.overload
def multiply(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input * other, elementwise, with broadcasting.
    """
@typing.overload
def multiply(input: Tensor, other: Tensor) -> Tensor:
    """
    input * other, elementwise, with broadcasting.
    """
def neg(input: Tensor) -> Tensor:
    """
    The negative, elementwise: -input.
    """
@typing.overload
def norm(input: Tensor, p: typing.SupportsFloat | typing.SupportsIndex = 2.0, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The p-norm (p > 0 or inf) over dim, or of the flattened tensor; the 2-norm's gradient at 0 is 0.
    """
@typing.overload
def norm(input: Tensor, p: typing.SupportsFloat | typing.SupportsIndex = 2.0, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The p-norm (p > 0 or inf) over dim, or of the flattened tensor; the 2-norm's gradient at 0 is 0.
    """
def permute(input: Tensor, dims: int | collections.abc.Sequence[int] | None) -> Tensor:
    """
    A view with the axes reordered as dims.
    """
@typing.overload
def pow(input: Tensor, exponent: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
    """
@typing.overload
def pow(input: Tensor, exponent: Tensor) -> Tensor:
    """
    input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
    """
def reciprocal(input: Tensor) -> Tensor:
    """
    1 / input, elementwise.
    """
def relu(input: Tensor) -> Tensor:
    """
    max(input, 0), elementwise (nan stays nan).
    """
@typing.overload
def remainder(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    The remainder of input / other with the sign of other (Python's %), elementwise.
    """
@typing.overload
def remainder(input: Tensor, other: Tensor) -> Tensor:
    """
    The remainder of input / other with the sign of other (Python's %), elementwise.
    """
def reshape(input: Tensor, shape: int | collections.abc.Sequence[int] | None) -> Tensor:
    """
    The same elements in a new shape (one size may be -1): a view when the strides allow, else a copy.
    """
def round(input: Tensor) -> Tensor:
    """
    Each element rounded to the nearest integer, halves to even as in NumPy and PyTorch; its gradient is 0.
    """
def rsqrt(input: Tensor) -> Tensor:
    """
    The reciprocal of the square root, elementwise: 1 / sqrt(input).
    """
def set_num_threads(num_threads: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Sets the number of threads graphgrad's kernels use.
    """
def sigmoid(input: Tensor) -> Tensor:
    """
    The logistic function 1 / (1 + e^-x), elementwise.
    """
def sign(input: Tensor) -> Tensor:
    """
    -1, 0 or 1 by the sign of each element (nan stays nan); its gradient is 0.
    """
def silu(input: Tensor) -> Tensor:
    """
    x * sigmoid(x) (swish); one fused kernel each way.
    """
def sin(input: Tensor) -> Tensor:
    """
    The sine, elementwise (radians).
    """
def sinh(input: Tensor) -> Tensor:
    """
    The hyperbolic sine, elementwise.
    """
def softmax(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    e^x / sum(e^x) along dim, one fused kernel (shifted by the maximum, so it never overflows).
    """
def softplus(input: Tensor, beta: typing.SupportsFloat | typing.SupportsIndex = 1.0, threshold: typing.SupportsFloat | typing.SupportsIndex = 20.0) -> Tensor:
    """
    log(1 + e^(beta * input)) / beta, elementwise; input itself where beta * input > threshold.
    """
def sqrt(input: Tensor) -> Tensor:
    """
    The square root, elementwise (nan below 0).
    """
def square(input: Tensor) -> Tensor:
    """
    input * input, elementwise.
    """
def squeeze(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex | None = None) -> Tensor:
    """
    A view without the size-1 axis dim (every size-1 axis when dim is None).
    """
@typing.overload
def stack(tensors: collections.abc.Sequence[Tensor], dim: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors (all of one shape) joined along a new axis dim.
    """
@typing.overload
def stack(tensors: collections.abc.Sequence[Tensor], axis: typing.SupportsInt | typing.SupportsIndex = 0) -> Tensor:
    """
    The tensors (all of one shape) joined along a new axis dim.
    """
@typing.overload
def std(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
    """
    The standard deviation over dim: the square root of var (same arguments).
    """
@typing.overload
def std(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
    """
    The standard deviation over dim: the square root of var (same arguments).
    """
@typing.overload
def sub(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
    """
    input - alpha * other, elementwise, with broadcasting.
    """
@typing.overload
def sub(input: Tensor, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
    """
    input - alpha * other, elementwise, with broadcasting.
    """
@typing.overload
def subtract(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
    """
    input - alpha * other, elementwise, with broadcasting.
    """
@typing.overload
def subtract(input: Tensor, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> Tensor:
    """
    input - alpha * other, elementwise, with broadcasting.
    """
@typing.overload
def sum(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The sum over dim (an int, a tuple, or None: every axis).
    """
@typing.overload
def sum(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
    """
    The sum over dim (an int, a tuple, or None: every axis).
    """
def sum_to(input: Tensor, shape: int | collections.abc.Sequence[int] | None) -> Tensor:
    """
    Sums a broadcast tensor back to shape (the reverse of broadcasting: a gradient's reduction).
    """
def swapaxes(input: Tensor, dim0: typing.SupportsInt | typing.SupportsIndex, dim1: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    A view with axes dim0 and dim1 swapped.
    """
def tan(input: Tensor) -> Tensor:
    """
    The tangent, elementwise (radians).
    """
def tanh(input: Tensor) -> Tensor:
    """
    The hyperbolic tangent, elementwise.
    """
def transpose(input: Tensor, dim0: typing.SupportsInt | typing.SupportsIndex, dim1: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    A view with axes dim0 and dim1 swapped.
    """
@typing.overload
def true_divide(input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex, *, rounding_mode: str | None = None) -> Tensor:
    """
    input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
    """
@typing.overload
def true_divide(input: Tensor, other: Tensor, *, rounding_mode: str | None = None) -> Tensor:
    """
    input / other, elementwise, with broadcasting: true division (integers give float32), or rounded toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.
    """
def trunc(input: Tensor) -> Tensor:
    """
    Each element rounded toward zero (integers unchanged); its gradient is 0.
    """
def unsqueeze(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    A view with a new axis of size 1 at dim.
    """
@typing.overload
def var(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
    """
    The variance over dim, divided by max(count - correction, 0) (inf or nan when nothing is left).
    """
@typing.overload
def var(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, correction: typing.SupportsFloat | typing.SupportsIndex = 1.0, unbiased: bool | None = None) -> Tensor:
    """
    The variance over dim, divided by max(count - correction, 0) (inf or nan when nothing is left).
    """
@typing.overload
def where(condition: Tensor, input: Tensor, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input where condition is true, other elsewhere (all three broadcast).
    """
@typing.overload
def where(condition: Tensor, input: typing.SupportsFloat | typing.SupportsIndex, other: Tensor) -> Tensor:
    """
    input where condition is true, other elsewhere (all three broadcast).
    """
@typing.overload
def where(condition: Tensor, input: typing.SupportsFloat | typing.SupportsIndex, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    input where condition is true, other elsewhere (all three broadcast).
    """
@typing.overload
def where(condition: Tensor, input: Tensor, other: Tensor) -> Tensor:
    """
    input where condition is true, other elsewhere (all three broadcast).
    """
