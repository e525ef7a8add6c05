"""DistributedDataParallel: every rank holds a replica of the model and a shard of the batch;
after ``backward()`` each parameter's ``.grad`` is the average over ranks.

Gradients travel in a few large buckets, not one message per parameter. Parameters are assigned
to buckets in reverse registration order (roughly the order backward produces their gradients),
the first bucket small so that communication starts early. A post-accumulate-grad hook on each
parameter copies its gradient (in its memory order) into its bucket; full buckets are handed to
the reducer (reducers.py: shared memory on one machine, a non-blocking MPI all-reduce started at
once across machines) strictly in index order on every rank, and the hook that completes the last
bucket collects the sums, so when ``backward()`` returns the gradients are averaged.
"""
import contextlib
import weakref

import numpy as np

from .. import _tensor
from ..nn.modules import Module
from . import _allgather_object, _seconds, broadcast, world_size
from .reducers import make_reducer

_FIRST_BUCKET_MB = 1.0  # as PyTorch: a small first bucket gets communication going early


class _Bucket:
    def __init__(self, dtype):
        self.dtype = dtype
        self.slots = []  # (parameter, name, offset, numel)
        self.size = 0
        self.ready = 0  # how many slots hold this round's gradient
        self.got = []  # which ones
        self.orders = []  # each slot's axis order in the buffer (its gradient's memory order)

    def add(self, name, p):
        self.slots.append((p, name, self.size, p.numel()))
        self.size += p.numel()
        self.got.append(False)
        self.orders.append(None)

    def reset(self):
        self.ready = 0
        self.got = [False] * len(self.slots)


class DistributedDataParallel(Module):
    """Wraps ``module`` for data-parallel training (PyTorch's name and semantics).

    At construction every rank checks that all ranks hold the same parameter names, shapes and
    dtypes (raising the same ValueError on every rank otherwise), then copies rank 0's parameters
    and buffers to all ranks. ``timeout`` (seconds or a timedelta; default ``init``'s) bounds every
    wait for the other ranks, so a hung rank makes the others raise RuntimeError. Use ``no_sync()`` to accumulate gradients locally over several
    micro-batches; the first backward after it averages the accumulated gradients.
    """

    def __init__(self, module, bucket_cap_mb=25.0, timeout=None):
        super().__init__()
        timeout = _seconds(timeout, "DistributedDataParallel")
        if not isinstance(module, Module):
            raise TypeError(f"DistributedDataParallel: expected a graphgrad.nn.Module, got {type(module).__name__}")
        if not bucket_cap_mb > 0:
            raise ValueError(f"DistributedDataParallel: bucket_cap_mb must be positive, got {bucket_cap_mb}")
        self.module = module
        self.world = world_size()
        _check_same_model(module, timeout)
        for t in [*module.parameters(), *module.buffers()]:
            broadcast(t.detach(), 0, timeout)
        params = [(n, p) for n, p in module.named_parameters() if p.requires_grad]
        self._buckets = _make_buckets(params, bucket_cap_mb)
        self._sync = True
        self._active = False  # a round (one backward's averaging) has started
        self._next = 0  # the next bucket to start this round
        self._layouts_checked = False
        self._removers = []
        if self.world > 1:
            self._reducer = make_reducer(self._buckets, timeout)
            me = weakref.ref(self)  # the hooks live in C++, out of the garbage collector's sight
            for i, b in enumerate(self._buckets):
                for j, (p, *_) in enumerate(b.slots):
                    self._removers.append(p.register_post_accumulate_grad_hook(
                        lambda t, i=i, j=j: me() is not None and me()._on_grad(i, j)))

    def __del__(self):
        for remove in getattr(self, "_removers", ()):
            remove()

    def forward(self, *args, **kwargs):
        """The wrapped module's forward with the same arguments; gradients of the next backward are
        averaged over the ranks bucket by bucket as they are produced.
        """
        if self._active:
            missing = [name for b in self._buckets for (_, name, _, _), got in zip(b.slots, b.got) if not got]
            raise RuntimeError("DistributedDataParallel: the previous backward did not produce gradients for "
                               f"parameters {', '.join(missing)}, so their bucket was never averaged; "
                               "freeze unused parameters with requires_grad_(False) before wrapping the model")
        return self.module(*args, **kwargs)

    @contextlib.contextmanager
    def no_sync(self):
        """Inside, backward accumulates gradients locally without communicating."""
        old, self._sync = self._sync, False
        try:
            yield
        finally:
            self._sync = old

    # ---- gradient averaging ----
    def _on_grad(self, i, j):
        if not self._sync:
            return
        buckets = self._buckets
        if not self._active:
            self._active = True
            self._reducer.begin()
            for b in buckets:
                b.reset()
        b = buckets[i]
        p, _, off, n = b.slots[j]
        grad, b.orders[j] = _in_memory_order(p.grad.detach().numpy())
        # Copy and divide by the world size in one pass: the reduction's sum is then the average.
        np.multiply(grad.reshape(-1), b.dtype.type(1.0 / self.world), out=self._reducer.buffer(i)[off:off + n])
        b.ready += not b.got[j]
        b.got[j] = True
        while self._next < len(buckets) and buckets[self._next].ready == len(buckets[self._next].slots):
            self._reducer.start(self._next)
            self._next += 1
        if self._next == len(buckets):
            self._finish()

    def _finish(self):
        """Hands each parameter its slice of the summed buckets, in its gradient's layout, as .grad."""
        sums = self._reducer.finish()
        self._next, self._active = 0, False
        if not self._layouts_checked:
            self._check_same_layouts()
        for b, total in zip(self._buckets, sums):
            for (p, _, off, n), order in zip(b.slots, b.orders):
                if order is None:
                    p.grad = _tensor.from_numpy(total[off:off + n].reshape(p.shape))
                else:
                    view = total[off:off + n].reshape([p.shape[k] for k in order])
                    p.grad = _tensor.from_numpy(view).permute(tuple(np.argsort(order)))

    def _check_same_layouts(self):
        """Ranks running the same program produce gradients in the same memory layouts; the first
        round checks it once (the buckets were summed element by element in that layout)."""
        self._layouts_checked = True
        layouts = _allgather_object([b.orders for b in self._buckets])
        if any(other != layouts[0] for other in layouts[1:]):
            raise RuntimeError("DistributedDataParallel: the ranks' gradients have different memory layouts (axis "
                               f"orders per bucket: {layouts}); every rank must run the same forward and backward")


