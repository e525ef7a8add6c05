"""Datasets in PyTorch's shapes: map-style (``__getitem__``/``__len__``) and iterable.

Besides PyTorch's optional ``__getitems__(indices)`` (a list of samples, one call per batch), a
graphgrad dataset may define ``__getbatch__(indices)``: the batch already collated, as
``default_collate`` would build it. The DataLoader uses it when the collate function is the default
one; ``TensorDataset`` gathers a batch with one NumPy fancy-indexing call per array, so loading
never becomes a per-sample Python loop in the profile of a small model.
"""
import bisect

import numpy as np

from .._core import Tensor
from .._tensor import from_numpy

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset", "ChainDataset", "random_split"]


class Dataset:
    """A map-style dataset: subclasses implement ``__getitem__(i)`` and usually ``__len__`` (not
    defined here, as in PyTorch, so that ``len()`` of a dataset without one is a TypeError)."""

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A dataset that is a stream: subclasses implement ``__iter__``. With worker processes every
    worker iterates its own copy; shard it with ``graphgrad.data.get_worker_info()``."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")

    def __getitem__(self, index):
        raise TypeError(f"{type(self).__name__} is an IterableDataset: it is iterated, not indexed")

    def __add__(self, other):
        return ChainDataset([self, other])


def _as_array(x, k):
    if isinstance(x, Tensor):
        return x.detach().numpy()
    if isinstance(x, np.ndarray):
        return x
    raise TypeError(f"TensorDataset: argument {k} is a {type(x).__name__}; expected a Tensor or a numpy.ndarray")


class TensorDataset(Dataset):
    """Samples are rows of the given tensors or arrays, which share their first dimension.

    ``dataset[i]`` is a tuple of tensors (one row of each); ``__getbatch__`` gathers a whole batch
    with one fancy-indexing call per array. Batches are copies, never views of the data.
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset: needs at least one tensor")
        self.arrays = [_as_array(x, k) for k, x in enumerate(tensors)]
        sizes = [a.shape[0] if a.ndim else None for a in self.arrays]
        if None in sizes or len(set(sizes)) != 1:
            shapes = ", ".join(str(tuple(a.shape)) for a in self.arrays)
            raise ValueError(f"TensorDataset: tensors must share a non-empty first dimension; got shapes {shapes}")

    @property
    def tensors(self):
        """The tensors the dataset was made of, sharing the memory of its arrays."""
        return tuple(from_numpy(a) for a in self.arrays)

    def __len__(self):
        return self.arrays[0].shape[0]

    def _index(self, index):
        n = len(self)
        if not -n <= index < n:
            raise IndexError(f"TensorDataset: index {index} is out of range for {n} samples")
        return index

    def __getitem__(self, index):
        index = self._index(int(index))
        return tuple(from_numpy(np.array(a[index])) for a in self.arrays)

    def __getitems__(self, indices):
        return [self[i] for i in indices]

    def __getbatch__(self, indices):
        idx = np.asarray(indices, dtype=np.int64).reshape(-1)
        n = len(self)
        if idx.size and (idx.min() < -n or idx.max() >= n):
            bad = idx[(idx < -n) | (idx >= n)][0]
            raise IndexError(f"TensorDataset: index {bad} is out of range for {n} samples")
        return [from_numpy(a[idx]) for a in self.arrays]  # fancy indexing copies


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __len__(self):
        return len(self.indices)

    def _inner(self, indices):
        return [self.indices[int(i)] for i in indices]

    def __getitem__(self, index):
        if isinstance(index, list):
            return self.dataset[self._inner(index)]
        return self.dataset[self.indices[index]]

    def __getitems__(self, indices):
        inner = self._inner(indices)
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.dataset.__getitems__(inner)
        return [self.dataset[i] for i in inner]

    def __getbatch__(self, indices):
        from .collate import default_collate
        if callable(getattr(self.dataset, "__getbatch__", None)):
            return self.dataset.__getbatch__(self._inner(indices))
        return default_collate(self.__getitems__(indices))


class ConcatDataset(Dataset):
    """The samples of several map-style datasets one after the other."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise TypeError("ConcatDataset does not support IterableDataset (use ChainDataset)")
        self.cumulative_sizes = np.cumsum([len(d) for d in self.datasets]).tolist()

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, index):
        n = len(self)
        if index < 0:
            if -index > n:
                raise ValueError(f"ConcatDataset: absolute value of index {index} should not exceed length {n}")
            index += n
        if index >= n:
            raise IndexError(f"ConcatDataset: index {index} is out of range for {n} samples")
        k = bisect.bisect_right(self.cumulative_sizes, index)
        return self.datasets[k][index - (self.cumulative_sizes[k - 1] if k else 0)]


class ChainDataset(IterableDataset):
    """Several iterable datasets chained into one stream."""

    def __init__(self, datasets):
        self.datasets = list(datasets)

    def __iter__(self):
        for d in self.datasets:
            yield from d

    def __len__(self):
        return sum(len(d) for d in self.datasets)


def random_split(dataset, lengths, generator=None):
    """Non-overlapping random Subsets of the given lengths (or fractions summing to 1, the remainder
    spread round-robin as PyTorch does); the permutation comes from ``generator`` or the global one."""
    from .sampler import _permutation
    n = len(dataset)
    lengths = list(lengths)
    if lengths and all(0 <= f <= 1 for f in lengths) and abs(sum(lengths) - 1) < 1e-9 and sum(lengths) != n:
        counts = [int(np.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if any(int(k) != k or k < 0 for k in lengths) or sum(lengths) != n:
        raise ValueError(f"random_split: sum of input lengths {sum(lengths)} does not equal the length of the "
                         f"input dataset ({n})")
    order = _permutation(n, generator).tolist()
    bounds = np.cumsum([0] + [int(k) for k in lengths]).tolist()
    return [Subset(dataset, order[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
