"""PyTorch's process-level switches, as PyTorch documents them, with what each means for graphgrad:
determinism (graphgrad's kernels are deterministic for a fixed thread count, so the flag is
stored and reported), the float32 matmul precision (stored; graphgrad's matmul always computes in
full float32), the inter-op thread count (stored; graphgrad runs ops one after another on its one
pool), the print options (honoured by Tensor's repr), ``compile`` (graphgrad runs eagerly: the
model comes back unchanged) and ``get_default_dtype`` (float32, which graphgrad's factories and
layers always use; there is no set_default_dtype)."""
import math as _math

from . import _tensor

__all__ = ["use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled", "set_float32_matmul_precision",
           "get_float32_matmul_precision", "get_num_interop_threads", "set_num_interop_threads", "set_printoptions",
           "compile", "get_default_dtype"]

_STATE = {"deterministic": False, "warn_only": False, "matmul_precision": "highest", "interop_threads": 1}


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Records whether deterministic algorithms are required. graphgrad's are all deterministic for
    a fixed thread count (each reduction splits its work the same way every run), so nothing
    changes and nothing raises."""
    if not isinstance(mode, bool):
        raise TypeError(f"use_deterministic_algorithms: mode must be a bool, got {type(mode).__name__}")
    _STATE["deterministic"], _STATE["warn_only"] = mode, bool(warn_only)


def are_deterministic_algorithms_enabled():
    """Whether use_deterministic_algorithms(True) is in effect."""
    return _STATE["deterministic"]


def is_deterministic_algorithms_warn_only_enabled():
    """Whether use_deterministic_algorithms was called with warn_only=True."""
    return _STATE["warn_only"]


def set_float32_matmul_precision(precision):
    """Records 'highest', 'high' or 'medium'. graphgrad's float32 matmul always accumulates in full
    float32 ('highest'), whatever is set."""
    if precision not in ("highest", "high", "medium"):
        raise ValueError(f"set_float32_matmul_precision: expected 'highest', 'high' or 'medium', got {precision!r}")
    _STATE["matmul_precision"] = precision


def get_float32_matmul_precision():
    """The precision last set with set_float32_matmul_precision ('highest' by default)."""
    return _STATE["matmul_precision"]


def get_num_interop_threads():
    """The inter-op thread count last set (1 by default): graphgrad runs one op at a time, each on
    its intra-op pool (get_num_threads)."""
    return _STATE["interop_threads"]


def set_num_interop_threads(num):
    """Records the inter-op thread count (a positive int); graphgrad's ops run one after another."""
    if not isinstance(num, int) or num < 1:
        raise ValueError(f"set_num_interop_threads: expected a positive int, got {num!r}")
    _STATE["interop_threads"] = num


_PROFILES = {"default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
             "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
             "full": {"precision": 4, "threshold": _math.inf, "edgeitems": 3, "linewidth": 80}}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """How tensors print: ``precision`` digits, summarised (``edgeitems`` per end) above
    ``threshold`` entries, lines of ``linewidth`` characters, ``sci_mode`` True/False to force or
    forbid scientific notation (None: NumPy's choice); ``profile`` 'default', 'short' or 'full'
    sets the first four first. Options not given keep their value (after a profile, its value)."""
    options = _tensor.PRINT_OPTIONS
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: profile must be 'default', 'short' or 'full', got {profile!r}")
        options.update(_PROFILES[profile])
    for name, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None:
            if value < 0:
                raise ValueError(f"set_printoptions: {name} must be non-negative, got {value}")
            options[name] = value
    options["sci_mode"] = sci_mode


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None,  # noqa: A001
            name=None, disable=False, **kwargs):
    """``model`` unchanged (or, called without one, a decorator returning its function unchanged):
    graphgrad runs eagerly and has no compiler, so torch.compile's keyword arguments are accepted
    and have no effect."""
    if model is None:
        return lambda fn: fn
    if not callable(model):
        raise TypeError(f"compile: expected a module or a function, got {type(model).__name__}")
    return model


def get_default_dtype():
    """float32: the dtype of graphgrad's float factories, ``tensor([1.0])`` and layers' parameters."""
    return _tensor.float32
