"""graphgrad.linalg's decompositions (ops/decompositions.cpp, kernels/decompositions.cpp): eigh,
eigvalsh, qr, svd, svdvals and what is built on them (pinv, lstsq, matrix_rank, cond, the matrix
norms of ord 2, -2 and 'nuc', gg.svd, gg.qr, gg.pinverse) against NumPy; gradients by
gradcheck/gradgradcheck in float64 on functions the factors' arbitrary signs do not change;
tangents against finite differences; the errors; PyTorch when installed."""
import math

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.autograd import forward as fwd

SHAPES = [(3, 3), (5, 3), (3, 5), (2, 4, 4), (2, 1, 6, 2), (1, 1), (0, 3, 3), (4, 0)]


def tensor(a):
    return gg.tensor(np.ascontiguousarray(a))


def symmetric(rng, shape):
    a = rng.standard_normal(shape)
    return a + np.swapaxes(a, -1, -2)


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 2e-5)])
@pytest.mark.parametrize("shape", [(4, 4), (3, 5, 5), (1, 1), (0, 3, 3), (2, 0, 0), (24, 24)], ids=str)
def test_eigh_matches_numpy(dtype, tol, shape):
    a = symmetric(np.random.default_rng(0), shape).astype(dtype)
    w, v = gg.linalg.eigh(tensor(a))
    assert w.dtype == v.dtype == tensor(a).dtype and w.shape == shape[:-1] and v.shape == shape
    np.testing.assert_allclose(w.numpy(), np.linalg.eigvalsh(a), rtol=tol, atol=tol * max(1, shape[-1]))
    vn = v.numpy().astype(np.float64)
    np.testing.assert_allclose(vn @ (w.numpy()[..., None] * np.swapaxes(vn, -1, -2)), a, atol=tol * 10 * max(1, shape[-1]))
    np.testing.assert_allclose(np.swapaxes(vn, -1, -2) @ vn, np.broadcast_to(np.eye(shape[-1]), shape), atol=tol * 10)
    np.testing.assert_allclose(gg.linalg.eigvalsh(tensor(a)).numpy(), w.numpy())


def test_eigh_reads_one_triangle():
    a = np.random.default_rng(1).standard_normal((4, 4))
    lower, upper = np.tril(a) + np.tril(a, -1).T, np.triu(a) + np.triu(a, 1).T
    np.testing.assert_allclose(gg.linalg.eigvalsh(tensor(a)).numpy(), np.linalg.eigvalsh(lower), atol=1e-12)
    np.testing.assert_allclose(gg.linalg.eigh(tensor(a), UPLO="U").eigenvalues.numpy(), np.linalg.eigvalsh(upper),
                               atol=1e-12)


def test_eigh_of_a_diagonal_and_a_repeated_spectrum():
    w, v = gg.linalg.eigh(gg.tensor([[3.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]]))
    assert w.tolist() == [1.0, 2.0, 3.0]
    assert np.array_equal(np.abs(v.numpy()), [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    w, v = gg.linalg.eigh(gg.eye(5, dtype=gg.float64) * 2)
    assert w.tolist() == [2.0] * 5 and np.allclose(v.numpy().T @ v.numpy(), np.eye(5))


def test_eigh_of_graded_matrices_keeps_small_eigenvalues():
    # Jacobi's relative accuracy: a positive-definite matrix with eigenvalues over 12 orders.
    rng = np.random.default_rng(2)
    q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    d = 10.0 ** -np.arange(0, 12, 2)
    a = (q * d) @ q.T
    np.testing.assert_allclose(gg.linalg.eigvalsh(tensor(a)).numpy(), np.sort(d), rtol=1e-4)


def sign_free_eigh(uplo="L"):
    """Of a symmetric matrix made from x (as PyTorch's own gradcheck does): eigenvalues and V², which
    the eigenvectors' signs do not change."""
    def fn(x):
        w, v = gg.linalg.eigh(x + x.mT, UPLO=uplo)
        return gg.cat([w.reshape(-1), (v * v).reshape(-1) * gg.arange(v.numel(), dtype=v.dtype).reshape(-1)])
    return fn


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (1, 1)], ids=str)
def test_eigh_gradients(shape):
    x = gg.tensor(np.random.default_rng(3).standard_normal(shape), requires_grad=True)
    for uplo in ("L", "U"):
        assert gg.autograd.gradcheck(sign_free_eigh(uplo), (x,))
    assert gg.autograd.gradgradcheck(sign_free_eigh(), (x,))


