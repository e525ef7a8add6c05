"""Run under mpiexec -n 2: rank 1 raises while rank 0 waits in a collective; the uncaught
exception must end the whole job with rank 1's message instead of leaving rank 0 waiting."""
import graphgrad as gg
import graphgrad.distributed as dist

rank, world = dist.init()
assert world == 2, f"run with mpiexec -n 2 (world is {world})"
if rank == 1:
    raise RuntimeError("deliberate failure on rank 1")
dist.all_reduce(gg.ones(4))  # never completes: rank 1 is gone
print("rank 0 finished the all-reduce alone", flush=True)
