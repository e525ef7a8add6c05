"""The PyTorch surface a real script hits, beyond the op table: each op against torch (values,
dtypes and gradients; skipped without torch) and NumPy, gradcheck/gradgradcheck in float64, the
in-place forms, the samplers' distributions and the errors naming the op."""
import numpy as np
import pytest

import graphgrad as gg
from surface_table import check_against_torch, check_gradients

RNG = np.random.default_rng(0)
B = np.array([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
SORTED = np.array([-1.0, 0.0, 0.5, 0.5, 2.0])
INDEX = np.array([0, 2, 2, 5, 1])

# name: (fn(lib, *inputs), inputs: a shape (float64 normal draws) or a fixed array, differentiable)
CASES = {
    "dot": (lambda m, a, b: m.dot(a, b), [(5,), (5,)], True),
    "dot_int": (lambda m, a, b: m.dot(a, b), [np.arange(4, dtype=np.int32), np.arange(4, dtype=np.int32)], False),
    "mv": (lambda m, a, v: m.mv(a, v), [(3, 4), (4,)], True),
    "mv_method_transposed": (lambda m, a, v: a.t().mv(v), [(4, 3), (4,)], True),
    "addmv": (lambda m, x, a, v: m.addmv(x, a, v, beta=0.5, alpha=2), [(3,), (3, 4), (4,)], True),
    "addr": (lambda m, x, a, b: m.addr(x, a, b, alpha=-1), [(3, 1), (3,), (2,)], True),
    "cross": (lambda m, a, b: m.cross(a, b, dim=1), [(4, 3), (1, 3)], True),
    "cross_default_dim": (lambda m, a, b: m.cross(a, b), [(3, 5), (3, 5)], True),
    "dist": (lambda m, a, b: m.dist(a, b), [(3, 4), (4,)], True),
    "dist_p1": (lambda m, a, b: m.dist(a, b, 1), [(3, 4), (3, 4)], True),
    "dist_p0": (lambda m, a, b: m.dist(a, b.round(), 0), [(3, 4), np.zeros(4)], False),
    "cdist": (lambda m, a, b: m.cdist(a, b), [(4, 3), (5, 3)], True),
    "cdist_p0": (lambda m, a, b: m.cdist(a, b, p=0), [np.eye(3), np.ones((2, 3))], False),
    "cdist_batched_p1": (lambda m, a, b: m.cdist(a, b, p=1.0), [(2, 4, 3), (2, 2, 3)], True),
    "broadcast_to": (lambda m, x: m.broadcast_to(x, (2, 3, 4)), [(3, 1)], True),
    "ravel_transposed": (lambda m, x: x.t().ravel(), [(3, 4)], True),
    "fliplr": (lambda m, x: m.fliplr(x), [(3, 4)], True),
    "flipud": (lambda m, x: m.flipud(x), [(3, 4)], True),
    "rot90": (lambda m, x: m.rot90(x, 3, (1, 2)), [(2, 3, 4)], True),
    "rot90_k2": (lambda m, x: x.rot90(-2), [(3, 4)], True),
    "swapdims": (lambda m, x: m.swapdims(x, 0, 2), [(2, 3, 4)], True),
    "tensor_split_sections": (lambda m, x: m.tensor_split(x, 3, dim=1), [(2, 7)], True),
    "tensor_split_indices": (lambda m, x: x.tensor_split([1, -2, 9]), [(6, 2)], True),
    "hstack": (lambda m, a, b: m.hstack([a, b]), [(3, 2), (3, 1)], True),
    "hstack_vectors": (lambda m, a, b: m.hstack((a, b)), [(3,), (2,)], True),
    "vstack": (lambda m, a, b: m.vstack([a, b]), [(3,), (2, 3)], True),
    "dstack": (lambda m, a, b: m.dstack([a, b]), [(3,), (1, 3)], True),
    "column_stack": (lambda m, a, b, c: m.column_stack([a, b, c]), [(3,), (3, 2), (3,)], True),
    "block_diag": (lambda m, a, b, c: m.block_diag(a, b, c), [(2, 3), (), (2,)], True),
    "cartesian_prod": (lambda m, a, b: m.cartesian_prod(a, b), [(2,), (3,)], True),
    "diff": (lambda m, x: m.diff(x, n=2, dim=0), [(5, 3)], True),
    "diff_append": (lambda m, x, y: x.diff(append=y), [(3, 4), (3, 1)], True),
    "diff_bool": (lambda m, x: m.diff(x), [B], False),
    "tril_indices": (lambda m: m.tril_indices(4, 3, -1), [], False),
    "triu_indices": (lambda m: m.triu_indices(3, 5, 1), [], False),
    "xlogy": (lambda m, x, y: m.xlogy(x, y.abs()), [np.array([0.0, 1.5, -2.0]), (3,)], True),
    "xlogy_edges": (lambda m, x, y: m.xlogy(x, y), [np.array([0.0, 0.0, 0.0, 0.0, 1.0]),
                                                   np.array([0.0, -1.0, np.inf, np.nan, -1.0])], False),
    "xlogy_number": (lambda m, y: m.xlogy(2, y.abs()), [(4,)], True),
    "logit": (lambda m, x: m.logit(x.sigmoid()), [(6,)], True),
    "logit_eps": (lambda m, x: x.sigmoid().logit(eps=0.3), [(6,)], True),
    "sinc": (lambda m, x: m.sinc(x), [np.array([0.0, 0.5, -1.25, 3.0])], True),
    "heaviside": (lambda m, x, v: m.heaviside(x, v), [np.array([-1.0, 0.0, 2.0]), np.array(0.5)], False),
    "heaviside_int": (lambda m, x, v: m.heaviside(x, v), [np.array([-1, 0, 2]), np.array([7, 8, 9])], False),
    "fmax": (lambda m, x, y: m.fmax(x, y), [np.array([1.0, np.nan, 3.0, np.nan]), np.array([2.0, 1.0, np.nan, np.nan])],
             False),
    "fmin": (lambda m, x, y: x.fmin(y), [np.array([1.0, np.nan, 3.0, np.nan]), np.array([2.0, 1.0, np.nan, np.nan])],
             False),
    "deg2rad_int": (lambda m, x: m.deg2rad(x), [np.array([0, 90, 180])], False),
    "rad2deg": (lambda m, x: m.rad2deg(x), [(3,)], True),
    "isneginf": (lambda m, x: m.isneginf(x), [np.array([-np.inf, np.inf, np.nan, 0.0])], False),
    "isposinf": (lambda m, x: x.isposinf(), [np.array([-np.inf, np.inf, np.nan, 0.0])], False),
    "isreal": (lambda m, x: m.isreal(x), [(2, 2)], False),
    "signbit": (lambda m, x: m.signbit(x), [np.array([-0.0, 0.0, -1.0, 2.0, -np.inf])], False),
    "signbit_int": (lambda m, x: x.signbit(), [np.array([-3, 0, 4])], False),
    "addcmul": (lambda m, x, a, b: m.addcmul(x, a, b, value=-0.5), [(3, 4), (4,), (3, 1)], True),
    "addcdiv": (lambda m, x, a, b: x.addcdiv(a, b.exp(), value=2), [(3, 4), (3, 4), (4,)], True),
    "clamp_min": (lambda m, x: m.clamp_min(x, 0.2), [(5,)], True),
    "clamp_max_tensor": (lambda m, x, y: x.clamp_max(y), [(3, 4), (4,)], True),
    "nansum": (lambda m, x: m.nansum(x, 1), [np.array([[1.0, np.nan, 2.0], [np.nan, np.nan, 4.0]])], True),
    "nansum_int": (lambda m, x: m.nansum(x), [np.array([1, 2, 3], dtype=np.int32)], False),
    "nanmean": (lambda m, x: x.nanmean(dim=0, keepdim=True), [np.array([[1.0, np.nan], [3.0, np.nan]])], False),
    "nanmean_grad": (lambda m, x: m.nanmean(x), [(3, 4)], True),
    "var_mean": (lambda m, x: m.var_mean(x, 1, correction=0), [(3, 4)], True),
    "std_mean": (lambda m, x: m.std_mean(x, dim=0, keepdim=True), [(3, 4)], True),
    "quantile": (lambda m, x: m.quantile(x, 0.3), [(4, 5)], True),
    "quantile_q_tensor": (lambda m, x, q: m.quantile(x, q.abs().clamp(0, 1), dim=1, keepdim=True), [(3, 6), (4,)],
                          True),
    "quantile_nan": (lambda m, x: x.quantile(0.5, dim=0), [np.array([[1.0, 2.0], [np.nan, 3.0], [0.5, 7.0]])], False),
    "nanquantile": (lambda m, x: m.nanquantile(x, 0.5, dim=0),
                    [np.array([[1.0, np.nan], [np.nan, np.nan], [0.5, np.nan]])], False),
    "cov": (lambda m, x: m.cov(x), [(3, 6)], True),
    "cov_vector": (lambda m, x: x.cov(correction=0), [(5,)], True),
    "cov_weights": (lambda m, x, f, a: m.cov(x, fweights=f, aweights=a.abs()), [(2, 4), np.array([1, 2, 1, 3]), (4,)],
                    True),
    "corrcoef": (lambda m, x: m.corrcoef(x), [(3, 6)], True),
    "renorm": (lambda m, x: m.renorm(x, 2, 0, 1.5), [(3, 4)], True),
    "renorm_p1": (lambda m, x: x.renorm(1, 1, 2.0), [(3, 4)], True),
    "histc": (lambda m, x: m.histc(x, bins=5, min=-1, max=1), [(40,)], False),
    "histc_range": (lambda m, x: x.histc(bins=4), [(20,)], False),
    "bincount": (lambda m, i: m.bincount(i), [INDEX], False),
    "bincount_weights": (lambda m, i, w: i.bincount(w, minlength=9), [INDEX, (5,)], False),
    "searchsorted": (lambda m, s, v: m.searchsorted(s, v), [SORTED, np.array([[0.5, 3.0], [-2.0, np.nan]])], False),
    "searchsorted_right": (lambda m, s, v: m.searchsorted(s, v, right=True, out_int32=True),
                           [SORTED, np.array([0.5, 2.0, -1.0])], False),
    "searchsorted_nd": (lambda m, s, v: m.searchsorted(s, v, side="right"),
                        [np.array([[1, 3, 5], [2, 4, 6]]), np.array([[3, 6], [1, 4]])], False),
    "bucketize": (lambda m, v, s: m.bucketize(v, s), [np.array([[0.5, 3.0], [-2.0, 0.0]]), SORTED], False),
    "bucketize_right": (lambda m, v, s: m.bucketize(v, s, right=True), [np.array([0.5, 2.0]), SORTED], False),
    "unique_consecutive": (lambda m, x: m.unique_consecutive(x, return_inverse=True, return_counts=True),
                           [np.array([1, 1, 2, 2, 3, 1, 1, 2])], False),
    "unique_consecutive_dim": (lambda m, x: x.unique_consecutive(dim=1, return_counts=True),
                               [np.array([[1, 1, 2], [3, 3, 4]])], False),
    "index_put": (lambda m, x, v: m.index_put(x, (m.tensor([0, 2, 0]),), v, accumulate=True), [(3, 2), (2,)], True),
    "logspace": (lambda m: m.logspace(-1, 2, 5, base=2.0), [], False),
    # the in-place forms, on a copy (a leaf cannot be written in place), and their gradients
    "masked_fill_": (lambda m, x, b: (x * 1).masked_fill_(b, -1e9).softmax(-1), [(3, 4), B], True),
    "masked_fill_int": (lambda m, x, b: x.clone().masked_fill_(b, 2.5), [np.arange(12).reshape(3, 4), B], False),
    "masked_fill_tensor": (lambda m, x, b, v: (x * 1).masked_fill_(b[0], v), [(3, 4), B, ()], True),
    "tril_": (lambda m, x: (x * 1).tril_(1), [(3, 4)], True),
    "triu_": (lambda m, x: (x * 1).triu_(-1), [(2, 3, 4)], True),
    "lerp_": (lambda m, x, e: (x * 1).lerp_(e, 0.25), [(3, 4), (4,)], True),
    "lerp_tensor_weight": (lambda m, x, e, w: (x * 1).lerp_(e, w), [(3, 4), (3, 4), (4,)], True),
    "addcmul_": (lambda m, x, a, b: (x * 1).addcmul_(a, b, value=0.1), [(3, 4), (3, 4), (3, 4)], True),
    "addcdiv_": (lambda m, x, a, b: (x * 1).addcdiv_(a, b.exp(), value=-0.1), [(3, 4), (3, 4), (3, 4)], True),
    "clamp_min_": (lambda m, x: (x * 1).clamp_min_(0.0), [(3, 4)], True),
    "clamp_max_": (lambda m, x: (x * 1).clamp_max_(0.1), [(3, 4)], True),
    "nan_to_num_": (lambda m, x: x.clone().nan_to_num_(posinf=7.0),
                    [np.array([np.nan, np.inf, -np.inf, 1.0])], False),
    "fill_diagonal_": (lambda m, x: (x * 1).fill_diagonal_(3.0), [(3, 4)], True),
    "fill_diagonal_wrap": (lambda m, x: x.clone().fill_diagonal_(-1.0, wrap=True), [(7, 3)], False),
    "fill_diagonal_cube": (lambda m, x: x.clone().fill_diagonal_(5), [np.zeros((3, 3, 3), dtype=np.int64)], False),
    "index_put_": (lambda m, x, v: (x * 1).index_put_((m.tensor([0, 1]), m.tensor([2, 0])), v), [(2, 3), (2,)],
                   True),
    "index_put_bool": (lambda m, x, b: x.clone().index_put_((b,), m.tensor(0.0)), [(3, 4), B], False),
}


@pytest.mark.filterwarnings("ignore:Using torch.cross without specifying the dim")
@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("float_dtype", [np.float64, np.float32])
def test_against_torch(name, float_dtype):
    check_against_torch(name, CASES[name], float_dtype)


DIFFERENTIABLE = [n for n, (_, spec, d) in CASES.items() if d]


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_gradcheck_and_gradgradcheck(name):
    # at 0 sinc's first derivative is exact (0); its second is 0 there too, as PyTorch's
    check_gradients(name, CASES[name], gradgrad=name != "sinc")


# ---- NumPy as the reference (these run without torch) ----

def test_against_numpy():
    x = RNG.standard_normal((4, 6))
    t = gg.tensor(x)
    np.testing.assert_allclose(gg.quantile(t, gg.tensor([0.1, 0.5, 0.9], dtype=gg.float64), dim=1).numpy(),
                               np.quantile(x, [0.1, 0.5, 0.9], axis=1), rtol=1e-12)
    for method in ("lower", "higher", "midpoint", "nearest"):
        np.testing.assert_allclose(gg.quantile(t, 0.37, interpolation=method).numpy(),
                                   np.quantile(x, 0.37, method=method), rtol=1e-12)
    np.testing.assert_allclose(gg.cov(t, fweights=gg.tensor([1, 2, 1, 1, 3, 1]), aweights=gg.tensor(np.arange(1.0, 7))
                                      ).numpy(), np.cov(x, fweights=[1, 2, 1, 1, 3, 1], aweights=np.arange(1.0, 7)),
                               rtol=1e-12)
    np.testing.assert_allclose(gg.corrcoef(t).numpy(), np.corrcoef(x), rtol=1e-12)
    counts, _ = np.histogram(x, bins=7, range=(-1, 1))
    np.testing.assert_array_equal(gg.histc(t, 7, -1, 1).numpy(), counts)
    np.testing.assert_array_equal(gg.bincount(gg.tensor(INDEX)).numpy(), np.bincount(INDEX))
    values = np.array([-3.0, 0.5, 0.7, 2.0, 9.0])
    for right, side in ((False, "left"), (True, "right")):
        np.testing.assert_array_equal(gg.searchsorted(gg.tensor(SORTED), gg.tensor(values), right=right).numpy(),
                                      np.searchsorted(SORTED, values, side=side))
    perm = np.array([3, 0, 4, 1, 2])
    shuffled = SORTED[np.argsort(perm)]
    np.testing.assert_array_equal(
        gg.searchsorted(gg.tensor(shuffled), gg.tensor(values), sorter=gg.tensor(np.argsort(shuffled))).numpy(),
        np.searchsorted(shuffled, values, sorter=np.argsort(shuffled)))
    np.testing.assert_array_equal(gg.block_diag(gg.tensor(x[:2, :3]), gg.tensor(x[:1, :2])).numpy(),
                                  np.block([[x[:2, :3], np.zeros((2, 2))], [np.zeros((1, 3)), x[:1, :2]]]))
    np.testing.assert_allclose(gg.cdist(t, t[:3]).numpy(),
                               np.linalg.norm(x[:, None] - x[None, :3], axis=-1), rtol=1e-12)
    np.testing.assert_allclose(gg.cross(t[:, :3], t[:, 3:], dim=1).numpy(), np.cross(x[:, :3], x[:, 3:]), rtol=1e-12)
    np.testing.assert_array_equal(gg.tril_indices(4, 5, 1).numpy(), np.stack(np.tril_indices(4, 1, 5)))
    for sections in (3, [2, 5]):
        for a, b in zip(gg.tensor_split(t, sections, dim=1), np.array_split(x, sections, axis=1)):
            np.testing.assert_array_equal(a.numpy(), b)
    np.testing.assert_allclose(gg.logspace(0, 3, 4).numpy(), np.logspace(0, 3, 4), rtol=1e-6)
    assert gg.is_tensor(t) and not gg.is_tensor(x) and gg.numel(t) == 24


def test_quantile_and_cdist_gradients_at_ties_and_zero_distance():
    x = gg.tensor([[1.0, 1.0, 2.0]], requires_grad=True)
    gg.cdist(x, x).sum().backward()  # distance 0 to itself: a zero gradient, not NaN
    assert np.isfinite(x.grad.numpy()).all()
    y = gg.tensor([3.0, 1.0, 2.0, 4.0], requires_grad=True)
    gg.quantile(y, 0.5).backward()  # halfway between 2 and 3
    np.testing.assert_allclose(y.grad.numpy(), [0.5, 0.0, 0.5, 0.0])


# ---- in-place forms: same object, graph through the old value ----

def test_inplace_forms_return_self_and_refuse_a_leaf():
    x = gg.randn(3, 4)
    for method, args in (("masked_fill_", (x > 0, 0.0)), ("tril_", ()), ("triu_", (1,)), ("lerp_", (gg.ones(4), 0.5)),
                         ("addcmul_", (x, x)), ("addcdiv_", (x, x.exp())), ("clamp_min_", (0.0,)),
                         ("clamp_max_", (0.0,)), ("nan_to_num_", ()), ("fill_diagonal_", (1.0,)),
                         ("index_put_", ((gg.tensor([0]),), gg.tensor(2.0))), ("exponential_", ()),
                         ("bernoulli_", ()), ("random_", (3,))):
        y = x.clone()
        assert getattr(y, method)(*args) is y, method
    leaf = gg.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError):
        leaf.masked_fill_(gg.tensor([True, False, True]), 1.0)


def test_an_attention_mask_filled_in_place_keeps_the_gradient():
    q = gg.randn(2, 4, 4, requires_grad=True)
    scores = q @ q.transpose(1, 2)
    scores.masked_fill_(gg.ones(4, 4, dtype=gg.bool_).triu(1), float("-inf"))
    w = scores.softmax(-1)
    np.testing.assert_allclose(w.numpy()[:, 0], np.tile([1.0, 0, 0, 0], (2, 1)), atol=1e-7)
    w.sum().backward()
    assert q.grad is not None and np.isfinite(q.grad.numpy()).all()


def test_view_inplace_forms_change_self_and_keep_its_storage():
    base = gg.arange(6.0).reshape(2, 3)
    x = base[:]
    assert x.unsqueeze_(0) is x and tuple(x.shape) == (1, 2, 3)
    assert tuple(x.squeeze_().shape) == (2, 3)
    assert tuple(x.t_().shape) == (3, 2)
    assert tuple(x.transpose_(0, 1).shape) == (2, 3)
    assert tuple(x.swapdims_(0, 1).swapaxes_(1, 0).unsqueeze_(-1).squeeze_(2).shape) == (2, 3)
    x[0, 1] = 10.0  # still a view of base's storage
    assert base[0, 1].item() == 10.0
    with pytest.raises(RuntimeError, match="unsqueeze_"):
        gg.zeros(3, requires_grad=True).unsqueeze_(0)


def test_an_inplace_result_of_a_higher_dtype_is_refused():
    with pytest.raises(TypeError, match="lerp_"):
        gg.tensor([1, 2]).lerp_(gg.tensor([2.0, 3.0]), 0.5)


# ---- samplers: distributions, reproducibility, generators ----

def test_samplers_follow_their_distributions():
    gg.manual_seed(0)
    n = 20000
    w = gg.tensor([1.0, 0.0, 3.0])
    counts = np.bincount(gg.multinomial(w, n, replacement=True).numpy(), minlength=3) / n
    np.testing.assert_allclose(counts, [0.25, 0.0, 0.75], atol=0.02)
    firsts = np.bincount(gg.multinomial(gg.tensor([[1.0, 2.0, 1.0]]).expand(n, 3), 1).numpy()[:, 0], minlength=3) / n
    np.testing.assert_allclose(firsts, [0.25, 0.5, 0.25], atol=0.02)
    draws = gg.multinomial(gg.ones(5, 6), 6).numpy()
    assert (np.sort(draws, 1) == np.arange(6)).all()  # without replacement: a permutation per row
    p = gg.tensor(np.linspace(0, 1, 5)).expand(n, 5)
    np.testing.assert_allclose(gg.bernoulli(p).numpy().mean(0), np.linspace(0, 1, 5), atol=0.02)
    s = gg.normal(gg.tensor([0.0, 10.0]).expand(n, 2), gg.tensor([1.0, 0.5])).numpy()
    np.testing.assert_allclose(s.mean(0), [0, 10], atol=0.05)
    np.testing.assert_allclose(s.std(0), [1, 0.5], atol=0.05)
    assert gg.normal(2.0, 3.0, (4, 2)).shape == (4, 2)
    np.testing.assert_allclose(gg.empty(n).exponential_(2.0).numpy().mean(), 0.5, atol=0.02)
    r = gg.empty(n, dtype=gg.int64).random_(-2, 3).numpy()
    assert r.min() == -2 and r.max() == 2
    assert set(np.unique(gg.zeros(100).random_(4).numpy())) == {0.0, 1.0, 2.0, 3.0}
    np.testing.assert_allclose(gg.empty(n).bernoulli_(0.3).numpy().mean(), 0.3, atol=0.02)


def test_samplers_are_reproducible_by_seed_and_generator():
    gg.manual_seed(5)
    a = gg.multinomial(gg.ones(10), 4)
    gg.manual_seed(5)
    assert a.tolist() == gg.multinomial(gg.ones(10), 4).tolist()
    g1, g2 = gg.Generator().manual_seed(1), gg.Generator().manual_seed(1)
    assert gg.multinomial(gg.ones(10), 4, generator=g1).tolist() == \
        gg.multinomial(gg.ones(10), 4, generator=g2).tolist()
    assert gg.bernoulli(gg.full((8,), 0.5), generator=g1).tolist() == \
        gg.bernoulli(gg.full((8,), 0.5), generator=g2).tolist()


# ---- errors name the op and the shapes or dtypes ----

@pytest.mark.parametrize("call, error, words", [
    (lambda: gg.dot(gg.ones(3), gg.ones(4)), ValueError, ["dot", "(3,)", "(4,)"]),
    (lambda: gg.dot(gg.ones(3), gg.ones(3, dtype=gg.float64)), TypeError, ["dot", "float64"]),
    (lambda: gg.mv(gg.ones(2, 3), gg.ones(2)), ValueError, ["mv", "(2, 3)"]),
    (lambda: gg.cross(gg.ones(2, 4), gg.ones(2, 4)), ValueError, ["cross", "(2, 4)"]),
    (lambda: gg.cdist(gg.ones(3, 2), gg.ones(3, 4)), ValueError, ["cdist", "(3, 4)"]),
    (lambda: gg.fliplr(gg.ones(3)), ValueError, ["fliplr", "(3,)"]),
    (lambda: gg.rot90(gg.ones(3, 3), 1, (0, 0)), ValueError, ["rot90"]),
    (lambda: gg.tensor_split(gg.ones(3), 0), ValueError, ["tensor_split"]),
    (lambda: gg.hstack(gg.ones(3)), TypeError, ["hstack"]),
    (lambda: gg.block_diag(gg.ones(1, 1, 1)), ValueError, ["block_diag", "(1, 1, 1)"]),
    (lambda: gg.diff(gg.tensor(1.0)), ValueError, ["diff", "0-d"]),
    (lambda: gg.heaviside(gg.ones(2), gg.tensor(1)), TypeError, ["heaviside", "int64"]),
    (lambda: gg.addcdiv(gg.ones(2), gg.tensor([1, 2]), gg.tensor([1, 2])), TypeError, ["addcdiv", "int64"]),
    (lambda: gg.nanmean(gg.tensor([1, 2])), TypeError, ["nanmean", "int64"]),
    (lambda: gg.quantile(gg.ones(3), 1.5), ValueError, ["quantile", "[0, 1]"]),
    (lambda: gg.quantile(gg.tensor([1, 2]), 0.5), TypeError, ["quantile", "int64"]),
    (lambda: gg.quantile(gg.ones(3), 0.5, interpolation="cubic"), ValueError, ["quantile", "cubic"]),
    (lambda: gg.cov(gg.ones(2, 2, 2)), ValueError, ["cov", "(2, 2, 2)"]),
    (lambda: gg.histc(gg.tensor([1, 2])), TypeError, ["histc", "int64"]),
    (lambda: gg.bincount(gg.tensor([1.0])), TypeError, ["bincount", "float32"]),
    (lambda: gg.bincount(gg.tensor([-1])), ValueError, ["bincount", "non-negative"]),
    (lambda: gg.searchsorted(gg.ones(2, 3), gg.ones(3, 1)), ValueError, ["searchsorted", "(2, 3)", "(3, 1)"]),
    (lambda: gg.searchsorted(gg.ones(3), gg.ones(2), right=True, side="left"), ValueError, ["searchsorted"]),
    (lambda: gg.multinomial(gg.tensor([1.0, -1.0]), 1), ValueError, ["multinomial", "non-negative"]),
    (lambda: gg.multinomial(gg.tensor([1.0, 0.0]), 2), ValueError, ["multinomial", "positive weight"]),
    (lambda: gg.multinomial(gg.ones(2, 2, 2), 1), ValueError, ["multinomial", "(2, 2, 2)"]),
    (lambda: gg.bernoulli(gg.tensor([1.5])), ValueError, ["bernoulli", "[0, 1]"]),
    (lambda: gg.normal(0.0, 1.0), ValueError, ["normal", "size"]),
    (lambda: gg.zeros(3).fill_diagonal_(1.0), ValueError, ["fill_diagonal_", "(3,)"]),
    (lambda: gg.zeros(2, 3).index_put_((gg.tensor([0]),) * 3, gg.tensor(1.0)), IndexError, ["index_put"]),
    (lambda: gg.zeros(2).masked_fill_(gg.tensor([1, 0]), 1.0), TypeError, ["masked_fill", "int64"]),
    (lambda: gg.zeros(2).exponential_(0.0), ValueError, ["exponential_"]),
    (lambda: gg.zeros(2).random_(3, 3), ValueError, ["random_"]),
])
def test_errors_name_the_op(call, error, words):
    with pytest.raises(error) as e:
        call()
    for w in words:
        assert w in str(e.value), (w, str(e.value))


# ---- a script as PyTorch users write it, run with either library ----

def _script(torch, x_np, y_np, w_np):
    """Masked attention, a hand-written Adam (addcmul_/addcdiv_/lerp_), and evaluation idioms."""
    x, y = torch.tensor(x_np), torch.tensor(y_np)
    w = torch.tensor(w_np).requires_grad_(True)
    m, v = torch.zeros_like(w), torch.zeros_like(w)
    mask = torch.ones(4, 4, dtype=torch.bool).triu(1)
    for step in range(1, 6):
        scores = (x @ w) @ x.transpose(-1, -2)
        scores.masked_fill_(mask, float("-inf"))
        out = scores.softmax(-1) @ x
        loss = torch.nansum((out - y) ** 2) + torch.dist(w, torch.eye(3, dtype=torch.float64))
        loss.backward()
        with torch.no_grad():
            m.lerp_(w.grad, 0.1)
            v.mul_(0.999).addcmul_(w.grad, w.grad, value=0.001)
            denom = (v / (1 - 0.999 ** step)).sqrt().add_(1e-8)
            w.addcdiv_(m, denom, value=-0.01 / (1 - 0.9 ** step))
            w.clamp_min_(-0.5)
        w.grad = None
    flat = torch.ravel(out)
    stats = torch.std_mean(flat), torch.quantile(flat, torch.tensor([0.25, 0.75], dtype=torch.float64))
    bins = torch.bucketize(flat, torch.tensor([-0.5, 0.0, 0.5], dtype=torch.float64))
    return [w.detach(), loss.detach(), *stats[0], stats[1], torch.bincount(bins, minlength=4),
            torch.cdist(x[0], x[1]), torch.hstack([flat[:2], flat[-2:]]), torch.mv(w.detach(), x[0, 0])]


def test_a_pytorch_script_gives_pytorchs_numbers():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    args = rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 4, 3)), rng.standard_normal((3, 3))
    for a, b in zip(_script(gg, *args), _script(torch, *args)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-12)
