"""Pooling, padding, resampling, channel-dropout and reshaping layers with PyTorch's names and
arguments; each forwards to its function in ``functional``."""
import inspect

from .. import functional as F
from .module import Module

__all__ = [
    "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
    "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "MaxUnpool1d", "MaxUnpool2d", "LPPool1d", "LPPool2d",
    "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d", "Dropout1d", "Dropout2d", "Dropout3d", "Unflatten",
    "ZeroPad1d", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d", "ReflectionPad2d",
    "ReplicationPad1d", "ReplicationPad2d", "CircularPad1d", "CircularPad2d",
]


class _Configured(Module):
    """A layer whose constructor arguments (``_args``, with defaults) become attributes and the
    repr, and whose forward calls ``_fn`` with them."""
    _args = ()
    _fn = None

    def __init_subclass__(cls, **kwargs):
        """Gives each layer an ``__init__`` whose signature names its ``_args`` (for ``inspect`` and the docs)."""
        super().__init_subclass__(**kwargs)
        init = cls.__init__

        def __init__(self, *args, **kwargs):
            init(self, *args, **kwargs)
        P = inspect.Parameter
        __init__.__signature__ = inspect.Signature([P("self", P.POSITIONAL_OR_KEYWORD)] + [
            P(k, P.POSITIONAL_OR_KEYWORD, default=P.empty if v is _REQUIRED else v) for k, v in cls._args])
        __init__.__doc__ = init.__doc__
        cls.__init__ = __init__

    def __init__(self, *args, **kwargs):
        super().__init__()
        names = [a for a, _ in self._args]
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}: takes at most {len(names)} arguments, got {len(args)}")
        values = dict(self._args)
        values.update(zip(names, args))
        for k, v in kwargs.items():
            if k not in values:
                raise TypeError(f"{type(self).__name__}: unexpected argument {k!r}")
            values[k] = v
        missing = [k for k in names if values[k] is _REQUIRED]
        if missing:
            raise TypeError(f"{type(self).__name__}: missing argument {missing[0]!r}")
        for k in names:
            setattr(self, k, values[k])

    def _settings(self):
        return {k: getattr(self, k) for k, _ in self._args}

    def forward(self, input):
        """The layer's function applied to ``input`` with the layer's settings."""
        return type(self)._fn(input, **self._settings())

    def extra_repr(self):
        """The settings, as the repr shows them."""
        return ", ".join(f"{k}={v!r}" for k, v in self._settings().items())


_REQUIRED = object()
_MAX = (("kernel_size", _REQUIRED), ("stride", None), ("padding", 0), ("dilation", 1), ("return_indices", False),
        ("ceil_mode", False))
_AVG = (("kernel_size", _REQUIRED), ("stride", None), ("padding", 0), ("ceil_mode", False),
        ("count_include_pad", True))


class MaxPool1d(_Configured):
    """Max over kernel_size windows of (N, C, L) or (C, L) input (stride defaults to kernel_size)."""
    _args, _fn = _MAX, F.max_pool1d


class MaxPool2d(_Configured):
    """Max over kernel_size windows of (N, C, H, W) or (C, H, W) input (stride defaults to kernel_size)."""
    _args, _fn = _MAX, F.max_pool2d


class AvgPool1d(_Configured):
    """Mean over kernel_size windows of (N, C, L) or (C, L) input (stride defaults to kernel_size)."""
    _args, _fn = _AVG, F.avg_pool1d


class AvgPool2d(_Configured):
    """Mean over kernel_size windows of (N, C, H, W) or (C, H, W) input (stride defaults to kernel_size)."""
    _args, _fn = _AVG + (("divisor_override", None),), F.avg_pool2d


class AdaptiveAvgPool1d(_Configured):
    """Mean pooling to a fixed output length ``output_size`` whatever the input's length."""
    _args, _fn = (("output_size", _REQUIRED),), F.adaptive_avg_pool1d


class AdaptiveAvgPool2d(_Configured):
    """Mean pooling to a fixed (H, W) ``output_size`` whatever the input's size."""
    _args, _fn = (("output_size", _REQUIRED),), F.adaptive_avg_pool2d


class AdaptiveMaxPool1d(_Configured):
    """Max pooling to a fixed output length ``output_size`` (with the argmax indices if asked)."""
    _args, _fn = (("output_size", _REQUIRED), ("return_indices", False)), F.adaptive_max_pool1d


class AdaptiveMaxPool2d(_Configured):
    """Max pooling to a fixed (H, W) ``output_size`` (with the argmax indices if asked)."""
    _args, _fn = (("output_size", _REQUIRED), ("return_indices", False)), F.adaptive_max_pool2d


class _MaxUnpool(_Configured):
    _args = (("kernel_size", _REQUIRED), ("stride", None), ("padding", 0))

    def forward(self, input, indices, output_size=None):
        """Puts each value of ``input`` back at its max-pooling ``indices``; zeros elsewhere."""
        return type(self)._fn(input, indices, **self._settings(), output_size=output_size)


