"""Weight initialisation (``torch.nn.init``). Every function fills its tensor in place, under
no_grad, from graphgrad's seeded counter-based generator, and returns it.

Variance-preserving schemes, with n_in = fan_in and n_out = fan_out:
- ``classic_uniform_``: the lecture's classic U[-1/sqrt(n_in), 1/sqrt(n_in)] (variance 1/(3 n_in)).
  It is also PyTorch's default for Linear: kaiming_uniform_ with a=sqrt(5) gives exactly this bound.
- ``xavier_uniform_`` / ``xavier_normal_`` (Glorot): variance 2/(n_in + n_out) times gain^2.
- ``kaiming_uniform_`` / ``kaiming_normal_`` (He): variance gain^2 / fan, with gain sqrt(2) for
  ReLU, i.e. 2/fan_in.
"""
import math

from .. import _core
from ..autograd import no_grad

__all__ = [
    "calculate_gain", "uniform_", "normal_", "constant_", "zeros_", "ones_", "xavier_uniform_", "xavier_normal_",
    "kaiming_uniform_", "kaiming_normal_", "classic_uniform_",
]


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (PyTorch's table)."""
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
              "conv_transpose3d", "sigmoid")
    if nonlinearity in linear:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def _fans(tensor, op):
    if tensor.ndim < 2:
        raise ValueError(f"{op}: fan in and fan out need a tensor with at least 2 dimensions, "
                         f"got shape {tuple(tensor.shape)}")
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor, mode, op):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"{op}: mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = _fans(tensor, op)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0):
    """Fills ``tensor`` with samples of U(a, b)."""
    if b < a:
        raise ValueError(f"uniform_: lower bound {a} exceeds upper bound {b}")
    with no_grad():
        return _core._uniform_(tensor, float(a), float(b))


def normal_(tensor, mean=0.0, std=1.0):
    """Fills ``tensor`` with samples of N(mean, std^2)."""
    with no_grad():
        return _core._normal_(tensor, float(mean), float(std))


def constant_(tensor, val):
    """Fills ``tensor`` with ``val``."""
    with no_grad():
        return tensor.fill_(float(val))


def zeros_(tensor):
    """Fills ``tensor`` with 0."""
    return constant_(tensor, 0.0)


def ones_(tensor):
    """Fills ``tensor`` with 1."""
    return constant_(tensor, 1.0)


def xavier_uniform_(tensor, gain=1.0):
    """Glorot: U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)), variance 2 gain^2 / (fan_in + fan_out)."""
    fan_in, fan_out = _fans(tensor, "xavier_uniform_")
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound)


def xavier_normal_(tensor, gain=1.0):
    """Glorot: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(tensor, "xavier_normal_")
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)))


def kaiming_uniform_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """He: U(-b, b) with b = sqrt(3) * gain / sqrt(fan), gain = calculate_gain(nonlinearity, a), fan per ``mode``.
    For ReLU the variance is 2 / fan_in. Example: ``kaiming_uniform_(layer.weight, nonlinearity="relu")``.
    """
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode, "kaiming_uniform_"))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound)


def kaiming_normal_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """He: N(0, std^2) with std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a), fan per ``mode``."""
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode, "kaiming_normal_"))
    return normal_(tensor, 0.0, std)


def classic_uniform_(tensor, fan_in=None):
    """The lecture's U[-1/sqrt(n), 1/sqrt(n)] with n = fan_in (pass fan_in for a 1-D bias)."""
    n = _fans(tensor, "classic_uniform_")[0] if fan_in is None else fan_in
    if n <= 0:
        raise ValueError(f"classic_uniform_: fan_in must be positive, got {n}")
    bound = 1.0 / math.sqrt(n)
    return uniform_(tensor, -bound, bound)


def _default_layer_init_(weight, bias):
    """PyTorch's default for Linear and Conv layers: kaiming_uniform_ with a = sqrt(5) on the weight
    (U[-1/sqrt(fan_in), 1/sqrt(fan_in)], the lecture's classic init) and the same bound on the
    bias; zeros when fan_in is 0."""
    fan_in = _fans(weight, "reset_parameters")[0]
    if fan_in == 0:
        zeros_(weight)
        if bias is not None:
            zeros_(bias)
        return
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        classic_uniform_(bias, fan_in=fan_in)
