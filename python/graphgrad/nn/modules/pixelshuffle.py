"""The channel-rearranging layers, as torch.nn.modules.pixelshuffle and .channelshuffle: each holds
its factor and calls its nn.functional function."""
from .. import functional as F
from .module import Module

__all__ = ["PixelShuffle", "PixelUnshuffle", "ChannelShuffle"]


class _Rearrange(Module):
    _fn, _setting = None, None

    def __init__(self, factor):
        super().__init__()
        setattr(self, self._setting, factor)

    def forward(self, input):
        return type(self)._fn(input, getattr(self, self._setting))

    def extra_repr(self):
        return f"{self._setting}={getattr(self, self._setting)}"


class PixelShuffle(_Rearrange):
    """(*, C r^2, H, W) -> (*, C, H r, W r), r = upscale_factor (the sub-pixel convolution's output)."""
    _fn, _setting = staticmethod(F.pixel_shuffle), "upscale_factor"

    def __init__(self, upscale_factor):
        super().__init__(upscale_factor)


class PixelUnshuffle(_Rearrange):
    """(*, C, H r, W r) -> (*, C r^2, H, W), r = downscale_factor: PixelShuffle's inverse."""
    _fn, _setting = staticmethod(F.pixel_unshuffle), "downscale_factor"

    def __init__(self, downscale_factor):
        super().__init__(downscale_factor)


class ChannelShuffle(_Rearrange):
    """(N, C, *) with its channels interleaved across ``groups`` (ShuffleNet)."""
    _fn, _setting = staticmethod(F.channel_shuffle), "groups"

    def __init__(self, groups):
        super().__init__(groups)
