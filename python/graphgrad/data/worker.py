"""Worker processes for ``DataLoader(num_workers > 0)``, as in PyTorch.

The main process draws the batch indices and sends each batch's indices to one worker (round robin,
``prefetch_factor`` batches per worker in flight); a worker fetches and collates the batch and sends
it back through one shared result queue (tensors pickle through their NumPy bytes). Batches are
delivered in the sampler's order, so they equal those of ``num_workers=0``. A worker's exception is
re-raised in the main process with the worker's traceback; a worker that dies is reported as a
RuntimeError instead of a hang. Iterable datasets are iterated by each worker on its own copy.
"""
import itertools
import os
import queue
import random
import sys
import time
import traceback
import weakref

import numpy as np

__all__ = ["WorkerInfo", "get_worker_info"]

_POLL = 1.0  # seconds between liveness checks while waiting


class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker: ``id``, ``num_workers``, ``seed``, ``dataset``."""

    def __init__(self, id, num_workers, seed, dataset):
        self.id, self.num_workers, self.seed, self.dataset = id, num_workers, seed, dataset

    def __repr__(self):
        return f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed})"


_worker_info = None


def get_worker_info():
    """The current worker's ``WorkerInfo``; None in the main process."""
    return _worker_info


class _ExceptionWrapper:
    """An exception raised in a worker, carried to the main process with its formatted traceback."""

    def __init__(self, where):
        kind, value, tb = sys.exc_info()
        self.exc_type, self.where = kind, where
        self.text = "".join(traceback.format_exception(kind, value, tb))

    def reraise(self):
        msg = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.text}"
        # A StopIteration would end the caller's loop silently: a RuntimeError, as PEP 479 makes it.
        kind = RuntimeError if issubclass(self.exc_type, StopIteration) else self.exc_type
        try:
            exc = kind(msg)
        except Exception:  # an exception type whose constructor wants other arguments
            exc = RuntimeError(msg)
        raise exc


class _Stopped:
    """An iterable dataset's copy in worker ``worker_id`` is exhausted."""

    def __init__(self, worker_id):
        self.worker_id = worker_id


class _ResetAck:
    """Worker ``worker_id`` has started a new epoch (persistent workers)."""

    def __init__(self, worker_id):
        self.worker_id = worker_id


def _worker_loop(spec, index_queue, data_queue, worker_id, num_workers, seed, init_fn):
    global _worker_info
    from .._core import manual_seed
    from .dataloader import _make_fetcher
    from .dataset import IterableDataset
    iterable = isinstance(spec[0], IterableDataset)
    manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, spec[0])
    parent = os.getppid()
    data_queue.cancel_join_thread()  # never block this process's exit on unread results
    init_error, fetcher = None, None
    try:
        if init_fn is not None:
            init_fn(worker_id)
        fetcher = _make_fetcher(*spec)
    except Exception:
        init_error = _ExceptionWrapper(f"in DataLoader worker process {worker_id}")
    ended = False
    while True:
        try:
            msg = index_queue.get(timeout=_POLL)
        except queue.Empty:
            if os.getppid() != parent:  # the main process is gone
                return
            continue
        if msg is None:
            return
        if msg[0] == "reset":
            ended = False
            if init_error is None:
                fetcher = _make_fetcher(*spec)
            data_queue.put((None, _ResetAck(worker_id)))
            continue
        _, idx, index = msg
        if init_error is not None:
            data, init_error = init_error, None
        elif ended:
            continue
        else:
            try:
                data = fetcher.fetch(index)
            except StopIteration:
                if iterable:  # this worker's copy of the dataset is exhausted
                    data, ended = _Stopped(worker_id), True
                else:  # a map-style dataset's StopIteration is an error like any other
                    data = _ExceptionWrapper(f"in DataLoader worker process {worker_id}")
            except Exception:
                data = _ExceptionWrapper(f"in DataLoader worker process {worker_id}")
        data_queue.put((idx, data))


