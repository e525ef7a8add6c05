"""PyTorch's ``torch.linalg`` for real float tensors: solve, inv, det, slogdet (one LU factorisation
with partial pivoting in C++, ops/linalg.cpp), cholesky and solve_triangular, the decompositions
eigh, eigvalsh, qr, svd and svdvals (Jacobi rotations and Householder reflections in double,
ops/decompositions.cpp) and what is built on them (pinv, lstsq, matrix_rank, cond, the matrix norms
of ord 2, -2 and 'nuc'), the vector and matrix norms, matrix_power, multi_dot, vecdot, cross,
matmul and diagonal. Everything differentiates, twice. Batch dimensions (``*``) broadcast as in
PyTorch. Not here: the general (non-symmetric) eigenproblem eig/eigvals, whose results are
complex.

A Newton step on a small model, with the Hessian from ``graphgrad.autograd.functional.hessian``::

    step = gg.linalg.solve(H, g)     # H·step = g
"""
import collections as _collections
import math as _math

import numpy as _np

from . import _core
from . import _registry
from ._compose import _axis
from ._surface import return_types
from ._tensor import eye as _eye, float32 as _float32, full_like as _full_like, zeros as _zeros

__all__ = ["solve", "solve_triangular", "cholesky", "inv", "det", "slogdet", "eigh", "eigvalsh", "qr", "svd", "svdvals",
           "pinv", "lstsq", "matrix_rank", "cond", "vector_norm", "matrix_norm", "norm", "matrix_power", "multi_dot",
           "vecdot", "cross", "matmul", "diagonal"]

