"""Run under mpiexec -n 2: SyncBatchNorm on each rank's part of a batch (unequal parts, 2-D and
3-D inputs, float32 and float64) against one BatchNorm1d on the concatenated batch: outputs,
running statistics, and the gradients of the input and of weight and bias."""
import sys

import numpy as np

import graphgrad as gg
import graphgrad.distributed as dist
from graphgrad import nn


def compare(what, got, want, tol):
    if np.size(want) == 0:  # a rank with no samples
        assert np.size(got) == 0, f"{what}: {np.shape(got)} values for none"
        return 0.0
    err = float(np.max(np.abs(np.asarray(got, np.float64) - np.asarray(want, np.float64))))
    assert err <= tol * max(1.0, float(np.max(np.abs(want)))), f"{what}: off by {err:.3g}"
    return err


def check(shape_tail, dtype, tol, offset=1.0, sizes=(3, 5)):
    """sizes: the per-rank batch sizes (they may differ, or be 0: the counts are reduced too);
    offset: the inputs' mean (large against their spread of 3 tests the variance's stability)."""
    rank = dist.rank()
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((sum(sizes), *shape_tail)) * 3 + offset).astype(dtype)
    g = rng.standard_normal(x.shape).astype(dtype)
    lo, hi = sum(sizes[:rank]), sum(sizes[:rank + 1])
    c = shape_tail[0]

    def layer(cls):
        m = cls(c, momentum=0.3, dtype=gg.float64 if dtype == np.float64 else gg.float32)
        with gg.no_grad():
            m.weight.copy_(gg.from_numpy(np.linspace(0.5, 1.5, c).astype(dtype)))
            m.bias.copy_(gg.from_numpy(np.linspace(-1, 1, c).astype(dtype)))
        return m

    ref, sync = layer(nn.BatchNorm1d), layer(nn.SyncBatchNorm)
    worst = 0.0
    for step in range(2):  # twice: the running statistics update from their previous values
        xr = gg.tensor(x, requires_grad=True)
        (ref(xr) * gg.from_numpy(g)).sum().backward()
        xs = gg.tensor(x[lo:hi], requires_grad=True)
        ys = sync(xs)
        (ys * gg.from_numpy(g[lo:hi])).sum().backward()
        worst = max(worst, compare("input gradient", xs.grad.numpy(), xr.grad.numpy()[lo:hi], tol))
        for name in ("weight", "bias"):
            total = dist.all_reduce(getattr(sync, name).grad.clone(), "sum")  # each rank holds its share
            worst = max(worst, compare(f"{name} gradient", total.numpy(), getattr(ref, name).grad.numpy(), tol))
            getattr(sync, name).grad, getattr(ref, name).grad = None, None
        with gg.no_grad():
            ref.eval()
            want = ref(gg.from_numpy(x)).numpy()  # eval output from the running statistics
            ref.train()
        for name in ("running_mean", "running_var"):
            worst = max(worst, compare(name, getattr(sync, name).numpy(), getattr(ref, name).numpy(), tol))
        sync.eval()
        worst = max(worst, compare("eval output", sync(gg.from_numpy(x[lo:hi])).numpy(), want[lo:hi], tol))
        sync.train()
    # The training-mode output itself, against the concatenated batch's normalisation.
    y_ref = nn.BatchNorm1d(c, dtype=gg.float64 if dtype == np.float64 else gg.float32)
    y_sync = nn.SyncBatchNorm(c, dtype=gg.float64 if dtype == np.float64 else gg.float32)
    worst = max(worst, compare("output", y_sync(gg.from_numpy(x[lo:hi])).numpy(),
                               y_ref(gg.from_numpy(x)).numpy()[lo:hi], tol))
    return worst


def main():
    rank, world = dist.init()
    assert world == 2, f"run with mpiexec -n 2 (world is {world})"
    worst = max(check((6,), np.float32, 1e-5), check((4, 3), np.float32, 1e-5), check((6,), np.float64, 1e-12),
                check((6,), np.float32, 1e-4, offset=300.0), check((5,), np.float64, 1e-12, sizes=(0, 7)))
    print(f"rank {rank}: SyncBatchNorm matches BatchNorm1d on the whole batch (worst {worst:.2e})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
