"""
graphgrad's C++ core: tensors, autograd, ops and kernels
"""
from __future__ import annotations
import collections.abc
import numpy
import typing
__all__: list[str] = ['Node', 'Tensor', 'abs', 'acos', 'acosh', 'add', 'amax', 'amin', 'arctan2', 'argmax', 'argmin', 'argsort', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'bitwise_and', 'bitwise_left_shift', 'bitwise_not', 'bitwise_or', 'bitwise_right_shift', 'bitwise_xor', 'cat', 'ceil', 'clamp', 'clip', 'clone', 'concat', 'concatenate', 'contiguous', 'copysign', 'cos', 'cosh', 'cummax', 'cummin', 'cumprod', 'cumsum', 'det', 'diagonal', 'digamma', 'div', 'divide', 'dtype', 'erf', 'erfc', 'erfinv', 'exp', 'exp2', 'expm1', 'flatten', 'floor', 'floor_divide', 'fmod', 'gather', 'gelu', 'get_num_threads', 'hypot', 'i0', 'igamma', 'igammac', 'inverse', 'is_anomaly_enabled', 'is_grad_enabled', 'kthvalue', 'leaky_relu', 'lgamma', 'linear', 'log', 'log10', 'log1p', 'log2', 'log_softmax', 'logaddexp', 'logcumsumexp', 'logical_and', 'logical_not', 'logical_or', 'logical_xor', 'logsumexp', 'manual_seed', 'matmul', 'max', 'maximum', 'mean', 'median', 'min', 'minimum', 'mm', 'mul', 'multiply', 'neg', 'norm', 'permute', 'pow', 'promote_types', 'reciprocal', 'relu', 'remainder', 'reshape', 'round', 'rsqrt', 'scatter', 'scatter_add', 'scatter_reduce', 'set_num_threads', 'sigmoid', 'sign', 'silu', 'sin', 'sinh', 'softmax', 'softplus', 'sort', 'sqrt', 'square', 'squeeze', 'stack', 'std', 'sub', 'subtract', 'sum', 'sum_to', 'swapaxes', 't', 'tan', 'tanh', 'topk', 'transpose', 'true_divide', 'trunc', 'unsqueeze', 'var', 'where']
class dtype:
    """
    A tensor's element type: gg.float32 (the default), gg.float64, gg.float16, gg.bfloat16, gg.int64, gg.int32, gg.int16, gg.int8, gg.uint8 or gg.bool (PyTorch's aliases: gg.float, gg.double, gg.half, gg.long, gg.int, gg.short).
    
    Members:
    
      bool
    
      uint8
    
      int8
    
      int16
    
      int32
    
      int64
    
      float16
    
      bfloat16
    
      float32
    
      float64
    """
    __members__: typing.ClassVar[dict[str, dtype]]
    bfloat16: typing.ClassVar[dtype]
    bool: typing.ClassVar[dtype]
    float16: typing.ClassVar[dtype]
    float32: typing.ClassVar[dtype]
    float64: typing.ClassVar[dtype]
    int16: typing.ClassVar[dtype]
    int32: typing.ClassVar[dtype]
    int64: typing.ClassVar[dtype]
    int8: typing.ClassVar[dtype]
    uint8: typing.ClassVar[dtype]
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
        """
        True for float16, bfloat16, float32 and float64.
        """
    @property
    def itemsize(self) -> int:
        """
        The size of one element in bytes.
        """
    @property
    def name(self) -> str:
        """
        The dtype's name: 'float32', 'float64', 'int64' or 'bool'.
        """
    @property
    def value(self) -> int:
        """
        The dtype's number in the C++ enum (for serialisation).
        """
class Node:
    """
    A node of the graph: the backward function of the op that made a tensor (its grad_fn).
    """
    def __repr__(self) -> str:
        ...
    def name(self) -> str:
        """
        The op's name, e.g. 'MulBackward' (shown in error messages and graph drawings).
        """
    @property
    def next_functions(self) -> tuple:
        """
        ((node, 0), ...): the nodes of this op's inputs, None for an input that needs no gradient.
        """
    @property
    def variable(self) -> typing.Any:
        """
        The leaf tensor this node accumulates into (an AccumulateGrad node), else None.
        """
