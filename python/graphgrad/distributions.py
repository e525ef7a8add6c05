"""Probability distributions with PyTorch's interface (``torch.distributions``): ``Normal``,
``Bernoulli`` and ``Categorical`` with ``sample``, ``log_prob``, ``entropy``, ``mean``/``variance``
and, for ``Normal``, the reparameterised ``rsample`` (gradients flow to loc and scale). Samples come
from graphgrad's seeded generator; parameters broadcast against each other."""
import math

import numpy as _np

from . import _core
from ._core import Tensor
from ._tensor import float32, int64, rand, randn, tensor

__all__ = ["Distribution", "Normal", "Bernoulli", "Categorical", "kl_divergence"]


def _as_float(x, like=None):
    if isinstance(x, Tensor):
        return x
    return tensor(float(x), dtype=like.dtype if isinstance(like, Tensor) else float32)


def _shape(sample_shape):
    return tuple(sample_shape) if not isinstance(sample_shape, int) else (sample_shape,)


class Distribution:
    """The base of the distributions (torch.distributions' interface): sample, rsample, log_prob,
    entropy, mean, variance, stddev, with batch_shape and event_shape.
    """
    has_rsample = False

    def __init__(self, batch_shape=(), event_shape=()):
        self.batch_shape, self.event_shape = tuple(batch_shape), tuple(event_shape)

    def sample(self, sample_shape=()):
        """A sample of shape sample_shape + batch_shape + event_shape, detached from the graph."""
        from .autograd import no_grad
        with no_grad():
            return self._draw(_shape(sample_shape))

    def rsample(self, sample_shape=()):
        """A reparameterised sample (gradients flow to the parameters); only where the distribution has one."""
        raise NotImplementedError(f"{type(self).__name__} has no reparameterised sample (rsample); use sample()")

    @property
    def stddev(self):
        """The standard deviation, sqrt(variance)."""
        return _core.sqrt(self.variance)

    def __repr__(self):
        return f"{type(self).__name__}(batch_shape={self.batch_shape})"


class Normal(Distribution):
    """The normal distribution N(loc, scale^2)."""
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc = _as_float(loc, scale)
        self.scale = _as_float(scale, self.loc)
        if bool((self.scale.detach() <= 0).any().item()):
            raise ValueError("Normal: scale must be positive")
        super().__init__(_np.broadcast_shapes(tuple(self.loc.shape), tuple(self.scale.shape)))

    @property
    def mean(self):
        """The mean, loc."""
        return self.loc.expand(self.batch_shape)

    @property
    def variance(self):
        """The variance, scale^2."""
        return (self.scale * self.scale).expand(self.batch_shape)

    def rsample(self, sample_shape=()):
        """loc + scale * eps with eps ~ N(0, 1): differentiable in loc and scale."""
        eps = randn(_shape(sample_shape) + self.batch_shape, dtype=self.loc.dtype)
        return self.loc + eps * self.scale

    def _draw(self, sample_shape):
        return self.rsample(sample_shape)

    def log_prob(self, value):
        """log N(value; loc, scale) = -(value - loc)^2 / (2 scale^2) - log scale - log(2 pi) / 2."""
        value = _as_float(value, self.loc)
        z = (value - self.loc) / self.scale
        return z * z * -0.5 - _core.log(self.scale) - 0.5 * math.log(2 * math.pi)

    def entropy(self):
        """0.5 + 0.5 log(2 pi) + log scale."""
        return (_core.log(self.scale) + 0.5 + 0.5 * math.log(2 * math.pi)).expand(self.batch_shape)

    def cdf(self, value):
        """P(X <= value) = (1 + erf((value - loc) / (scale sqrt 2))) / 2."""
        return (_core.erf((_as_float(value, self.loc) - self.loc) / (self.scale * math.sqrt(2))) + 1.0) * 0.5


def _logits_and_probs(cls, probs, logits, normalise):
    if (probs is None) == (logits is None):
        raise ValueError(f"{cls}: give exactly one of probs or logits")
    if probs is not None:
        probs = _as_float(probs)
        if (probs.detach() < 0).any().item() or (probs.detach() > 1).any().item():
            raise ValueError(f"{cls}: probs must lie in [0, 1]")
    else:
        logits = _as_float(logits)
    return probs, logits


