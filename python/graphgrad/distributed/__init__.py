"""Data-parallel training across processes (and machines) over MPI, through mpi4py.

Launch N copies of a script with ``mpiexec -n N python script.py``; each calls ``init()`` (or any
function here, which initialises on first use) and learns its ``rank()`` in ``world_size()``.
Without mpi4py, or when only one process runs, the world is a single process and every collective
is a no-op, so the same script runs unchanged on one machine.

Collectives work in place on the tensor's own memory: ``t.numpy()`` is a zero-copy view, handed to
MPI as a buffer (no copies through Python lists or pickles). Once more than one rank runs, an
uncaught exception on any rank prints its traceback tagged with the rank and aborts the whole job
(``MPI_Abort``), so that the other ranks never wait forever in a collective.
"""
import sys
import traceback

import numpy as np

from .._core import Tensor

__all__ = [
    "init", "is_initialized", "rank", "world_size", "local_world_size", "barrier", "all_reduce", "broadcast",
    "abort", "DistributedDataParallel", "SyncBatchNorm", "convert_sync_batchnorm",
]

_OPS = ("sum", "mean", "max", "min")


class _World:
    comm = None  # mpi4py's COMM_WORLD, or None for the single-process world
    MPI = None
    rank, size = 0, 1
    initialized = False


def init():
    """Reads the MPI world (idempotent). Returns ``(rank, world_size)``."""
    if _World.initialized:
        return _World.rank, _World.size
    try:
        from mpi4py import MPI
    except ImportError:  # mpi4py is an optional extra: one process, collectives are no-ops
        MPI = None
    if MPI is not None and MPI.COMM_WORLD.Get_size() > 1:
        _World.MPI, _World.comm = MPI, MPI.COMM_WORLD
        _World.rank, _World.size = MPI.COMM_WORLD.Get_rank(), MPI.COMM_WORLD.Get_size()
        _install_excepthook()
    _World.initialized = True
    return _World.rank, _World.size


def is_initialized():
    return _World.initialized


def rank():
    return init()[0]


def world_size():
    return init()[1]


def local_world_size():
    """Ranks running on this machine (to divide its cores among them)."""
    init()
    if _World.comm is None:
        return 1
    node = _World.comm.Split_type(_World.MPI.COMM_TYPE_SHARED)
    try:
        return node.Get_size()
    finally:
        node.Free()


def barrier():
    init()
    if _World.comm is not None:
        _World.comm.Barrier()


def _buffer(tensor, op):
    """The tensor's memory as a NumPy array (a view), after checking it can be sent as is."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{op}: expected a graphgrad Tensor, got {type(tensor).__name__}")
    if not tensor.is_contiguous():
        raise ValueError(f"{op}: the tensor must be contiguous (shape {tuple(tensor.shape)}, "
                         f"strides {tuple(tensor.stride())}); call .contiguous() first")
    buf = tensor.detach().numpy()
    if buf.dtype not in (np.float32, np.float64, np.int64):
        raise TypeError(f"{op}: unsupported dtype {tensor.dtype}; expected float32, float64 or int64")
    return buf


def all_reduce(tensor, op="sum"):
    """Reduces ``tensor`` element-wise over all ranks, in place on every rank: op is "sum",
    "mean" (floating point only), "max" or "min". Returns the tensor."""
    if op not in _OPS:
        raise ValueError(f"all_reduce: op must be one of {', '.join(_OPS)}, got {op!r}")
    buf = _buffer(tensor, "all_reduce")
    if op == "mean" and buf.dtype.kind != "f":
        raise TypeError(f"all_reduce: op='mean' needs a floating-point tensor, got {tensor.dtype}")
    init()
    if _World.comm is None:
        return tensor
    mpi_op = {"sum": _World.MPI.SUM, "mean": _World.MPI.SUM, "max": _World.MPI.MAX, "min": _World.MPI.MIN}[op]
    _World.comm.Allreduce(_World.MPI.IN_PLACE, buf, op=mpi_op)
    if op == "mean":
        np.multiply(buf, buf.dtype.type(1.0 / _World.size), out=buf)
    return tensor


def broadcast(tensor, src=0):
    """Overwrites ``tensor`` on every rank with rank ``src``'s values, in place. Returns it."""
    buf = _buffer(tensor, "broadcast")
    init()
    if not isinstance(src, int) or not 0 <= src < _World.size:
        raise ValueError(f"broadcast: src must be a rank in [0, {_World.size}), got {src!r}")
    if _World.comm is not None:
        _World.comm.Bcast(buf, root=src)
    return tensor


def _allgather_object(obj):
    """Every rank's ``obj`` (a small picklable value), in rank order."""
    init()
    return [obj] if _World.comm is None else _World.comm.allgather(obj)


def _allgather_array(a):
    """Every rank's NumPy array ``a`` (same shape and dtype on all ranks), stacked in rank order."""
    init()
    if _World.comm is None:
        return a[None].copy()
    out = np.empty((_World.size, *a.shape), dtype=a.dtype)
    _World.comm.Allgather(np.ascontiguousarray(a), out)
    return out


def abort(code=1):
    """Ends every rank of the job (a no-op in a single-process world, where the caller exits)."""
    if _World.comm is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        _World.comm.Abort(code)


def _install_excepthook():
    def excepthook(kind, value, tb):
        # The other ranks may be blocked in a collective this rank will never join: report, then
        # take the whole job down instead of leaving it hanging.
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write("".join(f"[rank {_World.rank}] {line}\n" for line in text.rstrip("\n").split("\n")))
        sys.stderr.write(f"[rank {_World.rank}] aborting all {_World.size} ranks\n")
        abort(1)

    sys.excepthook = excepthook


from .ddp import DistributedDataParallel  # noqa: E402  (they use the functions above)
from .syncbn import SyncBatchNorm, convert_sync_batchnorm  # noqa: E402