class Tensor:
    """
    An n-dimensional array of one dtype (float32 by default; see gg.dtype) that records the ops
    applied to it when it requires a gradient (see gg.tensor, gg.zeros, gg.from_numpy to make one).
    """
    __array_priority__: typing.ClassVar[int] = 1000
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
        
        1. pow_(self: object, exponent: int) -> object
        
        In place: input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        
        2. pow_(self: object, exponent: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        In place: input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
        
        3. pow_(self: object, exponent: graphgrad._core.Tensor) -> object
        
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
    def absolute(input):
        """
        ``|input|`` (abs's NumPy name).
        """
    def addcdiv(input, tensor1, tensor2, *, value = 1):
        """
        ``input + value * tensor1 / tensor2`` (all broadcast); integer tensors are refused, as PyTorch.
        """
    def addcmul(input, tensor1, tensor2, *, value = 1):
        """
        ``input + value * tensor1 * tensor2`` (all broadcast).
        """
    def addmm(input, mat1, mat2, *, beta = 1, alpha = 1):
        """
        ``beta * input + alpha * (mat1 @ mat2)`` for matrices (n, m) and (m, p); input broadcasts to (n, p).
        """
    def addmv(input, mat, vec, *, beta = 1, alpha = 1):
        """
        ``beta * input + alpha * (mat @ vec)``; input broadcasts to (n,).
        """
    def addr(input, vec1, vec2, *, beta = 1, alpha = 1):
        """
        ``beta * input + alpha * outer(vec1, vec2)``; input broadcasts to (n, m).
        """
    def all(input, dim = None, keepdim = False):
        """
        Whether every entry (along dim) is nonzero; True for an empty tensor.
        """
    def allclose(input, other, rtol = 1e-05, atol = 1e-08, equal_nan = False):
        """
        True when |input - other| <= atol + rtol |other| everywhere (NumPy's rule).
        """
    def aminmax(input, *, dim = None, keepdim = False):
        """
        The named tuple ``(min, max)`` of the entries (along ``dim``).
        """
    def any(input, dim = None, keepdim = False):
        """
        Whether any entry (along dim) is nonzero; False for an empty tensor.
        """
    def arccos(input):
        """
        The inverse cosine, in [0, pi] (acos's NumPy name).
        """
    def arccosh(input):
        """
        The inverse hyperbolic cosine (input >= 1) (acosh's NumPy name).
        """
    def arcsin(input):
        """
        The inverse sine, in [-pi/2, pi/2] (asin's NumPy name).
        """
    def arcsinh(input):
        """
        The inverse hyperbolic sine (asinh's NumPy name).
        """
    def arctan(input):
        """
        The inverse tangent, in (-pi/2, pi/2) (atan's NumPy name).
        """
    def arctanh(input):
        """
        The inverse hyperbolic tangent (|input| < 1) (atanh's NumPy name).
        """
    def argwhere(input):
        """
        The (n, input.dim()) int64 coordinates of the nonzero entries, in row-major order.
        """
    def baddbmm(input, batch1, batch2, *, beta = 1, alpha = 1):
        """
        ``beta * input + alpha * bmm(batch1, batch2)`` for (b, n, m) and (b, m, p); input broadcasts to (b, n, p).
        """
    def bernoulli(input, *, generator = None):
        """
        0 or 1 per entry, 1 with the probability in input (in [0, 1]), in input's dtype.
        """
    def bincount(input, weights = None, minlength = 0):
        """
        How often each value 0, 1, ... occurs in a 1-D tensor of non-negative integers (at least
            ``minlength`` bins), or the sums of ``weights`` per value.
        """
    def bmm(input, mat2):
        """
        Batched matrix product of (b, n, m) and (b, m, p).
        """
    def broadcast_to(input, size):
        """
        The view of input expanded to ``size`` (NumPy's broadcasting; -1 keeps a dimension).
        """
    def cholesky(input, upper = False):
        """
        The Cholesky factor of each symmetric positive-definite matrix of input (*, n, n): lower L with
            ``input = L @ L.mT``, or ``upper=True``: U with ``input = U.mT @ U`` (``graphgrad.linalg.cholesky``).
        """
    def cholesky_inverse(input, upper = False):
        """
        A⁻¹ for A = L·Lᵀ given its Cholesky factor ``input`` (*, n, n) (L lower, or U when ``upper``).
        """
    def cholesky_solve(input, input2, upper = False):
        """
        X with ``A @ X = input`` for A = L·Lᵀ given its Cholesky factor ``input2`` (L lower, or U with
            A = Uᵀ·U when ``upper``); input (*, n, k), batch dimensions broadcast. Two triangular solves.
        """
    def chunk(input, chunks, dim = 0):
        """
        At most ``chunks`` views of equal size (the last may be smaller) along ``dim``.
        """
    def clamp_max(input, max):
        """
        ``clamp(input, max=max)``: max a number or a tensor (broadcast).
        """
    def clamp_min(input, min):
        """
        ``clamp(input, min=min)``: min a number or a tensor (broadcast).
        """
    def combinations(input, r = 2, with_replacement = False):
        """
        The (n choose r, r) rows of the entries of a 1-D tensor taken ``r`` at a time, in order
            (itertools.combinations; with_replacement as combinations_with_replacement).
        """
    def corrcoef(input):
        """
        The Pearson correlation coefficients of the variables in the rows of input, in [-1, 1].
        """
    def count_nonzero(input, dim = None):
        """
        The number of nonzero entries (along ``dim``: an int or a tuple), as int64.
        """
    def cov(input, *, correction = 1, fweights = None, aweights = None):
        """
        The covariance matrix of the variables in the rows of input (observations in the columns; a
            vector is one variable, giving a 0-d result); weighted by integer ``fweights`` and float
            ``aweights`` per observation, the sum of squares divided by (sum of weights - correction).
        """
    def cross(input, other, dim = None):
        """
        The cross product of 3-vectors along ``dim`` (inputs broadcast); without ``dim``, the first
            dimension of size 3.
        """
    def cumulative_trapezoid(y, x = None, *, dx = None, dim = -1):
        """
        The running trapezoid-rule integral of y along ``dim`` (one entry fewer than y there).
        """
    def deg2rad(input):
        """
        Degrees to radians.
        """
    def diag(input, diagonal = 0):
        """
        For a vector, the square matrix with it on diagonal ``diagonal``; for a matrix, its diagonal
            ``diagonal`` as a vector (a copy, as PyTorch).
        """
    def diag_embed(input, offset = 0, dim1 = -2, dim2 = -1):
        """
        Matrices over the new axes ``dim1`` and ``dim2`` whose diagonal ``offset`` holds the last
            axis of ``input`` (zeros elsewhere): the inverse of ``diagonal``.
        """
    def diagflat(input, offset = 0):
        """
        The square matrix with input's entries (flattened) on diagonal ``offset``.
        """
    def diff(input, n = 1, dim = -1, prepend = None, append = None):
        """
        The n-th forward difference along ``dim`` (``out[i] = input[i + 1] - input[i]``, != for
            bools), after joining ``prepend`` and ``append`` along it.
        """
    def dist(input, other, p = 2):
        """
        The p-norm of ``input - other`` (broadcast), as one number.
        """
    def divide_(*args, **kwargs):
        """
        div_(*args, **kwargs)
        Overloaded function.
        
        1. div_(self: object, other: int) -> object
        
        self /= other in place (other a tensor or a number, broadcast to self).
        
        2. div_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        3. div_(self: object, other: graphgrad._core.Tensor) -> object
        """
    def dot(input, tensor):
        """
        The inner product of two 1-D tensors of the same length and dtype.
        """
    def dsplit(input, indices_or_sections):
        """
        tensor_split along dim 2 of a tensor of at least 3 dimensions, into equal sections for an int.
        """
    def eq(input, other):
        """
        ``input == other`` elementwise (a bool tensor), with broadcasting.
        """
    def equal(input, other):
        """
        True when both have the same shape and all entries are equal.
        """
    def fix(input):
        """
        Rounds towards zero (trunc's other name); the gradient is 0.
        """
    def flip(input, dims):
        """
        The view with the order of entries reversed along each of ``dims``.
        """
    def fliplr(input):
        """
        The view with the columns (dim 1) reversed; input has at least 2 dimensions.
        """
    def flipud(input):
        """
        The view with the rows (dim 0) reversed; input has at least 1 dimension.
        """
    def float_power(input, exponent):
        """
        ``input ** exponent`` computed in float64 (both operands cast to it), as PyTorch.
        """
    def fmax(input, other):
        """
        The elementwise maximum, ignoring NaN (NaN only where both are).
        """
    def fmin(input, other):
        """
        The elementwise minimum, ignoring NaN (NaN only where both are).
        """
    def frac(input):
        """
        The fractional part ``input - trunc(input)``, with input's sign; the gradient is 1.
        """
    def frexp(input):
        """
        (mantissa, exponent) with ``input = mantissa * 2 ** exponent`` and 0.5 <= |mantissa| < 1:
            the mantissa in input's dtype, the exponent int32.
        """
    def gcd(input, other):
        """
        The greatest common divisor of integer tensors (non-negative; gcd(0, 0) = 0).
        """
    def ge(input, other):
        """
        ``input >= other`` elementwise (a bool tensor), with broadcasting.
        """
    def ger(input, vec2):
        """
        The outer product of two vectors (outer's old name).
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
    def heaviside(input, values):
        """
        The step function: 0 where input < 0, 1 where > 0 and ``values`` where input is 0 (both of one dtype).
        """
    def histc(input, bins = 100, min = 0, max = 0):
        """
        The counts of the entries in ``bins`` equal bins over [min, max] (the data's range when both
            are 0); entries outside are ignored, ``max`` falls in the last bin. Floats only, as PyTorch.
        """
    def hsplit(input, indices_or_sections):
        """
        tensor_split along dim 1 (dim 0 for a 1-D tensor), into equal sections for an int.
        """
    def index_add(input, dim, index, source, *, alpha = 1):
        """
        input with ``alpha * source[..., i, ...]`` added at ``[..., index[i], ...]`` along dim.
        """
    def index_copy(input, dim, index, source):
        """
        input with ``source[..., i, ...]`` written at ``[..., index[i], ...]`` along dim.
        """
    def index_fill(input, dim, index, value):
        """
        input with ``value`` (a number or a 0-d tensor, which gets the gradient) at ``index`` along dim.
        """
    def index_put(input, indices, values, accumulate = False):
        """
        input with ``values`` (broadcast) written at ``input[indices]`` (indices a tuple of int64 or
            bool tensors), or added there with ``accumulate`` (repeated indices add up).
        """
    def index_reduce(input, dim, index, source, reduce, *, include_self = True):
        """
        input with the slices of ``source`` along ``dim`` reduced into the slices ``index`` (a 1-D
            int64 tensor, one per source slice): reduce is 'prod', 'mean', 'amax' or 'amin';
            ``include_self=False`` leaves input's own value out where a slice arrives.
        """
    def index_select(input, dim, index):
        """
        The entries at ``index`` (a 1-D int64 tensor) along ``dim``.
        """
    def inner(input, other):
        """
        The sum of products over the last dimension of both (a product when either is 0-d).
        """
    def is_complex(input):
        """
        False: graphgrad has no complex dtypes.
        """
    def is_nonzero(input):
        """
        Whether the one entry of a single-element tensor is nonzero (RuntimeError for any other size).
        """
    def is_same_size(input, other):
        """
        True when both tensors have the same shape.
        """
    def is_signed(input):
        """
        True when input's dtype can hold negative numbers (every dtype but bool and uint8).
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
    def isin(elements, test_elements, *, assume_unique = False, invert = False):
        """
        True where an entry of ``elements`` is among ``test_elements`` (either may be a number), a
            bool tensor of elements' shape; ``invert`` negates it.
        """
    def isinf(input):
        """
        True where input is +inf or -inf (a bool tensor).
        """
    def isnan(input):
        """
        True where input is NaN (a bool tensor).
        """
    def isneginf(input):
        """
        True where input is -inf (a bool tensor).
        """
    def isposinf(input):
        """
        True where input is +inf (a bool tensor).
        """
    def isreal(input):
        """
        True everywhere: graphgrad's tensors are real (a bool tensor).
        """
    def kron(input, other):
        """
        The Kronecker product: blocks ``input[i, j] * other`` (the shorter shape padded with leading 1s).
        """
    def lcm(input, other):
        """
        The least common multiple of integer tensors (non-negative; 0 when either is 0).
        """
    def ldexp(input, other):
        """
        ``input * 2 ** other`` (a float result).
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
    def logaddexp2(input, other):
        """
        ``log2(2 ** input + 2 ** other)``, without overflow.
        """
    def logdet(input):
        """
        log(det A) of each square matrix of input (*, n, n): NaN where the determinant is negative, -inf
            where it is 0, as in PyTorch.
        """
    def logit(input, eps = None):
        """
        ``log(p / (1 - p))``, with p clamped to [eps, 1 - eps] when eps is given (else NaN outside [0, 1]).
        """
    def lt(input, other):
        """
        ``input < other`` elementwise (a bool tensor), with broadcasting.
        """
    def masked_fill(input, mask, value):
        """
        ``value`` (a number or a 0-d tensor, cast to input's dtype) where ``mask`` is true, ``input``
            elsewhere (mask broadcasts).
        """
    def masked_scatter(input, mask, source):
        """
        input with source's first entries (row-major) written where mask (broadcast to input) is true.
        """
    def masked_select(input, mask):
        """
        The 1-D tensor of input's entries where mask (broadcast with input) is true, in row-major order.
        """
    def matrix_power(input, n):
        """
        The n-th power of each square matrix of input (*, m, m) by repeated squaring; n = 0 gives the
            identity, n < 0 powers of the inverse.
        """
    def mode(input, dim = -1, keepdim = False):
        """
        (values, indices): the most frequent entry along ``dim`` (the smallest among equally
            frequent ones) and the last position where it occurs.
        """
    def moveaxis(input, source, destination):
        """
        The view with axes ``source`` moved to positions ``destination`` (ints or sequences), the
            other axes keeping their order.
        """
    def movedim(input, source, destination):
        """
        The view with axes ``source`` moved to positions ``destination`` (ints or sequences), the
            other axes keeping their order.
        """
    def msort(input):
        """
        input sorted along its first dimension (``sort(input, dim=0).values``).
        """
    def multinomial(input, num_samples, replacement = False, *, generator = None):
        """
        ``num_samples`` category indices (int64) drawn with probabilities proportional to the
            non-negative weights of the 1-D input (or of each row of a 2-D input), without replacement
            unless ``replacement``.
        """
    def multiply_(*args, **kwargs):
        """
        mul_(*args, **kwargs)
        Overloaded function.
        
        1. mul_(self: object, other: int) -> object
        
        self *= other in place (other a tensor or a number, broadcast to self).
        
        2. mul_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        3. mul_(self: object, other: graphgrad._core.Tensor) -> object
        """
    def mv(input, vec):
        """
        The product of a matrix (n, m) and a vector (m,).
        """
    def mvlgamma(input, p):
        """
        The multivariate log-gamma function of dimension p, elementwise:
            log Γ_p(input) = p(p-1)/4 · log π + Σ_{j=0}^{p-1} lgamma(input - j/2). Every element must exceed
            (p - 1)/2, as in PyTorch.
        """
    def nan_to_num(input, nan = 0.0, posinf = None, neginf = None):
        """
        NaN replaced by ``nan``, +inf by ``posinf`` and -inf by ``neginf`` (by default the dtype's
            largest and lowest finite values); the gradient flows where input is finite.
        """
    def nanmean(input, dim = None, keepdim = False, *, dtype = None):
        """
        The mean of the non-NaN entries (along ``dim``); NaN where there are none. Floats only, as PyTorch.
        """
    def nanmedian(input, dim = None, keepdim = False):
        """
        The lower median ignoring NaN: of all entries (a 0-d tensor), or (values, indices) along
            ``dim``; NaN only where every entry is NaN.
        """
    def nanquantile(input, q, dim = None, keepdim = False, *, interpolation = 'linear'):
        """
        quantile ignoring NaN: NaN only where a slice holds nothing else.
        """
    def nansum(input, dim = None, keepdim = False, *, dtype = None):
        """
        The sum of the entries (along ``dim``) treating NaN as zero.
        """
    def narrow(input, dim, start, length):
        """
        The view of ``length`` entries from ``start`` along ``dim``.
        """
    def ne(input, other):
        """
        ``input != other`` elementwise (a bool tensor), with broadcasting.
        """
    def negative(input):
        """
        ``-input`` (neg's NumPy name).
        """
    def nextafter(input, other):
        """
        The next representable float after input towards other, in their (common float) dtype.
        """
    def nonzero(input, *, as_tuple = False):
        """
        The int64 coordinates of the nonzero entries, one row each (n, input.dim()) in row-major order;
            as_tuple: one 1-D tensor per dimension instead.
        """
    def not_equal(input, other):
        """
        ``input != other`` elementwise (a bool tensor), with broadcasting.
        """
    def outer(input, vec2):
        """
        The (n, m) outer product of two vectors.
        """
    def pinverse(input, rcond = 1e-15):
        """
        torch.pinverse: ``graphgrad.linalg.pinv`` with singular values below rcond·σ_max dropped.
        """
    def positive(input):
        """
        input itself (``+input``); bool tensors are refused, as PyTorch.
        """
    def prod(input, dim = None, keepdim = False, *, dtype = None):
        """
        The product of the entries (along ``dim``, an int); bool and integer inputs give int64. The
            gradient is right with zeros among the entries.
        """
    def put(input, index, source, accumulate = False):
        """
        input with ``source``'s entries written (or, with ``accumulate``, added) at the row-major
            positions ``index`` (an int64 tensor of source's size; negative counts from the end).
        """
    def qr(input, some = True):
        """
        torch.qr: the named tuple ``(Q, R)`` of ``graphgrad.linalg.qr`` with mode 'reduced' (``some``) or
            'complete'.
        """
    def quantile(input, q, dim = None, keepdim = False, *, interpolation = 'linear'):
        """
        The q-th quantiles (q a number or a 1-D tensor of them, in [0, 1]) of the entries (along
            ``dim``), interpolated between order statistics ('linear', 'lower', 'higher', 'midpoint',
            'nearest'); NaN where a slice holds NaN. With a 1-D q the quantiles form a new first dimension.
        """
    def rad2deg(input):
        """
        Radians to degrees.
        """
    def ravel(input):
        """
        The entries in row-major order as a 1-D tensor (a view when input is contiguous).
        """
    def renorm(input, p, dim, maxnorm):
        """
        Each slice along ``dim`` whose p-norm exceeds ``maxnorm`` scaled down to norm ``maxnorm``.
        """
    def repeat(input, *sizes):
        """
        Tiles the tensor ``sizes[k]`` times along each axis (new leading axes when sizes is longer).
        """
    def repeat_interleave(input, repeats = None, dim = None, *, output_size = None):
        """
        Each entry repeated ``repeats`` times in place along ``dim`` (the flattened tensor without
            ``dim``); ``repeats`` is an int or a tensor of one count per entry. With a tensor ``input`` alone
            it is the counts: ``repeat_interleave(tensor([2, 1]))`` is ``[0, 0, 1]``.
        """
    def roll(input, shifts, dims = None):
        """
        Entries shifted ``shifts`` places along ``dims`` (cyclically; those leaving one end come in at
            the other). Without ``dims`` the flattened tensor is rolled and the shape restored.
        """
    def rot90(input, k = 1, dims = (0, 1)):
        """
        The view rotated by 90 degrees ``k`` times in the plane of ``dims``, from the first axis
            towards the second.
        """
    def rsub(input, other, *, alpha = 1):
        """
        ``other - alpha * input`` (subtraction reversed); other a tensor or a number.
        """
    def select(input, dim, index):
        """
        The view at ``index`` along ``dim``, which it removes (``x.select(1, 2)`` is ``x[:, 2]``).
        """
    def sgn(input):
        """
        The sign, -1, 0 or 1 (sign, for real tensors); the gradient is 0.
        """
    def signbit(input):
        """
        True where the sign bit is set: negative numbers, -0.0 and negative NaN (a bool tensor).
        """
    def sinc(input):
        """
        ``sin(pi x) / (pi x)``, and 1 at 0 (the normalized sinc).
        """
    def slogdet(input):
        """
        The named tuple ``(sign, logabsdet)`` of each square matrix of input (*, n, n): det = sign ·
            exp(logabsdet), without overflow for large matrices; sign is 0 and logabsdet -inf for a singular
            matrix. Only logabsdet has a gradient (A⁻ᵀ).
        """
    def split(input, split_size_or_sections, dim = 0):
        """
        Views of consecutive pieces along ``dim``: of ``split_size`` each (the last may be
            smaller), or of the sizes in a list (which must add up to the dimension).
        """
    def split_with_sizes(input, split_sizes, dim = 0):
        """
        Views of consecutive pieces of the sizes in ``split_sizes`` along ``dim`` (they add up to the dimension).
        """
    def subtract_(*args, **kwargs):
        """
        sub_(*args, **kwargs)
        Overloaded function.
        
        1. sub_(self: object, other: int) -> object
        
        self -= other in place (other a tensor or a number, broadcast to self).
        
        2. sub_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        3. sub_(self: object, other: graphgrad._core.Tensor) -> object
        
        4. sub_(self: object, other: graphgrad._core.Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        self -= alpha * other in place, in one pass.
        """
    def svd(input, some = True, compute_uv = True):
        """
        torch.svd: the named tuple ``(U, S, V)`` with ``input = U @ diag(S) @ V.mT`` (V, not Vh as
            ``graphgrad.linalg.svd`` returns); ``some=True`` gives the reduced factors, ``compute_uv=False``
            zero-filled U and V.
        """
    def swapdims(input, dim0, dim1):
        """
        The view with dims ``dim0`` and ``dim1`` exchanged (transpose's other name).
        """
    def take(input, index):
        """
        input's entries at index (into the flattened input; negative counts from the end), in index's shape.
        """
    def take_along_dim(input, indices, dim = None):
        """
        gather along dim with input and indices broadcast on the other axes; dim=None: both flattened.
        """
    def tensor_split(input, indices_or_sections, dim = 0):
        """
        Views along ``dim``: ``n`` pieces as equal as can be (the first ``size % n`` one longer) for an
            int (or 0-d tensor) ``n``, or the pieces between the split points of a list (or 1-D tensor).
        """
    def tile(input, dims):
        """
        The tensor repeated ``dims[k]`` times along each axis; fewer dims than axes are padded with
            leading ones (unlike ``repeat``).
        """
    def trace(input):
        """
        The sum of the main diagonal of a matrix.
        """
    def trapezoid(y, x = None, *, dx = None, dim = -1):
        """
        The trapezoid rule's integral of y along ``dim``: samples at ``x`` (a tensor broadcasting
            with y, or 1-D along dim) or spaced ``dx`` (default 1).
        """
    def trapz(y, x = None, *, dx = None, dim = -1):
        """
        trapezoid's older name.
        """
    def tril(input, diagonal = 0):
        """
        The lower triangle of the matrices over the last two axes (entries with column - row <=
            ``diagonal``), zeros elsewhere.
        """
    def triu(input, diagonal = 0):
        """
        The upper triangle of the matrices over the last two axes (entries with column - row >=
            ``diagonal``), zeros elsewhere.
        """
    def true_divide_(*args, **kwargs):
        """
        div_(*args, **kwargs)
        Overloaded function.
        
        1. div_(self: object, other: int) -> object
        
        self /= other in place (other a tensor or a number, broadcast to self).
        
        2. div_(self: object, other: typing.SupportsFloat | typing.SupportsIndex) -> object
        
        3. div_(self: object, other: graphgrad._core.Tensor) -> object
        """
    def unbind(input, dim = 0):
        """
        The views ``input.select(dim, i)`` for every i, as a tuple.
        """
    def unflatten(input, dim, sizes):
        """
        Axis ``dim`` split into axes of ``sizes`` (one may be -1): a view when the strides allow.
        """
    def unique(input, sorted = True, return_inverse = False, return_counts = False, dim = None):
        """
        The distinct values of the flattened input, ascending (each NaN is its own value), or with
            dim the distinct slices along dim in lexicographic order; with return_inverse, each entry's
            (slice's) position among them; with return_counts, how often each occurs. Returned as PyTorch
            does: the values alone, or a tuple with the asked-for extras.
        """
    def unique_consecutive(input, return_inverse = False, return_counts = False, dim = None):
        """
        input with every run of equal consecutive values (slices along dim) reduced to one; with
            return_inverse, each entry's (slice's) run number; with return_counts, the runs' lengths.
        """
    def vdot(input, other):
        """
        The inner product of two 1-D tensors (dot: graphgrad's tensors are real, nothing is conjugated).
        """
    def vsplit(input, indices_or_sections):
        """
        tensor_split along dim 0 of a tensor of at least 2 dimensions, into equal sections for an int.
        """
    def xlogy(input, other):
        """
        ``input * log(other)``, 0 where input is 0 (unless other is NaN); either may be a number.
        """
    @classmethod
    def __init_subclass__(cls, **kwargs):
        ...
    def __abs__(self) -> Tensor:
        ...
    @typing.overload
    def __add__(self, other: int) -> Tensor:
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
    def __eq__(self, other: int) -> Tensor:
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
    def __ge__(self, other: int) -> Tensor:
        ...
    @typing.overload
    def __ge__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __ge__(self, other: Tensor) -> Tensor:
        ...
    def __getitem__(self, key: typing.Any) -> Tensor:
        ...
    @typing.overload
    def __gt__(self, other: int) -> Tensor:
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
    def __iadd__(self, other: int) -> typing.Any:
        """
        self += other in place (other a tensor or a number, broadcast to self).
        """
    @typing.overload
    def __iadd__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def __iadd__(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def __imul__(self, other: int) -> typing.Any:
        """
        self *= other in place (other a tensor or a number, broadcast to self).
        """
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
    def __init__(self, *args: object, data: Tensor | None = None) -> None:
        """
        Tensor(t) shares t's data (detached); PyTorch's legacy forms too: Tensor(*sizes) an
            uninitialised float32 tensor of that shape (Tensor() an empty one), Tensor(data) float32 from
            a sequence or an array.
        """
    def __invert__(self) -> Tensor:
        ...
    @typing.overload
    def __isub__(self, other: int) -> typing.Any:
        """
        self -= other in place (other a tensor or a number, broadcast to self).
        """
    @typing.overload
    def __isub__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def __isub__(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def __itruediv__(self, other: int) -> typing.Any:
        """
        self /= other in place (other a tensor or a number, broadcast to self).
        """
    @typing.overload
    def __itruediv__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def __itruediv__(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def __le__(self, other: int) -> Tensor:
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
    def __lt__(self, other: int) -> Tensor:
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
    def __mul__(self, other: int) -> Tensor:
        ...
    @typing.overload
    def __mul__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __mul__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __ne__(self, other: int) -> Tensor:
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
    def __pow__(self, other: int) -> Tensor:
        ...
    @typing.overload
    def __pow__(self, other: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
        ...
    @typing.overload
    def __pow__(self, other: Tensor) -> Tensor:
        ...
    @typing.overload
    def __radd__(self, other: int) -> Tensor:
        ...
    @typing.overload
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
    @typing.overload
    def __rmul__(self, other: int) -> Tensor:
        ...
    @typing.overload
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
    @typing.overload
    def __rsub__(self, other: int) -> Tensor:
        ...
    @typing.overload
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
    def __sub__(self, other: int) -> Tensor:
        ...
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
    def absolute_(self):
        """
        In place: ``self = self.absolute(...)`` (see graphgrad.absolute).
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
    def add_(self, other: int) -> typing.Any:
        """
        self += other in place (other a tensor or a number, broadcast to self).
        """
    @typing.overload
    def add_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def add_(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def add_(self, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        self += alpha * other in place, in one pass.
        """
    def addcdiv_(self, tensor1, tensor2, *, value = 1):
        """
        In place: ``self = self.addcdiv(...)`` (see graphgrad.addcdiv).
        """
    def addcmul_(self, tensor1, tensor2, *, value = 1):
        """
        In place: ``self = self.addcmul(...)`` (see graphgrad.addcmul).
        """
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
    def arccos_(self):
        """
        In place: ``self = self.arccos(...)`` (see graphgrad.arccos).
        """
    def arccosh_(self):
        """
        In place: ``self = self.arccosh(...)`` (see graphgrad.arccosh).
        """
    def arcsin_(self):
        """
        In place: ``self = self.arcsin(...)`` (see graphgrad.arcsin).
        """
    def arcsinh_(self):
        """
        In place: ``self = self.arcsinh(...)`` (see graphgrad.arcsinh).
        """
    def arctan2(self, other: Tensor) -> Tensor:
        """
        The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
        """
    def arctan2_(self, other: Tensor) -> typing.Any:
        """
        In place: The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.
        """
    def arctan_(self):
        """
        In place: ``self = self.arctan(...)`` (see graphgrad.arctan).
        """
    def arctanh_(self):
        """
        In place: ``self = self.arctanh(...)`` (see graphgrad.arctanh).
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
    def argsort(self, dim: typing.SupportsInt | typing.SupportsIndex = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
        """
        The int64 positions that sort input along dim (sort's indices).
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
    def bernoulli_(self, p = 0.5, *, generator = None):
        """
        Fills self in place with 1 (probability p, a number or a tensor) or 0.
        """
    def bfloat16(self) -> Tensor:
        """
        self.to(gg.bfloat16), rounded to nearest even (self when it is bfloat16 already).
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
        """
        self != 0 as a bool tensor (self when it is bool already).
        """
    def byte(self) -> Tensor:
        """
        self.to(gg.uint8), truncating toward 0 (self when it is uint8 already).
        """
    def ceil(self) -> Tensor:
        """
        The smallest integer not less than each element (integers unchanged); its gradient is 0.
        """
    def ceil_(self) -> typing.Any:
        """
        In place: The smallest integer not less than each element (integers unchanged); its gradient is 0.
        """
    def char(self) -> Tensor:
        """
        self.to(gg.int8), truncating toward 0 (self when it is int8 already).
        """
    def clamp(self, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> Tensor:
        """
        Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
        """
    def clamp_(self, min: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None, max: Tensor | typing.SupportsFloat | typing.SupportsIndex | None = None) -> typing.Any:
        """
        In place: Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to input where it is inside, and to a tensor bound where that bound is the result.
        """
    def clamp_max_(self, max):
        """
        In place: ``self = self.clamp_max(...)`` (see graphgrad.clamp_max).
        """
    def clamp_min_(self, min):
        """
        In place: ``self = self.clamp_min(...)`` (see graphgrad.clamp_min).
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
        """
        Copies src (broadcast to self's shape, cast to its dtype) into self in place.
        """
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
        """
        The tensor itself: it is on the CPU already (``memory_format`` is accepted and ignored).
        """
    def cuda(self, device = None, non_blocking = False, memory_format = None):
        """
        Raises: graphgrad has no accelerator (PyTorch's ``cuda()`` for code that checks first).
        """
    def cummax(self, dim: typing.SupportsInt | typing.SupportsIndex) -> typing.Any:
        """
        (values, indices): the running maximum along dim and where it was last reached (a NaN, once met, stays the maximum).
        """
    def cummin(self, dim: typing.SupportsInt | typing.SupportsIndex) -> typing.Any:
        """
        (values, indices): the running minimum along dim and where it was last reached (a NaN, once met, stays the minimum).
        """
    def cumprod(self, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
        """
        The running product along dim; the gradient is exact where the input has zeros.
        """
    def cumprod_(self, *args, **kwargs):
        """
        In place: ``self = self.cumprod(...)`` (see graphgrad.cumprod).
        """
    def cumsum(self, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
        """
        The running sum along dim; integer and bool inputs give int64 unless dtype says otherwise.
        """
    def cumsum_(self, *args, **kwargs):
        """
        In place: ``self = self.cumsum(...)`` (see graphgrad.cumsum).
        """
    def data_ptr(self):
        """
        The address of the first entry (an int), as PyTorch's data_ptr().
        """
    def deg2rad_(self):
        """
        In place: ``self = self.deg2rad(...)`` (see graphgrad.deg2rad).
        """
    def det(self) -> Tensor:
        """
        The determinant of each square matrix of input (*, n, n): the product of the LU factorisation's pivots, with the sign of its row swaps; 0 for a singular matrix. The gradient is G·det·A⁻ᵀ (its backward raises for a singular matrix).
        """
    def detach(self) -> Tensor:
        """
        A tensor sharing this one's storage, detached from the graph.
        """
    def diagonal(self, offset: typing.SupportsInt | typing.SupportsIndex = 0, dim1: typing.SupportsInt | typing.SupportsIndex = 0, dim2: typing.SupportsInt | typing.SupportsIndex = 1) -> Tensor:
        """
        The view of the diagonal (offset above the main one; below when negative) of the matrices over dim1 and dim2, as a new last axis.
        """
    def digamma(self) -> Tensor:
        """
        ψ(input) = Γ'(input) / Γ(input), the derivative of lgamma, elementwise (-inf at 0, nan at the negative integers).
        """
    def digamma_(self) -> typing.Any:
        """
        In place: ψ(input) = Γ'(input) / Γ(input), the derivative of lgamma, elementwise (-inf at 0, nan at the negative integers).
        """
    def dim(self) -> int:
        """
        The number of dimensions (ndim).
        """
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
    def div_(self, other: int) -> typing.Any:
        """
        self /= other in place (other a tensor or a number, broadcast to self).
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
        """
        self.to(gg.float64) (self when it is float64 already).
        """
    def element_size(self):
        """
        The size of one element in bytes (4 for float32).
        """
    def eq_(self, other):
        """
        In place: ``self = self.eq(...)`` (see graphgrad.eq).
        """
    def erf(self) -> Tensor:
        """
        The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt, elementwise.
        """
    def erf_(self) -> typing.Any:
        """
        In place: The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt, elementwise.
        """
    def erfc(self) -> Tensor:
        """
        The complementary error function 1 - erf(input), elementwise, accurate where erf is near 1.
        """
    def erfc_(self) -> typing.Any:
        """
        In place: The complementary error function 1 - erf(input), elementwise, accurate where erf is near 1.
        """
    def erfinv(self) -> Tensor:
        """
        The inverse error function: y with erf(y) = input on [-1, 1] (±inf at ±1, nan outside).
        """
    def erfinv_(self) -> typing.Any:
        """
        In place: The inverse error function: y with erf(y) = input on [-1, 1] (±inf at ±1, nan outside).
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
        """
        ``self.expand(other.shape)``: a broadcast view with ``other``'s shape (no copy).
        """
    def expm1(self) -> Tensor:
        """
        e^input - 1, elementwise, accurate for small inputs.
        """
    def expm1_(self) -> typing.Any:
        """
        In place: e^input - 1, elementwise, accurate for small inputs.
        """
    def exponential_(self, lambd = 1.0, *, generator = None):
        """
        Fills self in place with samples of the exponential distribution of rate lambd.
        """
    def fill_(self, value: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        Sets every element to value in place.
        """
    def fill_diagonal_(self, fill_value, wrap = False):
        """
        Fills the main diagonal in place (all dimensions of one size, or a matrix); ``wrap``: a tall
            matrix's diagonal starts again below every square block, as NumPy's.
        """
    def fix_(self):
        """
        In place: ``self = self.fix(...)`` (see graphgrad.fix).
        """
    def flatten(self, start_dim: typing.SupportsInt | typing.SupportsIndex = 0, end_dim: typing.SupportsInt | typing.SupportsIndex = -1) -> Tensor:
        """
        Axes start_dim..end_dim merged into one (a view when the strides allow).
        """
    def float(self) -> Tensor:
        """
        self.to(gg.float32) (self when it is float32 already).
        """
    def float_power_(self, exponent):
        """
        In place: ``self = self.float_power(...)`` (see graphgrad.float_power).
        """
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
    def fmax_(self, other):
        """
        In place: ``self = self.fmax(...)`` (see graphgrad.fmax).
        """
    def fmin_(self, other):
        """
        In place: ``self = self.fmin(...)`` (see graphgrad.fmin).
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
    def frac_(self):
        """
        In place: ``self = self.frac(...)`` (see graphgrad.frac).
        """
    def gather(self, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor) -> Tensor:
        """
        ``out[i][j][k] = input[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim): index is int64 with input's number of dimensions and no larger than input off dim.
        """
    def gcd_(self, other):
        """
        In place: ``self = self.gcd(...)`` (see graphgrad.gcd).
        """
    def ge_(self, other):
        """
        In place: ``self = self.ge(...)`` (see graphgrad.ge).
        """
    def get_device(self):
        """
        -1, PyTorch's index for a CPU tensor.
        """
    def greater_(self, other):
        """
        In place: ``self = self.gt(...)`` (see graphgrad.gt).
        """
    def greater_equal_(self, other):
        """
        In place: ``self = self.ge(...)`` (see graphgrad.ge).
        """
    def gt_(self, other):
        """
        In place: ``self = self.gt(...)`` (see graphgrad.gt).
        """
    def half(self) -> Tensor:
        """
        self.to(gg.float16), rounded to nearest even (self when it is float16 already).
        """
    def heaviside_(self, values):
        """
        In place: ``self = self.heaviside(...)`` (see graphgrad.heaviside).
        """
    def hypot(self, other: Tensor) -> Tensor:
        """
        sqrt(input^2 + other^2), elementwise, without overflow.
        """
    def hypot_(self, other: Tensor) -> typing.Any:
        """
        In place: sqrt(input^2 + other^2), elementwise, without overflow.
        """
    def i0(self) -> Tensor:
        """
        The modified Bessel function of the first kind of order 0, I0(input) = Σ_k (input²/4)^k / (k!)², elementwise.
        """
    def i0_(self) -> typing.Any:
        """
        In place: The modified Bessel function of the first kind of order 0, I0(input) = Σ_k (input²/4)^k / (k!)², elementwise.
        """
    def igamma(self, other: Tensor) -> Tensor:
        """
        The regularized lower incomplete gamma function P(input, other) = (1/Γ(input)) ∫_0^other t^(input-1) e^-t dt, elementwise (torch.special.gammainc); differentiable in other only, as in PyTorch.
        """
    def igamma_(self, other: Tensor) -> typing.Any:
        """
        In place: The regularized lower incomplete gamma function P(input, other) = (1/Γ(input)) ∫_0^other t^(input-1) e^-t dt, elementwise (torch.special.gammainc); differentiable in other only, as in PyTorch.
        """
    def igammac(self, other: Tensor) -> Tensor:
        """
        The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other), elementwise (torch.special.gammaincc); differentiable in other only.
        """
    def igammac_(self, other: Tensor) -> typing.Any:
        """
        In place: The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other), elementwise (torch.special.gammaincc); differentiable in other only.
        """
    def index_add_(self, dim, index, source, *, alpha = 1):
        """
        In place: ``self = self.index_add(...)`` (see graphgrad.index_add).
        """
    def index_copy_(self, dim, index, source):
        """
        In place: ``self = self.index_copy(...)`` (see graphgrad.index_copy).
        """
    def index_fill_(self, dim, index, value):
        """
        In place: ``self = self.index_fill(...)`` (see graphgrad.index_fill).
        """
    def index_put_(self, indices, values, accumulate = False):
        """
        In place: ``self = self.index_put(...)`` (see graphgrad.index_put).
        """
    def index_reduce_(self, dim, index, source, reduce, *, include_self = True):
        """
        In place: ``self = self.index_reduce(...)`` (see graphgrad.index_reduce).
        """
    def int(self) -> Tensor:
        """
        self.to(gg.int32), truncating toward 0 (self when it is int32 already).
        """
    def inverse(self) -> Tensor:
        """
        The inverse of each square matrix of input (*, n, n), by LU factorisation with partial pivoting; a ValueError names a singular matrix. The gradient is -A⁻ᵀ·G·A⁻ᵀ. torch.linalg.inv is graphgrad.linalg.inv.
        """
    def is_contiguous(self) -> bool:
        """
        True when the elements are laid out row-major without gaps.
        """
    def is_floating_point(self):
        """
        True when the dtype is float32 or float64.
        """
    def is_pinned(self, device = None):
        """
        False: graphgrad never pins memory (see pin_memory).
        """
    def item(self) -> typing.Any:
        """
        The value of a one-element tensor as a Python float, int or bool.
        """
    def kthvalue(self, k: typing.SupportsInt | typing.SupportsIndex, dim: typing.SupportsInt | typing.SupportsIndex = -1, keepdim: bool = False) -> typing.Any:
        """
        (values, indices) of the k-th smallest entry (k from 1) along dim.
        """
    def lcm_(self, other):
        """
        In place: ``self = self.lcm(...)`` (see graphgrad.lcm).
        """
    def ldexp_(self, other):
        """
        In place: ``self = self.ldexp(...)`` (see graphgrad.ldexp).
        """
    def le_(self, other):
        """
        In place: ``self = self.le(...)`` (see graphgrad.le).
        """
    def lerp_(self, end, weight):
        """
        In place: ``self = self.lerp(...)`` (see graphgrad.lerp).
        """
    def less_(self, other):
        """
        In place: ``self = self.lt(...)`` (see graphgrad.lt).
        """
    def less_equal_(self, other):
        """
        In place: ``self = self.le(...)`` (see graphgrad.le).
        """
    def lgamma(self) -> Tensor:
        """
        log|Γ(input)|, the log of the gamma function's magnitude, elementwise (inf at 0 and the negative integers).
        """
    def lgamma_(self) -> typing.Any:
        """
        In place: log|Γ(input)|, the log of the gamma function's magnitude, elementwise (inf at 0 and the negative integers).
        """
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
    def log_softmax(self, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
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
    def logcumsumexp(self, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        log(cumsum(exp(input))) along dim, computed without overflow (and its derivatives too).
        """
    def logical_and(self, other: Tensor) -> Tensor:
        """
        True where both are nonzero (a bool tensor).
        """
    def logical_and_(self, *args, **kwargs):
        """
        In place: ``self = self.logical_and(...)`` (see graphgrad.logical_and).
        """
    def logical_not(self) -> Tensor:
        """
        True where input is zero (a bool tensor).
        """
    def logical_not_(self, *args, **kwargs):
        """
        In place: ``self = self.logical_not(...)`` (see graphgrad.logical_not).
        """
    def logical_or(self, other: Tensor) -> Tensor:
        """
        True where either is nonzero (a bool tensor).
        """
    def logical_or_(self, *args, **kwargs):
        """
        In place: ``self = self.logical_or(...)`` (see graphgrad.logical_or).
        """
    def logical_xor(self, other: Tensor) -> Tensor:
        """
        True where exactly one is nonzero (a bool tensor).
        """
    def logical_xor_(self, *args, **kwargs):
        """
        In place: ``self = self.logical_xor(...)`` (see graphgrad.logical_xor).
        """
    def logit_(self, eps = None):
        """
        In place: ``self = self.logit(...)`` (see graphgrad.logit).
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
        """
        self.to(gg.int64), truncating toward 0 (self when it is int64 already).
        """
    def lt_(self, other):
        """
        In place: ``self = self.lt(...)`` (see graphgrad.lt).
        """
    def masked_fill_(self, mask, value):
        """
        In place: ``self = self.masked_fill(...)`` (see graphgrad.masked_fill).
        """
    def masked_scatter_(self, mask, source):
        """
        In place: ``self = self.masked_scatter(...)`` (see graphgrad.masked_scatter).
        """
    def matmul(self, other: Tensor) -> Tensor:
        """
        Matrix product with NumPy semantics: 1-D operands promoted, batch axes broadcast.
        """
    @typing.overload
    def max(self) -> Tensor:
        """
        The maximum of every element; max(input, dim, keepdim=False) is (values, indices) along dim, max(input, other) the elementwise maximum.
        """
    @typing.overload
    def max(self, dim: typing.SupportsInt | typing.SupportsIndex, keepdim: bool = False) -> typing.Any:
        """
        (values, indices): the maximum along dim and its position (the first among ties).
        """
    @typing.overload
    def max(self, other: Tensor) -> Tensor:
        """
        The elementwise maximum of two tensors (broadcast).
        """
    def maximum(self, other: Tensor) -> Tensor:
        """
        The larger of input and other, elementwise, with broadcasting.
        """
    @typing.overload
    def mean(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
        """
        The mean over dim (an int, a tuple, or None: every axis) of a float input; dtype casts the input first (an integer input needs a float dtype).
        """
    @typing.overload
    def mean(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
        """
        The mean over dim (an int, a tuple, or None: every axis) of a float input; dtype casts the input first (an integer input needs a float dtype).
        """
    @typing.overload
    def median(self) -> Tensor:
        """
        The lower median of every element (NaN if any is NaN); with dim, (values, indices) along it.
        """
    @typing.overload
    def median(self, dim: typing.SupportsInt | typing.SupportsIndex, keepdim: bool = False) -> typing.Any:
        """
        (values, indices): the lower median along dim (NaN where a line holds a NaN).
        """
    @typing.overload
    def min(self) -> Tensor:
        """
        The minimum of every element; min(input, dim, keepdim=False) is (values, indices) along dim, min(input, other) the elementwise minimum.
        """
    @typing.overload
    def min(self, dim: typing.SupportsInt | typing.SupportsIndex, keepdim: bool = False) -> typing.Any:
        """
        (values, indices): the minimum along dim and its position (the first among ties).
        """
    @typing.overload
    def min(self, other: Tensor) -> Tensor:
        """
        The elementwise minimum of two tensors (broadcast).
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
    def mul_(self, other: int) -> typing.Any:
        """
        self *= other in place (other a tensor or a number, broadcast to self).
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
    def mvlgamma_(self, p):
        """
        In place: ``self = self.mvlgamma(...)`` (see graphgrad.mvlgamma).
        """
    def nan_to_num_(self, nan = 0.0, posinf = None, neginf = None):
        """
        In place: ``self = self.nan_to_num(...)`` (see graphgrad.nan_to_num).
        """
    def ndimension(self):
        """
        The number of dimensions (dim()'s other name).
        """
    def ne_(self, other):
        """
        In place: ``self = self.ne(...)`` (see graphgrad.ne).
        """
    def neg(self) -> Tensor:
        """
        The negative, elementwise: -input.
        """
    def neg_(self) -> typing.Any:
        """
        In place: The negative, elementwise: -input.
        """
    def negative_(self):
        """
        In place: ``self = self.negative(...)`` (see graphgrad.negative).
        """
    def nelement(self):
        """
        The number of elements (``numel()``).
        """
    def new_empty(self, *size, dtype = None, device = None, requires_grad = False):
        """
        A new tensor of shape ``size`` (ints or one sequence) left uninitialised, in this tensor's dtype unless ``dtype`` is given: ``x.new_zeros(2, 3)``.
        """
    def new_full(self, size, fill_value, dtype = None, device = None, requires_grad = False):
        """
        A new tensor of shape ``size`` filled with ``fill_value``, in this tensor's dtype unless ``dtype`` is given.
        """
    def new_ones(self, *size, dtype = None, device = None, requires_grad = False):
        """
        A new tensor of shape ``size`` (ints or one sequence) filled with 1, in this tensor's dtype unless ``dtype`` is given: ``x.new_zeros(2, 3)``.
        """
    def new_tensor(self, data, dtype = None, device = None, requires_grad = False):
        """
        ``gg.tensor(data)`` in this tensor's dtype unless ``dtype`` is given (a copy, detached from any graph).
        """
    def new_zeros(self, *size, dtype = None, device = None, requires_grad = False):
        """
        A new tensor of shape ``size`` (ints or one sequence) filled with 0, in this tensor's dtype unless ``dtype`` is given: ``x.new_zeros(2, 3)``.
        """
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
        """
        Fills self in place with samples of the normal distribution N(mean, std^2) (the global generator).
        """
    def not_equal_(self, other):
        """
        In place: ``self = self.ne(...)`` (see graphgrad.ne).
        """
    def numel(self) -> int:
        """
        The number of elements, the product of the shape.
        """
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
    def pin_memory(self, device = None):
        """
        This tensor: pinned memory speeds up copies to a GPU, and graphgrad runs on the CPU only
            (a DataLoader with ``pin_memory=True`` calls this).
        """
    def polygamma(self, n):
        """
        ψ⁽ⁿ⁾(self): ``graphgrad.polygamma(n, self)``.
        """
    def polygamma_(self, n):
        """
        In place: ``self = self.polygamma(...)`` (see graphgrad.polygamma).
        """
    @typing.overload
    def pow(self, exponent: int) -> Tensor:
        """
        input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
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
    def pow_(self, exponent: int) -> typing.Any:
        """
        In place: input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
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
    def put_(self, index, source, accumulate = False):
        """
        In place: ``self = self.put(...)`` (see graphgrad.put).
        """
    def rad2deg_(self):
        """
        In place: ``self = self.rad2deg(...)`` (see graphgrad.rad2deg).
        """
    def random_(self, from_ = 0, to = None, *, generator = None):
        """
        PyTorch's random_(from, to), random_(to) and random_(): integers in [from, to), [0, to) or
            [0, 2**mantissa] (the largest value of an integer dtype).
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
    def renorm_(self, p, dim, maxnorm):
        """
        In place: ``self = self.renorm(...)`` (see graphgrad.renorm).
        """
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """
        Sets requires_grad in place and returns this tensor.
        """
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
        """
        ``self.reshape(other.shape)``: a view when the layout allows, else a copy.
        """
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
    @typing.overload
    def scatter(self, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, src: Tensor, *, reduce: str | None = None) -> Tensor:
        """
        input with ``src[i][j][k]`` written at ``[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim); reduce='add' or 'multiply' accumulates instead. The gradient reaches src's read entries and input's entries that are not overwritten.
        """
    @typing.overload
    def scatter(self, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, value: typing.SupportsFloat | typing.SupportsIndex, *, reduce: str | None = None) -> Tensor:
        """
        input with value written at index along dim (reduce: 'add' or 'multiply' accumulates).
        """
    def scatter_(self, *args, **kwargs):
        """
        In place: ``self = self.scatter(...)`` (see graphgrad.scatter).
        """
    def scatter_add(self, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, src: Tensor) -> Tensor:
        """
        input with ``src[i][j][k]`` added at ``[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim).
        """
    def scatter_add_(self, *args, **kwargs):
        """
        In place: ``self = self.scatter_add(...)`` (see graphgrad.scatter_add).
        """
    def scatter_reduce(self, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, src: Tensor, reduce: str, *, include_self: bool = True) -> Tensor:
        """
        input with src reduced into it at index along dim: reduce is 'sum', 'prod', 'mean', 'amax' or 'amin'; include_self=False leaves input's own value out wherever src arrives. Ties of amax/amin share the gradient evenly, as in PyTorch.
        """
    def scatter_reduce_(self, *args, **kwargs):
        """
        In place: ``self = self.scatter_reduce(...)`` (see graphgrad.scatter_reduce).
        """
    def sgn_(self):
        """
        In place: ``self = self.sgn(...)`` (see graphgrad.sgn).
        """
    def share_memory_(self):
        """
        This tensor: graphgrad has no multiprocessing shared-memory storage; a no-op returning self.
        """
    def short(self) -> Tensor:
        """
        self.to(gg.int16), truncating toward 0 (self when it is int16 already).
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
    def sinc_(self):
        """
        In place: ``self = self.sinc(...)`` (see graphgrad.sinc).
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
    def softmax(self, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
        """
        e^x / sum(e^x) along dim, one fused kernel (shifted by the maximum, so it never overflows).
        """
    def sort(self, dim: typing.SupportsInt | typing.SupportsIndex = -1, descending: bool = False, *, stable: bool = False) -> typing.Any:
        """
        (values, indices) sorted along dim. NaN sorts as the largest value; ties keep their order (the sort is always stable).
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
    def squeeze_(self, *args, **kwargs):
        """
        In place: self becomes ``self.squeeze(...)``, a view of its own storage.
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
        """
        The step in elements between neighbours along each dimension, a tuple.
        """
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
    def sub_(self, other: int) -> typing.Any:
        """
        self -= other in place (other a tensor or a number, broadcast to self).
        """
    @typing.overload
    def sub_(self, other: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        ...
    @typing.overload
    def sub_(self, other: Tensor) -> typing.Any:
        ...
    @typing.overload
    def sub_(self, other: Tensor, *, alpha: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        self -= alpha * other in place, in one pass.
        """
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
    def sum(self, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
        """
        The sum over dim (an int, a tuple, or None: every axis); bool and integer inputs give int64, dtype casts the input first.
        """
    @typing.overload
    def sum(self, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
        """
        The sum over dim (an int, a tuple, or None: every axis); bool and integer inputs give int64, dtype casts the input first.
        """
    def sum_to_size(self, *size):
        """
        The sum of self over the dimensions broadcast from ``size`` (ints or one sequence), which must
            expand to self's shape: the reverse of ``expand``.
        """
    def swapaxes(self, dim0: typing.SupportsInt | typing.SupportsIndex, dim1: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        A view with axes dim0 and dim1 swapped.
        """
    def swapaxes_(self, *args, **kwargs):
        """
        In place: self becomes ``self.swapaxes(...)``, a view of its own storage.
        """
    def swapdims_(self, dim0, dim1):
        """
        In place: self becomes ``self.swapdims(...)``, a view of its own storage.
        """
    def t(self) -> Tensor:
        """
        The transpose of a matrix (a view; 0-D and 1-D tensors are returned as they are).
        """
    def t_(self, *args, **kwargs):
        """
        In place: self becomes ``self.t(...)``, a view of its own storage.
        """
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
    def tolist(self):
        """
        The values as nested Python lists of floats, ints or bools (a number for a 0-d tensor).
        """
    def topk(self, k: typing.SupportsInt | typing.SupportsIndex, dim: typing.SupportsInt | typing.SupportsIndex = -1, largest: bool = True, sorted: bool = True) -> typing.Any:
        """
        (values, indices) of the k largest (largest=False: smallest) entries along dim, in order.
        """
    def transpose(self, dim0: typing.SupportsInt | typing.SupportsIndex, dim1: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        A view with axes dim0 and dim1 swapped.
        """
    def transpose_(self, *args, **kwargs):
        """
        In place: self becomes ``self.transpose(...)``, a view of its own storage.
        """
    def tril_(self, diagonal = 0):
        """
        In place: ``self = self.tril(...)`` (see graphgrad.tril).
        """
    def triu_(self, diagonal = 0):
        """
        In place: ``self = self.triu(...)`` (see graphgrad.triu).
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
        """
        ``self.to(other.dtype)``: a copy in ``other``'s dtype (self when it has it already).
        """
    def unfold(self, dimension: typing.SupportsInt | typing.SupportsIndex, size: typing.SupportsInt | typing.SupportsIndex, step: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        The view of every window of size entries along dimension, step apart: the window count replaces that axis and a new last axis of size holds each window.
        """
    def uniform_(self, a: typing.SupportsFloat | typing.SupportsIndex = 0.0, b: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> typing.Any:
        """
        Fills self in place with samples of the uniform distribution on [a, b) (the global generator).
        """
    def unsqueeze(self, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
        """
        A view with a new axis of size 1 at dim.
        """
    def unsqueeze_(self, *args, **kwargs):
        """
        In place: self becomes ``self.unsqueeze(...)``, a view of its own storage.
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
        """
        ``self.view(other.shape)``: a view with ``other``'s shape.
        """
    def where(self, condition, y):
        """
        ``where(condition, self, y)``: self where condition holds, y (a tensor or a number) elsewhere.
        """
    def xlogy_(self, other):
        """
        In place: ``self = self.xlogy(...)`` (see graphgrad.xlogy).
        """
    def zero_(self) -> typing.Any:
        """
        Sets every element to 0 in place.
        """
    @property
    def H(self):
        """
        The transpose of a matrix (or the 0-d tensor itself): real tensors, so no conjugation.
        """
    @property
    def T(self) -> Tensor:
        """
        The view with every axis reversed (NumPy's and PyTorch's x.T).
        """
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
        """
        The element type (gg.float32, gg.float64, gg.int64, gg.bool).
        """
    @property
    def grad(self) -> typing.Any:
        """
        The gradient backward() accumulated into this leaf (None before the first backward).
        """
    @grad.setter
    def grad(self, arg1: Tensor | None) -> None:
        ...
    @property
    def grad_fn(self) -> typing.Any:
        """
        The Node of the op that made this tensor, None for a leaf.
        """
    @property
    def is_cpu(self):
        """
        True: graphgrad's tensors live in CPU memory.
        """
    @property
    def is_cuda(self):
        """
        Always False: graphgrad runs on the CPU.
        """
    @property
    def is_leaf(self) -> bool:
        """
        True for a tensor no recorded op made (its gradient is kept in .grad).
        """
    @property
    def itemsize(self):
        """
        Bytes per element.
        """
    @property
    def mH(self):
        """
        The view with the last two dimensions exchanged (input has at least 2); real tensors: the same as mT.
        """
    @property
    def mT(self):
        """
        The view with the last two dimensions exchanged (input has at least 2); a batch of matrix transposes.
        """
    @property
    def name(self) -> str:
        """
        A label for graph drawings (gg.viz.to_dot); empty by default.
        """
    @name.setter
    def name(self, arg1: str) -> None:
        ...
    @property
    def nbytes(self):
        """
        The bytes the entries take: numel() * element_size().
        """
    @property
    def ndim(self) -> int:
        """
        The number of dimensions.
        """
    @property
    def requires_grad(self) -> bool:
        """
        Whether ops on this tensor record the graph, so that backward() reaches it.
        """
    @requires_grad.setter
    def requires_grad(self, arg1: bool) -> None:
        ...
    @property
    def shape(self) -> tuple:
        """
        The size of each dimension, a tuple.
        """
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
def _adamax_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, beta1: typing.SupportsFloat | typing.SupportsIndex, beta2: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One Adamax step; states = [exp_avgs, exp_infs].
    """
def _adaptive_avg_pool(input: Tensor, output_size: int | collections.abc.Sequence[int] | None) -> Tensor:
    """
    Adaptive average pooling to output_size over 1 or 2 trailing dims.
    """
def _adaptive_max_pool(input: Tensor, output_size: int | collections.abc.Sequence[int] | None) -> typing.Any:
    """
    Adaptive max pooling to output_size over 1 or 2 trailing dims: (values, flat indices).
    """
def _assign_inplace(op: str, self: typing.Any, result: Tensor) -> typing.Any:
    """
    Writes result into self's memory as the in-place op `op`.
    """
def _avg_pool(input: Tensor, kernel_size: int | collections.abc.Sequence[int] | None, stride: int | collections.abc.Sequence[int] | None, padding: int | collections.abc.Sequence[int] | None, ceil_mode: bool, count_include_pad: bool, divisor_override: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    Average pooling over 1 or 2 trailing dims (divisor_override <= 0: none).
    """
def _backward(tensors: collections.abc.Sequence[Tensor], grad_tensors: collections.abc.Sequence[Tensor | None], retain_graph: bool, create_graph: bool) -> None:
    """
    graphgrad.autograd.backward's engine call.
    """
def _batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None, weight: Tensor | None, bias: Tensor | None, training: bool, momentum: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    """
    Batch normalisation of (N, C, ...) per channel with optional affine weight and bias; training updates the running statistics in place.
    """
def _best_isa() -> str:
    """
    The widest instruction set this CPU supports.
    """
def _cached_bytes() -> int:
    ...
def _conv(input: Tensor, weight: Tensor, bias: Tensor | None, stride: int | collections.abc.Sequence[int] | None, pad_begin: int | collections.abc.Sequence[int] | None, pad_end: int | collections.abc.Sequence[int] | None, dilation: int | collections.abc.Sequence[int] | None, groups: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    Convolution of (N, C, *spatial) with (K, C / groups, *kernel), 1 to 3 spatial dims; zero padding pad_begin / pad_end before / after each spatial dim.
    """
def _conv_transpose(input: Tensor, weight: Tensor, bias: Tensor | None, stride: int | collections.abc.Sequence[int] | None, padding: int | collections.abc.Sequence[int] | None, output_padding: int | collections.abc.Sequence[int] | None, dilation: int | collections.abc.Sequence[int] | None, groups: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    Transposed convolution of (N, C_in, *spatial) with (C_in, C_out / groups, *kernel).
    """
def _cross_entropy(input: Tensor, target: Tensor, reduction: str = 'mean', ignore_index: typing.SupportsInt | typing.SupportsIndex = -100, weight: Tensor | None = None, label_smoothing: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> Tensor:
    """
    Cross-entropy of logits (N, C, ...) against int64 class labels (N, ...): one fused kernel each way without weight or label smoothing.
    """
def _custom_function(inputs: collections.abc.Sequence[Tensor], output: Tensor, backward: collections.abc.Callable) -> Tensor:
    """
    output (computed without a graph) as the result of one node over inputs whose backward is backward(grad) -> a sequence of one gradient or None per input.
    """
def _dropout(input: Tensor, p: typing.SupportsFloat | typing.SupportsIndex, training: bool) -> Tensor:
    """
    Zeroes each element with probability p and scales the rest by 1 / (1 - p) when training.
    """
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
def _fast_tensor(fallback: collections.abc.Callable, text_signature: str, module: str) -> typing.Any:
    """
    gg.tensor as a builtin taking a Python float itself and every other call to `fallback`.
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
def _inherit_operators(cls: typing.Any) -> None:
    """
    Gives a Tensor subclass the fast operator slots of Tensor (called by Tensor.__init_subclass__).
    """
def _inplace_source(self: Tensor) -> Tensor:
    """
    What an in-place op reads self as (ops/ops.h).
    """
def _isa() -> str:
    """
    The instruction set in use.
    """
def _kernel_isas() -> dict[str, str]:
    """
    The instruction set each kernel family runs with.
    """
def _linalg_cholesky(A: Tensor) -> Tensor:
    """
    The lower Cholesky factor L of A = L·Lᵀ for A (*, n, n) symmetric positive-definite (its lower triangle is read); a ValueError names a matrix that is not.
    """
def _linalg_eigh(A: Tensor, UPLO: str = 'L') -> list[Tensor]:
    """
    [eigenvalues (*, n) ascending, eigenvectors (*, n, n) as columns] of the symmetric A (*, n, n), whose lower (UPLO 'L') or upper ('U') triangle is read; cyclic Jacobi rotations in double.
    """
def _linalg_qr(A: Tensor, mode: str = 'reduced') -> list[Tensor]:
    """
    [Q, R] of A (*, m, n) = Q·R by Householder reflections (R's diagonal signs as LAPACK's); mode 'reduced' (Q (*, m, k), R (*, k, n), k = min(m, n)), 'complete' (Q (*, m, m)) or 'r' (Q empty).
    """
def _linalg_slogdet(A: Tensor) -> typing.Any:
    """
    (sign, log|det A|) of A (*, n, n): sign 0 and -inf for a singular matrix.
    """
def _linalg_solve(A: Tensor, B: Tensor) -> Tensor:
    """
    X with A·X = B for A (*, n, n) and B (*, n, k), batch dimensions broadcast.
    """
def _linalg_solve_triangular(A: Tensor, B: Tensor, upper: bool, unitriangular: bool = False) -> Tensor:
    """
    X with A·X = B for A (*, n, n) triangular (its upper or lower triangle is read; unitriangular: its diagonal is taken as ones) and B (*, n, k), batch dimensions broadcast.
    """
def _linalg_svd(A: Tensor, full_matrices: bool = True) -> list[Tensor]:
    """
    [U, S, Vh] of A (*, m, n) = U·diag(S)·Vh by one-sided Jacobi rotations in double; S (*, k) descending, U (*, m, m or k), Vh (*, n or k, n).
    """
def _linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """
    nn.functional.linear: input @ weight.T + bias, weight (out_features, in_features), in one op; input and parameters share one dtype (float32 with float64 is a TypeError, as in PyTorch).
    """
def _make_dual(primal: Tensor, tangent: Tensor) -> Tensor:
    ...
def _max_pool(input: Tensor, kernel_size: int | collections.abc.Sequence[int] | None, stride: int | collections.abc.Sequence[int] | None, padding: int | collections.abc.Sequence[int] | None, dilation: int | collections.abc.Sequence[int] | None, ceil_mode: bool) -> typing.Any:
    """
    Max pooling over 1 or 2 trailing dims: (values, flat indices in each plane).
    """
def _max_unpool(input: Tensor, indices: Tensor, output_size: int | collections.abc.Sequence[int] | None) -> Tensor:
    """
    Zero planes of output_size with input placed at the flat indices (max pooling's adjoint).
    """
def _nadam_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], mu_products: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, beta1: typing.SupportsFloat | typing.SupportsIndex, beta2: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, momentum_decay: typing.SupportsFloat | typing.SupportsIndex, decoupled_weight_decay: bool, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One NAdam step; states = [exp_avgs, exp_avg_sqs]; mu_products including this step's mu.
    """
def _nll_loss(input: Tensor, target: Tensor, reduction: str = 'mean', ignore_index: typing.SupportsInt | typing.SupportsIndex = -100) -> Tensor:
    """
    Negative log-likelihood of log-probabilities (N, C, ...) at int64 class labels (N, ...).
    """
def _normal_(tensor: Tensor, mean: typing.SupportsFloat | typing.SupportsIndex, std: typing.SupportsFloat | typing.SupportsIndex) -> Tensor:
    ...
def _ops() -> list:
    """
    The op registry: one dict per registered op (name, doc, params, where it is bound, results, test spec).
    """
def _optim_kernel_isa() -> str:
    """
    Instruction set the optimizer loops run with.
    """
def _polygamma(input: Tensor, n: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    ψ⁽ⁿ⁾(input), the n-th derivative of digamma (n = 0: digamma), elementwise.
    """
def _radam_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, beta1: typing.SupportsFloat | typing.SupportsIndex, beta2: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, decoupled_weight_decay: bool, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One RAdam step; states = [exp_avgs, exp_avg_sqs].
    """
def _rand(size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], dtype: numpy.dtype[typing.Any]) -> Tensor:
    ...
def _randn(size: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], dtype: numpy.dtype[typing.Any]) -> Tensor:
    ...
def _return_type(op: str) -> typing.Any:
    """
    The named tuple (values, indices) that op returns (graphgrad.return_types.<op>).
    """
def _rmsprop_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, alpha: typing.SupportsFloat | typing.SupportsIndex, eps: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, momentum: typing.SupportsFloat | typing.SupportsIndex, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One RMSprop step; states = [square_avgs, momentum_buffers or None, grad_avgs or None].
    """
def _rng_state() -> tuple[int, int]:
    ...
def _rnn_cell(mode: str, input: Tensor, h: Tensor | None, c: Tensor | None, weights: collections.abc.Sequence[Tensor]) -> list[Tensor]:
    """
    One step of a fused RNN_TANH/RNN_RELU/LSTM/GRU cell: input (N, input_size) or (input_size,), states of the input's layout (None: zeros), weights [w_ih, w_hh(, b_ih, b_hh)]. Returns [h'] (+ c' for LSTM).
    """
def _rnn_layer(mode: str, input: Tensor, batch_sizes: int | collections.abc.Sequence[int] | None, h0: Tensor | None, c0: Tensor | None, weights: collections.abc.Sequence[Tensor], num_directions: typing.SupportsInt | typing.SupportsIndex, has_bias: bool, has_proj: bool) -> list[Tensor]:
    """
    One fused RNN_TANH/RNN_RELU/LSTM/GRU layer over packed rows (N, input_size) with step sizes batch_sizes; weights per direction in PyTorch's order. Returns [output (N, D*P), h_n (D, B, P)] (+ c_n for LSTM).
    """
def _scalar(value: typing.SupportsFloat | typing.SupportsIndex, dtype: numpy.dtype[typing.Any], requires_grad: bool) -> Tensor:
    ...
def _scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask: Tensor | None = None, is_causal: bool = False, scale: typing.SupportsFloat | typing.SupportsIndex | None = None) -> Tensor:
    """
    Fused softmax(q k^T * scale + mask) v (no dropout), blocked with an online softmax.
    """
def _set_detect_anomaly(enabled: bool) -> None:
    """
    Turns anomaly detection (a NaN in any gradient is an error naming its node) on or off.
    """
def _set_grad_enabled(enabled: bool) -> None:
    ...
def _set_isa(name: str) -> None:
    """
    Force every kernel family to one instruction set: generic, avx2, avx512 or auto (the best this CPU runs). ValueError for a level this CPU cannot run.
    """
def _set_rng_state(seed: typing.SupportsInt | typing.SupportsIndex, offset: typing.SupportsInt | typing.SupportsIndex) -> None:
    ...
def _set_text_signature(function: typing.Any, params: str) -> None:
    ...
def _sgd_step(params: collections.abc.Sequence[Tensor], grads: collections.abc.Sequence[Tensor], states: collections.abc.Sequence[collections.abc.Sequence[Tensor] | None], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], lr: typing.SupportsFloat | typing.SupportsIndex, momentum: typing.SupportsFloat | typing.SupportsIndex, dampening: typing.SupportsFloat | typing.SupportsIndex, weight_decay: typing.SupportsFloat | typing.SupportsIndex, nesterov: bool, l1: typing.SupportsFloat | typing.SupportsIndex) -> None:
    """
    One SGD step over a parameter group; states = [momentum_buffers] (or [None] without momentum).
    """
def _special_erfcx(input: Tensor) -> Tensor:
    """
    The scaled complementary error function e^(input²) erfc(input), elementwise.
    """
def _special_i0e(input: Tensor) -> Tensor:
    """
    e^-|input| I0(input), elementwise.
    """
def _special_i1(input: Tensor) -> Tensor:
    """
    The modified Bessel function of the first kind of order 1, I1(input), elementwise.
    """
def _special_i1e(input: Tensor) -> Tensor:
    """
    e^-|input| I1(input), elementwise.
    """
def _special_log_ndtr(input: Tensor) -> Tensor:
    """
    log Φ(input), accurate far into the lower tail, elementwise.
    """
def _special_ndtr(input: Tensor) -> Tensor:
    """
    The standard normal CDF Φ(input), elementwise.
    """
def _special_ndtri(input: Tensor) -> Tensor:
    """
    The standard normal quantile Φ⁻¹(input) on [0, 1], elementwise (∓inf at 0 and 1, nan outside).
    """
def _special_zeta(input: Tensor, other: Tensor) -> Tensor:
    """
    The Hurwitz zeta function ζ(input, other) = Σ_k (k + other)^-input, elementwise; differentiable in other only.
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
def argsort(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
    """
    The int64 positions that sort input along dim (sort's indices).
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
def cummax(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex) -> typing.Any:
    """
    (values, indices): the running maximum along dim and where it was last reached (a NaN, once met, stays the maximum).
    """
def cummin(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex) -> typing.Any:
    """
    (values, indices): the running minimum along dim and where it was last reached (a NaN, once met, stays the minimum).
    """
def cumprod(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    The running product along dim; the gradient is exact where the input has zeros.
    """
def cumsum(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    The running sum along dim; integer and bool inputs give int64 unless dtype says otherwise.
    """
def det(input: Tensor) -> Tensor:
    """
    The determinant of each square matrix of input (*, n, n): the product of the LU factorisation's pivots, with the sign of its row swaps; 0 for a singular matrix. The gradient is G·det·A⁻ᵀ (its backward raises for a singular matrix).
    """
def diagonal(input: Tensor, offset: typing.SupportsInt | typing.SupportsIndex = 0, dim1: typing.SupportsInt | typing.SupportsIndex = 0, dim2: typing.SupportsInt | typing.SupportsIndex = 1) -> Tensor:
    """
    The view of the diagonal (offset above the main one; below when negative) of the matrices over dim1 and dim2, as a new last axis.
    """
def digamma(input: Tensor) -> Tensor:
    """
    ψ(input) = Γ'(input) / Γ(input), the derivative of lgamma, elementwise (-inf at 0, nan at the negative integers).
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
def erfc(input: Tensor) -> Tensor:
    """
    The complementary error function 1 - erf(input), elementwise, accurate where erf is near 1.
    """
def erfinv(input: Tensor) -> Tensor:
    """
    The inverse error function: y with erf(y) = input on [-1, 1] (±inf at ±1, nan outside).
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
def gather(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor) -> Tensor:
    """
    ``out[i][j][k] = input[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim): index is int64 with input's number of dimensions and no larger than input off dim.
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
def i0(input: Tensor) -> Tensor:
    """
    The modified Bessel function of the first kind of order 0, I0(input) = Σ_k (input²/4)^k / (k!)², elementwise.
    """
def igamma(input: Tensor, other: Tensor) -> Tensor:
    """
    The regularized lower incomplete gamma function P(input, other) = (1/Γ(input)) ∫_0^other t^(input-1) e^-t dt, elementwise (torch.special.gammainc); differentiable in other only, as in PyTorch.
    """
def igammac(input: Tensor, other: Tensor) -> Tensor:
    """
    The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other), elementwise (torch.special.gammaincc); differentiable in other only.
    """
def inverse(input: Tensor) -> Tensor:
    """
    The inverse of each square matrix of input (*, n, n), by LU factorisation with partial pivoting; a ValueError names a singular matrix. The gradient is -A⁻ᵀ·G·A⁻ᵀ. torch.linalg.inv is graphgrad.linalg.inv.
    """
def is_anomaly_enabled() -> bool:
    """
    True while anomaly detection is on.
    """
def is_grad_enabled() -> bool:
    """
    True when ops record the graph (not inside no_grad); per thread.
    """
def kthvalue(input: Tensor, k: typing.SupportsInt | typing.SupportsIndex, dim: typing.SupportsInt | typing.SupportsIndex = -1, keepdim: bool = False) -> typing.Any:
    """
    (values, indices) of the k-th smallest entry (k from 1) along dim.
    """
def leaky_relu(input: Tensor, negative_slope: typing.SupportsFloat | typing.SupportsIndex = 0.01) -> Tensor:
    """
    input where it is positive, negative_slope * input elsewhere.
    """
def lgamma(input: Tensor) -> Tensor:
    """
    log|Γ(input)|, the log of the gamma function's magnitude, elementwise (inf at 0 and the negative integers).
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
def log_softmax(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    x - log(sum(e^x)) along dim, one fused kernel (a shifted log-sum-exp).
    """
def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """
    log(exp(input) + exp(other)), elementwise, without overflow.
    """
def logcumsumexp(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    log(cumsum(exp(input))) along dim, computed without overflow (and its derivatives too).
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
@typing.overload
def max(input: Tensor) -> Tensor:
    """
    The maximum of every element; max(input, dim, keepdim=False) is (values, indices) along dim, max(input, other) the elementwise maximum.
    """
@typing.overload
def max(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, keepdim: bool = False) -> typing.Any:
    """
    (values, indices): the maximum along dim and its position (the first among ties).
    """
@typing.overload
def max(input: Tensor, other: Tensor) -> Tensor:
    """
    The elementwise maximum of two tensors (broadcast).
    """
def maximum(input: Tensor, other: Tensor) -> Tensor:
    """
    The larger of input and other, elementwise, with broadcasting.
    """
@typing.overload
def mean(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    The mean over dim (an int, a tuple, or None: every axis) of a float input; dtype casts the input first (an integer input needs a float dtype).
    """
@typing.overload
def mean(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    The mean over dim (an int, a tuple, or None: every axis) of a float input; dtype casts the input first (an integer input needs a float dtype).
    """
@typing.overload
def median(input: Tensor) -> Tensor:
    """
    The lower median of every element (NaN if any is NaN); with dim, (values, indices) along it.
    """
@typing.overload
def median(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, keepdim: bool = False) -> typing.Any:
    """
    (values, indices): the lower median along dim (NaN where a line holds a NaN).
    """
@typing.overload
def min(input: Tensor) -> Tensor:
    """
    The minimum of every element; min(input, dim, keepdim=False) is (values, indices) along dim, min(input, other) the elementwise minimum.
    """
@typing.overload
def min(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, keepdim: bool = False) -> typing.Any:
    """
    (values, indices): the minimum along dim and its position (the first among ties).
    """
@typing.overload
def min(input: Tensor, other: Tensor) -> Tensor:
    """
    The elementwise minimum of two tensors (broadcast).
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
def pow(input: Tensor, exponent: int) -> Tensor:
    """
    input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; 0 ** 0 is 1).
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
def promote_types(type1: numpy.dtype[typing.Any], type2: numpy.dtype[typing.Any]) -> numpy.dtype[typing.Any]:
    """
    The dtype of an op between tensors of these dtypes (PyTorch's promotion lattice).
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
@typing.overload
def scatter(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, src: Tensor, *, reduce: str | None = None) -> Tensor:
    """
    input with ``src[i][j][k]`` written at ``[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim); reduce='add' or 'multiply' accumulates instead. The gradient reaches src's read entries and input's entries that are not overwritten.
    """
@typing.overload
def scatter(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, value: typing.SupportsFloat | typing.SupportsIndex, *, reduce: str | None = None) -> Tensor:
    """
    input with value written at index along dim (reduce: 'add' or 'multiply' accumulates).
    """
def scatter_add(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, src: Tensor) -> Tensor:
    """
    input with ``src[i][j][k]`` added at ``[i][index[i][j][k]][k]`` for dim=1 (likewise for any dim).
    """
def scatter_reduce(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, index: Tensor, src: Tensor, reduce: str, *, include_self: bool = True) -> Tensor:
    """
    input with src reduced into it at index along dim: reduce is 'sum', 'prod', 'mean', 'amax' or 'amin'; include_self=False leaves input's own value out wherever src arrives. Ties of amax/amin share the gradient evenly, as in PyTorch.
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
def softmax(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    e^x / sum(e^x) along dim, one fused kernel (shifted by the maximum, so it never overflows).
    """
def softplus(input: Tensor, beta: typing.SupportsFloat | typing.SupportsIndex = 1.0, threshold: typing.SupportsFloat | typing.SupportsIndex = 20.0) -> Tensor:
    """
    log(1 + e^(beta * input)) / beta, elementwise; input itself where beta * input > threshold.
    """
def sort(input: Tensor, dim: typing.SupportsInt | typing.SupportsIndex = -1, descending: bool = False, *, stable: bool = False) -> typing.Any:
    """
    (values, indices) sorted along dim. NaN sorts as the largest value; ties keep their order (the sort is always stable).
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
def sum(input: Tensor, dim: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    The sum over dim (an int, a tuple, or None: every axis); bool and integer inputs give int64, dtype casts the input first.
    """
@typing.overload
def sum(input: Tensor, axis: int | collections.abc.Sequence[int] | None = None, keepdim: bool = False, *, dtype: numpy.dtype[typing.Any] | None = None) -> Tensor:
    """
    The sum over dim (an int, a tuple, or None: every axis); bool and integer inputs give int64, dtype casts the input first.
    """
def sum_to(input: Tensor, shape: int | collections.abc.Sequence[int] | None) -> Tensor:
    """
    Sums a broadcast tensor back to shape (the reverse of broadcasting: a gradient's reduction).
    """
def swapaxes(input: Tensor, dim0: typing.SupportsInt | typing.SupportsIndex, dim1: typing.SupportsInt | typing.SupportsIndex) -> Tensor:
    """
    A view with axes dim0 and dim1 swapped.
    """
def t(input: Tensor) -> Tensor:
    """
    The transpose of a matrix (a view; 0-D and 1-D tensors are returned as they are).
    """
def tan(input: Tensor) -> Tensor:
    """
    The tangent, elementwise (radians).
    """
def tanh(input: Tensor) -> Tensor:
    """
    The hyperbolic tangent, elementwise.
    """
def topk(input: Tensor, k: typing.SupportsInt | typing.SupportsIndex, dim: typing.SupportsInt | typing.SupportsIndex = -1, largest: bool = True, sorted: bool = True) -> typing.Any:
    """
    (values, indices) of the k largest (largest=False: smallest) entries along dim, in order.
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
