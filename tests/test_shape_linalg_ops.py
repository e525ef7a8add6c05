"""What the op table cannot check for the shape, linear-algebra and reduction ops of issue 17:
views share memory, einsum's subscripts, tuple results, gradients at zeros, keyword-only
arguments and the errors (type and message) for bad inputs. Forward values against NumPy."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn as nn
import graphgrad.nn.functional as F
from graphgrad.autograd import gradcheck, gradgradcheck


def t64(a, requires_grad=False):
    return gg.tensor(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


def _randn(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


# ---- views ------------------------------------------------------------------------------------------

def _shares_memory(view, base):
    return np.shares_memory(view.numpy(), base.numpy())


@pytest.mark.parametrize("make", [
    lambda x: x.diagonal(),
    lambda x: gg.diagonal(x, -1, 1, 0),
    lambda x: x.unfold(1, 2, 1),
    lambda x: x.movedim(0, 1),
    lambda x: x.unflatten(1, (2, 2)),
    lambda x: gg.atleast_3d(x),
    lambda x: gg.broadcast_tensors(x, gg.zeros(2, 3, 4))[0],
    lambda x: gg.meshgrid(x[0], x[1], indexing="xy")[1],
], ids=["diagonal", "diagonal_dims", "unfold", "movedim", "unflatten", "atleast_3d", "broadcast_tensors", "meshgrid"])
def test_views_share_memory(make):
    x = gg.tensor(np.arange(12.0).reshape(3, 4))
    v = make(x)
    assert _shares_memory(v, x)


def test_writes_through_a_diagonal_view_reach_the_base():
    x = gg.zeros(3, 3)
    x.diagonal().fill_(1.0)
    np.testing.assert_array_equal(x.numpy(), np.eye(3))


def test_diagonal_of_a_strided_tensor_and_of_its_gradient():
    base = _randn(4, 6)
    x = t64(base, requires_grad=True)
    v = x[:, ::2].transpose(0, 1).diagonal(1)  # a view of a non-contiguous view
    np.testing.assert_array_equal(v.detach().numpy(), np.diagonal(base[:, ::2].T, 1))
    assert gradcheck(lambda a: a[:, ::2].transpose(0, 1).diagonal(1), [x])
    assert gradgradcheck(lambda a: a.diagonal(-1, 0, 1) ** 2, [x])


def test_unfold_windows_overlap_and_their_gradients_add_up():
    x = t64(np.arange(6.0), requires_grad=True)
    w = x.unfold(0, 3, 1)
    np.testing.assert_array_equal(w.detach().numpy(), [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]])
    w.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1, 2, 3, 3, 2, 1])
    assert gradcheck(lambda a: a.unfold(0, 2, 3), [x])  # gaps: the last entry is in no window
    assert gradgradcheck(lambda a: a.unfold(0, 4, 1) ** 2, [x])
    assert tuple(gg.tensor(5.0).unfold(0, 1, 1).shape) == (1,)  # PyTorch's shapes for a 0-d tensor
    assert tuple(gg.tensor(5.0).unfold(0, 0, 1).shape) == (0,)


# ---- einsum -----------------------------------------------------------------------------------------

EINSUM = [  # (equation, operand shapes)
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,jk->...ik", [(2, 2, 3, 4), (4, 5)]),
    ("i,i->", [(4,), (4,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("ii->i", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("iij->j", [(3, 3, 2)]),
    ("ij->ji", [(3, 4)]),
    ("ijk->", [(2, 3, 4)]),
    ("ijk->kj", [(2, 3, 4)]),
    ("ba,ca->bc", [(3, 2), (4, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ab,cd->abcd", [(2, 3), (4, 5)]),
    ("abc,cd,bd->a", [(2, 3, 4), (4, 5), (3, 5)]),
    ("...,...->...", [(2, 3), (3,)]),
    ("...i,...i", [(2, 1, 4), (3, 4)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    (" i j , j k -> i k ", [(3, 4), (4, 2)]),
    ("Ab,bC->AC", [(2, 3), (3, 4)]),
    ("ij,ij->ij", [(0, 3), (0, 3)]),
    ("i,i->i", [(1,), (4,)]),
]


@pytest.mark.parametrize("equation,shapes", EINSUM, ids=[e for e, _ in EINSUM])
def test_einsum_matches_numpy_with_gradients(equation, shapes):
    arrays = [_randn(*s, seed=k) for k, s in enumerate(shapes)]
    np_eq = equation.replace(" ", "")
    if np_eq == "i,i->i":  # NumPy does not broadcast a size-1 subscript; PyTorch does
        expected = arrays[0] * arrays[1]
    else:
        expected = np.einsum(np_eq, *arrays)
    xs = [t64(a, requires_grad=True) for a in arrays]
    out = gg.einsum(equation, *xs)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-12, atol=1e-12)
    if all(a.size for a in arrays):
        assert gradcheck(lambda *a: gg.einsum(equation, *a), xs)


def test_einsum_second_derivative_and_operand_list():
    xs = [t64(_randn(3, 4, seed=1), True), t64(_randn(4, 2, seed=2), True)]
    assert gradgradcheck(lambda a, b: gg.einsum("ij,jk->ik", a, b) ** 2, xs)
    np.testing.assert_allclose(gg.einsum("ij,jk", xs).detach().numpy(), xs[0].detach().numpy() @ xs[1].detach().numpy())


@pytest.mark.parametrize("equation,shapes,pattern", [
    ("ij,jk->ik", [(3, 4)], "2 operand subscripts but 1 operands"),
    ("ij->ik", [(3, 4)], "output subscript 'k'"),
    ("ij->ii", [(3, 4)], "repeat"),
    ("ijk->i", [(3, 4)], "name 3 dimensions"),
    ("ij,jk->ik", [(3, 4), (5, 2)], "subscript 'j'"),
    ("i1->i", [(3, 4)], "invalid subscript"),
    ("ii->i", [(3, 4)], "subscript 'i' of operand 0 has size 4"),
    ("....i->i", [(3, 4)], "do not fit"),
])
def test_einsum_errors(equation, shapes, pattern):
    with pytest.raises(ValueError, match=pattern):
        gg.einsum(equation, *[gg.zeros(*s) for s in shapes])


# ---- products ---------------------------------------------------------------------------------------

def test_addmm_and_baddbmm_beta_zero_ignore_nan_and_check_shapes():
    a, b = gg.ones(2, 3), gg.ones(3, 4)
    out = gg.addmm(gg.full((2, 4), float("nan")), a, b, beta=0)
    np.testing.assert_array_equal(out.numpy(), np.full((2, 4), 3.0))
    with pytest.raises(TypeError):
        gg.addmm(gg.zeros(4), a, b, 0.5)  # beta and alpha are keyword-only, as PyTorch
    with pytest.raises(ValueError, match="addmm: expected matrices"):
        gg.addmm(gg.zeros(4), a, gg.ones(2, 4))
    with pytest.raises(ValueError, match="does not broadcast"):
        gg.addmm(gg.zeros(3), a, b)
    with pytest.raises(ValueError, match="baddbmm"):
        gg.baddbmm(gg.zeros(2, 2, 4), gg.ones(2, 2, 3), gg.ones(3, 3, 4))
    c = [t64(_randn(*s, seed=k), True) for k, s in enumerate([(1, 4), (2, 3), (3, 4)])]
    assert gradcheck(lambda x, y, z: gg.addmm(x, y, z, beta=-0.5, alpha=3.0), c)
    assert gradcheck(lambda x, y, z: x.addmm(y, z), c)


def test_tensordot_and_kron_errors():
    with pytest.raises(ValueError, match="tensordot"):
        gg.tensordot(gg.zeros(2, 3), gg.zeros(2, 3), 1)
    with pytest.raises(ValueError, match="tensordot"):
        gg.tensordot(gg.zeros(2, 3), gg.zeros(3), 3)
    np.testing.assert_array_equal(gg.kron(gg.tensor([[1, 2]]), gg.tensor([[1], [10]])).numpy(),
                                  np.kron([[1, 2]], [[1], [10]]))


# ---- reductions -------------------------------------------------------------------------------------

def test_prod_gradient_with_zeros_is_exact_and_differentiates_again():
    x = t64([2.0, 0.0, 3.0, 4.0], requires_grad=True)
    x.prod().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 24.0, 0.0, 0.0])
    y = t64([[0.0, 0.0, 2.0], [1.0, 2.0, 3.0]], requires_grad=True)
    y.prod(1).sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [[0, 0, 0], [6, 3, 2]])
    assert gradcheck(lambda a: a.prod(0), [t64(_randn(5, 3), True)])
    assert gradgradcheck(lambda a: gg.prod(a, 1, keepdim=True), [t64([[0.0, 1.5, -2.0], [0.5, 0.0, 0.0]], True)])
    assert gg.prod(gg.zeros(0)).item() == 1.0
    assert gg.prod(gg.tensor([True, True])).dtype == gg.int64
    assert gg.prod(gg.tensor([2, 3]), dtype=gg.float64).dtype == gg.float64
    with pytest.raises(TypeError, match="prod: dim must be an int"):
        gg.prod(gg.zeros(2, 2), (0, 1))


def test_aminmax_var_mean_std_mean_and_count_nonzero():
    a = _randn(3, 4)
    r = gg.aminmax(gg.tensor(a), dim=0, keepdim=True)
    assert type(r).__name__ == "aminmax" and r.min.shape == (1, 4)
    np.testing.assert_allclose(r.min.numpy(), a.min(0, keepdims=True), rtol=1e-6)
    np.testing.assert_allclose(gg.tensor(a).aminmax().max.numpy(), a.max(), rtol=1e-6)
    with pytest.raises(ValueError, match="aminmax: cannot reduce an empty"):
        gg.aminmax(gg.zeros(0))
    v, m = gg.var_mean(t64(a), 1, correction=0)
    np.testing.assert_allclose(v.numpy(), a.var(1))
    np.testing.assert_allclose(m.numpy(), a.mean(1))
    s, _ = gg.std_mean(t64(a), unbiased=False)
    np.testing.assert_allclose(s.numpy(), a.std())
    s1, _ = gg.std_mean(t64(a), True)  # PyTorch's std_mean(input, unbiased)
    np.testing.assert_allclose(s1.numpy(), a.std(ddof=1))
    with pytest.raises(ValueError, match="not both"):
        gg.var_mean(t64(a), 0, True, correction=1)
    assert gg.count_nonzero(gg.tensor([[0, 1], [2, 0]]), dim=(0, 1)).item() == 2


# ---- shape functions --------------------------------------------------------------------------------

def test_tril_triu_keep_nan_out_and_refuse_vectors():
    x = gg.tensor([[1.0, float("nan")], [2.0, 3.0]])
    np.testing.assert_array_equal(x.tril().numpy(), [[1.0, 0.0], [2.0, 3.0]])
    np.testing.assert_array_equal(gg.diag_embed(gg.tensor([float("nan"), 1.0])).numpy()[0, 1], 0.0)
    for fn in (gg.tril, gg.triu, gg.trace):
        with pytest.raises(ValueError, match="dimensions|matrix"):
            fn(gg.zeros(3))


ERRORS = [  # (call, exception type, message pattern)
    (lambda: gg.zeros(2, 2).diagonal(0, 1, 1), ValueError, "diagonal: dim1 and dim2"),
    (lambda: gg.zeros(2, 2).diagonal(0, 0, 2), IndexError, "diagonal"),
    (lambda: gg.zeros(3).diagonal(), ValueError, "diagonal: expected"),
    (lambda: gg.diag(gg.zeros(2, 2, 2)), ValueError, "diag: expected a vector or a matrix"),
    (lambda: gg.zeros(2, 4).unfold(1, 5, 1), ValueError, "unfold: size 5"),
    (lambda: gg.zeros(2, 4).unfold(1, 2, 0), ValueError, "unfold: step"),
    (lambda: gg.zeros(2, 4).unfold(2, 1, 1), IndexError, "unfold"),
]


@pytest.mark.parametrize("call,error,pattern", ERRORS)
def test_errors(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_an_empty_diagonal():
    assert tuple(gg.zeros(2, 3).diagonal(7).shape) == (0,)


def test_repeat_interleave_forms():
    x = gg.tensor([[1, 2], [3, 4]])
    np.testing.assert_array_equal(gg.repeat_interleave(x, gg.tensor([1, 2]), dim=0).numpy(), [[1, 2], [3, 4], [3, 4]])
    np.testing.assert_array_equal(gg.repeat_interleave(gg.tensor([2, 0, 1])).numpy(), [0, 0, 2])
    np.testing.assert_array_equal(x.repeat_interleave(gg.tensor([2]), dim=1).numpy(), np.repeat(x.numpy(), 2, 1))
    with pytest.raises(ValueError, match="3 repeats for dimension 0 of size 2"):
        gg.repeat_interleave(x, gg.tensor([1, 1, 1]), dim=0)
    with pytest.raises(ValueError, match="non-negative"):
        gg.repeat_interleave(x, -1)
    with pytest.raises(ValueError, match="output_size"):
        gg.repeat_interleave(x, 2, dim=0, output_size=3)
    xs = t64(_randn(3, 2), True)
    assert gradcheck(lambda a: a.repeat_interleave(gg.tensor([0, 3, 1]), dim=0), [xs])


def test_roll_tile_movedim_unflatten_meshgrid_errors():
    with pytest.raises(ValueError, match="roll: 2 shifts for 1 dims"):
        gg.roll(gg.zeros(2, 2), (1, 1), 0)
    with pytest.raises(IndexError, match="roll"):
        gg.roll(gg.zeros(2, 2), 1, 2)
    assert tuple(gg.roll(gg.zeros(0, 2), 3, 0).shape) == (0, 2)
    with pytest.raises(ValueError, match="movedim: repeated"):
        gg.movedim(gg.zeros(2, 3), (0, 0), (0, 1))
    with pytest.raises(ValueError, match="unflatten: sizes"):
        gg.zeros(2, 6).unflatten(1, (4, -1))
    with pytest.raises(ValueError, match="meshgrid: indexing"):
        gg.meshgrid(gg.zeros(2), indexing="yx")
    with pytest.raises(ValueError, match="broadcast"):
        gg.broadcast_tensors(gg.zeros(2), gg.zeros(3))
    assert gg.broadcast_shapes((2, 1), (3,)) == (2, 3)
    assert tuple(gg.tile(gg.zeros(2, 3), (2,)).shape) == (2, 6)
    assert gg.moveaxis is gg.movedim
    a, b = gg.atleast_1d([gg.tensor(1.0), gg.zeros(2)])
    assert tuple(a.shape) == (1,) and tuple(b.shape) == (2,)


# ---- nn ---------------------------------------------------------------------------------------------

def test_prelu_module_and_function():
    m = nn.PReLU(3)
    assert tuple(m.weight.shape) == (3,) and np.allclose(m.weight.detach().numpy(), 0.25)
    assert [n for n, _ in m.named_parameters()] == ["weight"] and repr(m) == "PReLU(num_parameters=3)"
    x = gg.tensor(np.array([[-2.0, 1.0, -4.0]], dtype=np.float32)).reshape(1, 3, 1)
    np.testing.assert_allclose(m(x).detach().numpy().ravel(), [-0.5, 1.0, -1.0])
    assert tuple(nn.PReLU()(gg.zeros(2, 5, 3)).shape) == (2, 5, 3)
    w = t64([0.1, -0.3], True)
    assert gradcheck(lambda a, b: F.prelu(a, b), [t64(_randn(3, 2, 2) + 0.05, True), w])
    with pytest.raises(ValueError, match="prelu: weight of shape"):
        F.prelu(gg.zeros(2, 3), gg.zeros(2))
    with pytest.raises(RuntimeError, match="cuda"):
        nn.PReLU(device="cuda")


def test_pdist():
    a = _randn(5, 3)
    i, j = np.triu_indices(5, 1)
    np.testing.assert_allclose(F.pdist(t64(a)).numpy(), np.linalg.norm(a[i] - a[j], axis=1))
    np.testing.assert_allclose(F.pdist(t64(a), p=0).numpy(), np.count_nonzero(a[i] - a[j], axis=1))
    assert tuple(F.pdist(gg.zeros(1, 3)).shape) == (0,)
    x = t64(np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 1.0]]), True)
    F.pdist(x).sum().backward()  # identical rows: a zero distance has gradient 0, not NaN
    assert np.isfinite(x.grad.numpy()).all()
    assert gradcheck(lambda t: F.pdist(t, 3.0), [t64(a, True)])
    with pytest.raises(ValueError, match="pdist: expected a 2-D"):
        F.pdist(gg.zeros(3))


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_modes_have_gradients(mode):
    x = t64(_randn(1, 2, 4, 5), True)
    np_mode = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
    out = F.pad(x, (2, 1, 1, 3), mode=mode)
    np.testing.assert_allclose(out.detach().numpy(),
                               np.pad(x.detach().numpy(), ((0, 0), (0, 0), (1, 3), (2, 1)), mode=np_mode))
    assert gradcheck(lambda a: F.pad(a, (2, 1, 1, 3), mode=mode), [x])
    assert gradgradcheck(lambda a: F.pad(a, (1, 1), mode=mode) ** 2, [x])
