"""Data-parallel training across processes (and machines) over MPI, through mpi4py.

Launch N copies of a script with ``mpiexec -n N python script.py``; each calls ``init()`` (or any
function here, which initialises on first use) and learns its ``rank()`` in ``world_size()``.
Without mpi4py, or when only one process runs, the world is a single process and every collective
is a no-op, so the same script runs unchanged on one machine.

Collectives work in place on the tensor's own memory: ``t.numpy()`` is a zero-copy view, handed to
MPI as a buffer (no copies through Python lists or pickles). Once more than one rank runs, an
uncaught exception on any rank prints its traceback tagged with the rank and aborts the whole job
(``MPI_Abort``), so that the other ranks never wait forever in a collective.

Every collective takes a ``timeout`` (seconds or a ``datetime.timedelta``; default the one given to
``init``, 30 minutes as in PyTorch): a rank still waiting when it expires raises RuntimeError naming
the collective (and, uncaught, takes the job down as above), so a hung rank cannot hang the others.
"""
import datetime
import sys
import time
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
    timeout = 1800.0  # seconds: PyTorch's default process-group timeout


def _seconds(timeout, op):
    """A timeout in seconds from seconds or a timedelta; None gives the world's default."""
    if timeout is None:
        return _World.timeout
    if isinstance(timeout, datetime.timedelta):
        timeout = timeout.total_seconds()
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"{op}: timeout must be a positive number of seconds or a timedelta, got {timeout!r}")
    return float(timeout)


def _wait(requests, op, timeout):
    """Waits for MPI requests until ``timeout`` seconds pass, then raises RuntimeError. Polls with
    sleeps growing to 1 ms: a blocking MPI wait cannot be interrupted."""
    deadline = time.monotonic() + timeout
    pause = 0.0
    while not _World.MPI.Request.Testall(requests):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{op}: timed out after {timeout:g} s on rank {_World.rank} of {_World.size} "
                               "waiting for the other ranks (one of them is hung or gone)")
        time.sleep(pause)
        pause = min(2 * pause + 1e-5, 1e-3)


def init(timeout=None):
    """Reads the MPI world (idempotent). Returns ``(rank, world_size)``. ``timeout`` (seconds or a
    timedelta) becomes the default of every collective."""
    if timeout is not None:
        _World.timeout = _seconds(timeout, "init")
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
    """True once ``init()`` has run (explicitly or through the first collective)."""
    return _World.initialized


def rank():
    """This process's index in the world, 0 to world_size() - 1 (0 without MPI)."""
    return init()[0]


def world_size():
    """The number of processes in the world (1 without MPI or when one process runs)."""
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


def barrier(timeout=None):
    """Waits until every rank has reached it (RuntimeError naming it after ``timeout``)."""
    init()
    seconds = _seconds(timeout, "barrier")
    if _World.comm is not None:
        _wait([_World.comm.Ibarrier()], "barrier", seconds)


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


def all_reduce(tensor, op="sum", timeout=None):
    """Reduces ``tensor`` element-wise over all ranks, in place on every rank: op is "sum",
    "mean" (floating point only), "max" or "min". Returns the tensor."""
    seconds = _seconds(timeout, "all_reduce")
    if op not in _OPS:
        raise ValueError(f"all_reduce: op must be one of {', '.join(_OPS)}, got {op!r}")
    buf = _buffer(tensor, "all_reduce")
    if op == "mean" and buf.dtype.kind != "f":
        raise TypeError(f"all_reduce: op='mean' needs a floating-point tensor, got {tensor.dtype}")
    init()
    if _World.comm is None:
        return tensor
    mpi_op = {"sum": _World.MPI.SUM, "mean": _World.MPI.SUM, "max": _World.MPI.MAX, "min": _World.MPI.MIN}[op]
    _wait([_World.comm.Iallreduce(_World.MPI.IN_PLACE, buf, op=mpi_op)], "all_reduce", seconds)
    if op == "mean":
        np.multiply(buf, buf.dtype.type(1.0 / _World.size), out=buf)
    return tensor


def broadcast(tensor, src=0, timeout=None):
    """Overwrites ``tensor`` on every rank with rank ``src``'s values, in place. Returns it."""
    seconds = _seconds(timeout, "broadcast")
    buf = _buffer(tensor, "broadcast")
    init()
    if not isinstance(src, int) or not 0 <= src < _World.size:
        raise ValueError(f"broadcast: src must be a rank in [0, {_World.size}), got {src!r}")
    if _World.comm is not None:
        _wait([_World.comm.Ibcast(buf, root=src)], "broadcast", seconds)
    return tensor


def _allgather_object(obj, timeout=None):
    """Every rank's ``obj`` (a small picklable value), in rank order."""
    init()
    if _World.comm is None:
        return [obj]
    barrier(timeout)  # pickled exchanges have no non-blocking form: first make sure every rank is here
    return _World.comm.allgather(obj)


def _allgather_array(a, timeout=None):
    """Every rank's NumPy array ``a`` (same shape and dtype on all ranks), stacked in rank order."""
    init()
    seconds = _seconds(timeout, "all_gather")
    if _World.comm is None:
        return a[None].copy()
    out = np.empty((_World.size, *a.shape), dtype=a.dtype)
    _wait([_World.comm.Iallgather(np.ascontiguousarray(a), out)], "all_gather", seconds)
    return out


def abort(code=1):
    """Ends every rank of the job (a no-op in a single-process world, where the caller exits)."""
    if _World.comm is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        # mpiexec forwards a rank's output through pipes it stops reading once the abort reaches it:
        # a moment's pause lets what this rank just wrote (the traceback) get out first.
        time.sleep(0.2)
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
