"""PyTorch's ``torch.linalg`` for real float tensors: solve, inv, det, slogdet (one LU factorisation
with partial pivoting in C++, ops/linalg.cpp, differentiable twice), the vector and matrix norms,
matrix_power, multi_dot, vecdot, cross, matmul and diagonal. Batch dimensions (``*``) broadcast as
in PyTorch. Not here: the decompositions that need an eigen- or singular-value solver (svd, eig,
eigh, qr, cholesky, lstsq, pinv) and the matrix norms built on them (ord 2, -2 and 'nuc'), which
raise ``NotImplementedError`` naming what is missing.

A Newton step on a small model, with the Hessian from ``graphgrad.autograd.functional.hessian``::

    step = gg.linalg.solve(H, g)     # H·step = g
"""
import collections as _collections
import math as _math

from . import _core
from . import _registry
from ._compose import _axis
from ._surface import return_types
from ._tensor import eye as _eye, full_like as _full_like

__all__ = ["solve", "solve_triangular", "cholesky", "inv", "det", "slogdet", "vector_norm", "matrix_norm", "norm", "matrix_power", "multi_dot",
           "vecdot", "cross", "matmul", "diagonal"]

return_types.slogdet = _collections.namedtuple("slogdet", ["sign", "logabsdet"])
return_types.slogdet.__doc__ = "What slogdet returns: the named tuple (sign, logabsdet), PyTorch's return_types.slogdet."


def _mT(x):
    return _core.transpose(x, -2, -1)


def _is_vector_rhs(A, B):
    """PyTorch's rule: B is a batch of vectors when it is 1-D or has A's shape without the last axis."""
    return B.dim() == 1 or (B.dim() == A.dim() - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left=True):
    """The solution X of ``A @ X = B`` (``X @ A = B`` when ``left=False``) for square matrices A (*, n, n)
    and B (*, n, k), or B (*, n) a batch of vectors; batch dimensions broadcast. A singular A raises
    ValueError. Gradients: ∂B = A⁻ᵀ·G and ∂A = -∂B·Xᵀ, themselves differentiable.

    >>> gg.linalg.solve(gg.tensor([[2., 0.], [0., 4.]]), gg.tensor([2., 2.]))
    tensor([1.0000, 0.5000])
    """
    if _is_vector_rhs(A, B):  # x·A = b is Aᵀ·x = b
        return _core._linalg_solve(A if left else _mT(A), B.unsqueeze(-1)).squeeze(-1)
    if not left:
        return _mT(_core._linalg_solve(_mT(A), _mT(B)))
    return _core._linalg_solve(A, B)


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """The solution X of ``A @ X = B`` (``X @ A = B`` when ``left=False``) for triangular A (*, n, n):
    only its upper (``upper=True``) or lower triangle is read, and with ``unitriangular`` its diagonal
    is taken as ones; B is (*, n, k) ((*, k, n) when ``left=False``), batch dimensions broadcast. By
    substitution, without factorising; a zero on the diagonal gives inf/nan, as in PyTorch.
    Gradients: ∂B = A⁻ᵀ·G, ∂A = -∂B·Xᵀ on A's triangle.

    >>> gg.linalg.solve_triangular(gg.tensor([[2., 0.], [1., 1.]]), gg.tensor([[2.], [3.]]), upper=False)
    tensor([[1.],
            [2.]])
    """
    if not left:  # X·A = B is Aᵀ·Xᵀ = Bᵀ, and Aᵀ's triangle is the other one
        return _mT(_core._linalg_solve_triangular(_mT(A), _mT(B), not upper, unitriangular))
    return _core._linalg_solve_triangular(A, B, upper, unitriangular)