class MaxUnpool1d(_MaxUnpool):
    """The partial inverse of MaxPool1d: the maxima at their indices, zeros elsewhere."""
    _fn = F.max_unpool1d


class MaxUnpool2d(_MaxUnpool):
    """The partial inverse of MaxPool2d: the maxima at their indices, zeros elsewhere."""
    _fn = F.max_unpool2d


_LP = (("norm_type", _REQUIRED), ("kernel_size", _REQUIRED), ("stride", None), ("ceil_mode", False))


class LPPool1d(_Configured):
    """Power-average pooling: (sum over each window of x^p)^(1/p), p = norm_type."""
    _args, _fn = _LP, F.lp_pool1d


class LPPool2d(_Configured):
    """Power-average pooling over 2-d windows: (sum of x^p)^(1/p), p = norm_type."""
    _args, _fn = _LP, F.lp_pool2d


class Upsample(_Configured):
    """Resizes the spatial dims (F.interpolate): mode 'nearest', 'linear', 'bilinear' or 'trilinear'."""
    _args = (("size", None), ("scale_factor", None), ("mode", "nearest"), ("align_corners", None))
    _fn = F.interpolate


class UpsamplingNearest2d(Upsample):
    """Upsample with mode='nearest' (to ``size`` or by ``scale_factor``)."""
    _args = (("size", None), ("scale_factor", None))

    def _settings(self):
        return dict(super()._settings(), mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Upsample with mode='bilinear' and align_corners=True."""
    _args = (("size", None), ("scale_factor", None))

    def _settings(self):
        return dict(super()._settings(), mode="bilinear", align_corners=True)


_DROP = (("p", 0.5), ("inplace", False))


class _ChannelDropout(_Configured):
    _args = _DROP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not 0.0 <= self.p <= 1.0:
            raise ValueError(f"{type(self).__name__}: probability p must be in [0, 1], got {self.p}")

    def forward(self, input):
        """Drops whole channels of ``input`` while training; the identity in eval mode."""
        return type(self)._fn(input, self.p, self.training)


class Dropout1d(_ChannelDropout):
    """Zeroes whole channels with probability p (scaling the others by 1 / (1 - p)) while training."""
    _fn = F.dropout1d


class Dropout2d(_ChannelDropout):
    """Zeroes whole (H, W) channels of (N, C, H, W) input with probability p while training (others x 1/(1-p))."""
    _fn = F.dropout2d


class Dropout3d(_ChannelDropout):
    """Zeroes whole (D, H, W) channels of (N, C, D, H, W) input with probability p while training."""
    _fn = F.dropout3d


class Unflatten(Module):
    """Splits dim ``dim`` into ``unflattened_size``."""

    def __init__(self, dim, unflattened_size):
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input):
        """``input`` reshaped with dim ``dim`` split into ``unflattened_size``."""
        d = self.dim + input.ndim if self.dim < 0 else self.dim
        shape = tuple(input.shape)
        return input.reshape(*shape[:d], *self.unflattened_size, *shape[d + 1:])

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class _Pad(Module):
    """Pads the last dims of the input (``padding``: an int or (left, right[, top, bottom]) ints)."""
    _mode, _dims = "constant", 2

    def __init__(self, padding, value=0.0):
        super().__init__()
        n = 2 * self._dims
        self.padding = (padding,) * n if isinstance(padding, int) else tuple(padding)
        if len(self.padding) != n:
            raise ValueError(f"{type(self).__name__}: padding must be an int or {n} ints, got {padding!r}")
        self.value = value

    def forward(self, input):
        """``F.pad(input, padding, mode)``."""
        return F.pad(input, self.padding, self._mode, self.value if self._mode == "constant" else None)

    def extra_repr(self):
        return f"{self.padding}" + (f", value={self.value}" if self._mode == "constant" else "")


def _pad_class(name, mode, dims, constant=False):
    if constant:
        def __init__(self, padding, value):
            _Pad.__init__(self, padding, value)
    elif mode == "constant":
        def __init__(self, padding):
            _Pad.__init__(self, padding, 0.0)
    else:
        def __init__(self, padding):
            _Pad.__init__(self, padding)
    return type(name, (_Pad,), {"_mode": mode, "_dims": dims, "__init__": __init__,
                                "__doc__": f"F.pad with mode={mode!r} over the last {dims} dim(s)."})


ZeroPad1d = _pad_class("ZeroPad1d", "constant", 1)
ZeroPad2d = _pad_class("ZeroPad2d", "constant", 2)
ConstantPad1d = _pad_class("ConstantPad1d", "constant", 1, constant=True)
ConstantPad2d = _pad_class("ConstantPad2d", "constant", 2, constant=True)
ReflectionPad1d = _pad_class("ReflectionPad1d", "reflect", 1)
ReflectionPad2d = _pad_class("ReflectionPad2d", "reflect", 2)
ReplicationPad1d = _pad_class("ReplicationPad1d", "replicate", 1)
ReplicationPad2d = _pad_class("ReplicationPad2d", "replicate", 2)
CircularPad1d = _pad_class("CircularPad1d", "circular", 1)
CircularPad2d = _pad_class("CircularPad2d", "circular", 2)
