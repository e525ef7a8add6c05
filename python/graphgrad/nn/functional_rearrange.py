"""The channel rearrangements of ``torch.nn.functional``: pixel_shuffle and pixel_unshuffle (the
sub-pixel convolution's depth <-> space moves) and channel_shuffle (ShuffleNet's); each is one
reshape, permute and reshape, so the gradient is the inverse rearrangement. Re-exported by ``functional``."""
__all__ = ["pixel_shuffle", "pixel_unshuffle", "channel_shuffle"]


def _factor(op, name, value):
    if not isinstance(value, int) or value <= 0:
        raise ValueError(f"{op}: {name} must be a positive int, got {value!r}")
    return value


def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r) with r = upscale_factor: each group of r^2 channels
    becomes an r x r block of pixels."""
    r = _factor("pixel_shuffle", "upscale_factor", upscale_factor)
    if input.dim() < 3 or input.shape[-3] % (r * r):
        raise ValueError(f"pixel_shuffle: expected (*, C * {r * r}, H, W) input, got shape {tuple(input.shape)}")
    *batch, c, h, w = input.shape
    b = len(batch)
    x = input.reshape(*batch, c // (r * r), r, r, h, w)
    x = x.permute(*range(b), b, b + 3, b + 1, b + 4, b + 2)
    return x.reshape(*batch, c // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H r, W r) -> (*, C r^2, H, W) with r = downscale_factor: pixel_shuffle's inverse."""
    r = _factor("pixel_unshuffle", "downscale_factor", downscale_factor)
    if input.dim() < 3 or input.shape[-2] % r or input.shape[-1] % r:
        raise ValueError(f"pixel_unshuffle: expected (*, C, H * {r}, W * {r}) input, got shape "
                         f"{tuple(input.shape)}")
    *batch, c, h, w = input.shape
    b = len(batch)
    x = input.reshape(*batch, c, h // r, r, w // r, r)
    x = x.permute(*range(b), b, b + 2, b + 4, b + 1, b + 3)
    return x.reshape(*batch, c * r * r, h // r, w // r)


def channel_shuffle(input, groups):
    """(N, C, *) with the channels seen as (groups, C / groups) transposed to (C / groups, groups)."""
    g = _factor("channel_shuffle", "groups", groups)
    if input.dim() < 3 or input.shape[1] % g:
        raise ValueError(f"channel_shuffle: expected (N, C, *) input with C divisible by groups={g}, got shape "
                         f"{tuple(input.shape)}")
    n, c, *rest = input.shape
    return input.reshape(n, g, c // g, *rest).transpose(1, 2).reshape(n, c, *rest)
