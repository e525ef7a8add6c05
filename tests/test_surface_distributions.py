"""graphgrad.distributions: Normal, Bernoulli, Categorical against closed forms (issue 17)."""
import math

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.distributions import Bernoulli, Categorical, Normal, kl_divergence


def test_normal_log_prob_entropy_and_moments():
    loc, scale = np.array([0.0, 1.0, -2.0]), np.array([1.0, 0.5, 2.0])
    d = Normal(gg.tensor(loc), gg.tensor(scale))
    v = np.array([0.3, 1.2, 0.0])
    expected = -((v - loc) ** 2) / (2 * scale ** 2) - np.log(scale) - 0.5 * math.log(2 * math.pi)
    np.testing.assert_allclose(d.log_prob(gg.tensor(v)).numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(d.entropy().numpy(), 0.5 + 0.5 * math.log(2 * math.pi) + np.log(scale), rtol=1e-6)
    np.testing.assert_allclose(d.mean.numpy(), loc)
    np.testing.assert_allclose(d.stddev.numpy(), scale, rtol=1e-6)
    assert d.batch_shape == (3,)


def test_normal_samples_and_rsample_gradients():
    gg.manual_seed(0)
    d = Normal(gg.tensor(2.0), gg.tensor(0.5))
    s = d.sample((20000,)).numpy()
    assert abs(s.mean() - 2.0) < 0.02 and abs(s.std() - 0.5) < 0.02
    loc = gg.tensor([1.0, 2.0], requires_grad=True)
    scale = gg.tensor([1.0, 3.0], requires_grad=True)
    assert not Normal(loc, scale).sample().requires_grad
    x = Normal(loc, scale).rsample((5,))
    assert tuple(x.shape) == (5, 2)
    x.sum().backward()
    np.testing.assert_allclose(loc.grad.numpy(), [5.0, 5.0])
    assert scale.grad is not None
    with pytest.raises(ValueError, match="scale"):
        Normal(0.0, -1.0)


def test_normal_log_prob_gradcheck():
    loc = gg.tensor([0.5, -1.0], dtype=gg.float64, requires_grad=True)
    scale = gg.tensor([1.5, 0.7], dtype=gg.float64, requires_grad=True)
    v = gg.tensor([0.1, 0.2], dtype=gg.float64)
    assert gg.autograd.gradcheck(lambda m, s: Normal(m, s).log_prob(v), [loc, scale])


def test_bernoulli():
    p = np.array([0.2, 0.9, 0.5])
    d = Bernoulli(probs=gg.tensor(p))
    v = np.array([1.0, 0.0, 1.0])
    np.testing.assert_allclose(d.log_prob(gg.tensor(v)).numpy(), np.where(v > 0, np.log(p), np.log1p(-p)), rtol=1e-6)
    np.testing.assert_allclose(d.entropy().numpy(), -(p * np.log(p) + (1 - p) * np.log1p(-p)), rtol=1e-6)
    logits = np.array([-3.0, 0.0, 40.0])
    dl = Bernoulli(logits=gg.tensor(logits))
    q = 1 / (1 + np.exp(-logits))
    np.testing.assert_allclose(dl.probs.numpy(), q, rtol=1e-6)
    assert np.isfinite(dl.log_prob(gg.tensor([0.0, 0.0, 0.0])).numpy()).all()  # no log(0) at p -> 1
    gg.manual_seed(1)
    s = Bernoulli(probs=gg.tensor([0.3])).sample((10000,)).numpy()
    assert s.dtype == np.float32 and set(np.unique(s)) <= {0.0, 1.0} and abs(s.mean() - 0.3) < 0.02
    edge = Bernoulli(probs=gg.tensor([0.0, 1.0]))
    np.testing.assert_array_equal(edge.entropy().numpy(), [0.0, 0.0])
    with pytest.raises(ValueError, match="exactly one"):
        Bernoulli()


def test_categorical():
    probs = np.array([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]])
    d = Categorical(probs=gg.tensor(probs))
    assert d.batch_shape == (2,)
    np.testing.assert_allclose(d.log_prob(gg.tensor([2, 0])).numpy(), np.log([0.7, 0.5]), rtol=1e-6)
    with np.errstate(divide="ignore", invalid="ignore"):
        ent = -np.nansum(probs * np.log(probs), -1)
    np.testing.assert_allclose(d.entropy().numpy(), ent, rtol=1e-6)
    gg.manual_seed(2)
    s = d.sample((20000,)).numpy()
    assert s.shape == (20000, 2) and s.dtype == np.int64
    np.testing.assert_allclose(np.bincount(s[:, 0], minlength=3) / 20000, probs[0], atol=0.02)
    assert (s[:, 1] != 2).all()
    logits = gg.tensor([1.0, 2.0, 3.0], dtype=gg.float64, requires_grad=True)
    dl = Categorical(logits=logits)
    np.testing.assert_allclose(dl.probs.detach().numpy(), np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())
    assert gg.autograd.gradcheck(lambda lg: Categorical(logits=lg).log_prob(gg.tensor([1, 2])), [logits])


def test_policy_gradient_step():
    """REINFORCE: -log_prob * reward pushes probability towards rewarded actions."""
    logits = gg.zeros(3, requires_grad=True)
    action = gg.tensor(2)
    loss = -Categorical(logits=logits).log_prob(action) * 1.0
    loss.backward()
    assert logits.grad.numpy()[2] < 0 and (logits.grad.numpy()[:2] > 0).all()


def test_kl_divergence():
    p, q = Normal(gg.tensor(0.0), gg.tensor(1.0)), Normal(gg.tensor(1.0), gg.tensor(2.0))
    expected = math.log(2.0) + (1 + 1) / (2 * 4) - 0.5
    assert abs(kl_divergence(p, q).item() - expected) < 1e-6
    a, b = Categorical(probs=gg.tensor([0.5, 0.5])), Categorical(probs=gg.tensor([0.25, 0.75]))
    assert abs(kl_divergence(a, b).item() - (0.5 * math.log(2) + 0.5 * math.log(0.5 / 0.75))) < 1e-6
