"""Gradient clipping (``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_``), in place, one C++ call each."""
import math

from ... import _core
from ..._core import Tensor
from ..._tensor import tensor

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_"]


def _grads(parameters):
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def _tensors(tensors):
    return [tensors] if isinstance(tensors, Tensor) else [t for t in tensors if t is not None]


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None, _op="get_total_norm"):
    """The ``norm_type``-norm of the tensors together, as if concatenated into one vector (a 0-d
    tensor of their dtype; 0.0 for none). ``foreach`` is accepted: it is always one C++ call."""
    norm_type = float(norm_type)
    if not norm_type > 0:
        raise ValueError(f"{_op}: norm_type must be > 0 or inf, got {norm_type}")
    tensors = _tensors(tensors)
    if not tensors:
        return tensor(0.0)
    s = _core._group_norm_pow(tensors, norm_type)
    total = s if math.isinf(norm_type) else s ** (1.0 / norm_type)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(f"{_op}: the total norm of order {norm_type} is {total}; set error_if_nonfinite=False "
                           "to go on anyway")
    return tensor(total, dtype=tensors[0].dtype)


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scales the gradients by max_norm / (total_norm + 1e-6) when that is below 1 (total_norm as
    get_total_norm gives it), in place."""
    max_norm = float(max_norm)
    if max_norm < 0:
        raise ValueError(f"clip_grads_with_norm_: max_norm must be >= 0, got {max_norm}")
    grads = _grads(parameters)
    coef = max_norm / (float(total_norm) + 1e-6)
    if grads and coef < 1.0:
        _core._group_scale_(grads, coef)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale the gradients so that their joint ``norm_type``-norm is at most ``max_norm``.

    The norm is taken over all gradients together, as if concatenated into one vector; the
    gradients are multiplied by max_norm / (norm + 1e-6) when that is below 1. Returns the norm
    before clipping (a 0-d tensor of the gradients' dtype).
    """
    if float(max_norm) < 0:
        raise ValueError(f"clip_grad_norm_: max_norm must be >= 0, got {max_norm}")
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    parameters = list(parameters)
    total = get_total_norm(_grads(parameters), norm_type, error_if_nonfinite, _op="clip_grad_norm_")
    clip_grads_with_norm_(parameters, max_norm, total)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The deprecated name of clip_grad_norm_ (PyTorch keeps it; it clips in place too)."""
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite)


def clip_grad_value_(parameters, clip_value):
    """Clamp every gradient element to [−clip_value, clip_value] in place."""
    clip_value = float(clip_value)
    if clip_value < 0:
        raise ValueError(f"clip_grad_value_: clip_value must be >= 0, got {clip_value}")
    grads = _grads(parameters)
    if grads:
        _core._group_clamp_(grads, -clip_value, clip_value)
