"""More of ``torch.nn.functional``'s losses and distances, each a few graphgrad ops:
binary_cross_entropy, kl_div, cosine_similarity, pairwise_distance, pdist, margin_ranking_loss,
cosine_embedding_loss, triplet_margin_loss, poisson_nll_loss, gaussian_nll_loss. ``reduction`` is
keyword-only, as in functional.py."""
import math

import numpy as np

from .. import _core
from .._tensor import tensor
from .functional import _reduce

__all__ = ["binary_cross_entropy", "kl_div", "cosine_similarity", "pairwise_distance", "pdist", "margin_ranking_loss",
           "cosine_embedding_loss", "triplet_margin_loss", "poisson_nll_loss", "gaussian_nll_loss"]


def _same_shape(op, input, target):
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"{op}: input of shape {tuple(input.shape)} and target of shape {tuple(target.shape)} "
                         f"differ")


def binary_cross_entropy(input, target, weight=None, *, reduction="mean"):
    """``-(t log p + (1 - t) log(1 - p))`` for probabilities ``input``; the logs are clamped at
    -100, as PyTorch does, so p = 0 or 1 gives a finite loss."""
    _same_shape("binary_cross_entropy", input, target)
    p = input.detach()
    if not ((p >= 0).all().item() and (p <= 1).all().item()):
        raise ValueError("binary_cross_entropy: input must hold probabilities in [0, 1]")
    log_p = _core.clamp(_core.log(input), -100.0, None)
    log_q = _core.clamp(_core.log(1.0 - input), -100.0, None)
    loss = -(target * log_p + (1.0 - target) * log_q)
    if weight is not None:
        loss = loss * weight
    return _reduce("binary_cross_entropy", loss, reduction)


def kl_div(input, target, *, reduction="mean", log_target=False):
    """``target * (log target - input)`` for log-probabilities ``input``; ``reduction='batchmean'``
    divides the sum by the batch size (the mathematically correct KL divergence)."""
    if log_target:
        loss = _core.exp(target) * (target - input)
    else:
        # 0 * log 0 is 0: where target is 0 the term is 0 (and so is its gradient).
        safe = _core.where(target > 0, target, 1.0)
        loss = _core.where(target > 0, target * (_core.log(safe) - input), 0.0)
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.dim() else 1)
    return _reduce("kl_div", loss, reduction)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """``x1 . x2 / max(|x1| |x2|, eps)`` along ``dim`` (with broadcasting)."""
    dot = (x1 * x2).sum(dim)
    norms = _core.sqrt(_core.clamp((x1 * x1).sum(dim) * (x2 * x2).sum(dim), eps * eps, None))
    return dot / norms


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """``||x1 - x2 + eps||_p`` along the last dimension."""
    return _core.norm(x1 - x2 + eps, p, -1, keepdim)


def pdist(input, p=2.0):
    """The p-norm distances between every pair of rows i < j of an (N, M) input, in row-major
    order of the pairs: N (N - 1) / 2 values. The gradient of a zero distance is 0."""
    if input.dim() != 2:
        raise ValueError(f"pdist: expected a 2-D input (N, M), got shape {tuple(input.shape)}")
    if p < 0:
        raise ValueError(f"pdist: p must be non-negative, got {p}")
    i, j = np.triu_indices(input.shape[0], 1)
    diff = input[tensor(i)] - input[tensor(j)]
    if p == 0:
        return _core.sum((diff != 0).to(input.dtype), -1, False)
    return _core.norm(diff, p, -1, False)


def margin_ranking_loss(input1, input2, target, margin=0.0, *, reduction="mean"):
    """``max(0, -target * (input1 - input2) + margin)``."""
    return _reduce("margin_ranking_loss", _core.relu(-target * (input1 - input2) + margin), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, *, reduction="mean"):
    """``1 - cos`` where target is 1, ``max(0, cos - margin)`` where it is -1."""
    cos = cosine_similarity(input1, input2, dim=-1, eps=1e-12)
    loss = _core.where(target > 0, 1.0 - cos, _core.relu(cos - margin))
    return _reduce("cosine_embedding_loss", loss, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False, *, reduction="mean"):
    """``max(d(a, p) - d(a, n) + margin, 0)`` with d the pairwise distance."""
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = _core.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce("triplet_margin_loss", _core.relu(d_pos - d_neg + margin), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, *, reduction="mean"):
    """``exp(input) - target * input`` (log_input) or ``input - target * log(input + eps)``; with
    ``full`` Stirling's term for target > 1."""
    loss = _core.exp(input) - target * input if log_input else input - target * _core.log(input + eps)
    if full:
        t = _core.where(target > 1, target, 1.0)
        stirling = t * _core.log(t) - t + _core.log(t * (2 * math.pi)) * 0.5
        loss = loss + _core.where(target > 1, stirling, 0.0)
    return _reduce("poisson_nll_loss", loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, *, reduction="mean"):
    """``0.5 * (log(max(var, eps)) + (input - target)^2 / max(var, eps))`` (+ 0.5 log 2 pi with full)."""
    if bool((var.detach() < 0).any().item()):
        raise ValueError("gaussian_nll_loss: var has negative entries")
    v = _core.clamp(var, eps, None)
    loss = (_core.log(v) + (input - target) * (input - target) / v) * 0.5
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce("gaussian_nll_loss", loss, reduction)