def test_eigh_gradient_is_symmetric_and_eigenvalues_alone_are_well_defined():
    a = gg.tensor(symmetric(np.random.default_rng(4), (4, 4)), requires_grad=True)
    w, v = gg.linalg.eigh(a)
    ((v[:, 0] ** 3).sum() + w.sum()).backward()
    np.testing.assert_allclose(a.grad.numpy(), a.grad.numpy().T, atol=1e-12)
    b = gg.eye(3, dtype=gg.float64).requires_grad_(True)  # a triple eigenvalue: its sum is smooth
    gg.linalg.eigvalsh(b).sum().backward()
    np.testing.assert_allclose(b.grad.numpy(), np.eye(3), atol=1e-12)


def test_eigh_tangent_matches_differences():
    rng = np.random.default_rng(5)
    x, d = symmetric(rng, (4, 4)), rng.standard_normal((4, 4))
    assert_tangent_matches_differences(sign_free_eigh(), [x], [d])


def assert_tangent_matches_differences(fn, points, directions, atol=1e-6):
    _, tangent = fwd.jvp(fn, tuple(map(gg.tensor, points)), tuple(map(gg.tensor, directions)))
    eps = 1e-6
    shifted = [fn(*[gg.tensor(p + s * eps * d) for p, d in zip(points, directions)]).numpy() for s in (1, -1)]
    np.testing.assert_allclose(tangent.numpy(), (shifted[0] - shifted[1]) / (2 * eps), rtol=1e-6, atol=atol)


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
def test_qr_matches_numpy(dtype, tol, shape, mode):
    a = np.random.default_rng(6).standard_normal(shape).astype(dtype)
    q, r = gg.linalg.qr(tensor(a), mode=mode)
    rq = np.linalg.qr(a, mode=mode) if a.size else None
    if mode == "r":
        assert q.shape == (0,)
        if rq is not None:
            np.testing.assert_allclose(r.numpy(), rq, rtol=tol, atol=tol * 10)
        return
    k = min(shape[-2:])
    assert q.shape == shape[:-1] + ((shape[-2] if mode == "complete" else k),)
    assert r.shape == shape[:-2] + (q.shape[-1], shape[-1])
    if rq is not None:  # the same signs as LAPACK's, hence NumPy's
        np.testing.assert_allclose(q.numpy(), rq[0], rtol=tol, atol=tol * 10)
        np.testing.assert_allclose(r.numpy(), rq[1], rtol=tol, atol=tol * 10)
    np.testing.assert_allclose(q.numpy() @ r.numpy(), a, atol=tol * 10)


def test_qr_of_a_rank_deficient_matrix_and_the_older_form():
    a = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])
    q, r = gg.linalg.qr(tensor(a))
    np.testing.assert_allclose(q.numpy() @ r.numpy(), a, atol=1e-12)
    np.testing.assert_allclose(q.numpy().T @ q.numpy(), np.eye(3), atol=1e-12)
    q2, r2 = gg.qr(tensor(a[:, :2].T), some=False)
    assert q2.shape == (2, 2) and r2.shape == (2, 3)
    assert tensor(a).qr().Q.shape == (3, 3)


@pytest.mark.parametrize("shape,mode", [((4, 3), "reduced"), ((3, 3), "reduced"), ((3, 5), "reduced"),
                                        ((3, 5), "complete"), ((2, 3, 2), "reduced")], ids=str)
def test_qr_gradients(shape, mode):
    x = gg.tensor(np.random.default_rng(7).standard_normal(shape), requires_grad=True)
    fn = lambda t: gg.cat([p.reshape(-1) for p in gg.linalg.qr(t, mode=mode)])  # noqa: E731
    assert gg.autograd.gradcheck(fn, (x,)) and gg.autograd.gradgradcheck(fn, (x,))
    d = np.random.default_rng(8).standard_normal(shape)
    assert_tangent_matches_differences(fn, [x.detach().numpy()], [d])


