"""PyTorch's products made of matmul, permutes and reshapes: einsum (any subscripts, ``...``
included, each pair of operands contracted by one batched matmul), tensordot, kron, addmm and
baddbmm. Registered with ``@op`` (see _registry.py); gradients come from their parts."""
import string as _string

import numpy as _np

from . import _core
from . import _registry
from ._compose_shape import _tensors

__all__ = ["einsum", "tensordot", "kron", "addmm", "baddbmm"]


def _prod(sizes):
    return int(_np.prod(sizes, dtype=_np.int64))


def _parse_term(term, ndim, ell_nd, op_index):
    """The labels of one operand's subscripts: letters, and for ``...`` the ints of the broadcast
    axes it stands for (right-aligned: the last ellipsis axis of every operand is ell_nd - 1)."""
    if "..." in term:
        head, _, tail = term.partition("...")
        n_ell = ndim - len(head) - len(tail)
        if n_ell < 0 or "." in head + tail:
            raise ValueError(f"einsum: subscripts {term!r} do not fit operand {op_index} of {ndim} dimensions")
        labels = list(head) + list(range(ell_nd - n_ell, ell_nd)) + list(tail)
    else:
        if len(term) != ndim:
            raise ValueError(f"einsum: subscripts {term!r} name {len(term)} dimensions but operand {op_index} has "
                             f"{ndim}")
        labels = list(term)
    for c in labels:
        if isinstance(c, str) and c not in _string.ascii_letters:
            raise ValueError(f"einsum: invalid subscript {c!r} in {term!r}; subscripts are letters and '...'")
    return labels


def _take_diagonals(t, labels):
    """Repeated labels in one operand ('ii') become one axis: their diagonal."""
    while len(set(labels)) < len(labels):
        seen = {}
        for p, c in enumerate(labels):
            if c in seen:
                q = seen[c]
                if t.shape[q] != t.shape[p]:
                    raise ValueError(f"einsum: subscript {c!r} repeats with sizes {t.shape[q]} and {t.shape[p]}")
                t = _core.diagonal(t, 0, q, p)
                labels = [x for k, x in enumerate(labels) if k not in (p, q)] + [c]
                break
            seen[c] = p
    return t, labels


def _sum_out(t, labels, keep):
    drop = [p for p, c in enumerate(labels) if c not in keep]
    if not drop:
        return t, labels
    return _core.sum(t, drop, False), [c for c in labels if c in keep]


def _contract(a, la, b, lb, keep):
    """a and b (with their labels) contracted into one tensor: labels in both and kept are batch
    axes, in both and not kept are summed by the matmul, the others are a's rows and b's columns."""
    a, la = _sum_out(a, la, keep | set(lb))
    b, lb = _sum_out(b, lb, keep | set(la))
    for c in [c for c in la if c in lb and c not in keep]:  # a contracted axis of size 1 against n: sum the n side
        pa, pb = la.index(c), lb.index(c)
        if a.shape[pa] != b.shape[pb]:
            if 1 not in (a.shape[pa], b.shape[pb]):
                raise ValueError(f"einsum: subscript {c!r} has sizes {a.shape[pa]} and {b.shape[pb]}")
            a, b = _core.sum(a, pa, False), _core.sum(b, pb, False)
            la, lb = [x for x in la if x != c], [x for x in lb if x != c]
    batch = [c for c in la if c in lb and c in keep]
    summed = [c for c in la if c in lb and c not in keep]
    rows = [c for c in la if c not in lb]
    cols = [c for c in lb if c not in la]
    a = a.permute(*[la.index(c) for c in batch + rows + summed])
    b = b.permute(*[lb.index(c) for c in batch + summed + cols])
    nb = len(batch)
    a_batch, b_batch = tuple(a.shape[:nb]), tuple(b.shape[:nb])
    row_sizes, col_sizes = tuple(a.shape[nb:nb + len(rows)]), tuple(b.shape[nb + len(summed):])
    k = _prod(a.shape[nb + len(rows):])
    out = _core.matmul(a.reshape(*a_batch, _prod(row_sizes), k), b.reshape(*b_batch, k, _prod(col_sizes)))
    batch_sizes = tuple(max(x, y) for x, y in zip(a_batch, b_batch))
    return out.reshape(*batch_sizes, *row_sizes, *col_sizes), batch + rows + cols


