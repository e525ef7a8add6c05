"""Layer, group, instance, RMS and local-response normalisation with PyTorch's signatures; re-exported
by ``functional``. Layer, group and instance norm reshape the input so that each normalised slice
is one channel of the fused batch_norm kernel (PyTorch computes instance norm the same way), then
apply their own affine transform; their gradients are batch_norm's fused backward (and its
composite double backward)."""
import numpy as _np

from .. import _core
from ..autograd import no_grad
from .functional_conv import avg_pool2d, pad

__all__ = ["layer_norm", "group_norm", "instance_norm", "local_response_norm", "rms_norm"]


def _normalize_slices(x, M, L, eps):
    """x viewed as M slices of L elements, each normalised by its own mean and biased variance."""
    if L <= 1:  # batch_norm needs two values a channel; one value normalises to 0
        flat = x.reshape(M, L)
        return (flat - flat.mean((1,), True)).reshape(tuple(x.shape))
    y = _core._batch_norm(x.reshape(1, M, L), None, None, None, None, True, 0.0, float(eps))
    return y.reshape(tuple(x.shape))


def _channel_view(t, ndim):
    return t.reshape(t.shape[0], *([1] * (ndim - 2)))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalises over the trailing ``normalized_shape`` dims, then ``* weight + bias`` (that shape)."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    n = len(shape)
    if n == 0 or tuple(input.shape[input.ndim - n:]) != shape:
        raise ValueError(f"layer_norm: input of shape {tuple(input.shape)} does not end with normalized_shape {shape}")
    L = 1
    for s in shape:
        L *= s
    M = input.numel() // L if L else 0
    y = _normalize_slices(input, M, L, eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalises each of ``num_groups`` groups of channels of (N, C, *) over its channels and
    positions, then per-channel ``weight`` and ``bias``."""
    if input.ndim < 2 or input.shape[1] % num_groups:
        raise ValueError(f"group_norm: input of shape {tuple(input.shape)} needs channels (dim 1) divisible by "
                         f"num_groups={num_groups}")
    N = input.shape[0]
    L = input.numel() // (N * num_groups) if N else 0
    y = _normalize_slices(input, N * num_groups, L, eps)
    if weight is not None:
        y = y * _channel_view(weight, input.ndim)
    if bias is not None:
        y = y + _channel_view(bias, input.ndim)
    return y


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalises each channel of each sample of (N, C, *) over its positions (``use_input_stats``),
    or with the running statistics; these are updated with the mean over the batch."""
    if input.ndim < 3:
        raise ValueError(f"instance_norm: expected an (N, C, *spatial) input, got shape {tuple(input.shape)}")
    N, C = input.shape[0], input.shape[1]

    def repeat(t):
        return None if t is None else t.reshape(1, C).expand(N, C).reshape(N * C).contiguous()
    rm, rv = repeat(running_mean), repeat(running_var)
    y = _core._batch_norm(input.reshape(1, N * C, -1), rm, rv, None, None, bool(use_input_stats), float(momentum),
                          float(eps)).reshape(tuple(input.shape))
    if running_mean is not None and use_input_stats:
        with no_grad():
            running_mean.copy_(rm.reshape(N, C).mean((0,)))
            running_var.copy_(rv.reshape(N, C).mean((0,)))
    if weight is not None:
        y = y * _channel_view(weight, input.ndim)
    if bias is not None:
        y = y + _channel_view(bias, input.ndim)
    return y


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + alpha * mean of x^2 over ``size`` neighbouring channels) ** beta, as PyTorch."""
    if input.ndim < 3:
        raise ValueError(f"local_response_norm: expected 3 or more dims, got shape {tuple(input.shape)}")
    shape = tuple(input.shape)
    div = (input * input).reshape(shape[0], 1, shape[1], -1)
    div = pad(div, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(div, (size, 1), stride=1).reshape(shape)
    return input / (div * alpha + k) ** beta


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``x / sqrt(mean(x^2) + eps) * weight``, the mean over the trailing ``normalized_shape`` dims;
    eps defaults to the dtype's machine epsilon, as PyTorch."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    n = len(shape)
    if n == 0 or tuple(input.shape[input.ndim - n:]) != shape:
        raise ValueError(f"rms_norm: input of shape {tuple(input.shape)} does not end with normalized_shape {shape}")
    if eps is None:
        eps = float(_np.finfo(_np.float64 if input.dtype == _core.dtype.float64 else _np.float32).eps)
    dims = tuple(range(input.ndim - n, input.ndim))
    y = input * _core.rsqrt((input * input).mean(dims, True) + eps)
    return y if weight is None else y * weight