def test_qr_derivatives_pytorch_does_not_define_raise():
    x = gg.tensor(np.random.default_rng(9).standard_normal((4, 3)), requires_grad=True)
    with pytest.raises(RuntimeError, match="mode='r'"):
        gg.linalg.qr(x, mode="r").R.sum().backward()
    with pytest.raises(RuntimeError, match="mode='complete'"):
        gg.linalg.qr(x, mode="complete").Q.sum().backward()


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 2e-5)])
@pytest.mark.parametrize("shape", SHAPES + [(30, 7), (7, 30)], ids=str)
@pytest.mark.parametrize("full", [True, False])
def test_svd_matches_numpy(dtype, tol, shape, full):
    a = np.random.default_rng(10).standard_normal(shape).astype(dtype)
    u, s, vh = gg.linalg.svd(tensor(a), full_matrices=full)
    m, n = shape[-2:]
    k = min(m, n)
    assert u.shape == shape[:-1] + ((m if full else k),) and s.shape == shape[:-2] + (k,)
    assert vh.shape == shape[:-2] + ((n if full else k), n)
    if a.size:
        np.testing.assert_allclose(s.numpy(), np.linalg.svd(a, compute_uv=False), rtol=tol, atol=tol * 10)
    un, vn = u.numpy().astype(np.float64), vh.numpy().astype(np.float64)
    recon = (un[..., :, :k] * s.numpy()[..., None, :]) @ vn[..., :k, :]
    np.testing.assert_allclose(recon, a, atol=tol * 20)
    for f in (un, np.swapaxes(vn, -1, -2)):  # orthonormal columns, the completed ones included
        np.testing.assert_allclose(np.swapaxes(f, -1, -2) @ f, np.broadcast_to(np.eye(f.shape[-1]), f.shape[:-2] + (f.shape[-1],) * 2),
                                   atol=tol * 20)
    np.testing.assert_allclose(gg.linalg.svdvals(tensor(a)).numpy(), s.numpy())


def test_svd_of_rank_deficient_and_zero_matrices():
    a = np.outer([1.0, 2.0, 3.0, 4.0], [1.0, -1.0, 2.0])
    u, s, vh = gg.linalg.svd(tensor(a))
    np.testing.assert_allclose(s.numpy(), np.linalg.svd(a, compute_uv=False), atol=1e-12)
    np.testing.assert_allclose(u.numpy().T @ u.numpy(), np.eye(4), atol=1e-12)
    np.testing.assert_allclose(vh.numpy() @ vh.numpy().T, np.eye(3), atol=1e-12)
    u, s, vh = gg.linalg.svd(gg.zeros(3, 2, dtype=gg.float64))
    assert s.tolist() == [0.0, 0.0]
    np.testing.assert_allclose(u.numpy().T @ u.numpy(), np.eye(3), atol=1e-12)


def sign_free_svd(full):
    def fn(x):
        u, s, vh = gg.linalg.svd(x, full_matrices=full)
        k = s.shape[-1]
        w = gg.arange(1, x.shape[-2] * k + 1, dtype=x.dtype).reshape(x.shape[-2], k)
        return gg.cat([s.reshape(-1), ((u[..., :k] ** 2) * w).reshape(-1), (vh[..., :k, :] ** 2).reshape(-1),
                       (u[..., :k] @ vh[..., :k, :]).reshape(-1)])
    return fn


@pytest.mark.parametrize("shape", [(3, 3), (4, 2), (2, 4), (2, 3, 3)], ids=str)
@pytest.mark.parametrize("full", [False, True])
def test_svd_gradients(shape, full):
    x = gg.tensor(np.random.default_rng(11).standard_normal(shape), requires_grad=True)
    assert gg.autograd.gradcheck(sign_free_svd(full), (x,))
    assert gg.autograd.gradgradcheck(sign_free_svd(full), (x,))


def test_singular_values_alone_differentiate_a_rank_deficient_matrix():
    a = gg.tensor(np.outer([1.0, 2.0, 2.0], [2.0, 1.0]), requires_grad=True)
    gg.linalg.matrix_norm(a, 2).backward()  # σ₁'s gradient u₁v₁ᵀ, beside a zero singular value
    assert np.isfinite(a.grad.numpy()).all()
    np.testing.assert_allclose(a.grad.numpy(), a.detach().numpy() / np.linalg.norm(a.detach().numpy()), atol=1e-12)