class Bernoulli(Distribution):
    """1 with probability ``probs`` (or ``sigmoid(logits)``), else 0; samples are floats, as in PyTorch."""

    def __init__(self, probs=None, logits=None, validate_args=None):
        p, lg = _logits_and_probs("Bernoulli", probs, logits, False)
        self.probs = p if p is not None else _core.sigmoid(lg)
        # log p and log(1 - p) from the logits when given: exact where sigmoid saturates.
        self.logits = lg if lg is not None else _core.log(p) - _core.log1p(-p)
        self._from_logits = lg is not None
        super().__init__(tuple(self.probs.shape))

    @property
    def mean(self):
        """The mean, probs."""
        return self.probs

    @property
    def variance(self):
        """The variance, probs (1 - probs)."""
        return self.probs * (1.0 - self.probs)

    def _draw(self, sample_shape):
        u = rand(sample_shape + self.batch_shape, dtype=self.probs.dtype)
        return (u < self.probs).to(self.probs.dtype)

    def _log_p_q(self):
        if self._from_logits:
            return -_core.softplus(-self.logits, 1.0, 20.0), -_core.softplus(self.logits, 1.0, 20.0)
        return _core.log(self.probs), _core.log1p(-self.probs)

    def log_prob(self, value):
        """value log p + (1 - value) log(1 - p), computed from the logits without overflow."""
        value = _as_float(value, self.probs)
        log_p, log_q = self._log_p_q()
        # where(value, ...) keeps 0 * log 0 out of the result (and its gradient) at p = 0 or 1.
        return _core.where(value > 0.5, log_p, log_q)

    def entropy(self):
        """-p log p - (1 - p) log(1 - p)."""
        log_p, log_q = self._log_p_q()
        p = self.probs
        t1 = _core.where(p > 0, p * _core.where(p > 0, log_p, 0.0), 0.0)
        t2 = _core.where(p < 1, (1.0 - p) * _core.where(p < 1, log_q, 0.0), 0.0)
        return -(t1 + t2)


class Categorical(Distribution):
    """One of K categories (the last dimension of ``probs`` or ``logits``); samples are int64 indices."""

    def __init__(self, probs=None, logits=None, validate_args=None):
        p, lg = _logits_and_probs("Categorical", probs, logits, True)
        if (p if p is not None else lg).dim() == 0:
            raise ValueError("Categorical: probs or logits need at least one dimension (the categories)")
        if p is not None:
            p = p / p.sum(-1, keepdim=True)
            lg = _core.log(p)
        self.logits = lg - _core.logsumexp(lg, -1, True)  # normalised log-probabilities
        self.probs = _core.softmax(lg, -1) if p is None else p
        shape = tuple(self.probs.shape)
        super().__init__(shape[:-1])
        self._num_events = shape[-1]

    @property
    def param_shape(self):
        """The shape of probs (and logits): batch_shape + (number of categories,)."""
        return tuple(self.probs.shape)

    @property
    def mean(self):
        """Not defined for a categorical distribution: raises NotImplementedError."""
        raise NotImplementedError("Categorical has no mean")

    def _draw(self, sample_shape):
        # Inverse-CDF sampling: the first category whose cumulative probability exceeds u.
        cdf = _np.cumsum(self.probs.detach().numpy().astype(_np.float64), axis=-1)
        u = rand(sample_shape + self.batch_shape + (1,), dtype=self.probs.dtype).numpy().astype(_np.float64)
        u = u * cdf[..., -1:]
        idx = (_np.broadcast_to(cdf, u.shape[:-1] + (self._num_events,)) <= u).sum(-1)
        return tensor(_np.minimum(idx, self._num_events - 1).astype(_np.int64), dtype=int64)

    def log_prob(self, value):
        """log probs[value]: the log-probability of the category indices ``value``."""
        if not isinstance(value, Tensor):
            value = tensor(value, dtype=int64)
        if value.dtype != int64:
            raise TypeError(f"Categorical.log_prob: value must be int64 category indices, got {value.dtype}")
        shape = _np.broadcast_shapes(tuple(value.shape), self.batch_shape)
        logits = self.logits.expand(shape + (self._num_events,))
        idx = value.expand(shape).unsqueeze(-1)
        return logits.gather(-1, idx).squeeze(-1)

    def entropy(self):
        """-sum_k p_k log p_k over the categories."""
        p_log_p = _core.where(self.probs > 0, self.probs * self.logits, 0.0)
        return -p_log_p.sum(-1)


def kl_divergence(p, q):
    """KL(p || q) for two distributions of the same family (Normal, Bernoulli, Categorical)."""
    if type(p) is not type(q):
        raise NotImplementedError(f"kl_divergence: no rule for {type(p).__name__} and {type(q).__name__}")
    if isinstance(p, Normal):
        var_ratio = (p.scale / q.scale) * (p.scale / q.scale)
        t = (p.loc - q.loc) / q.scale
        return (var_ratio + t * t - 1.0 - _core.log(var_ratio)) * 0.5
    if isinstance(p, Categorical):
        return _core.where(p.probs > 0, p.probs * (p.logits - q.logits), 0.0).sum(-1)
    lp, lq = p._log_p_q()
    mp, mq = q._log_p_q()
    return p.probs * (lp - mp) + (1.0 - p.probs) * (lq - mq)
