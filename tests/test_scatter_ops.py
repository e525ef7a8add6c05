"""The gather/scatter family (the op table's inputs carry no indices, so everything is here):
forward against NumPy, gradcheck/gradgradcheck to input and src, tangents, scatter_reduce's modes
with include_self, the index_* family, masked ops, nonzero, take, in-place forms and errors."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad.autograd import forward as fwd
from helpers import t64

RNG = np.random.default_rng(0)
IDX = np.array([[0, 2, 1], [2, 2, 0]])  # repeated entries on purpose
INDEX = gg.tensor(IDX)


def np_scatter(self, dim, idx, src, op):
    out = self.copy()
    for p in np.ndindex(idx.shape):
        q = list(p)
        q[dim] = idx[p]
        out[tuple(q)] = op(out[tuple(q)], src[p])
    return out


def test_gather_forward_backward_tangent():
    x = t64(RNG.standard_normal((2, 4)))
    out = gg.gather(x, 1, INDEX)
    np.testing.assert_array_equal(out.numpy(), np.take_along_axis(x.numpy(), IDX, 1))
    assert gg.autograd.gradcheck(lambda t: gg.gather(t, 1, INDEX), [x])
    assert gg.autograd.gradgradcheck(lambda t: x.gather(1, INDEX) * t.gather(1, INDEX), [x])
    _, tan = fwd.jvp(lambda t: gg.gather(t, 1, INDEX), (x.detach(),), (gg.ones(2, 4, dtype=gg.float64),))
    assert tan.numpy().tolist() == [[1.0] * 3] * 2
    assert gg.gather(gg.tensor([1, 2, 3]), 0, gg.tensor([2, 0])).numpy().tolist() == [3, 1]
    xt = t64(RNG.standard_normal((4, 2)))  # a transposed input, index smaller than it on dim 0
    assert gg.autograd.gradcheck(lambda t: gg.gather(t.T, 1, gg.tensor([[3, 0]])), [xt])


@pytest.mark.parametrize("name, op", [("scatter", lambda a, b: b), ("scatter_add", lambda a, b: a + b)])
def test_scatter_and_scatter_add(name, op):
    self_, src = RNG.standard_normal((2, 4)), RNG.standard_normal((2, 5))  # src larger than index
    fn = getattr(gg, name)
    out = fn(gg.tensor(self_), 1, INDEX, gg.tensor(src))
    np.testing.assert_allclose(out.numpy(), np_scatter(self_, 1, IDX, src, op))
    unique_idx = gg.tensor([[0, 2, 1], [3, 1, 0]])  # scatter's gradient is defined without repeats
    s, v = t64(self_), t64(src)
    assert gg.autograd.gradcheck(lambda a, b: fn(a, 1, unique_idx, b), [s, v])
    assert gg.autograd.gradgradcheck(lambda a, b: fn(a * a, 1, unique_idx, b * b), [s, v])
    _, tan = fwd.jvp(lambda a, b: fn(a, 1, unique_idx, b), (s.detach(), v.detach()),
                     (gg.ones(2, 4, dtype=gg.float64), gg.ones(2, 5, dtype=gg.float64) * 2))
    np.testing.assert_allclose(tan.numpy(), np_scatter(np.ones((2, 4)), 1, unique_idx.numpy(), np.full((2, 5), 2.0), op))


def test_scatter_value_and_reduce():
    x = gg.zeros(2, 4)
    assert gg.scatter(x, 1, INDEX, 1.5).numpy().tolist() == [[1.5, 1.5, 1.5, 0], [1.5, 0, 1.5, 0]]
    ones = gg.ones(2, 4)
    added = gg.scatter(ones, 1, INDEX, gg.full((2, 3), 2.0), reduce="add")
    assert added.numpy().tolist() == [[3, 3, 3, 1], [3, 1, 5, 1]]
    mult = ones.scatter(1, INDEX, 3.0, reduce="multiply")
    assert mult.numpy().tolist() == [[3, 3, 3, 1], [3, 1, 9, 1]]
    with pytest.raises(ValueError, match="reduce"):
        gg.scatter(ones, 1, INDEX, 1.0, reduce="max")


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_against_numpy_and_gradients(reduce, include_self):
    self_, src = RNG.standard_normal((3, 4)), RNG.standard_normal((2, 3))
    idx = np.array([[0, 2, 2], [1, 2, 0]])
    out = gg.scatter_reduce(gg.tensor(self_), 0, gg.tensor(idx), gg.tensor(src), reduce, include_self=include_self)
    groups = {}
    for p in np.ndindex(idx.shape):
        groups.setdefault((idx[p], p[1]), []).append(src[p])
    f = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "amax": np.max, "amin": np.min}[reduce]
    expected = self_.copy()
    for q, vals in groups.items():
        expected[q] = f(vals + ([self_[q]] if include_self else []))
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6)
    s, v = t64(self_), t64(src)
    fn = lambda a, b: gg.scatter_reduce(a, 0, gg.tensor(idx), b, reduce, include_self=include_self)  # noqa: E731
    assert gg.autograd.gradcheck(fn, [s, v])
    assert gg.autograd.gradgradcheck(fn, [s, v])
    us = [gg.tensor(RNG.standard_normal(t.shape)) for t in (s, v)]
    _, tan = fwd.jvp(fn, (s.detach(), v.detach()), tuple(us))
    shifted = lambda h: fn(gg.tensor(self_ + h * us[0].numpy()), gg.tensor(src + h * us[1].numpy())).numpy()  # noqa
    np.testing.assert_allclose(tan.numpy(), (shifted(1e-6) - shifted(-1e-6)) / 2e-6, atol=1e-6)


def test_scatter_reduce_prod_gradient_with_zeros_and_amax_ties():
    idx = gg.tensor([0, 0, 1, 1, 1])
    for src in ([0.0, 2.0, 3.0, 0.0, 0.0], [1.5, 0.0, 0.0, 2.0, 4.0]):
        assert gg.autograd.gradcheck(lambda a, b: gg.scatter_reduce(a, 0, idx, b, "prod"), [t64([2.0, 0.0]), t64(src)])
    s, v = t64([1.0, 3.0]), t64([1.0, 0.5, 3.0, 3.0, 2.0])
    gg.scatter_reduce(s, 0, idx, v, "amax").sum().backward()
    assert s.grad.numpy().tolist() == [0.5, 1 / 3] and v.grad.numpy().tolist() == [0.5, 0, 1 / 3, 1 / 3, 0]
    assert gg.scatter_reduce(gg.tensor([5, 5]), 0, idx, gg.tensor([1, 2, 3, 4, 6]), "mean").numpy().tolist() == [2, 4]


def test_index_family():
    x = t64(RNG.standard_normal((3, 4)))
    idx = gg.tensor([2, 0])
    src = t64(RNG.standard_normal((3, 2)))
    expected = x.numpy().copy()
    np.add.at(expected, (slice(None), idx.numpy()), 2.0 * src.numpy())
    np.testing.assert_allclose(gg.index_add(x, 1, idx, src, alpha=2.0).numpy(), expected)
    assert gg.autograd.gradcheck(lambda a, b: a.index_add(1, idx, b, alpha=-1.5), [x, src])
    copied = gg.index_copy(x, 1, idx, src).numpy()
    np.testing.assert_array_equal(copied[:, [2, 0]], src.numpy())
    assert gg.autograd.gradcheck(lambda a, b: gg.index_copy(a, 1, idx, b), [x, src])
    filled = x.index_fill(0, gg.tensor([1]), -7.0).numpy()
    assert (filled[1] == -7).all() and (filled[0] == x.numpy()[0]).all()
    v = t64(2.0)
    gg.index_fill(x.detach(), 1, idx, v).sum().backward()
    assert v.grad.item() == 6.0
    with pytest.raises(IndexError, match="index_add: index 4 is out of range for dimension 1 with size 4"):
        gg.index_add(x, 1, gg.tensor([4, 0]), src)
    with pytest.raises(ValueError, match="index_copy"):
        gg.index_copy(x, 1, idx, t64(np.zeros((3, 3))))


def test_masked_select_scatter_nonzero():
    x = t64(RNG.standard_normal((2, 3)))
    mask = gg.tensor([[True, False, True], [False, False, True]])
    np.testing.assert_array_equal(gg.masked_select(x, mask).numpy(), x.numpy()[mask.numpy()])
    assert gg.masked_select(x, gg.tensor([True, False, False])).shape == (2,)  # the mask broadcasts
    assert gg.autograd.gradcheck(lambda t: gg.masked_select(t, mask), [x])
    src = t64(np.arange(6.0) + 10)
    out = gg.masked_scatter(x, mask, src).numpy()
    assert out[mask.numpy()].tolist() == [10.0, 11.0, 12.0] and (out[~mask.numpy()] == x.numpy()[~mask.numpy()]).all()
    assert gg.autograd.gradcheck(lambda a, b: a.masked_scatter(mask, b), [x, src])
    with pytest.raises(ValueError, match="masked_scatter"):
        gg.masked_scatter(x, mask, t64([1.0]))
    with pytest.raises(TypeError, match="mask"):
        gg.masked_select(x, gg.tensor([[1, 0, 1], [0, 0, 1]]))
    assert gg.nonzero(mask).numpy().tolist() == [[0, 0], [0, 2], [1, 2]]
    rows, cols = gg.tensor([[0.0, 2.0], [3.0, 0.0]]).nonzero(as_tuple=True)
    assert rows.numpy().tolist() == [0, 1] and cols.numpy().tolist() == [1, 0]
    assert gg.nonzero(gg.zeros(0, 2)).shape == (0, 2) and gg.nonzero(gg.tensor(3.0)).shape == (1, 0)


def test_take_and_take_along_dim():
    x = t64(RNG.standard_normal((3, 4)))
    i = gg.tensor([[0, -1], [5, 11]])
    np.testing.assert_array_equal(gg.take(x, i).numpy(), np.take(x.numpy(), i.numpy()))
    assert gg.autograd.gradcheck(lambda t: gg.take(t, i), [x])
    with pytest.raises(IndexError, match="take: index 12 is out of range"):
        gg.take(x, gg.tensor([12]))
    j = gg.argsort(x, 1)
    np.testing.assert_array_equal(gg.take_along_dim(x, j, 1).numpy(), np.sort(x.numpy(), 1))
    np.testing.assert_array_equal(gg.take_along_dim(x, gg.tensor([[1], [0], [2]]), 1).numpy()[:, 0],
                                  x.numpy()[[0, 1, 2], [1, 0, 2]])
    b = gg.take_along_dim(x, gg.tensor([[0, 3]]), 1)  # indices broadcast over dim 0
    assert b.shape == (3, 2)
    assert gg.take_along_dim(x, gg.tensor([0, 11])).numpy().tolist() == [x.numpy().flat[0], x.numpy().flat[11]]


def test_errors_name_the_op_dim_and_size():
    x = gg.zeros(2, 3)
    with pytest.raises(IndexError, match="gather: index 3 is out of bounds for dimension 1 with size 3"):
        gg.gather(x, 1, gg.tensor([[3]]))
    with pytest.raises(IndexError, match="scatter_add: index -1 is out of bounds for dimension 0 with size 2"):
        gg.scatter_add(x, 0, gg.tensor([[-1]]), gg.ones(1, 1))
    with pytest.raises(TypeError, match="scatter: index must be an int64"):
        gg.scatter(x, 0, gg.tensor([[0.0]]), gg.ones(1, 1))
    with pytest.raises(TypeError, match="src"):
        gg.scatter(x, 0, gg.tensor([[0]]), gg.ones(1, 1, dtype=gg.float64))
    with pytest.raises(ValueError, match="does not fit"):
        gg.gather(x, 1, gg.tensor([[0], [0], [0]]))
    with pytest.raises(ValueError, match="does not fit"):
        gg.scatter(x, 1, gg.tensor([[0, 1]]), gg.ones(1, 1))
    with pytest.raises(IndexError, match="gather"):
        gg.gather(x, 2, gg.tensor([[0]]))
    with pytest.raises(ValueError, match="scatter_reduce: reduce"):
        gg.scatter_reduce(x, 0, gg.tensor([[0]]), gg.ones(1, 1), "max")


def test_inplace_forms():
    x = gg.zeros(2, 4)
    same = x.scatter_(1, INDEX, gg.ones(2, 3))
    assert same is x and x.numpy().tolist() == [[1, 1, 1, 0], [1, 0, 1, 0]]
    x.scatter_add_(1, INDEX, gg.ones(2, 3))
    assert x.numpy().tolist() == [[2, 2, 2, 0], [2, 0, 3, 0]]
    x.index_fill_(1, gg.tensor([3]), 9.0).index_add_(0, gg.tensor([0]), gg.ones(1, 4))
    assert x.numpy().tolist() == [[3, 3, 3, 10], [2, 0, 3, 9]]
    x.index_copy_(0, gg.tensor([1]), gg.zeros(1, 4))
    x.masked_scatter_(gg.tensor([True, False, False, True]), gg.tensor([5.0, 6.0, 7.0, 8.0]))
    assert x.numpy().tolist() == [[5, 3, 3, 6], [7, 0, 0, 8]]
    x.scatter_reduce_(1, gg.tensor([[0], [0]]), gg.tensor([[1.0], [-1.0]]), "amin")
    assert x.numpy()[:, 0].tolist() == [1, -1]
    # through the graph: the in-place result carries the gradient to src and to self's kept entries
    w = t64(np.ones((2, 4)))
    y = w * 1.0
    s = t64(np.full((2, 3), 2.0))
    y.scatter_(1, gg.tensor([[0, 1, 2], [0, 1, 2]]), s)
    (y * y).sum().backward()
    assert w.grad.numpy().tolist() == [[0, 0, 0, 2]] * 2 and s.grad.numpy().tolist() == [[4, 4, 4]] * 2
    with pytest.raises(RuntimeError, match="leaf"):
        t64(np.ones(3)).scatter_(0, gg.tensor([0]), t64([1.0]))