def test_svd_forward_mode_says_it_is_missing():
    with pytest.raises(NotImplementedError, match="linalg_svd"):
        fwd.jvp(lambda t: gg.linalg.svdvals(t), (gg.eye(2),), (gg.eye(2),))


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 5, 2)], ids=str)
def test_pinv_lstsq_rank_cond_and_norms_match_numpy(shape):
    rng = np.random.default_rng(12)
    a = rng.standard_normal(shape)
    t = tensor(a)
    np.testing.assert_allclose(gg.linalg.pinv(t).numpy(), np.linalg.pinv(a), atol=1e-10)
    np.testing.assert_allclose(gg.pinverse(t).numpy(), np.linalg.pinv(a), atol=1e-10)
    assert gg.linalg.matrix_rank(t).tolist() == np.atleast_1d(np.linalg.matrix_rank(a)).reshape(shape[:-2]).tolist()
    for ord in (2, -2, "nuc"):
        np.testing.assert_allclose(gg.linalg.matrix_norm(t, ord).numpy(), np.linalg.norm(a, ord, axis=(-2, -1)), rtol=1e-10)
    np.testing.assert_allclose(gg.linalg.matrix_norm(t, 2, dim=(-1, -2), keepdim=True).numpy(),
                               np.linalg.norm(a, 2, axis=(-2, -1), keepdims=True), rtol=1e-10)
    np.testing.assert_allclose(gg.linalg.cond(t).numpy(), np.linalg.cond(a), rtol=1e-9)
    b = rng.standard_normal(shape[:-1] + (2,))
    sol = gg.linalg.lstsq(t, tensor(b))
    np.testing.assert_allclose(sol.solution.numpy(), np.linalg.pinv(a) @ b, atol=1e-10)
    if shape[-2] > shape[-1]:
        np.testing.assert_allclose(sol.residuals.numpy(), ((a @ sol.solution.numpy() - b) ** 2).sum(-2), atol=1e-10)
    else:
        assert sol.residuals.shape == (0,)
    assert sol.rank.tolist() == gg.linalg.matrix_rank(t).tolist() and sol.singular_values.shape == (0,)


