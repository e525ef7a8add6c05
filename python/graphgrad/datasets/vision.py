"""MNIST and Fashion-MNIST as map-style Datasets in torchvision's shape:
``MNIST(root, train=True, transform=None, target_transform=None, download=False)``.

The four IDX files are looked up in ``root/<ClassName>/raw`` (torchvision's layout) and in ``root``
itself (for MNIST also where ``load_mnist`` looks), checked against their MD5 sums, and with
``download=True`` fetched from the mirrors into ``root/<ClassName>/raw``. A sample is
``(image, label)``: the image a uint8 array (28, 28) unless ``transform`` changes it (for example
``transforms.ToTensor()``), the label an int.
"""
import os

import numpy as np

from .. import datasets as _ds
from ..data.collate import default_collate
from ..data.dataset import Dataset
from .._tensor import from_numpy

__all__ = ["MNIST", "FashionMNIST"]


class MNIST(Dataset):
    """The MNIST digits as torchvision's dataset: ``MNIST(root, train=True, transform=None,
    target_transform=None, download=False)``; item i is (image, label), the image a 28x28 uint8
    array (or ``transform(image)``), the label an int. Files are looked for under root/MNIST/raw
    (and the cache ``graphgrad fetch`` fills); ``download=True`` fetches them, checked by MD5.
    """
    resources = _ds.MNIST_FILES
    mirrors = _ds.MNIST_MIRRORS
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven",
               "8 - eight", "9 - nine"]

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        self.root, self.train = os.fspath(root), bool(train)
        self.transform, self.target_transform = transform, target_transform
        folder = self._find(download)
        prefix = "train" if self.train else "t10k"
        self.data = _ds.read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"))
        self.targets = _ds.read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
        if len(self.data) != len(self.targets):
            raise ValueError(f"{type(self).__name__}: {len(self.data)} images but {len(self.targets)} labels")

    @property
    def raw_folder(self):
        """root/<class name>/raw, where the IDX files are looked for and downloaded to."""
        return os.path.join(self.root, type(self).__name__, "raw")

    def _search(self):
        extra = [d for _, d in _ds._candidates(None)] if type(self) is MNIST else []
        return [self.raw_folder, self.root] + extra

    def _find(self, download):
        searched = self._search()
        for d in searched:
            if _ds._verified(d, self.resources):
                return d
        errors = _ds._download(self.raw_folder, 20.0, self.resources, self.mirrors) if download else []
        if download and not errors and _ds._verified(self.raw_folder, self.resources):
            return self.raw_folder
        why = ("; downloading failed: " + "; ".join(errors[-2:])) if errors else \
            ". You can use download=True to download it"
        raise RuntimeError(f"{type(self).__name__}: dataset not found in {', '.join(searched)}{why}")

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __getbatch__(self, indices):
        """Without transforms, a batch is gathered in one call (images as int64, labels int64)."""
        if self.transform is not None or self.target_transform is not None:
            return default_collate([self[i] for i in indices])
        idx = np.asarray(indices, dtype=np.int64)
        return [from_numpy(self.data[idx]), from_numpy(self.targets[idx])]

    def __repr__(self):
        return (f"Dataset {type(self).__name__}\n    Number of datapoints: {len(self)}\n    Root location: "
                f"{self.root}\n    Split: {'Train' if self.train else 'Test'}")


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST (28x28 grey images of 10 kinds of clothing), with MNIST's interface."""
    resources = {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    }
    mirrors = ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",)
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]
