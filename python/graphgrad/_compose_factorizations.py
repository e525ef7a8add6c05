"""PyTorch's top-level factorisations, the older forms of torch.linalg's, composed of graphgrad.linalg
(so they differentiate through it): cholesky, cholesky_solve, cholesky_inverse, svd, qr and
pinverse; also Tensor methods."""
import collections as _collections

from . import _registry
from . import linalg as _linalg
from ._surface import return_types
from ._tensor import eye, zeros

return_types.svd = _collections.namedtuple("svd", ["U", "S", "V"])
return_types.svd.__doc__ = "What svd returns: the named tuple (U, S, V), PyTorch's return_types.svd."

__all__ = ["cholesky", "cholesky_solve", "cholesky_inverse", "svd", "qr", "pinverse"]


@_registry.op()
def cholesky(input, upper=False):
    """The Cholesky factor of each symmetric positive-definite matrix of input (*, n, n): lower L with
    ``input = L @ L.mT``, or ``upper=True``: U with ``input = U.mT @ U`` (``graphgrad.linalg.cholesky``)."""
    return _linalg.cholesky(input, upper=upper)


@_registry.op()
def cholesky_solve(input, input2, upper=False):
    """X with ``A @ X = input`` for A = L·Lᵀ given its Cholesky factor ``input2`` (L lower, or U with
    A = Uᵀ·U when ``upper``); input (*, n, k), batch dimensions broadcast. Two triangular solves."""
    lower = input2.mT if upper else input2
    y = _linalg.solve_triangular(lower, input, upper=False)
    return _linalg.solve_triangular(lower.mT, y, upper=True)


@_registry.op()
def cholesky_inverse(input, upper=False):
    """A⁻¹ for A = L·Lᵀ given its Cholesky factor ``input`` (*, n, n) (L lower, or U when ``upper``)."""
    n = input.shape[-1]
    return cholesky_solve(eye(n, dtype=input.dtype).expand(*input.shape), input, upper)


@_registry.op()
def svd(input, some=True, compute_uv=True):
    """torch.svd: the named tuple ``(U, S, V)`` with ``input = U @ diag(S) @ V.mT`` (V, not Vh as
    ``graphgrad.linalg.svd`` returns); ``some=True`` gives the reduced factors, ``compute_uv=False``
    zero-filled U and V."""
    if not compute_uv:  # as PyTorch: U (*, m, m) and V (*, n, n) of zeros
        *batch, m, n = input.shape
        return return_types.svd(zeros(*batch, m, m, dtype=input.dtype), _linalg.svdvals(input),
                                zeros(*batch, n, n, dtype=input.dtype))
    U, S, Vh = _linalg.svd(input, full_matrices=not some)
    return return_types.svd(U, S, Vh.mT)


@_registry.op()
def qr(input, some=True):
    """torch.qr: the named tuple ``(Q, R)`` of ``graphgrad.linalg.qr`` with mode 'reduced' (``some``) or
    'complete'."""
    return _linalg.qr(input, mode="reduced" if some else "complete")


@_registry.op()
def pinverse(input, rcond=1e-15):
    """torch.pinverse: ``graphgrad.linalg.pinv`` with singular values below rcond·σ_max dropped."""
    return _linalg.pinv(input, rtol=rcond)