@_registry.op(method=False)
def einsum(equation, *operands):
    """Einstein summation: ``einsum('bij,bjk->bik', a, b)``. Letters name axes, ``...`` the broadcast
    axes, a repeated letter in one operand its diagonal; letters missing from the output (after
    ``->``; without it, the letters used once, sorted, after ``...``) are summed. Operands are
    contracted pairwise, left to right, each pair by one batched matmul."""
    operands = _tensors("einsum", operands)
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(operands):
        raise ValueError(f"einsum: {equation!r} has {len(terms)} operand subscripts but {len(operands)} operands were "
                         "given")
    ell_nd = max([t.dim() - len(s.replace("...", "")) for s, t in zip(terms, operands) if "..." in s], default=0)
    labels = [_parse_term(s, t.dim(), ell_nd, i) for i, (s, t) in enumerate(zip(terms, operands))]
    letters = [c for ls in labels for c in ls if isinstance(c, str)]
    if arrow:
        if rhs.count("...") > 1 or "." in rhs.replace("...", "", 1):
            raise ValueError(f"einsum: invalid output subscripts {rhs!r}")
        head, ell, tail = rhs.partition("...")
        out = list(head) + (list(range(ell_nd)) if ell else []) + list(tail)
        for c in out:
            if isinstance(c, str) and (c not in _string.ascii_letters or c not in letters):
                raise ValueError(f"einsum: output subscript {c!r} does not appear in the operands' subscripts")
        if len(set(out)) != len(out):
            raise ValueError(f"einsum: output subscripts {rhs!r} repeat a letter")
    else:
        out = list(range(ell_nd)) + sorted(c for c in set(letters) if letters.count(c) == 1)
    sizes = {}
    for i, (t, ls) in enumerate(zip(operands, labels)):
        for c, n in zip(ls, t.shape):
            if 1 != sizes.get(c, 1) != n != 1:
                raise ValueError(f"einsum: subscript {c!r} of operand {i} has size {n}, elsewhere {sizes[c]}")
            sizes[c] = max(sizes.get(c, 1), n)
    pairs = [_take_diagonals(t, ls) for t, ls in zip(operands, labels)]
    keep = set(out)
    cur, cur_labels = _sum_out(*pairs[0], keep | {c for _, ls in pairs[1:] for c in ls})
    for k in range(1, len(pairs)):
        later = keep | {c for _, ls in pairs[k + 1:] for c in ls}
        cur, cur_labels = _contract(cur, cur_labels, *pairs[k], later)
    return cur.permute(*[cur_labels.index(c) for c in out]) if out else cur


@_registry.op("np.tensordot(x, y, 1)", kwargs="{'dims': 1}", method=False)
def tensordot(a, b, dims=2):
    """The sum of products over the last ``dims`` axes of ``a`` and the first ``dims`` of ``b``, or
    over the axes listed in ``dims = (a_axes, b_axes)``."""
    if isinstance(dims, int):
        if dims < 0 or dims > min(a.dim(), b.dim()):
            raise ValueError(f"tensordot: dims {dims} is out of range for shapes {tuple(a.shape)} and {tuple(b.shape)}")
        axes_a, axes_b = list(range(a.dim() - dims, a.dim())), list(range(dims))
    else:
        axes_a, axes_b = ([d] if isinstance(d, int) else list(d) for d in dims)
        axes_a = [d % a.dim() if a.dim() else d for d in axes_a]
        axes_b = [d % b.dim() if b.dim() else d for d in axes_b]
    if len(axes_a) != len(axes_b) or any(a.shape[i] != b.shape[j] for i, j in zip(axes_a, axes_b)):
        raise ValueError(f"tensordot: cannot contract axes {axes_a} of {tuple(a.shape)} with axes {axes_b} of "
                         f"{tuple(b.shape)}")
    free_a = [d for d in range(a.dim()) if d not in axes_a]
    free_b = [d for d in range(b.dim()) if d not in axes_b]
    k = _prod([a.shape[d] for d in axes_a])
    left = a.permute(*(free_a + axes_a)).reshape(_prod([a.shape[d] for d in free_a]), k)
    right = b.permute(*(axes_b + free_b)).reshape(k, _prod([b.shape[d] for d in free_b]))
    return _core.matmul(left, right).reshape(*[a.shape[d] for d in free_a], *[b.shape[d] for d in free_b])


@_registry.op("np.kron(x, y)", integers=True)
def kron(input, other):
    """The Kronecker product: blocks ``input[i, j] * other`` (the shorter shape padded with leading 1s)."""
    nd = max(input.dim(), other.dim())
    sa = (1,) * (nd - input.dim()) + tuple(input.shape)
    sb = (1,) * (nd - other.dim()) + tuple(other.shape)
    a = input.reshape(*[x for s in sa for x in (s, 1)])
    b = other.reshape(*[x for s in sb for x in (1, s)])
    return (a * b).reshape(*[x * y for x, y in zip(sa, sb)])


def _scaled_sum(op, input, product, beta, alpha):
    """beta * input + alpha * product, with input broadcast to the product's shape; beta = 0 ignores
    input (NaN in it does not propagate), as PyTorch."""
    try:
        input = input.expand(*product.shape)
    except ValueError:
        raise ValueError(f"{op}: input of shape {tuple(input.shape)} does not broadcast to the product's shape "
                         f"{tuple(product.shape)}") from None
    if alpha != 1:
        product = product * alpha
    if beta == 0:
        return product
    return product + (input if beta == 1 else input * beta)


@_registry.op()
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)`` for matrices (n, m) and (m, p); input broadcasts to (n, p)."""
    if mat1.dim() != 2 or mat2.dim() != 2 or mat1.shape[1] != mat2.shape[0]:
        raise ValueError(f"addmm: expected matrices (n, m) and (m, p), got {tuple(mat1.shape)} and {tuple(mat2.shape)}")
    return _scaled_sum("addmm", input, _core.matmul(mat1, mat2), beta, alpha)


@_registry.op()
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * bmm(batch1, batch2)`` for (b, n, m) and (b, m, p); input broadcasts to (b, n, p)."""
    if batch1.dim() != 3 or batch2.dim() != 3 or batch1.shape[0] != batch2.shape[0] or \
            batch1.shape[2] != batch2.shape[1]:
        raise ValueError(f"baddbmm: expected (b, n, m) and (b, m, p) tensors, got {tuple(batch1.shape)} and "
                         f"{tuple(batch2.shape)}")
    return _scaled_sum("baddbmm", input, _core.matmul(batch1, batch2), beta, alpha)
