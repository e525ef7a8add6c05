"""Stateless neural-network functions with PyTorch's signatures (``torch.nn.functional``).

Softmax, log_softmax, cross_entropy, batch_norm and dropout are fused C++ ops with fused
backward kernels; the other losses are a few graphgrad ops each (so they differentiate to any
order). ``reduction`` is keyword-only in the losses: PyTorch's third positional parameter is
something else (weight or size_average), so a positional value would silently mean another
thing; cross_entropy takes ``weight`` there, as PyTorch does. Dropout's ``p`` is the probability of *dropping* a unit, as in PyTorch; the lecture's
keep probability is ``1 - p``.
"""
import warnings as _warnings

from .. import _core
from .._core import Tensor
from .._compose import _check_nonnegative
from .._tensor import arange, int64, zeros_like

_OWN = [  # defined in this file; the families in functional_*.py list their own
    "linear", "relu", "leaky_relu", "tanh", "sigmoid", "softmax", "log_softmax", "dropout", "batch_norm",
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "binary_cross_entropy_with_logits", "smooth_l1_loss",
    "huber_loss", "softplus", "silu", "gelu", "elu", "logsigmoid", "one_hot", "normalize", "embedding",
]


# input @ weight.T + bias with weight (out_features, in_features), one op: the weight is read
# transposed in place and its gradient arrives contiguous. A float32 input into float64
# parameters (or the reverse) is a TypeError, as in PyTorch, checked in C++.
linear = _core._linear


relu = _core.relu
tanh = _core.tanh
sigmoid = _core.sigmoid


def leaky_relu(input, negative_slope=0.01):
    """x for x >= 0, negative_slope * x below, elementwise."""
    return _core.leaky_relu(input, negative_slope)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta x)) / beta, computed without overflow; x itself where beta x > threshold."""
    return _core.softplus(input, beta, threshold)


def silu(input):
    """x * sigmoid(x) (also called swish), fused."""
    return _core.silu(input)


def gelu(input, approximate="none"):
    """x Φ(x) with the normal CDF Φ(x) = (1 + erf(x/√2))/2, or PyTorch's tanh approximation."""
    if approximate == "none":
        return _core.gelu(input)
    if approximate == "tanh":
        return input * ((_core.tanh((input + input * input * input * 0.044715) * _SQRT_2_PI) + 1.0) * 0.5)
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


_SQRT_2_PI = 0.7978845608028654


def elu(input, alpha=1.0):
    """x for x > 0, alpha (e^x - 1) otherwise."""
    return _core.where(input > 0, input, _core.expm1(_core.minimum(input, zeros_like(input))) * alpha)


def logsigmoid(input):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|."""
    return -_core.softplus(-input, 1.0, 20.0)


def one_hot(tensor, num_classes=-1):
    """int64 (..., num_classes) with a 1 at each label (labels are int64, in [0, num_classes))."""
    if tensor.dtype != int64:
        raise TypeError(f"one_hot: expected an int64 tensor of class labels, got {tensor.dtype}")
    labels = tensor.numpy()
    if labels.size and labels.min() < 0:
        raise ValueError(f"one_hot: class labels must be non-negative, got {labels.min()}")
    n = int(labels.max()) + 1 if num_classes == -1 and labels.size else num_classes
    if n >= 2**63:
        raise ValueError(f"one_hot: {n} classes do not fit in int64")
    if n < 0 or (labels.size and labels.max() >= n):
        raise ValueError(f"one_hot: class label {labels.max() if labels.size else None} is out of range for "
                         f"num_classes={num_classes}")
    return (tensor.unsqueeze(-1) == arange(n)).long()


def normalize(input, p=2.0, dim=1, eps=1e-12):
    """input / max(‖input‖_p along dim, eps)."""
    return input / _core.clamp(_core.norm(input, p, dim, True), eps, None)


def _softmax_dim(op, input, dim, stacklevel):
    """PyTorch's implicit dim of a softmax called without one (deprecated there too, with a warning)."""
    if dim is not None:
        return dim
    _warnings.warn(f"Implicit dimension choice for {op} has been deprecated. Change the call to include dim=X as an "
                   "argument.", UserWarning, stacklevel=stacklevel)
    return 0 if input.dim() in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x_i) / sum_j exp(x_j) along ``dim``, computed stably (the max subtracted first); one fused op.
    ``dtype`` casts the input first (a float16 input computed and returned in float32, say)."""
    return _core.softmax(input, _softmax_dim("softmax", input, dim, _stacklevel), dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x_i - log(sum_j exp(x_j)) along ``dim``, without overflow; one fused op. ``dtype`` casts the input
    first."""
    return _core.log_softmax(input, _softmax_dim("log_softmax", input, dim, _stacklevel), dtype=dtype)


