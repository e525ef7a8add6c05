"""Parity with PyTorch (skipped without it) for the shape, linear-algebra and reduction ops of
issue 17 (_compose_shape.py, _compose_linalg.py, _compose_reductions.py, diagonal and unfold in
ops/shape_ops.cpp, F.prelu, F.pdist): the same call on the same random float64 inputs gives the
same values and, for one random upstream gradient, the same input gradients."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F

torch = pytest.importorskip("torch")

# name: (input shapes, call given a module (gg or torch) and the inputs); edge cases included
CASES = {
    "tril": ([(3, 4)], lambda m, x: m.tril(x, -1)),
    "triu_batched": ([(2, 3, 4)], lambda m, x: m.triu(x, 1)),
    "diag_vector": ([(3,)], lambda m, x: m.diag(x, -1)),
    "diag_matrix": ([(3, 4)], lambda m, x: m.diag(x, 1)),
    "diagonal": ([(2, 3, 4)], lambda m, x: m.diagonal(x, -1, 2, 0)),
    "diagonal_method": ([(4, 3)], lambda m, x: x.diagonal(1)),
    "diagonal_past_end": ([(3, 3)], lambda m, x: x.diagonal(5)),
    "diag_embed": ([(2, 3)], lambda m, x: m.diag_embed(x, 1, 0, 2)),
    "diag_embed_below": ([(3,)], lambda m, x: m.diag_embed(x, -2)),
    "trace": ([(3, 4)], lambda m, x: m.trace(x)),
    "prod_all": ([(3, 4)], lambda m, x: m.prod(x)),
    "prod_dim": ([(3, 5)], lambda m, x: m.prod(x, 1, keepdim=True)),
    "prod_empty": ([(0, 3)], lambda m, x: m.prod(x, 0)),
    "aminmax": ([(3, 4)], lambda m, x: m.aminmax(x, dim=1)),
    "aminmax_all": ([(3, 4)], lambda m, x: tuple(m.aminmax(x))),
    "count_nonzero": ([(3, 4)], lambda m, x: m.count_nonzero(m.relu(x), dim=0)),
    "var_mean": ([(3, 4)], lambda m, x: m.var_mean(x, 1, correction=0, keepdim=True)),
    "std_mean": ([(3, 4)], lambda m, x: m.std_mean(x, (0, 1))),
    "einsum_bmm": ([(2, 3, 4), (2, 4, 5)], lambda m, a, b: m.einsum("bij,bjk->bik", a, b)),
    "einsum_ellipsis": ([(2, 3, 4), (4, 5)], lambda m, a, b: m.einsum("...ij,jk->...ik", a, b)),
    "einsum_implicit": ([(3, 4), (4, 2)], lambda m, a, b: m.einsum("ij,jk", a, b)),
    "einsum_trace": ([(4, 4)], lambda m, a: m.einsum("ii", a)),
    "einsum_diagonal": ([(2, 4, 4)], lambda m, a: m.einsum("bii->bi", a)),
    "einsum_outer": ([(3,), (4,)], lambda m, a, b: m.einsum("i,j->ij", a, b)),
    "einsum_three": ([(2, 3), (3, 4), (4, 2)], lambda m, a, b, c: m.einsum("ij,jk,kl->il", a, b, c)),
    "einsum_sum_out": ([(2, 3, 4)], lambda m, a: m.einsum("ijk->j", a)),
    "einsum_broadcast": ([(2, 1, 4), (3, 4)], lambda m, a, b: m.einsum("...j,...j->...", a, b)),
    "einsum_list": ([(3, 4), (4,)], lambda m, a, b: m.einsum("ij,j->i", [a, b])),
    "tensordot": ([(2, 3, 4), (3, 4, 5)], lambda m, a, b: m.tensordot(a, b, 2)),
    "tensordot_lists": ([(2, 3, 4), (4, 2)], lambda m, a, b: m.tensordot(a, b, ([0, 2], [1, 0]))),
    "kron": ([(2, 3), (3, 2)], lambda m, a, b: m.kron(a, b)),
    "kron_ranks": ([(2,), (2, 3)], lambda m, a, b: m.kron(a, b)),
    "addmm": ([(4,), (3, 2), (2, 4)], lambda m, c, a, b: m.addmm(c, a, b, beta=0.5, alpha=2.0)),
    "baddbmm": ([(2, 3, 4), (2, 3, 5), (2, 5, 4)], lambda m, c, a, b: m.baddbmm(c, a, b, alpha=-1.0)),
    "roll": ([(3, 4)], lambda m, x: m.roll(x, (1, -3), (0, 1))),
    "roll_flat": ([(3, 4)], lambda m, x: m.roll(x, 5)),
    "repeat_interleave": ([(2, 3)], lambda m, x: m.repeat_interleave(x, 2, dim=0)),
    "repeat_interleave_flat": ([(2, 3)], lambda m, x: x.repeat_interleave(3)),
    "repeat_interleave_tensor": ([(3, 2)], lambda m, x: m.repeat_interleave(x, m.tensor([1, 0, 3]), dim=0)),
    "tile": ([(2, 3)], lambda m, x: m.tile(x, (2,))),
    "tile_more": ([(2, 3)], lambda m, x: x.tile((2, 1, 2))),
    "movedim": ([(2, 3, 4)], lambda m, x: m.movedim(x, (0, 1), (2, 0))),
    "unflatten": ([(2, 12)], lambda m, x: x.unflatten(1, (3, -1))),
    "unfold": ([(3, 7)], lambda m, x: x.unfold(1, 3, 2)),
    "unfold_overlap": ([(2, 5, 2)], lambda m, x: x.unfold(1, 3, 1)),
    "meshgrid_ij": ([(3,), (4,)], lambda m, a, b: m.meshgrid(a, b, indexing="ij")),
    "meshgrid_xy": ([(3,), (4,), (2,)], lambda m, a, b, c: m.meshgrid(a, b, c, indexing="xy")),
    "broadcast_tensors": ([(3, 1), (4,)], lambda m, a, b: m.broadcast_tensors(a, b)),
    "atleast_3d": ([(3,), (2, 3)], lambda m, a, b: m.atleast_3d(a, b)),
    "atleast_2d": ([()], lambda m, a: m.atleast_2d(a)),
    "prelu": ([(2, 3, 4), (3,)], lambda m, x, w: _nnf(m).prelu(x, w)),
    "prelu_shared": ([(2, 3), (1,)], lambda m, x, w: _nnf(m).prelu(x, w)),
    "pdist": ([(4, 3)], lambda m, x: _nnf(m).pdist(x)),
    "pdist_p1": ([(3, 2)], lambda m, x: _nnf(m).pdist(x, 1.0)),
}


def _nnf(m):
    return F if m is gg else torch.nn.functional


def _flat(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


@pytest.mark.parametrize("name", CASES)
def test_forward_and_gradients_match_torch(name):
    shapes, fn = CASES[name]
    rng = np.random.default_rng(7)
    arrays = [rng.standard_normal(s) for s in shapes]
    ours = [gg.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out_g, out_t = _flat(fn(gg, *ours)), _flat(fn(torch, *theirs))
    assert len(out_g) == len(out_t)
    for g, t in zip(out_g, out_t):
        assert tuple(g.shape) == tuple(t.shape), name
        np.testing.assert_allclose(g.detach().numpy(), t.detach().numpy(), rtol=1e-10, atol=1e-12)
    diff = [(g, t) for g, t in zip(out_g, out_t) if t.requires_grad]
    if not diff:
        return
    ups = [rng.standard_normal(tuple(t.shape)) for _, t in diff]
    sum(((g * gg.tensor(u)).sum() for (g, _), u in zip(diff, ups)), gg.tensor(0.0, dtype=gg.float64)).backward()
    sum((t * torch.tensor(u)).sum() for (_, t), u in zip(diff, ups)).backward()
    for x, y in zip(ours, theirs):
        if y.grad is None:
            assert x.grad is None or not x.grad.numpy().any()
        else:
            np.testing.assert_allclose(x.grad.numpy(), y.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_prod_gradient_with_zeros_matches_torch():
    for values in ([2.0, 0.0, 3.0, 4.0], [0.0, 5.0, 0.0, 1.0], [0.0, 0.0, 0.0]):
        x = gg.tensor(values, dtype=gg.float64, requires_grad=True)
        t = torch.tensor(values, dtype=torch.float64, requires_grad=True)
        x.prod().backward()
        t.prod().backward()
        np.testing.assert_array_equal(x.grad.numpy(), t.grad.numpy())


def test_integer_results_match_torch():
    a = np.array([[3, -1, 0], [2, 5, -4]])
    for name, fn in {"prod": lambda m, x: m.prod(x, 1), "trace": lambda m, x: m.trace(x),
                     "tril": lambda m, x: m.tril(x), "kron": lambda m, x: m.kron(x, x),
                     "count_nonzero": lambda m, x: m.count_nonzero(x),
                     "repeat_interleave": lambda m, x: m.repeat_interleave(x, 2, 1),
                     "roll": lambda m, x: m.roll(x, 1, 1)}.items():
        g, t = fn(gg, gg.tensor(a)), fn(torch, torch.tensor(a))
        assert g.dtype == gg.int64, name
        np.testing.assert_array_equal(g.numpy(), t.numpy(), err_msg=name)
