"""nll_loss with class weights and cross_entropy with class-probability targets (PyTorch's second
form): against NumPy, gradients by gradcheck, and against torch when it is installed."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd import gradcheck

RNG = np.random.default_rng(0)
X = RNG.standard_normal((5, 4))
Y = np.array([0, 3, 1, 3, 2])
W = np.array([0.5, 1.0, 2.0, 0.25])


def np_log_softmax(x, axis=1):
    z = x - x.max(axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis, keepdims=True))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_weighted_nll_loss_matches_numpy(reduction):
    lp = np_log_softmax(X)
    y = Y.copy()
    y[2] = -100  # ignored
    keep = y != -100
    per = np.where(keep, -lp[np.arange(5), np.where(keep, y, 0)] * W[np.where(keep, y, 0)], 0.0)
    want = {"mean": per.sum() / W[y[keep]].sum(), "sum": per.sum(), "none": per}[reduction]
    got = F.nll_loss(gg.tensor(lp), gg.tensor(y), gg.tensor(W), reduction=reduction)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
    assert gradcheck(lambda t: F.nll_loss(t, gg.tensor(y), gg.tensor(W), reduction=reduction), [gg.tensor(lp, requires_grad=True)])
    module = gg.nn.NLLLoss(gg.tensor(W), reduction=reduction)
    np.testing.assert_allclose(module(gg.tensor(lp), gg.tensor(y)).numpy(), want, rtol=1e-12)


@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_with_probability_targets(smoothing):
    p = RNG.dirichlet(np.ones(4), size=5)
    t = p * (1 - smoothing) + smoothing / 4
    want = -(t * np_log_softmax(X) * W).sum(1).mean()
    got = F.cross_entropy(gg.tensor(X), gg.tensor(p), gg.tensor(W), label_smoothing=smoothing)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
    assert gradcheck(lambda x, q: F.cross_entropy(x, q, label_smoothing=smoothing),
                     [gg.tensor(X, requires_grad=True), gg.tensor(p, requires_grad=True)])
    with pytest.raises(ValueError, match="probability targets must have the input's shape"):
        F.cross_entropy(gg.tensor(X), gg.tensor(p[:, :3]))


def test_against_torch():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    lp = np_log_softmax(X)
    np.testing.assert_allclose(F.nll_loss(gg.tensor(lp), gg.tensor(Y), gg.tensor(W)).numpy(),
                               tf.nll_loss(torch.tensor(lp), torch.tensor(Y), torch.tensor(W)).numpy(), rtol=1e-12)
    p = RNG.dirichlet(np.ones(4), size=5)
    np.testing.assert_allclose(
        F.cross_entropy(gg.tensor(X), gg.tensor(p), gg.tensor(W), label_smoothing=0.1).numpy(),
        tf.cross_entropy(torch.tensor(X), torch.tensor(p), torch.tensor(W), label_smoothing=0.1).numpy(), rtol=1e-12)


def test_tensor_where_method():
    x, y = gg.tensor([1.0, -2.0, 3.0]), gg.tensor([0.0, 0.0, 0.0])
    assert x.where(x > 0, y).tolist() == [1.0, 0.0, 3.0]
    assert x.where(x > 0, -1.0).tolist() == [1.0, -1.0, 3.0]