def dropout(input, p=0.5, training=True):
    """Zeroes each element with probability ``p`` (drop probability; keep probability ``1 - p``)
    and scales the kept ones by ``1 / (1 - p)``, so the expectation is unchanged; the identity
    when ``training`` is False. The mask is a function of the seed and the call, regenerated in
    backward rather than stored."""
    return _core._dropout(input, float(p), bool(training))


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Batch normalisation over (N, C, ...) inputs ((N, C), (N, C, L), (N, C, H, W), ...), per
    channel C, with statistics over every other dim. In training the batch
    mean and biased variance normalise, and the running statistics (if given) are updated in
    place with ``momentum`` (running_var with the unbiased variance); otherwise the running
    statistics normalise."""
    return _core._batch_norm(input, running_mean, running_var, weight, bias, bool(training), float(momentum),
                             float(eps))


def cross_entropy(input, target, weight=None, *, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy from logits (N, C) or (N, C, d...) and int64 class indices (N) or
    (N, d...), fused with a max-shifted log-sum-exp. A target whose shape does not match is a
    ValueError (never broadcast); a class index out of range is an IndexError. Targets equal to
    ``ignore_index`` add no loss and no gradient, and 'mean' averages over the others.

    As in PyTorch: ``weight`` (C,) scales each item's loss by the weight of its target class, and
    'mean' then divides by the sum of those weights instead of the count. ``label_smoothing``
    (in [0, 1]) replaces the one-hot target by ``(1 - label_smoothing) * onehot +
    label_smoothing / C``; with a weight, class c's share is weighted by ``weight[c]``. Either
    option takes a composed (slower, but twice differentiable) path instead of the fused kernel.

    A floating ``target`` of the input's shape is a class-probability target (PyTorch's second
    form): the loss is ``-sum_c weight[c] * target[c] * log_softmax(input)[c]`` (smoothed as above),
    'mean' averages over the items, and ``ignore_index`` does not apply.

    >>> logits = gg.tensor([[2.0, 0.0, 0.0]])      # one sample, three classes
    >>> gg.nn.functional.cross_entropy(logits, gg.tensor([0]))   # -log(e² / (e² + 2))
    tensor(0.2395)
    """
    if target.dtype.is_floating_point:
        return _cross_entropy_probabilities(input, target, weight, reduction, float(label_smoothing))
    return _core._cross_entropy(input, target, reduction, ignore_index, weight, float(label_smoothing))


def _class_dim(op, input):
    if input.dim() == 0:
        raise ValueError(f"{op}: expected input of shape (C,), (N, C) or (N, C, d...), got a 0-d tensor")
    return 1 if input.dim() > 1 else 0


def _class_weights(weight, input, cdim):
    """weight (C,) shaped to broadcast along the class dim of input."""
    return weight.reshape(*([input.shape[cdim]] + [1] * (input.dim() - cdim - 1)))


def _cross_entropy_probabilities(input, target, weight, reduction, label_smoothing):
    op = "cross_entropy"
    cdim = _class_dim(op, input)
    if tuple(target.shape) == tuple(input.shape[:cdim] + input.shape[cdim + 1:]):
        raise TypeError(f"{op}: class-index targets must be int64, got {target.dtype} (a floating target is class "
                        f"probabilities of the input's shape {tuple(input.shape)})")
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"{op}: probability targets must have the input's shape {tuple(input.shape)}, "
                         f"got {tuple(target.shape)}")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{op}: label_smoothing must be between 0.0 and 1.0, got {label_smoothing}")
    if label_smoothing > 0:
        target = target * (1.0 - label_smoothing) + label_smoothing / input.shape[cdim]
    logp = _core.log_softmax(input, cdim)
    if weight is not None:
        logp = logp * _class_weights(weight, input, cdim)
    return _reduce(op, -(target * logp).sum(cdim), reduction)


def nll_loss(input, target, weight=None, *, ignore_index=-100, reduction="mean"):
    """Negative log-likelihood from log-probabilities (e.g. log_softmax output) (N, C) or
    (N, C, d...) and int64 class indices (N) or (N, d...): ``-input[i, target[i]]``. Targets equal to
    ``ignore_index`` add nothing; ``weight`` (C,) scales each item by its class's weight and 'mean'
    then divides by the sum of those weights, as PyTorch."""
    if weight is None:
        return _core._nll_loss(input, target, reduction, ignore_index)
    op = "nll_loss"
    cdim = _class_dim(op, input)
    if tuple(weight.shape) != (input.shape[cdim],):
        raise ValueError(f"{op}: weight of shape {tuple(weight.shape)} does not match {input.shape[cdim]} classes")
    keep = target != ignore_index
    safe = _core.where(keep, target, 0)
    picked = -input.gather(cdim, safe.unsqueeze(cdim)).squeeze(cdim)
    w = _core.where(keep, weight[safe], 0.0)
    loss = picked * w
    if reduction == "mean":
        return loss.sum() / w.sum()
    return _reduce(op, loss, reduction)


