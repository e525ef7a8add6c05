"""More of ``torch.nn.functional``'s losses and distances, each a few graphgrad ops:
binary_cross_entropy, kl_div, cosine_similarity, pairwise_distance, pdist, margin_ranking_loss,
cosine_embedding_loss, triplet_margin_loss, poisson_nll_loss, gaussian_nll_loss, soft_margin_loss,
multilabel_soft_margin_loss, hinge_embedding_loss, multi_margin_loss, multilabel_margin_loss.
``reduction`` is keyword-only, as in functional.py."""
import math

import numpy as np

from .. import _core
from .._tensor import arange, tensor, zeros_like
from .functional import _reduce, logsigmoid

__all__ = ["binary_cross_entropy", "kl_div", "cosine_similarity", "pairwise_distance", "pdist", "margin_ranking_loss",
           "cosine_embedding_loss", "triplet_margin_loss", "poisson_nll_loss", "gaussian_nll_loss", "soft_margin_loss",
           "multilabel_soft_margin_loss", "hinge_embedding_loss", "multi_margin_loss", "multilabel_margin_loss"]


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


def soft_margin_loss(input, target, *, reduction="mean"):
    """The two-class logistic loss log(1 + exp(-y x)) for targets y in {1, -1}; input and target of one shape."""
    _same_shape("soft_margin_loss", input, target)
    return _reduce("soft_margin_loss", _core.softplus(-target * input, 1.0, 20.0), reduction)


def _class_dim(op, input):
    if input.ndim not in (1, 2):
        raise ValueError(f"{op}: expected input of shape (C,) or (N, C), got {tuple(input.shape)}")
    return input.ndim - 1


def multilabel_soft_margin_loss(input, target, weight=None, *, reduction="mean"):
    """One-versus-all logistic loss per class, -(y log σ(x) + (1 - y) log σ(-x)) (times ``weight``),
    averaged over the C classes of each sample: input and target (N, C), target in {0, 1}."""
    _same_shape("multilabel_soft_margin_loss", input, target)
    d = _class_dim("multilabel_soft_margin_loss", input)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    return _reduce("multilabel_soft_margin_loss", loss.sum(d) / input.shape[d], reduction)


def hinge_embedding_loss(input, target, margin=1.0, *, reduction="mean"):
    """x where y = 1, max(0, margin - x) where y = -1 (x typically a distance); input and target of one shape."""
    _same_shape("hinge_embedding_loss", input, target)
    zero = zeros_like(input)
    loss = _core.where(target != 1, _core.relu(margin - input), zero) + _core.where(target != -1, input, zero)
    return _reduce("hinge_embedding_loss", loss, reduction)


def _class_targets(op, input, target):
    """target (N,) of class indices in [0, C), checked, as a column (N, 1) (a 0-d one for a (C,) input)."""
    d = _class_dim(op, input)
    want = (input.shape[0],) if d == 1 else ()
    if tuple(target.shape) != want or target.dtype.is_floating_point:
        raise ValueError(f"{op}: expected integer class targets of shape {want} for input of shape "
                         f"{tuple(input.shape)}, got {target.dtype} of shape {tuple(target.shape)}")
    if target.numel() and not bool(((target >= 0) & (target < input.shape[d])).all()):
        raise IndexError(f"{op}: target out of range [0, {input.shape[d]})")
    return d, target.reshape(*want, 1) if d == 1 else target.reshape(1)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, *, reduction="mean"):
    """The multi-class hinge loss sum over i != y of max(0, margin - x[y] + x[i])^p / C (times
    weight[y]): input (N, C) scores, target (N,) class indices."""
    if p not in (1, 2):
        raise ValueError(f"multi_margin_loss: only p = 1 and p = 2 are supported, got {p}")
    d, y = _class_targets("multi_margin_loss", input, target)
    x_y = input.gather(d, y)
    h = _core.relu(margin - x_y + input)
    h = h * h if p == 2 else h
    if weight is not None:
        h = h * weight[y]
    C = input.shape[d]
    others = arange(C) != y  # the target's own term is left out
    return _reduce("multi_margin_loss", (h * others).sum(d) / C, reduction)


def multilabel_margin_loss(input, target, *, reduction="mean"):
    """The multi-label hinge loss sum over target classes j and non-target classes i of
    max(0, 1 - (x[j] - x[i])) / C: target (N, C) of class indices, the labels of a sample being
    those before its first -1."""
    _same_shape("multilabel_margin_loss", input, target)
    d = _class_dim("multilabel_margin_loss", input)
    C = input.shape[d]
    if target.dtype.is_floating_point:
        raise ValueError(f"multilabel_margin_loss: expected integer targets, got {target.dtype}")
    valid = _core.cumprod((target >= 0).to(input.dtype), d) > 0  # before the first -1
    if bool((valid & (target >= C)).any()):
        raise IndexError(f"multilabel_margin_loss: target out of range [0, {C})")
    labels = _core.where(valid, target, zeros_like(target))
    # how often each class is listed (PyTorch sums over the list, so a repeated label counts twice)
    count = zeros_like(input).scatter_add(d, labels, valid.to(input.dtype))
    # pairs (label j, non-label i): margins 1 - x[j] + x[i] over the last two dims
    m = _core.relu(1 - input.unsqueeze(-1) + input.unsqueeze(-2))
    pair = count.unsqueeze(-1) * (count == 0).to(input.dtype).unsqueeze(-2)
    return _reduce("multilabel_margin_loss", (m * pair).sum((-2, -1)) / C, reduction)
