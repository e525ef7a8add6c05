"""Datasets and mini-batch loading.

A batch is fetched with one fancy-indexing call per array (``array[indices]``), never with a
per-sample Python loop and a collate step: that is what keeps data loading out of the profile of
a small MLP, where PyTorch's per-sample ``DataLoader`` can cost as much as the model.

Shuffling is reproducible: the order of epoch ``e`` is a permutation drawn from
``numpy.random.default_rng((seed, e))``, so it depends only on the seed and the epoch number (not on
how many batches an earlier run consumed), and a resumed run sees the same batches as an
uninterrupted one after ``set_epoch``.
"""
import numpy as np

from ._core import Tensor
from ._tensor import from_numpy

__all__ = ["Dataset", "TensorDataset", "DataLoader"]


class Dataset:
    """A map-style dataset that serves whole batches.

    Subclasses implement ``__len__`` and ``__getitems__(indices)``, which receives a slice or a 1-D
    int64 NumPy array of indices (anything NumPy indexing accepts) and returns a tuple of arrays or tensors whose first axis is the batch.
    ``dataset[i]`` (one sample) is derived from it.
    """

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")

    def __getitems__(self, indices):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitems__(indices)")

    def __getitem__(self, i):
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"{type(self).__name__}: index {i} is out of range for {n} samples")
        return tuple(x[0] for x in self.__getitems__(np.array([i % n], dtype=np.int64)))


def _as_array(x, k):
    if isinstance(x, Tensor):
        return x.detach().numpy()
    if isinstance(x, np.ndarray):
        return x
    raise TypeError(f"TensorDataset: argument {k} is a {type(x).__name__}; expected a Tensor or a numpy.ndarray")


class TensorDataset(Dataset):
    """Samples are rows of the given tensors or arrays, which share their first dimension.

    Batches come back as graphgrad tensors; rows are gathered with NumPy fancy indexing, and a
    contiguous run of rows (an unshuffled batch) is a zero-copy view.
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset: needs at least one tensor")
        self.arrays = [_as_array(x, k) for k, x in enumerate(tensors)]
        sizes = [a.shape[0] if a.ndim else None for a in self.arrays]
        if None in sizes or len(set(sizes)) != 1:
            shapes = ", ".join(str(tuple(a.shape)) for a in self.arrays)
            raise ValueError(f"TensorDataset: tensors must share a non-empty first dimension; got shapes {shapes}")

    def __len__(self):
        return self.arrays[0].shape[0]

    def __getitems__(self, indices):
        return tuple(from_numpy(a[indices]) for a in self.arrays)


class DataLoader:
    """Iterates over a dataset in mini-batches, like ``torch.utils.data.DataLoader``.

    Every sample appears exactly once per epoch (the last batch is smaller unless ``drop_last``).
    With ``shuffle`` the order is redrawn each epoch from ``seed`` and the epoch number; with
    ``seed=None`` a seed is drawn once from graphgrad's global generator, so ``gg.manual_seed``
    makes the whole run reproducible.

    ``rank``/``world_size`` shard each epoch for data-parallel training the way PyTorch's
    ``DistributedSampler`` does: all ranks draw the same permutation, rank ``r`` takes positions
    ``r, r + world_size, ...``; the permutation is padded by wrapping around (or truncated with
    ``drop_last``) so that every rank gets the same number of samples.
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, seed=None, rank=0, world_size=1):
        if not hasattr(dataset, "__getitems__"):
            raise TypeError(f"DataLoader: {type(dataset).__name__} has no __getitems__(indices); "
                            "derive it from graphgrad.data.Dataset or use TensorDataset")
        if int(batch_size) < 1:
            raise ValueError(f"DataLoader: batch_size must be at least 1, got {batch_size}")
        if int(world_size) < 1 or not 0 <= int(rank) < int(world_size):
            raise ValueError(f"DataLoader: need 0 <= rank < world_size, got rank={rank}, world_size={world_size}")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.rank, self.world_size = int(rank), int(world_size)
        if seed is None:
            from ._tensor import randint
            seed = int(randint(0, 2**62, size=()).item())
        self.seed = int(seed)
        self.epoch = 0

    def set_epoch(self, epoch):
        """The epoch whose order the next iteration uses (for resuming, as in DistributedSampler)."""
        self.epoch = int(epoch)

    def _num_samples(self):
        n = len(self.dataset)
        if self.world_size == 1:
            return n
        return n // self.world_size if self.drop_last else -(-n // self.world_size)

    def _indices(self, epoch):
        """This rank's sample order for one epoch, or None when it is plain 0..n-1."""
        n = len(self.dataset)
        if not self.shuffle and self.world_size == 1:
            return None
        order = np.random.default_rng((self.seed, epoch)).permutation(n) if self.shuffle else np.arange(n)
        total = self._num_samples() * self.world_size
        if total > n:  # pad by wrapping around so that every rank gets the same count
            order = np.resize(order, total)
        return order[self.rank:total:self.world_size]

    def __len__(self):
        m = self._num_samples()
        return m // self.batch_size if self.drop_last else -(-m // self.batch_size)

    def __iter__(self):
        epoch, self.epoch = self.epoch, self.epoch + 1
        order = self._indices(epoch)
        bs = self.batch_size
        for b in range(len(self)):
            sel = slice(b * bs, (b + 1) * bs)
            yield self.dataset.__getitems__(sel if order is None else order[sel])