def _in_memory_order(a):
    """(a view of ``a`` whose C order is its memory order, the axis order giving it; None for C order
    itself, the common case). A gradient may be a transposed view: reading it in memory order is a
    plain copy, where a transposing copy would cost over ten times more."""
    if a.flags.c_contiguous:
        return a, None
    order = tuple(int(k) for k in np.argsort([-s for s in a.strides], kind="stable"))
    view = a.transpose(order)
    if view.flags.c_contiguous:
        return view, order
    return a, tuple(range(a.ndim))  # strided or broadcast: copied with its logical layout


def _describe(t, with_grad):
    text = f"{tuple(t.shape)} {str(t.dtype).replace('graphgrad.', '')}"
    return text + ("" if not with_grad or t.requires_grad else " (frozen)")


def _signature(module):
    return ([(n, _describe(p, True)) for n, p in module.named_parameters()],
            [(n, _describe(b, False)) for n, b in module.named_buffers()])


def _check_same_model(module, timeout):
    """Raises the same ValueError on every rank when some rank's model differs from rank 0's
    (an allgather, so no rank is left waiting for the others)."""
    sigs = _allgather_object(_signature(module), timeout)
    problems = []
    for r, (params, buffers) in enumerate(sigs[1:], start=1):
        for what, mine, ref in (("parameters", params, sigs[0][0]), ("buffers", buffers, sigs[0][1])):
            if mine != ref:
                ref_d, mine_d = dict(ref), dict(mine)
                diff = [f"'{k}' is {ref_d.get(k, 'absent')} on rank 0 but {mine_d.get(k, 'absent')} on rank {r}"
                        for k in dict.fromkeys([*ref_d, *mine_d]) if ref_d.get(k) != mine_d.get(k)]
                problems.append(f"{what}: " + ("; ".join(diff) or f"rank {r} registers them in another order"))
    if problems:
        raise ValueError("DistributedDataParallel: the model is not the same on every rank: " + " | ".join(problems))


def _make_buckets(named_params, cap_mb):
    """Buckets of same-dtype parameters in reverse order, each up to cap_mb (the first up to 1 MB)."""
    buckets, open_by_dtype = [], {}
    for name, p in reversed(named_params):
        dtype = p.detach().numpy().dtype
        b = open_by_dtype.get(dtype)
        cap = (min(cap_mb, _FIRST_BUCKET_MB) if not buckets or b is buckets[0] else cap_mb) * 2**20
        if b is None or (b.slots and (b.size + p.numel()) * dtype.itemsize > cap):
            b = open_by_dtype[dtype] = _Bucket(dtype)
            buckets.append(b)
        b.add(name, p)
    return buckets
