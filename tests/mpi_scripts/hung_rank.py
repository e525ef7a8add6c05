"""Run under mpiexec -n 2 with one argument: rank 1 hangs (sleeps) while rank 0 calls a
collective with a 2 s timeout; rank 0 must raise a RuntimeError naming it within that time.
  all_reduce | broadcast | barrier | ddp (DistributedDataParallel's gradient averaging)"""
import sys
import time

import graphgrad as gg
import graphgrad.distributed as dist
from graphgrad import nn

rank, world = dist.init()
assert world == 2, f"run with mpiexec -n 2 (world is {world})"
which = sys.argv[1]
if which == "ddp":
    model = dist.DistributedDataParallel(nn.Linear(3, 2), timeout=2.0)
if rank == 1:
    time.sleep(60)  # hung: never joins
    sys.exit(0)
start = time.monotonic()
try:
    if which == "all_reduce":
        dist.all_reduce(gg.ones(4), timeout=2.0)
    elif which == "broadcast":
        dist.broadcast(gg.ones(4), 1, timeout=2.0)  # from the hung rank (a root's send may finish alone)
    elif which == "barrier":
        dist.barrier(timeout=2.0)
    else:
        model(gg.ones(4, 3)).sum().backward()
except RuntimeError as e:
    print(f"rank 0 raised after {time.monotonic() - start:.1f} s: {e}", flush=True)
dist.abort(0)  # ends rank 1 too