def cholesky(A, *, upper=False):
    """The Cholesky factor of each symmetric positive-definite matrix of A (*, n, n): L lower
    triangular with a positive diagonal and ``A = L @ L.mT`` (``upper=True``: U = Lᵀ, ``A = U.mT @ U``).
    Only A's lower triangle is read; a matrix that is not positive-definite raises ValueError naming
    it. The gradient treats A as symmetric, as PyTorch's: ∂A = sym(L⁻ᵀ·Φ(Lᵀ·G)·L⁻¹), Φ the lower
    triangle with the diagonal halved.

    >>> gg.linalg.cholesky(gg.tensor([[4., 2.], [2., 5.]]))
    tensor([[2., 0.],
            [1., 2.]])
    """
    L = _core._linalg_cholesky(A)
    return _mT(L) if upper else L


def inv(A):
    """The inverse of each square matrix of A (*, n, n); a singular matrix raises ValueError. The same
    as ``graphgrad.inverse``."""
    return _core.inverse(A)


def det(A):
    """The determinant of each square matrix of A (*, n, n); the same as ``graphgrad.det``."""
    return _core.det(A)


@_registry.op(method=True)
def slogdet(input):
    """The named tuple ``(sign, logabsdet)`` of each square matrix of input (*, n, n): det = sign ·
    exp(logabsdet), without overflow for large matrices; sign is 0 and logabsdet -inf for a singular
    matrix. Only logabsdet has a gradient (A⁻ᵀ)."""
    return return_types.slogdet(*_core._linalg_slogdet(input))


@_registry.op(method=True)
def logdet(input):
    """log(det A) of each square matrix of input (*, n, n): NaN where the determinant is negative, -inf
    where it is 0, as in PyTorch."""
    sign, logabs = _core._linalg_slogdet(input)
    return _core.where(sign < 0, _full_like(logabs, _math.nan), logabs)


def _dims(dim, ndim, op):
    out = tuple(_axis(d, ndim, op) for d in ((dim,) if isinstance(dim, int) else dim))
    if len(set(out)) != len(out):
        raise IndexError(f"{op}: dim {dim!r} repeats an axis of a tensor of {ndim} dimensions")
    return out


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The vector ``ord``-norm of x over ``dim`` (an int, a tuple, or None: every entry):
    (Σ|x|^ord)^(1/ord) for ord ≠ 0, ±inf: the largest / smallest |x|, 0: the number of nonzero entries.
    ``dtype`` casts x first."""
    if dtype is not None:
        x = x.to(dtype)
    if not x.dtype.is_floating_point:
        raise TypeError(f"linalg.vector_norm: expected a float tensor, got {x.dtype} (pass dtype=)")
    dims = list(range(x.dim())) if dim is None else list(_dims(dim, x.dim(), "linalg.vector_norm"))
    a = x.abs()
    if ord == _math.inf:
        return _core.amax(a, dims, keepdim)
    if ord == -_math.inf:
        return _core.amin(a, dims, keepdim)
    if ord == 0:
        return _core.sum((a != 0).to(x.dtype), dims, keepdim)
    if ord > 0:
        return _core.norm(x, float(ord), dims, keepdim)
    return _core.sum(a ** ord, dims, keepdim) ** (1.0 / ord)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The matrix norm of each matrix of A over the two axes ``dim``: 'fro' (the Frobenius norm), 1 / -1
    (the largest / smallest column sum of |A|), inf / -inf (the largest / smallest row sum). Ord 2, -2
    and 'nuc' need singular values and raise NotImplementedError."""
    if dtype is not None:
        A = A.to(dtype)
    if A.dim() < 2:
        raise ValueError(f"linalg.matrix_norm: expected a tensor of 2 or more dimensions, got shape {tuple(A.shape)}")
    if isinstance(dim, int) or len(dim) != 2:
        raise ValueError(f"linalg.matrix_norm: dim must be a 2-tuple, got {dim!r}")
    r, c = _dims(dim, A.dim(), "linalg.matrix_norm")
    if ord == "fro":
        return vector_norm(A, 2, (r, c), keepdim)
    if ord in (2, -2, "nuc"):
        raise NotImplementedError(f"linalg.matrix_norm: ord={ord!r} needs singular values (no SVD in graphgrad yet)")
    if ord not in (1, -1, _math.inf, -_math.inf):
        raise ValueError(f"linalg.matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got {ord!r}")
    summed, over = (r, c) if abs(ord) == 1 else (c, r)  # 1: column sums (over rows), inf: row sums
    sums = _core.sum(A.abs(), [summed], True)
    out = _core.amax(sums, [over], True) if ord > 0 else _core.amin(sums, [over], True)
    return out if keepdim else out.squeeze(max(r, c)).squeeze(min(r, c))


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """PyTorch's linalg.norm: a vector norm when ``dim`` is an int or a 1-tuple (or A is 1-D), a matrix
    norm when ``dim`` is a 2-tuple (or A is 2-D and ord is given); with neither ord nor dim, the 2-norm
    of every entry."""
    if dim is None:
        if ord is None:
            return vector_norm(A, 2, None, keepdim, dtype=dtype)
        if A.dim() == 1:
            return vector_norm(A, ord, None, keepdim, dtype=dtype)
        if A.dim() == 2:
            return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
        raise ValueError(f"linalg.norm: with ord, A must be 1-D or 2-D when dim is None, got shape {tuple(A.shape)}")
    if isinstance(dim, int) or len(dim) == 1:
        return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)
    return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)


