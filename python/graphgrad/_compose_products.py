"""PyTorch's vector products and distances made of matmul, products and norms: dot, mv, addmv, addr,
cross, dist, cdist, inner, vdot, ger and chain_matmul. Registered with ``@op`` (see _registry.py); gradients come from their parts."""
from . import _core
from . import _registry
from ._compose import _along, _axis, outer
from ._compose_linalg import _scaled_sum, tensordot
from ._compose_shape import broadcast_tensors
from ._core import promote_types

__all__ = ["dot", "mv", "addmv", "addr", "cross", "dist", "cdist", "inner", "vdot", "ger", "chain_matmul"]


def _vector_product(op, a, b, fits, expected):
    """a @ b once ``fits`` (the shapes are ``expected``) and the dtypes agree: matmul for floats, a
    sum of products for integers (kept in their dtype, as PyTorch)."""
    if not fits:
        raise ValueError(f"{op}: expected {expected}, got {tuple(a.shape)} and {tuple(b.shape)}")
    if a.dtype != b.dtype:
        raise TypeError(f"{op}: expected both tensors to have the same dtype, got {a.dtype} and {b.dtype}")
    if a.dtype.is_floating_point:
        return _core.matmul(a, b)
    return (a * b).sum(-1).to(a.dtype)


@_registry.op()
def dot(input, tensor):
    """The inner product of two 1-D tensors of the same length and dtype."""
    fits = input.dim() == 1 and tensor.dim() == 1 and input.shape[0] == tensor.shape[0]
    return _vector_product("dot", input, tensor, fits, "two 1-D tensors of the same length")


@_registry.op()
def mv(input, vec):
    """The product of a matrix (n, m) and a vector (m,)."""
    fits = input.dim() == 2 and vec.dim() == 1 and input.shape[1] == vec.shape[0]
    return _vector_product("mv", input, vec, fits, "a matrix (n, m) and a vector (m,)")


@_registry.op()
def addmv(input, mat, vec, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat @ vec)``; input broadcasts to (n,)."""
    return _scaled_sum("addmv", input, mv(mat, vec), beta, alpha)


@_registry.op()
def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """``beta * input + alpha * outer(vec1, vec2)``; input broadcasts to (n, m)."""
    if vec1.dim() != 1 or vec2.dim() != 1:
        raise ValueError(f"addr: expected two 1-D tensors, got {tuple(vec1.shape)} and {tuple(vec2.shape)}")
    return _scaled_sum("addr", input, vec1.unsqueeze(1) * vec2.unsqueeze(0), beta, alpha)


@_registry.op()
def cross(input, other, dim=None):
    """The cross product of 3-vectors along ``dim`` (inputs broadcast); without ``dim``, the first
    dimension of size 3."""
    try:
        input, other = broadcast_tensors(input, other)
    except ValueError:
        raise ValueError(f"cross: shapes {tuple(input.shape)} and {tuple(other.shape)} do not broadcast") from None
    if dim is None:
        dims = [a for a, s in enumerate(input.shape) if s == 3]
        if not dims:
            raise ValueError(f"cross: no dimension of size 3 in shape {tuple(input.shape)}")
        dim = dims[0]
    d = _axis(dim, input.dim(), "cross")
    if input.dim() == 0 or input.shape[d] != 3:
        raise ValueError(f"cross: dimension {dim} of shape {tuple(input.shape)} must have size 3")
    a = [_along(input, d, k) for k in range(3)]
    b = [_along(other, d, k) for k in range(3)]
    return _core.stack([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]], d)


def _pnorm(d, p, dim):
    """The p-norm of d (along dim); p = 0 counts the nonzero entries, as PyTorch's dist and cdist."""
    if p == 0:
        return _core.sum((d != 0).to(d.dtype), dim, False)
    return _core.norm(d, float(p), dim)


@_registry.op("np.linalg.norm((x - y).ravel())", integers=False)
def dist(input, other, p=2):
    """The p-norm of ``input - other`` (broadcast), as one number."""
    return _pnorm(input - other, p, None)


@_registry.op(method=False)
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distances between the rows of x1 (..., P, M) and x2 (..., R, M): (..., P, R)
    (computed from differences, exactly, for every ``compute_mode``)."""
    if x1.dim() < 2 or x2.dim() < 2 or x1.shape[-1] != x2.shape[-1]:
        raise ValueError(f"cdist: expected (..., P, M) and (..., R, M) tensors, got {tuple(x1.shape)} and "
                         f"{tuple(x2.shape)}")
    if p < 0:
        raise ValueError(f"cdist: p must be non-negative, got {p}")
    if x1.shape[-1] == 0:
        return (x1.unsqueeze(-2) - x2.unsqueeze(-3)).sum(-1)  # zero distances in the right shape
    return _pnorm(x1.unsqueeze(-2) - x2.unsqueeze(-3), p, -1)


@_registry.op("np.inner(x, y)", integers=True)
def inner(input, other):
    """The sum of products over the last dimension of both (a product when either is 0-d)."""
    if input.dim() == 0 or other.dim() == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise ValueError(f"inner: the last dimensions differ, got shapes {tuple(input.shape)} and "
                         f"{tuple(other.shape)}")
    if input.dtype.is_floating_point:
        return tensordot(input, other, ([-1], [-1]))
    lead = (1,) * (other.dim() - 1)
    return (input.reshape(*input.shape[:-1], *lead, -1) * other).sum(-1).to(promote_types(input.dtype, other.dtype))


@_registry.op()
def vdot(input, other):
    """The inner product of two 1-D tensors (dot: graphgrad's tensors are real, nothing is conjugated)."""
    fits = input.dim() == 1 and other.dim() == 1 and input.shape[0] == other.shape[0]
    return _vector_product("vdot", input, other, fits, "two 1-D tensors of the same length")


@_registry.op()
def ger(input, vec2):
    """The outer product of two vectors (outer's old name)."""
    return outer(input, vec2)


@_registry.op(method=False)
def chain_matmul(*matrices):
    """The product of two or more matrices, left to right (``linalg.multi_dot``)."""
    if not matrices or any(m.dim() != 2 for m in matrices):
        raise ValueError(f"chain_matmul: expected 2-D tensors, got shapes {[tuple(m.shape) for m in matrices]}")
    out = matrices[0]
    for m in matrices[1:]:
        if out.shape[1] != m.shape[0]:
            raise ValueError(f"chain_matmul: shapes {tuple(out.shape)} and {tuple(m.shape)} cannot be multiplied")
        out = _core.matmul(out, m)
    return out
