"""Run under mpiexec -n 2: data-parallel training (per-rank batch B/2, SyncBatchNorm) must end with
the parameters and running statistics of one process training on batch B, after 20 steps."""
import contextlib
import os
import sys

import numpy as np

import graphgrad as gg
import graphgrad.distributed as dist
from graphgrad import nn
from graphgrad.nn import functional as F

B, STEPS, FEATURES, CLASSES = 32, 20, 20, 5


def mlp(batchnorm):
    gg.manual_seed(0)
    return nn.Sequential(nn.Linear(FEATURES, 64), *([nn.BatchNorm1d(64)] if batchnorm else []), nn.ReLU(),
                         nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, CLASSES))


def train(model, batches, ddp=None, accumulate=1):
    """SGD with momentum; with ``accumulate`` micro-batches per step, all but the last under no_sync."""
    opt = gg.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for x, y in batches:
        opt.zero_grad()
        parts = list(zip(np.array_split(x, accumulate), np.array_split(y, accumulate)))
        for k, (xs, ys) in enumerate(parts):
            with ddp.no_sync() if ddp is not None and k < len(parts) - 1 else contextlib.nullcontext():
                loss = F.cross_entropy((ddp or model)(gg.from_numpy(xs)), gg.from_numpy(ys)) / accumulate
                loss.backward()
        opt.step()
    return model.state_dict()


def main():
    rank, world = dist.init()
    assert world == 2, f"run with mpiexec -n 2 (world is {world})"
    gg.set_num_threads(1)
    rng = np.random.default_rng(1)
    data = [(rng.standard_normal((B, FEATURES)).astype(np.float32), rng.integers(0, CLASSES, B).astype(np.int64))
            for _ in range(STEPS)]
    mine = [(x[rank * B // 2:(rank + 1) * B // 2], y[rank * B // 2:(rank + 1) * B // 2]) for x, y in data]

    refs = {bn: train(mlp(bn), data) for bn in (True, False)}
    worst = 0.0
    # Micro-batches change batch statistics, so gradient accumulation is checked without BatchNorm.
    # Shared memory (all ranks on this machine) and MPI messages (as across machines) sum the buckets.
    for name, cap, accumulate, bn, shm in (("SyncBatchNorm, one bucket", 25.0, 1, True, "1"),
                                           ("SyncBatchNorm, one bucket per tensor", 1e-6, 1, True, "1"),
                                           ("SyncBatchNorm, MPI all-reduce per tensor", 1e-6, 1, True, "0"),
                                           ("no_sync over 2 micro-batches", 25.0, 2, False, "1"),
                                           ("no_sync, MPI all-reduce", 25.0, 2, False, "0")):
        ref = refs[bn]
        model = nn.SyncBatchNorm.convert_sync_batchnorm(mlp(bn))
        os.environ["GRAPHGRAD_DDP_SHARED_MEMORY"] = shm
        ddp = dist.DistributedDataParallel(model, bucket_cap_mb=cap)
        assert type(ddp._reducer).__name__ == ("SharedMemoryReducer" if shm == "1" else "MessageReducer")
        got = train(model, mine, ddp, accumulate)
        for k, v in ref.items():
            diff = float(np.max(np.abs(got[k].numpy().astype(np.float64) - v.numpy()))) if v.numel() else 0.0
            scale = float(np.max(np.abs(v.numpy()))) or 1.0
            worst = max(worst, diff / scale)
            assert diff <= 2e-5 * scale, f"{name}: {k} differs from one process by {diff:.3g} (scale {scale:.3g})"
    print(f"rank {rank}: equivalent after {STEPS} steps, worst relative difference {worst:.2e}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
