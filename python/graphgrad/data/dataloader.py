"""``DataLoader``: batches from a dataset, in the calling process or in worker processes, with the
arguments and semantics of ``torch.utils.data.DataLoader``.

The main process owns the sampler, so the batches (and their order) are the same for any
``num_workers``. graphgrad extensions: ``seed``/``rank``/``world_size`` build a
``DistributedSampler`` (an order that depends on the seed and the epoch only, sharded over ranks;
``set_epoch`` replays an epoch), and datasets with ``__getbatch__`` serve a collated batch in one call.
"""
from .collate import default_collate, default_convert
from .dataset import IterableDataset
from .sampler import BatchSampler, DistributedSampler, RandomSampler, SequentialSampler

__all__ = ["DataLoader"]


class _MapFetcher:
    """One batch (or one sample without auto-batching) from a map-style dataset."""

    def __init__(self, dataset, auto_collation, collate_fn):
        self.dataset, self.auto_collation, self.collate_fn = dataset, auto_collation, collate_fn
        getbatch = getattr(dataset, "__getbatch__", None)
        self.getbatch = getbatch if callable(getbatch) and collate_fn is default_collate else None
        getitems = getattr(dataset, "__getitems__", None)
        self.getitems = getitems if callable(getitems) else None

    def fetch(self, index):
        if not self.auto_collation:
            return self.collate_fn(self.dataset[index])
        if self.getbatch is not None:
            return self.getbatch(index)
        data = self.getitems(index) if self.getitems is not None else [self.dataset[i] for i in index]
        return self.collate_fn(data)


class _IterableFetcher:
    """The next batch (or sample) from an iterable dataset's iterator; StopIteration at its end."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.it, self.auto_collation, self.collate_fn, self.drop_last = iter(dataset), auto_collation, collate_fn, drop_last
        self.ended = False

    def fetch(self, batch_size):
        if self.ended:
            raise StopIteration
        if not self.auto_collation:
            return self.collate_fn(next(self.it))
        data = []
        for item in self.it:
            data.append(item)
            if len(data) == batch_size:
                break
        if not data or (len(data) < batch_size and self.drop_last):
            self.ended = True
            raise StopIteration
        return self.collate_fn(data)


def _spec(loader):
    """What a worker needs to build the loader's fetcher (sent to it once, at its start)."""
    return loader.dataset, loader._auto_collation, loader.collate_fn, loader.drop_last


def _make_fetcher(dataset, auto_collation, collate_fn, drop_last):
    if isinstance(dataset, IterableDataset):
        return _IterableFetcher(dataset, auto_collation, collate_fn, drop_last)
    return _MapFetcher(dataset, auto_collation, collate_fn)


class DataLoader:
    """Iterates over ``dataset`` in batches (see ``torch.utils.data.DataLoader`` for the arguments).

    ``pin_memory`` is accepted and changes nothing (CPU memory is all there is); ``timeout`` bounds
    the wait for a worker's batch, in seconds (0: no bound; a dead worker is detected either way).

    Not in PyTorch: ``seed`` fixes the order of every shuffled epoch (epoch e draws the permutation
    of (seed, e), each pass advances e, and ``set_epoch(e)`` replays one: a resumed run sees the
    same batches), and ``rank`` / ``world_size`` give this process its share of each epoch's order,
    as ``DistributedSampler`` does (data-parallel training; ``batch_size`` is then per rank).

    >>> data = gg.data.TensorDataset(gg.arange(10.0), gg.arange(10))
    >>> [len(x) for x, y in gg.data.DataLoader(data, batch_size=4)]
    [4, 4, 2]
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True, seed=None, rank=0, world_size=1):
        if not isinstance(num_workers, int) or num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing. "
                             "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None.")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        prefetch_factor = 2 if prefetch_factor is None and num_workers > 0 else prefetch_factor
        if prefetch_factor is not None and prefetch_factor < 1:
            raise ValueError(f"prefetch_factor must be at least 1, got {prefetch_factor}")
        if isinstance(dataset, IterableDataset):
            if shuffle not in (None, False):
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, "
                                 f"but got shuffle={shuffle}")
            if sampler is not None or batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler and "
                                 "batch_sampler options")
        elif not (hasattr(dataset, "__getitem__") and hasattr(dataset, "__len__")):
            raise TypeError(f"DataLoader: {type(dataset).__name__} is neither a map-style dataset "
                            "(__getitem__ and __len__) nor an IterableDataset")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None:
            if drop_last:
                raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                                 "drop_last")
        elif isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive integer or None, got {batch_size!r}")
        if sampler is None and not isinstance(dataset, IterableDataset):
            if seed is not None or world_size != 1 or rank != 0:
                sampler = _EpochSampler(dataset, num_replicas=world_size, rank=rank, shuffle=bool(shuffle),
                                             seed=_draw_seed() if seed is None else seed, drop_last=drop_last)
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and sampler is not None:
            batch_sampler = BatchSampler(sampler, batch_size, bool(drop_last))
        self.dataset, self.batch_size, self.drop_last = dataset, batch_size, bool(drop_last)
        self.sampler, self.batch_sampler, self.generator = sampler, batch_sampler, generator
        self.num_workers, self.pin_memory, self.timeout = num_workers, bool(pin_memory), timeout
        self.worker_init_fn, self.multiprocessing_context = worker_init_fn, multiprocessing_context
        self.prefetch_factor, self.persistent_workers = prefetch_factor, bool(persistent_workers)
        self.pin_memory_device, self.in_order = pin_memory_device, in_order
        self._auto_collation = batch_sampler is not None or (isinstance(dataset, IterableDataset)
                                                             and batch_size is not None)
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self._workers = None  # the persistent workers, once started

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def set_epoch(self, epoch):
        """Forwards to the sampler's ``set_epoch`` (a DistributedSampler's epoch: replays its order)."""
        self.sampler.set_epoch(epoch)

    def __len__(self):
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)  # TypeError when the stream has no length, as in PyTorch
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self._index_sampler)

    def __iter__(self):
        # One draw per epoch in every mode, as PyTorch: it seeds the workers, and drawing it without
        # workers too keeps the generator's stream (so the shuffled order) the same for any num_workers.
        base_seed = self.generator.random_seed() if self.generator is not None else _draw_seed()
        if self.num_workers == 0:
            return self._single_process()
        from .worker import MultiProcessIterator
        if not self.persistent_workers:
            return iter(MultiProcessIterator(self, base_seed))
        if self._workers is None or not self._workers.alive:
            self._workers = MultiProcessIterator(self, base_seed)
        else:
            self._workers.reset()
        return iter(self._workers)

    def _single_process(self):
        fetcher = _make_fetcher(*_spec(self))
        if isinstance(self.dataset, IterableDataset):
            while True:
                try:
                    yield fetcher.fetch(self.batch_size)
                except StopIteration:
                    return
        for index in self._index_sampler:
            yield fetcher.fetch(index)


class _EpochSampler(DistributedSampler):
    """The sampler of ``DataLoader(seed=...)``: each pass uses the current epoch, then advances it."""

    def __iter__(self):
        it = super().__iter__()
        self.epoch += 1
        return it


def _draw_seed():
    from .._tensor import randint
    return int(randint(0, 2**62, size=()).item())
