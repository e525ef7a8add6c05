"""Sorting and selection beyond the op table: index outputs, descending order, ties (stable), NaN
as the largest value, topk/kthvalue/median arguments and errors, unique's outputs, gradients to
the selected positions, and the (values, indices) named tuples."""
import numpy as np
import pytest

import graphgrad as gg
from helpers import t64

NAN = float("nan")


def test_sort_values_indices_descending_and_stable_ties():
    x = gg.tensor([[3.0, 1.0, 2.0, 1.0], [0.0, 5.0, 5.0, -1.0]])
    r = gg.sort(x, 1)
    assert type(r) is gg.return_types.sort
    assert r.values.numpy().tolist() == [[1, 1, 2, 3], [-1, 0, 5, 5]]
    assert r.indices.numpy().tolist() == [[1, 3, 2, 0], [3, 0, 1, 2]]
    v, i = x.sort(dim=1, descending=True, stable=True)
    assert v.numpy().tolist() == [[3, 2, 1, 1], [5, 5, 0, -1]] and i.numpy().tolist() == [[0, 2, 1, 3], [1, 2, 0, 3]]
    assert gg.sort(x, 0).indices.numpy().tolist() == [[1, 0, 0, 1], [0, 1, 1, 0]]
    assert gg.argsort(x, 1, descending=True).numpy().tolist() == [[0, 2, 1, 3], [1, 2, 0, 3]]


def test_nan_sorts_as_largest():
    x = gg.tensor([2.0, NAN, -1.0, NAN, 0.5])
    v, i = gg.sort(x)
    assert v.numpy()[:3].tolist() == [-1.0, 0.5, 2.0] and np.isnan(v.numpy()[3:]).all()
    assert i.numpy().tolist() == [2, 4, 0, 1, 3]
    assert gg.sort(x, descending=True).indices.numpy().tolist() == [1, 3, 0, 4, 2]
    assert gg.topk(x, 2).indices.numpy().tolist() == [1, 3]
    assert gg.topk(x, 2, largest=False).indices.numpy().tolist() == [2, 4]
    assert np.isnan(gg.median(x).item()) and int(gg.median(x, 0).indices) == 1
    assert gg.kthvalue(x, 3).values.item() == 2.0


def test_sort_of_ints_bools_0d_and_empty():
    assert gg.sort(gg.tensor([3, -1, 2])).values.numpy().tolist() == [-1, 2, 3]
    assert gg.sort(gg.tensor([True, False])).values.numpy().tolist() == [False, True]
    v, i = gg.sort(gg.tensor(4.0))
    assert v.shape == () and i.shape == () and int(i) == 0
    v, i = gg.sort(gg.zeros(0, 3), 0)
    assert v.shape == (0, 3) and i.dtype == gg.int64
    assert gg.topk(gg.zeros(2, 3), 0).values.shape == (2, 0)


def test_topk_kthvalue_median_arguments():
    x = gg.tensor([[1.0, 9.0, 4.0, 7.0], [8.0, 2.0, 6.0, 3.0]])
    r = x.topk(2, dim=1)
    assert type(r).__name__ == "topk" and r.values.numpy().tolist() == [[9, 7], [8, 6]]
    assert r.indices.numpy().tolist() == [[1, 3], [0, 2]]
    assert gg.topk(x, 1, dim=0, largest=False).indices.numpy().tolist() == [[0, 1, 0, 1]]
    k = gg.kthvalue(x, 2, 1, keepdim=True)
    assert k.values.numpy().tolist() == [[4], [3]] and k.indices.numpy().tolist() == [[2], [3]]
    m = gg.median(x, 1)
    assert m.values.numpy().tolist() == [4, 3] and m.indices.numpy().tolist() == [2, 3]  # the lower median
    assert gg.median(x).item() == 4.0 and x.median().shape == ()
    assert gg.median(x, dim=0, keepdim=True).values.shape == (1, 4)
    assert np.isnan(gg.median(gg.zeros(0)).item())
    for bad in (lambda: gg.topk(x, 5), lambda: gg.kthvalue(x, 0), lambda: gg.kthvalue(x, 5)):
        with pytest.raises(ValueError, match="out of range"):
            bad()
    with pytest.raises(IndexError, match="sort"):
        gg.sort(x, 2)
    with pytest.raises(ValueError, match="median"):
        gg.median(gg.zeros(2, 0), 1)


def test_gradients_reach_the_selected_positions():
    x = t64([[0.3, -1.2, 2.5, 0.9], [1.1, 0.4, -0.7, 3.3]])
    for fn in (lambda t: gg.sort(t, 1, descending=True).values, lambda t: gg.topk(t, 2, 0).values,
               lambda t: gg.kthvalue(t, 3, 1).values, lambda t: gg.median(t, 1).values, lambda t: gg.median(t)):
        assert gg.autograd.gradcheck(fn, [x])
        assert gg.autograd.gradgradcheck(fn, [x])
    y = t64([4.0, 1.0, 3.0])
    gg.median(y).backward()
    assert y.grad.numpy().tolist() == [0.0, 0.0, 1.0]


def test_unique_outputs():
    x = gg.tensor([[3, 1, 3], [2, 1, 1]])
    assert gg.unique(x).numpy().tolist() == [1, 2, 3]
    u, inv, counts = gg.unique(x, return_inverse=True, return_counts=True)
    assert u.numpy().tolist() == [1, 2, 3] and counts.numpy().tolist() == [3, 1, 2]
    assert inv.shape == (2, 3) and inv.numpy().tolist() == [[2, 0, 2], [1, 0, 0]]
    u, c = x.unique(return_counts=True)
    assert c.numpy().tolist() == [3, 1, 2]
    e, ei = gg.unique(gg.zeros(0), return_inverse=True)
    assert e.shape == (0,) and ei.shape == (0,)
    f = gg.unique(gg.tensor([0.5, NAN, 0.5, -2.0]))
    assert f.numpy()[:2].tolist() == [-2.0, 0.5] and np.isnan(f.numpy()[2])
    rows, inv, counts = gg.unique(gg.tensor([[1, 2], [0, 5], [1, 2]]), dim=0, return_inverse=True, return_counts=True)
    assert rows.numpy().tolist() == [[0, 5], [1, 2]] and inv.numpy().tolist() == [1, 0, 1]
    assert counts.numpy().tolist() == [1, 2]
    cols = gg.unique(gg.tensor([[3, 1, 3], [4, 0, 4]]), dim=1)
    assert cols.numpy().tolist() == [[1, 3], [0, 4]]


def test_max_min_named_tuples_are_the_registry_types():
    r = gg.max(gg.tensor([[1.0, 5.0], [7.0, 2.0]]), 1)
    assert type(r) is gg.return_types.max and r.indices.numpy().tolist() == [1, 0]


def test_topk_of_long_rows_matches_sort():
    """k much smaller than the row takes the one-pass heap: same order (ties by position, NaN largest)."""
    a = np.round(np.random.default_rng(3).standard_normal((3, 2000)) * 4)
    a[1, 5] = NAN
    x = gg.tensor(a)
    for largest in (True, False):
        v, i = gg.topk(x, 10, 1, largest=largest)
        ref = gg.sort(x, 1, descending=largest).indices[:, :10]
        assert i.numpy().tolist() == ref.numpy().tolist()
        np.testing.assert_array_equal(v.numpy(), np.take_along_axis(a, i.numpy(), 1))
