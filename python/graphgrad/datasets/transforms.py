"""Image transforms in torchvision's names: ``ToTensor``, ``Normalize``, ``Compose``, ``Lambda``.

They act on one sample (as a Dataset's ``transform`` does): an image is an array (H, W) or (H, W, C)
-- or anything ``numpy.asarray`` reads, such as a PIL image -- and becomes a float32 tensor (C, H, W).
"""
import numpy as np

from .._core import Tensor
from .._tensor import from_numpy, tensor

__all__ = ["Compose", "ToTensor", "Normalize", "Lambda"]


class Compose:
    """Applies the transforms one after the other."""

    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, x):
        for t in self.transforms:
            x = t(x)
        return x

    def __repr__(self):
        return "Compose(" + "".join(f"\n    {t!r}" for t in self.transforms) + "\n)"


class ToTensor:
    """An image (H, W) or (H, W, C) to a float32 tensor (C, H, W); uint8 values are scaled to [0, 1]."""

    def __call__(self, pic):
        a = pic.numpy() if isinstance(pic, Tensor) else np.asarray(pic)
        if a.ndim == 2:
            a = a[:, :, None]
        if a.ndim != 3:
            raise ValueError(f"ToTensor: expected an image of shape (H, W) or (H, W, C), got shape {a.shape}")
        chw = np.ascontiguousarray(a.transpose(2, 0, 1))
        if chw.dtype == np.uint8:
            return from_numpy(chw.astype(np.float32) / np.float32(255))
        return from_numpy(chw if chw.dtype.kind == "f" else chw.astype(np.float32))

    def __repr__(self):
        return "ToTensor()"


class Normalize:
    """``(x - mean[c]) / std[c]`` per channel of a tensor (..., C, H, W)."""

    def __init__(self, mean, std, inplace=False):
        self.mean, self.std, self.inplace = list(np.atleast_1d(mean)), list(np.atleast_1d(std)), inplace
        if any(s == 0 for s in self.std):
            raise ValueError(f"Normalize: std evaluated to zero after conversion to float, leading to division "
                             f"by zero (std={self.std})")

    def __call__(self, x):
        if not isinstance(x, Tensor) or x.ndim < 3:
            raise TypeError(f"Normalize: expected a tensor of shape (..., C, H, W), got "
                            f"{getattr(x, 'shape', type(x).__name__)}")
        mean = tensor(self.mean, dtype=x.dtype).reshape(-1, 1, 1)
        std = tensor(self.std, dtype=x.dtype).reshape(-1, 1, 1)
        if self.inplace:
            return x.sub_(mean).div_(std)
        return (x - mean) / std

    def __repr__(self):
        return f"Normalize(mean={self.mean}, std={self.std})"


class Lambda:
    """A user function as a transform."""

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError(f"Lambda: argument should be callable, got {type(lambd).__name__}")
        self.lambd = lambd

    def __call__(self, x):
        return self.lambd(x)