return_types.slogdet = _collections.namedtuple("slogdet", ["sign", "logabsdet"])
return_types.slogdet.__doc__ = "What slogdet returns: the named tuple (sign, logabsdet), PyTorch's return_types.slogdet."
for _name, _fields in (("linalg_eigh", ["eigenvalues", "eigenvectors"]), ("linalg_qr", ["Q", "R"]),
                       ("linalg_svd", ["U", "S", "Vh"]),
                       ("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])):
    setattr(return_types, _name, _collections.namedtuple(_name, _fields))
    getattr(return_types, _name).__doc__ = (f"What linalg.{_name[7:]} returns: the named tuple ({', '.join(_fields)}), "
                                            f"PyTorch's return_types.{_name}.")


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


def eigh(A, UPLO="L"):
    """The named tuple ``(eigenvalues, eigenvectors)`` of each symmetric matrix of A (*, n, n): w (*, n)
    ascending and V (*, n, n) orthonormal with ``A = V @ diag(w) @ V.mT`` (column j of V for w[j]; its
    sign is arbitrary, as in LAPACK). Only the lower (``UPLO='L'``) or upper ('U') triangle is read.
    Cyclic Jacobi rotations in double precision: accurate for every eigenvalue, O(n³) per sweep, for
    the small and moderate matrices of a model. The gradient, symmetric as PyTorch's, needs distinct
    eigenvalues (eigenvalues alone are always differentiable).

    >>> w, V = gg.linalg.eigh(gg.tensor([[2., 1.], [1., 2.]]))
    >>> w
    tensor([1., 3.])
    """
    return return_types.linalg_eigh(*_core._linalg_eigh(A, UPLO))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues (*, n), ascending, of each symmetric matrix of A (*, n, n): ``eigh(A).eigenvalues``."""
    return _core._linalg_eigh(A, UPLO)[0]


def qr(A, mode="reduced"):
    """The named tuple ``(Q, R)`` of A (*, m, n) = Q·R, Q with orthonormal columns and R upper triangular,
    by Householder reflections (R's diagonal has LAPACK's signs, so Q and R are NumPy's and PyTorch's).
    ``mode``: 'reduced' (Q (*, m, k), R (*, k, n), k = min(m, n)), 'complete' (Q (*, m, m), R (*, m, n))
    or 'r' (R only; Q is empty). Differentiable for 'reduced', and for 'complete' when m <= n, with R
    of full rank.

    >>> Q, R = gg.linalg.qr(gg.tensor([[3., 1.], [4., 2.]]))
    >>> R
    tensor([[-5.0000, -2.2000],
            [ 0.0000,  0.4000]])
    """
    return return_types.linalg_qr(*_core._linalg_qr(A, mode))


def svd(A, full_matrices=True, *, driver=None):
    """The named tuple ``(U, S, Vh)`` of A (*, m, n) = U @ diag(S) @ Vh: S (*, k) descending, k =
    min(m, n); U (*, m, m) and Vh (*, n, n) with ``full_matrices`` (PyTorch's default), else
    U (*, m, k) and Vh (*, k, n). One-sided Jacobi rotations in double precision (accurate small
    singular values); the signs of singular-vector pairs are arbitrary, as in LAPACK. The gradient
    through U or Vh needs distinct nonzero singular values (the columns of a full U past k get none, as
    in PyTorch); through S alone it is always defined. ``driver`` (a CUDA option) must be None.

    >>> gg.linalg.svd(gg.tensor([[3., 0.], [0., -4.]])).S
    tensor([4., 3.])
    """
    _no_driver(driver, "linalg.svd")
    return return_types.linalg_svd(*_core._linalg_svd(A, full_matrices))


def svdvals(A, *, driver=None):
    """The singular values (*, k), descending, of each matrix of A (*, m, n); always differentiable."""
    _no_driver(driver, "linalg.svdvals")
    return _core._linalg_svd(A, False)[1]


def _no_driver(driver, op):
    if driver is not None:
        raise ValueError(f"{op}: driver={driver!r} selects a CUDA solver; on the CPU it must be None")


def _cutoff(S, shape, atol, rtol):
    """The singular values below which pinv and matrix_rank count a matrix as rank-deficient: PyTorch's
    max(atol, rtol·σ_max), with rtol = eps·max(m, n) when neither is given."""
    if atol is None and rtol is None:
        rtol = _np.finfo(_np.float32 if S.dtype == _float32 else _np.float64).eps * max(shape[-2], shape[-1])
    top = S.amax(-1, keepdim=True) if S.shape[-1] else S.sum(-1, keepdim=True)
    cut = top * (rtol or 0.0)
    if atol is not None:
        cut = _core.maximum(cut, atol if isinstance(atol, _core.Tensor) else _full_like(cut, float(atol)))
    return cut


def _reciprocal_above(values, magnitudes, shape, atol, rtol):
    """1/values where magnitudes exceed _cutoff, else 0 (with no infinity in between, so that the
    gradient stays finite)."""
    keep = magnitudes > _cutoff(magnitudes, shape, atol, rtol)
    return _core.where(keep, 1.0 / _core.where(keep, values, _full_like(values, 1.0)), _full_like(values, 0.0))


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The Moore–Penrose pseudo-inverse (*, n, m) of each matrix of A (*, m, n), through its SVD:
    ``Vh.mT @ diag(1/S) @ U.mT`` over the singular values above max(atol, rtol·σ_max) (rtol defaults
    to eps·max(m, n), as in PyTorch). ``hermitian=True`` uses eigh (A symmetric, its lower triangle
    read)."""
    if hermitian:
        w, V = eigh(A)
        return (V * _reciprocal_above(w, w.abs(), A.shape, atol, rtol).unsqueeze(-2)) @ _mT(V)
    return _pinv_of_svd(svd(A, full_matrices=False), A.shape, atol, rtol)


def _pinv_of_svd(usv, shape, atol, rtol):
    U, S, Vh = usv
    return (_mT(Vh) * _reciprocal_above(S, S, shape, atol, rtol).unsqueeze(-2)) @ _mT(U)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    """The number of singular values (eigenvalue magnitudes with ``hermitian``) of each matrix of A
    (*, m, n) above max(atol, rtol·σ_max), rtol defaulting to eps·max(m, n): an int64 tensor (*)."""
    S = eigvalsh(A).abs() if hermitian else svdvals(A)
    return (S > _cutoff(S, A.shape, atol, rtol)).sum(-1)


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution X (*, n, k) of ``A @ X ≈ B`` for A (*, m, n) and B (*, m, k), batch
    dimensions broadcast: the minimum-norm solution ``pinv(A) @ B`` (rcond: singular values below
    rcond·σ_max count as zero; default eps·max(m, n)). The named tuple ``(solution, residuals, rank,
    singular_values)`` as PyTorch's default CPU driver 'gelsy' fills it: residuals, the squared
    residual norms (*, k), only when m > n and every A is of full rank (else empty), the rank, and no
    singular values (empty). ``driver`` may be None or one of LAPACK's names, which give the same
    solution here."""
    if driver not in (None, "gels", "gelsy", "gelsd", "gelss"):
        raise ValueError(f"linalg.lstsq: driver must be None, 'gels', 'gelsy', 'gelsd' or 'gelss', got {driver!r}")
    if A.dim() < 2 or B.dim() < 1 or (B.dim() >= 2 and B.shape[-2] != A.shape[-2]) or \
            (B.dim() == 1 and B.shape[0] != A.shape[-2]):
        raise ValueError(f"linalg.lstsq: A must be (*, m, n) and B (*, m, k) with the same m, got shapes "
                         f"{tuple(A.shape)} and {tuple(B.shape)}")
    vector = B.dim() == 1 or (B.dim() == A.dim() - 1 and B.shape[-1] == A.shape[-2])
    b = B.unsqueeze(-1) if vector else B
    usv = svd(A, full_matrices=False)  # one SVD for the solution and the rank
    X = _pinv_of_svd(usv, A.shape, None, rcond) @ b
    rank = (usv.S > _cutoff(usv.S, A.shape, None, rcond)).sum(-1)
    m, n = A.shape[-2], A.shape[-1]
    if m > n and bool((rank == n).all()):
        residuals = ((A @ X - b) ** 2).sum(-2)
        residuals = residuals.squeeze(-1) if vector else residuals
    else:
        residuals = _zeros(0, dtype=A.dtype)
    return return_types.linalg_lstsq(X.squeeze(-1) if vector else X, residuals, rank, _zeros(0, dtype=A.dtype))


def cond(A, p=None):
    """The condition number of each matrix of A (*, m, n) in the norm ``p``: for None or 2 the ratio
    of the largest to the smallest singular value (-2: its inverse), for 'fro', 'nuc', 1, -1, inf, -inf
    (square A) ``matrix_norm(A, p) * matrix_norm(inv(A), p)``."""
    if p in (None, 2, -2):
        S = svdvals(A)
        ratio = S[..., 0] / S[..., -1]
        return 1.0 / ratio if p == -2 else ratio
    return matrix_norm(A, p) * matrix_norm(inv(A), p)


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
    (the largest / smallest column sum of |A|), inf / -inf (the largest / smallest row sum), 2 / -2 (the
    largest / smallest singular value) and 'nuc' (their sum)."""
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
        S = svdvals(A.movedim((r, c), (-2, -1)))
        out = S.amax(-1) if ord == 2 else S.amin(-1) if ord == -2 else S.sum(-1)
        return out.unsqueeze(min(r, c)).unsqueeze(max(r, c)) if keepdim else out
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
