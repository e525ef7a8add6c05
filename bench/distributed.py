"""Data-parallel training over MPI on one machine: throughput and communication cost.

    PYTHONPATH=python python bench/distributed.py [--steps 200]

runs, each in its own processes, the trainer's default MLP (784-512-256-10, BatchNorm, dropout
0.2, Adam, global batch 128) on MNIST with 1 process x 1 thread, 1 process x 2 threads and
``mpiexec -n 2`` ranks x 1 thread (SyncBatchNorm + DistributedDataParallel); at 2 ranks it also
times steps with and without gradient averaging (``no_sync``) in interleaved blocks of 10 steps to
give the cost of the all-reduce (median and fastest block: on a shared machine the median is what a
run gets, the fastest block what the code costs). Then the all-reduce time for 1-64 MB float32
buffers at 2 ranks: MPI's, and that of DDP's shared-memory reducer (used when all ranks share a
machine). Needs mpi4py and mpiexec (``pip install mpi4py mpich``).
"""
import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.abspath(__file__)
PYTHON_DIR = os.path.join(os.path.dirname(os.path.dirname(HERE)), "python")
GLOBAL_BATCH = 128


def worker_train(steps, threads):
    import graphgrad as gg
    import graphgrad.distributed as dist
    from graphgrad import cli
    from graphgrad.data import DataLoader, TensorDataset
    from graphgrad.nn import functional as F

    rank, world = dist.init()
    gg.set_num_threads(threads)
    cfg = cli.config_from_args(cli.parser().parse_args(["train"]))  # the trainer's defaults
    (xtr, ytr), _, cfg["norm"] = cli.normalise(cli.load_data("mnist"))
    cfg["features"], cfg["classes"] = xtr.shape[1], 10
    gg.manual_seed(0)
    model, opt, _ = cli.build(cfg, 1)
    net = model if world == 1 else cli.commands._distributed_model(model)
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=GLOBAL_BATCH // world, shuffle=True, seed=0,
                        rank=rank, world_size=world, drop_last=True)
    batches = iter(())

    def step(sync=True):
        nonlocal batches
        try:
            x, y = next(batches)
        except StopIteration:
            batches = iter(loader)
            x, y = next(batches)
        opt.zero_grad()
        with net.no_sync() if not sync else contextlib.nullcontext():
            F.cross_entropy(net(x), y).backward()
        opt.step()

    for _ in range(20):
        step()
    # Blocks of 10 steps; at 2 ranks, blocks with and without gradient averaging alternate. On a
    # shared machine the median block shows what a run gets, the fastest one what the code costs.
    modes = [True, False] if world > 1 else [True]
    times = {m: [] for m in modes}
    for block in range(len(modes) * max(4, steps // 10)):
        sync = modes[block % len(modes)]
        dist.barrier()
        t0 = time.perf_counter()
        for _ in range(10):
            step(sync)
        times[sync].append((time.perf_counter() - t0) / 10)
    result = {"sync" if m else "nosync": {"median": 1e3 * statistics.median(t), "best": 1e3 * min(t)}
              for m, t in times.items()}
    if rank == 0:
        print(json.dumps(result), flush=True)


def worker_allreduce():
    """dist.all_reduce (MPI) beside DistributedDataParallel's shared-memory sum of one bucket."""
    import types

    import graphgrad as gg
    import graphgrad.distributed as dist
    from graphgrad.distributed.reducers import make_reducer

    rank, world = dist.init()

    def median_ms(fn, reps):
        times = []
        for i in range(reps + 2):
            dist.barrier()
            t0 = time.perf_counter()
            fn()
            if i >= 2:
                times.append(time.perf_counter() - t0)
        return 1e3 * statistics.median(times)

    rows = []
    for mb in (1, 2, 4, 8, 16, 32, 64):
        n, reps = mb * 2**20 // 4, max(5, min(40, 256 // mb))
        t = gg.ones(n)
        shm = make_reducer([types.SimpleNamespace(size=n, dtype=np.dtype(np.float32))])

        def shm_round():
            shm.begin()
            shm.buffer(0)[:] = 1.0  # what the hooks do: write this rank's gradients
            shm.finish()
        mpi_ms, shm_ms = median_ms(lambda: dist.all_reduce(t), reps), median_ms(shm_round, reps)
        # bus bandwidth: what each rank sends and receives in a ring all-reduce, 2 (n - 1) / n of the buffer
        rows.append({"mb": mb, "ms": mpi_ms, "algbw": mb * 2**20 / mpi_ms / 1e6,
                     "busbw": 2 * (world - 1) / world * mb * 2**20 / mpi_ms / 1e6,
                     "shm_ms": shm_ms, "shm_algbw": mb * 2**20 / shm_ms / 1e6})
    if rank == 0:
        print(json.dumps(rows), flush=True)


def launch(ranks, *args, timeout=1200):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [PYTHON_DIR, os.environ.get("PYTHONPATH")])))
    cmd = [sys.executable, HERE, "--worker", *args]
    if ranks > 1:
        cmd = ["mpiexec", "-n", str(ranks), *cmd]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def machine():
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    from mpi4py import MPI
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {cpu}, {os.cpu_count()} cores, "
            f"{' '.join(MPI.Get_library_version().split()[:3])}, load average {os.getloadavg()[0]:.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=200, help="timed training steps per configuration")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        if args.worker[0] == "train":
            worker_train(int(args.worker[1]), int(args.worker[2]))
        else:
            worker_allreduce()
        return 0
    print(machine())
    print(f"\nMNIST, default MLP 784-512-256-10 (BatchNorm, dropout, Adam), global batch {GLOBAL_BATCH}")
    print(f"  {'configuration':30s} {'img/s (median block)':>21s} {'vs 1x1':>7s} {'img/s (best block)':>19s} "
          f"{'vs 1x1':>7s}")
    runs = [("1 process x 1 thread", 1, 1), ("1 process x 2 threads", 1, 2), ("2 ranks x 1 thread (mpiexec)", 2, 1)]
    base = None
    for name, ranks, threads in runs:
        r = launch(ranks, "train", str(args.steps), str(threads))
        ips = {k: GLOBAL_BATCH / (ms / 1e3) for k, ms in r["sync"].items()}
        base = base or ips
        print(f"  {name:30s} {ips['median']:21,.0f} {ips['median'] / base['median']:6.2f}x "
              f"{ips['best']:19,.0f} {ips['best'] / base['best']:6.2f}x", flush=True)
        if "nosync" in r:
            for k in ("median", "best"):
                sync, nosync = r["sync"][k], r["nosync"][k]
                print(f"    2-rank step, {k + ' block:':13s} {sync:.2f} ms with gradient averaging, {nosync:.2f} ms "
                      f"without (no_sync): +{100 * (sync / nosync - 1):.1f}%")
    print("\nall-reduce (sum, float32) at 2 ranks: MPI (dist.all_reduce) and DDP's shared-memory reducer")
    print(f"  {'MB':>4s} {'MPI ms':>9s} {'algbw GB/s':>11s} {'busbw GB/s':>11s} {'shm ms':>9s} {'algbw GB/s':>11s}")
    for row in launch(2, "allreduce"):
        print(f"  {row['mb']:4d} {row['ms']:9.3f} {row['algbw']:11.2f} {row['busbw']:11.2f} {row['shm_ms']:9.3f} "
              f"{row['shm_algbw']:11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
