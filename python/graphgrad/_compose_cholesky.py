"""PyTorch's top-level Cholesky functions, composed of graphgrad.linalg's cholesky and
solve_triangular (so they differentiate through them): cholesky (torch.cholesky, the older form of
torch.linalg.cholesky), cholesky_solve and cholesky_inverse; also Tensor methods."""
from . import _registry
from . import linalg as _linalg
from ._tensor import eye

__all__ = ["cholesky", "cholesky_solve", "cholesky_inverse"]


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
