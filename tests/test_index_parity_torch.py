"""Parity with PyTorch (skipped without it) of the scan, sort and scatter/gather ops: forward
values, index outputs and the gradients of every input, on random inputs with ties, zeros and NaN."""
import numpy as np
import pytest

import graphgrad as gg

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(7)
X = RNG.standard_normal((3, 5))
X_ZEROS = np.where(RNG.random((3, 5)) < 0.3, 0.0, X)
X_TIES = RNG.integers(-2, 3, (3, 5)).astype(np.float64)
X_NAN = np.where(RNG.random((3, 5)) < 0.2, np.nan, X)
IDX = RNG.integers(0, 3, (2, 5))  # into dim 0 of a (3, 5) tensor, with repeats
SRC = RNG.standard_normal((2, 5))
IDX1 = np.array([2, 0])


def run(lib, fn, arrays, grad):
    """fn's outputs as NumPy, and (when grad) the gradients of sum(out * w) for each float input."""
    if lib is gg:
        ts = [gg.tensor(a, requires_grad=grad and a.dtype == np.float64) for a in arrays]
    else:
        ts = [torch.tensor(a, requires_grad=grad and a.dtype == np.float64) for a in arrays]
    out = fn(lib, *ts)
    outs = list(out) if isinstance(out, tuple) else [out]
    values = [o.detach().numpy() for o in outs]
    grads = []
    if grad:
        w = np.linspace(-1, 1, outs[0].numel()).reshape(tuple(outs[0].shape))
        (outs[0] * (gg.tensor(w) if lib is gg else torch.tensor(w))).sum().backward()
        grads = [t.grad.numpy() if t.grad is not None else None for t in ts if t.requires_grad]
    return values, grads


CASES = {
    "cumsum": (lambda m, x: m.cumsum(x, 1), [X], True),
    "cumsum_int": (lambda m, x: m.cumsum(x, 0), [IDX], False),
    "cumprod": (lambda m, x: m.cumprod(x, 1), [X], True),
    "cumprod_zeros": (lambda m, x: m.cumprod(x, 1), [X_ZEROS], True),
    "cummax": (lambda m, x: tuple(m.cummax(x, 1)), [X_TIES], True),
    "cummin": (lambda m, x: tuple(m.cummin(x, 0)), [X_TIES], True),
    "cummax_nan": (lambda m, x: tuple(m.cummax(x, 1)), [X_NAN], False),
    "logcumsumexp": (lambda m, x: m.logcumsumexp(x, 1), [X * 30], True),
    "sort": (lambda m, x: tuple(m.sort(x, 1)), [X], True),
    "sort_desc_stable_ties": (lambda m, x: tuple(m.sort(x, dim=1, descending=True, stable=True)), [X_TIES], True),
    "sort_stable_ties": (lambda m, x: tuple(m.sort(x, dim=0, stable=True)), [X_TIES], True),
    "sort_nan": (lambda m, x: tuple(m.sort(x, dim=1, stable=True)), [X_NAN], False),
    "argsort": (lambda m, x: m.argsort(x, 1, descending=True), [X], False),
    "topk": (lambda m, x: tuple(m.topk(x, 3, 1)), [X], True),
    "topk_smallest_dim0": (lambda m, x: tuple(m.topk(x, 2, 0, largest=False)), [X], True),
    "kthvalue": (lambda m, x: tuple(m.kthvalue(x, 2, 1, keepdim=True)), [X], True),
    "median": (lambda m, x: m.median(x), [X], True),
    "median_dim": (lambda m, x: tuple(m.median(x, 1)), [X], True),
    "median_even_dim0": (lambda m, x: tuple(m.median(x[:2], 0)), [X], True),
    "median_nan": (lambda m, x: m.median(x), [X_NAN], False),
    "unique": (lambda m, x: m.unique(x, return_inverse=True, return_counts=True), [X_TIES], False),
    "gather": (lambda m, x, i: m.gather(x, 0, i), [X, IDX], True),
    "scatter": (lambda m, x, i, s: m.scatter(x, 0, i[:1], s[:1]), [X, IDX, SRC], True),
    "scatter_value": (lambda m, x, i: m.scatter(x, 0, i, 2.5), [X, IDX], True),
    "scatter_add": (lambda m, x, i, s: m.scatter_add(x, 0, i, s), [X, IDX, SRC], True),
    "index_add": (lambda m, x, i, s: m.index_add(x, 0, i, s, alpha=0.5), [X, IDX1, SRC], True),
    "index_copy": (lambda m, x, i, s: m.index_copy(x, 0, i, s), [X, IDX1, SRC], True),
    "index_fill": (lambda m, x, i: m.index_fill(x, 1, i, -1.0), [X, IDX1], True),
    "masked_select": (lambda m, x: m.masked_select(x, x > 0), [X], True),
    "masked_scatter": (lambda m, x, s: m.masked_scatter(x, x > 0, s.reshape(-1).repeat(2)), [X, SRC], True),
    "nonzero": (lambda m, x: m.nonzero(x), [X_ZEROS], False),
    "nonzero_tuple": (lambda m, x: m.nonzero(x, as_tuple=True), [X_ZEROS], False),
    "take": (lambda m, x, i: m.take(x, i), [X, IDX * 4 - 3], True),
    "take_along_dim": (lambda m, x, i: m.take_along_dim(x, i, 0), [X, IDX], True),
    "take_along_dim_flat": (lambda m, x, i: m.take_along_dim(x, i), [X, IDX], True),
}
for _r in ("sum", "prod", "mean", "amax", "amin"):
    for _inc in (True, False):
        CASES[f"scatter_reduce_{_r}_{_inc}"] = (
            lambda m, x, i, s, r=_r, inc=_inc: m.scatter_reduce(x, 0, i, s, r, include_self=inc), [X_TIES + X * 0.0,
                                                                                                  IDX, SRC.round()],
            True)


@pytest.mark.parametrize("name", CASES)
def test_matches_torch(name):
    fn, arrays, grad = CASES[name]
    ours, our_grads = run(gg, fn, arrays, grad)
    theirs, their_grads = run(torch, fn, arrays, grad)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a.astype(np.float64), b.astype(np.float64), rtol=1e-6, atol=1e-9, equal_nan=True)
    for a, b in zip(our_grads, their_grads):
        if b is None:
            continue
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9, err_msg=name)