def test_pinv_of_a_singular_matrix_hermitian_and_its_gradient():
    a = np.array([[2.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(gg.linalg.pinv(tensor(a)).numpy(), np.linalg.pinv(a), atol=1e-12)
    np.testing.assert_allclose(gg.linalg.pinv(tensor(a), hermitian=True).numpy(), np.linalg.pinv(a), atol=1e-12)
    assert gg.linalg.matrix_rank(tensor(a)).item() == 2 and gg.linalg.matrix_rank(tensor(a), hermitian=True).item() == 2
    assert gg.linalg.matrix_rank(tensor(a), atol=2.5).item() == 1
    x = gg.tensor(np.random.default_rng(13).standard_normal((4, 3)), requires_grad=True)
    assert gg.autograd.gradcheck(lambda t: gg.linalg.pinv(t), (x,))


def test_the_older_svd():
    a = np.random.default_rng(14).standard_normal((4, 3))
    u, s, v = gg.svd(tensor(a))
    assert u.shape == (4, 3) and v.shape == (3, 3)
    np.testing.assert_allclose((u.numpy() * s.numpy()) @ v.numpy().T, a, atol=1e-12)
    u, s, v = tensor(a).svd(compute_uv=False)
    assert u.shape == (4, 4) and v.shape == (3, 3) and not u.numpy().any()
    assert gg.svd(tensor(a), some=False).U.shape == (4, 4)


def test_errors_name_the_op_and_shapes():
    with pytest.raises(ValueError, match=r"linalg.eigh: expected a batch of square matrices .*\(2, 3\)"):
        gg.linalg.eigh(gg.zeros(2, 3))
    with pytest.raises(ValueError, match="UPLO must be 'L' or 'U'"):
        gg.linalg.eigh(gg.eye(2), UPLO="X")
    with pytest.raises(ValueError, match=r"linalg.svd: expected a batch of matrices .*\(3,\)"):
        gg.linalg.svd(gg.zeros(3))
    with pytest.raises(ValueError, match="mode must be 'reduced', 'complete' or 'r'"):
        gg.linalg.qr(gg.eye(2), mode="full")
    with pytest.raises(TypeError, match="linalg.qr"):
        gg.linalg.qr(gg.eye(2, dtype=gg.int64))
    with pytest.raises(ValueError, match=r"linalg.svd: the input matrix 1 of the batch .*not finite"):
        gg.linalg.svd(gg.tensor([[[1.0]], [[math.nan]]]))
    with pytest.raises(ValueError, match="linalg.eigh: .*not finite"):
        gg.linalg.eigh(gg.tensor([[math.inf]]))
    with pytest.raises(ValueError, match="CUDA"):
        gg.linalg.svd(gg.eye(2), driver="gesvd")
    with pytest.raises(ValueError, match="linalg.lstsq: A must be"):
        gg.linalg.lstsq(gg.eye(3), gg.zeros(2, 1))


def test_one_and_two_threads_agree():
    a = gg.tensor(np.random.default_rng(15).standard_normal((16, 6, 6)))
    results = []
    for threads in (1, 2):
        gg.set_num_threads(threads)
        results.append([t.numpy().copy() for t in (*gg.linalg.eigh(a + a.mT), *gg.linalg.svd(a), *gg.linalg.qr(a))])
    gg.set_num_threads(2)
    for x, y in zip(*results):
        assert np.array_equal(x, y)


def test_against_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(16)
    for shape in [(4, 4), (5, 3), (3, 5)]:  # svd, through sign-free functions of its factors
        a = rng.standard_normal(shape)
        ta, ga = torch.tensor(a, requires_grad=True), gg.tensor(a, requires_grad=True)
        tu, ts, tvh = torch.linalg.svd(ta, full_matrices=False)
        gu, gs, gvh = gg.linalg.svd(ga, full_matrices=False)
        np.testing.assert_allclose(gs.detach().numpy(), ts.detach().numpy(), rtol=1e-10)
        c, d = rng.standard_normal(shape), rng.standard_normal(tu.shape)
        (((tu @ tvh) * torch.tensor(c)).sum() + ts.sum() + (tu * tu * torch.tensor(d)).sum()).backward()
        (((gu @ gvh) * gg.tensor(c)).sum() + gs.sum() + (gu * gu * gg.tensor(d)).sum()).backward()
        np.testing.assert_allclose(ga.grad.numpy(), ta.grad.numpy(), rtol=1e-8, atol=1e-10)
    # eigh and qr, with the same sign-free losses
    for shape in [(4, 4), (2, 3, 3)]:
        x = rng.standard_normal(shape)
        tx, gx = torch.tensor(x, requires_grad=True), gg.tensor(x, requires_grad=True)
        tw, tv = torch.linalg.eigh(tx + tx.mT)
        gw, gv = gg.linalg.eigh(gx + gx.mT)
        np.testing.assert_allclose(gw.detach().numpy(), tw.detach().numpy(), rtol=1e-10, atol=1e-12)
        c = rng.standard_normal(shape)
        (tw.sum() + (tv * tv * torch.tensor(c)).sum()).backward()
        (gw.sum() + (gv * gv * gg.tensor(c)).sum()).backward()
        np.testing.assert_allclose(gx.grad.numpy(), tx.grad.numpy(), rtol=1e-8, atol=1e-10)
    for shape in [(5, 3), (3, 3), (3, 5)]:
        x = rng.standard_normal(shape)
        tx, gx = torch.tensor(x, requires_grad=True), gg.tensor(x, requires_grad=True)
        tq, tr = torch.linalg.qr(tx)
        gq, gr = gg.linalg.qr(gx)
        np.testing.assert_allclose(gq.detach().numpy(), tq.detach().numpy(), rtol=1e-10, atol=1e-12)
        cq, cr = rng.standard_normal(tq.shape), rng.standard_normal(tr.shape)
        ((tq * torch.tensor(cq)).sum() + (tr * torch.tensor(cr)).sum()).backward()
        ((gq * gg.tensor(cq)).sum() + (gr * gg.tensor(cr)).sum()).backward()
        np.testing.assert_allclose(gx.grad.numpy(), tx.grad.numpy(), rtol=1e-8, atol=1e-10)
