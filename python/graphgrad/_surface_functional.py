"""The ``torch.nn.functional`` functions PyTorch also exposes at top level (``torch.conv2d``,
``torch.layer_norm``, ...), as thin forwards to graphgrad.nn.functional. Where the top-level form
has ATen's own signature (``torch.dropout(input, p, train)``, ``torch.batch_norm``'s weight-first
order, ``torch.embedding(weight, indices)``, an int ``reduction``: 0 none, 1 mean, 2 sum, and 0 by
default, as torch's top-level losses behave), that is the signature here; the ``cudnn_enabled`` flags are accepted and ignored."""
from .nn import functional as _F

_SAME = ("conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "avg_pool1d",
         "max_pool1d", "max_pool2d", "adaptive_avg_pool1d", "adaptive_max_pool1d", "cosine_similarity",
         "pairwise_distance", "pdist", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "selu", "celu",
         "threshold", "hardshrink", "prelu", "rrelu", "rms_norm")
__all__ = list(_SAME) + ["dropout", "layer_norm", "group_norm", "batch_norm", "instance_norm", "embedding", "kl_div",
                         "binary_cross_entropy_with_logits", "cosine_embedding_loss", "margin_ranking_loss",
                         "triplet_margin_loss", "poisson_nll_loss"]
globals().update({name: getattr(_F, name) for name in _SAME})

_REDUCTIONS = ("none", "mean", "sum")


def _reduction(op, reduction):
    """ATen's int reduction (0 none, 1 mean, 2 sum) as nn.functional's string; a string passes."""
    if isinstance(reduction, str) and reduction in _REDUCTIONS:
        return reduction
    if isinstance(reduction, int) and 0 <= reduction <= 2:
        return _REDUCTIONS[reduction]
    raise ValueError(f"{op}: reduction must be 0 (none), 1 (mean) or 2 (sum), got {reduction!r}")


def dropout(input, p, train):
    """Zeroes each entry with probability p and scales the rest by 1 / (1 - p) when ``train``
    (nn.functional.dropout(input, p, training=train))."""
    return _F.dropout(input, p, train)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    """Normalises over the trailing ``normalized_shape`` dims, then ``* weight + bias``
    (nn.functional.layer_norm)."""
    return _F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    """Normalises each of ``num_groups`` groups of channels, then per-channel ``weight`` and ``bias``
    (nn.functional.group_norm)."""
    return _F.group_norm(input, num_groups, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled=True):
    """nn.functional.batch_norm, its parameters in ATen's order (weight and bias first)."""
    return _F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                  cudnn_enabled=True):
    """nn.functional.instance_norm, its parameters in ATen's order (weight and bias first)."""
    return _F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """nn.functional.embedding(indices, weight), the weight first; padding_idx -1 means none."""
    return _F.embedding(indices, weight, None if padding_idx == -1 else padding_idx)


def kl_div(input, target, reduction=0, log_target=False):
    """nn.functional.kl_div with an int reduction (0: none, the default; 1: mean over entries)."""
    return _F.kl_div(input, target, reduction=_reduction("kl_div", reduction), log_target=log_target)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    """nn.functional.binary_cross_entropy_with_logits with an int reduction."""
    return _F.binary_cross_entropy_with_logits(input, target, weight, pos_weight=pos_weight,
                                               reduction=_reduction("binary_cross_entropy_with_logits", reduction))


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    """nn.functional.cosine_embedding_loss with an int reduction."""
    return _F.cosine_embedding_loss(input1, input2, target, margin,
                                    reduction=_reduction("cosine_embedding_loss", reduction))


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    """nn.functional.margin_ranking_loss with an int reduction."""
    return _F.margin_ranking_loss(input1, input2, target, margin,
                                  reduction=_reduction("margin_ranking_loss", reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False, reduction=0):
    """nn.functional.triplet_margin_loss with an int reduction."""
    return _F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                  reduction=_reduction("triplet_margin_loss", reduction))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """nn.functional.poisson_nll_loss, every parameter given, reduction an int."""
    return _F.poisson_nll_loss(input, target, log_input, full, eps=eps,
                               reduction=_reduction("poisson_nll_loss", reduction))