@_registry.op(method=True)
def matrix_power(input, n):
    """The n-th power of each square matrix of input (*, m, m) by repeated squaring; n = 0 gives the
    identity, n < 0 powers of the inverse."""
    if not isinstance(n, int):
        raise TypeError(f"matrix_power: n must be an int, got {type(n).__name__}")
    if input.dim() < 2 or input.shape[-1] != input.shape[-2]:
        raise ValueError(f"matrix_power: expected square matrices (*, m, m), got shape {tuple(input.shape)}")
    base = _core.inverse(input) if n < 0 else input
    n = abs(n)
    result = None
    while n:
        if n & 1:
            result = base if result is None else _core.matmul(result, base)
        n >>= 1
        if n:
            base = _core.matmul(base, base)
    if result is None:  # n == 0: the identity, in the graph (its gradient is zero)
        eye = _eye(input.shape[-1], dtype=input.dtype)
        return input * 0 + eye
    return result


def multi_dot(tensors):
    """The product of a sequence of matrices, the first and last of which may be 1-D (a row and a
    column vector)."""
    tensors = list(tensors)
    if len(tensors) < 2:
        raise ValueError(f"linalg.multi_dot: expected at least 2 tensors, got {len(tensors)}")
    first, last = tensors[0].dim() == 1, tensors[-1].dim() == 1
    if any(t.dim() != 2 for t in tensors[1:-1]) or any(t.dim() not in (1, 2) for t in (tensors[0], tensors[-1])):
        raise ValueError("linalg.multi_dot: the first and last tensors must be 1-D or 2-D, the others 2-D; got shapes "
                         f"{[tuple(t.shape) for t in tensors]}")
    ms = ([tensors[0].unsqueeze(0)] if first else [tensors[0]]) + tensors[1:-1] + \
        ([tensors[-1].unsqueeze(1)] if last else [tensors[-1]])
    out = ms[0]
    for m in ms[1:]:
        out = _core.matmul(out, m)
    if first:
        out = out.squeeze(0)
    if last:
        out = out.squeeze(-1)
    return out


def vecdot(x, y, *, dim=-1):
    """The dot product of x and y (broadcast) along ``dim``."""
    return _core.sum(x * y, [dim], False)


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (default the last, unlike graphgrad.cross)."""
    from ._compose_products import cross as _cross
    return _cross(input, other, dim=dim)


def matmul(input, other):
    """The matrix product, as graphgrad.matmul."""
    return _core.matmul(input, other)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonal of each matrix of A (a view), as graphgrad.diagonal with PyTorch's linalg defaults."""
    return _core.diagonal(A, offset, dim1, dim2)