def _shutdown(workers, index_queues):
    for q in index_queues:
        try:
            q.put(None)
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + 5.0
    for w in workers:
        w.join(max(0.0, deadline - time.monotonic()))
        if w.is_alive():
            w.terminate()
            w.join()
    for q in index_queues:
        q.cancel_join_thread()
        q.close()


class MultiProcessIterator:
    def __init__(self, loader, base_seed):
        import multiprocessing  # here: it costs `import graphgrad` tens of milliseconds
        from .dataloader import _spec
        ctx = loader.multiprocessing_context
        ctx = multiprocessing.get_context(ctx) if isinstance(ctx, str) or ctx is None else ctx
        self.loader, self.n = loader, loader.num_workers
        self.data_queue = ctx.Queue()
        self.index_queues, self.workers = [], []
        for i in range(self.n):
            q = ctx.Queue()
            w = ctx.Process(target=_worker_loop, daemon=True,
                            args=(_spec(loader), q, self.data_queue, i, self.n, base_seed + i, loader.worker_init_fn))
            w.start()
            self.index_queues.append(q)
            self.workers.append(w)
        self._finalizer = weakref.finalize(self, _shutdown, self.workers, self.index_queues)
        self._start_epoch()

    def _start_epoch(self):
        loader = self.loader
        sampler = loader._index_sampler
        self.indices = iter(sampler) if sampler is not None else itertools.repeat(loader.batch_size)
        self.send_idx = self.rcvd_idx = 0
        self.tasks = {}  # batch number -> [worker id] or [worker id, data]
        self.active = [True] * self.n
        self.cycle = itertools.cycle(range(self.n))
        for _ in range(loader.prefetch_factor * self.n):
            self._put_index()

    def reset(self):
        """A new epoch on the same (persistent) workers; results of an unfinished epoch are dropped."""
        for q in self.index_queues:
            q.put(("reset",))
        acked = 0
        while acked < self.n:
            _, data = self._get()
            acked += isinstance(data, _ResetAck)
        self._start_epoch()

    def _put_index(self):
        try:
            index = next(self.indices)
        except StopIteration:
            return
        for _ in range(self.n):
            wid = next(self.cycle)
            if self.active[wid]:
                break
        else:
            return
        self.index_queues[wid].put(("task", self.send_idx, index))
        self.tasks[self.send_idx] = [wid]
        self.send_idx += 1

    def _get(self):
        timeout = self.loader.timeout
        start = time.monotonic()
        while True:
            try:
                return self.data_queue.get(timeout=_POLL if not timeout else min(_POLL, timeout))
            except queue.Empty:
                dead = [w for w in self.workers if not w.is_alive()]
                if dead:
                    self.close()
                    codes = ", ".join(f"pid {w.pid}: exit code {w.exitcode}" for w in dead)
                    raise RuntimeError(f"DataLoader worker(s) exited unexpectedly ({codes})") from None
                if timeout and time.monotonic() - start >= timeout:
                    self.close()
                    raise RuntimeError(f"DataLoader timed out after {timeout} seconds") from None

    def close(self):
        self._finalizer()

    @property
    def alive(self):
        return self._finalizer.alive

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            while self.rcvd_idx < self.send_idx:
                task = self.tasks[self.rcvd_idx]
                if len(task) == 2 or self.active[task[0]]:
                    break
                del self.tasks[self.rcvd_idx]  # its worker ran out of data
                self.rcvd_idx += 1
            else:
                if not self.loader.persistent_workers:
                    self.close()
                raise StopIteration
            task = self.tasks[self.rcvd_idx]
            if len(task) == 2:
                del self.tasks[self.rcvd_idx]
                self.rcvd_idx += 1
                self._put_index()
                return self._deliver(task[1])
            idx, data = self._get()
            if isinstance(data, _Stopped):
                self.active[data.worker_id] = False
                self._put_index()
                continue
            if idx != self.rcvd_idx:
                self.tasks[idx].append(data)
                continue
            del self.tasks[idx]
            self.rcvd_idx += 1
            self._put_index()
            return self._deliver(data)

    def _deliver(self, data):
        if isinstance(data, _ExceptionWrapper):
            self.close()
            data.reraise()
        return data
