"""More of ``torch.nn.functional``'s activations, each a few graphgrad ops (so they differentiate to
any order): relu6, hardtanh, hardswish, hardsigmoid, selu, celu, mish, softsign, softmin, glu,
threshold, tanhshrink, softshrink, hardshrink, prelu, rrelu. PyTorch's ``inplace`` flags are accepted; results
are computed out of place."""
from .. import _core
from .._tensor import rand_like

__all__ = ["relu6", "hardtanh", "hardswish", "hardsigmoid", "selu", "celu", "mish", "softsign", "softmin", "glu",
           "threshold", "tanhshrink", "softshrink", "hardshrink", "prelu", "rrelu"]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """``input`` clamped to [min_val, max_val]."""
    if min_val > max_val:
        raise ValueError(f"hardtanh: min_val ({min_val}) must not exceed max_val ({max_val})")
    return _core.clamp(input, min_val, max_val)


def relu6(input, inplace=False):
    """``min(max(input, 0), 6)``."""
    return _core.clamp(input, 0.0, 6.0)


def hardsigmoid(input, inplace=False):
    """``relu6(input + 3) / 6``."""
    return _core.clamp(input / 6.0 + 0.5, 0.0, 1.0)


def hardswish(input, inplace=False):
    """``input * relu6(input + 3) / 6``."""
    return input * hardsigmoid(input)


def _elu_negative(input, alpha):
    # alpha * (exp(x) - 1) on the negative part only: exp of a large positive x would overflow.
    return _core.expm1(_core.clamp(input, None, 0.0) / alpha) * alpha


def celu(input, alpha=1.0, inplace=False):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``."""
    if alpha == 0:
        raise ValueError("celu: alpha must not be 0")
    return _core.relu(input) + _elu_negative(input, alpha)


def selu(input, inplace=False):
    """``scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))`` with the self-normalising constants."""
    return (_core.relu(input) + _elu_negative(input, 1.0) * _SELU_ALPHA) * _SELU_SCALE


def mish(input, inplace=False):
    """``input * tanh(softplus(input))``."""
    return input * _core.tanh(_core.softplus(input, 1.0, 20.0))


def softsign(input):
    """``input / (1 + |input|)``."""
    return input / (_core.abs(input) + 1.0)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """exp(-x_i) / sum_j exp(-x_j) along ``dim``: ``softmax(-input, dim)``."""
    if dim is None:
        raise TypeError("softmin: dim must be given (PyTorch's implicit dim choice is deprecated)")
    x = -input if dtype is None else (-input).to(dtype)
    return _core.softmax(x, dim)


def glu(input, dim=-1):
    """``a * sigmoid(b)`` for the halves a, b of ``input`` along ``dim``."""
    n = input.shape[dim] if input.dim() else 0
    if input.dim() == 0 or n % 2:
        raise ValueError(f"glu: dimension {dim} of input of shape {tuple(input.shape)} must have an even size")
    a, b = input.split(n // 2, dim)
    return a * _core.sigmoid(b)


def threshold(input, threshold, value, inplace=False):
    """``input`` where ``input > threshold``, else ``value``."""
    return _core.where(input > threshold, input, float(value))


def tanhshrink(input):
    """``input - tanh(input)``."""
    return input - _core.tanh(input)


def softshrink(input, lambd=0.5):
    """``input - lambd`` above lambd, ``input + lambd`` below -lambd, 0 between."""
    if lambd < 0:
        raise ValueError(f"softshrink: lambd must be non-negative, got {lambd}")
    return input - _core.clamp(input, -lambd, lambd)


def hardshrink(input, lambd=0.5):
    """``input`` where ``|input| > lambd``, else 0."""
    return _core.where(_core.abs(input) > lambd, input, 0.0)


def prelu(input, weight):
    """``max(0, x) + weight * min(0, x)``, with one weight for all entries or one per channel
    (axis 1; an input of fewer than 2 dimensions has one channel)."""
    channels = input.shape[1] if input.dim() >= 2 else 1
    if weight.dim() > 1 or weight.numel() not in (1, channels):
        raise ValueError(f"prelu: weight of shape {tuple(weight.shape)} must have 1 or {channels} (the channels of "
                         f"input of shape {tuple(input.shape)}) elements")
    w = weight.reshape(-1, *([1] * (input.dim() - 2))) if weight.numel() > 1 else weight.reshape(())
    return _core.relu(input) + w * _core.clamp(input, None, 0.0)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """The randomized leaky ReLU: ``x`` for x >= 0, ``a * x`` below, with ``a`` drawn uniformly from
    [lower, upper] for each entry in training and ``(lower + upper) / 2`` in evaluation. ``inplace``
    is accepted and computed out of place."""
    if not 0 <= lower <= upper:
        raise ValueError(f"rrelu: expected 0 <= lower <= upper, got lower={lower} and upper={upper}")
    if not training:
        return _core.leaky_relu(input, (lower + upper) / 2)
    slope = lower + (upper - lower) * rand_like(input.detach())
    return _core.where(input >= 0, input, input * slope)