def _pair(op, input, target):
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        raise TypeError(f"{op}: expected tensors, got {type(input).__name__} and {type(target).__name__}")
    if input.shape != target.shape:
        raise ValueError(f"{op}: input of shape {tuple(input.shape)} and target of shape {tuple(target.shape)} "
                         f"differ (losses do not broadcast)")
    return input - target


def _reduce(op, loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{op}: reduction must be 'none', 'mean' or 'sum', got {reduction!r}")


def mse_loss(input, target, *, reduction="mean"):
    """The squared error (input - target)^2, averaged ('mean'), summed ('sum') or kept ('none').
    Input and target broadcast to one shape.
    """
    d = _pair("mse_loss", input, target)
    return _reduce("mse_loss", d * d, reduction)


def l1_loss(input, target, *, reduction="mean"):
    """The absolute error |input - target|, averaged ('mean'), summed ('sum') or kept ('none')."""
    return _reduce("l1_loss", _core.abs(_pair("l1_loss", input, target)), reduction)


def smooth_l1_loss(input, target, *, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (PyTorch's definition)."""
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be non-negative, got {beta}")
    a = _core.abs(_pair("smooth_l1_loss", input, target))
    if beta == 0:
        return _reduce("smooth_l1_loss", a, reduction)
    return _reduce("smooth_l1_loss", _core.where(a < beta, a * a * (0.5 / beta), a - 0.5 * beta), reduction)


def huber_loss(input, target, *, reduction="mean", delta=1.0):
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta)."""
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be positive, got {delta}")
    a = _core.abs(_pair("huber_loss", input, target))
    return _reduce("huber_loss", _core.where(a < delta, a * a * 0.5, (a - 0.5 * delta) * delta), reduction)


def _weighted(w, v):
    """w * v, and 0 where w is 0 (also where v is inf): like xlogy."""
    return _core.where(w == 0, zeros_like(v), w * v)


def binary_cross_entropy_with_logits(input, target, weight=None, *, reduction="mean", pos_weight=None):
    """-[p y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))] = p y softplus(-x) + (1 - y) softplus(x),
    stable for any logit: each softplus is accurate for small losses, has the right gradient at 0,
    and is finite or +inf at infinite logits. A zero weight makes its term 0 even where the softplus
    is inf (x = +-inf with a 0/1 target), so such logits give the limits (loss 0, gradient 0)
    instead of PyTorch's NaN (a max/abs formulation would also cancel for small losses)."""
    _pair("binary_cross_entropy_with_logits", input, target)
    pos = target if pos_weight is None else target * pos_weight
    inf = float("inf")  # no linear cut-off: softplus's log1p(exp(-|x|)) + max(x, 0) is exact everywhere
    loss = _weighted(pos, _core.softplus(-input, 1.0, inf)) + _weighted(1.0 - target, _core.softplus(input, 1.0, inf))
    if weight is not None:
        loss = loss * weight
    return _reduce("binary_cross_entropy_with_logits", loss, reduction)


def embedding(input, weight, padding_idx=None):
    """Rows of ``weight`` (num_embeddings, dim) at the int64 indices ``input`` (any shape): the
    result is input.shape + (dim,). The gradient of a repeated index accumulates; the row at
    ``padding_idx`` gets none, as in PyTorch."""
    if input.dtype != int64:
        raise TypeError(f"embedding: indices must be an int64 tensor, got {input.dtype}")
    if weight.dim() != 2:
        raise ValueError(f"embedding: weight must be 2-D (num_embeddings, embedding_dim), got {tuple(weight.shape)}")
    _check_nonnegative("embedding", input, weight.shape[0])
    if padding_idx is not None:
        keep = (arange(weight.shape[0]) != padding_idx % weight.shape[0]).unsqueeze(1)
        weight = _core.where(keep, weight, weight.detach())
    return weight[input]


# The families in their own files use the helpers above, so they are imported last.
from . import (  # noqa: E402
    functional_activation, functional_attention, functional_conv, functional_loss, functional_norm,
    functional_rearrange,
)
from .functional_activation import *  # noqa: E402,F401,F403
from .functional_attention import *  # noqa: E402,F401,F403
from .functional_conv import *  # noqa: E402,F401,F403
from .functional_loss import *  # noqa: E402,F401,F403
from .functional_norm import *  # noqa: E402,F401,F403
from .functional_rearrange import *  # noqa: E402,F401,F403

__all__ = _OWN + [name for family in (functional_activation, functional_attention, functional_conv, functional_loss,
                                      functional_norm, functional_rearrange) for name in family.__all__]
