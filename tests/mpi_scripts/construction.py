"""Run under mpiexec -n 2 with one argument:
  broadcast  every rank starts from rank 0's parameters and buffers; all_reduce and broadcast work
  mismatch   rank 1 builds a different model: every rank raises the same ValueError (no hang)
  layouts    rank 1 accumulates a micro-batch first (no_sync): the ranks' gradients still share
             one layout (leaf gradients are always dense) and average correctly; a gradient kept
             across later rounds keeps its values (DDP reuses only result memory nobody holds)"""
import sys

import numpy as np

import graphgrad as gg
import graphgrad.distributed as dist
from graphgrad import nn


def same_on_all_ranks(t):
    lo, hi = dist.all_reduce(t.detach().clone(), "min"), dist.all_reduce(t.detach().clone(), "max")
    return np.array_equal(lo.numpy(), hi.numpy())


def broadcast(rank, world):
    gg.manual_seed(rank)  # different initial weights on each rank
    model = nn.Sequential(nn.Linear(5, 7), nn.BatchNorm1d(7), nn.ReLU(), nn.Linear(7, 3))
    model[1].running_mean.fill_(float(rank + 1))
    assert not same_on_all_ranks(model[0].weight)
    dist.DistributedDataParallel(model)
    for name, t in [*model.named_parameters(), *model.named_buffers()]:
        assert same_on_all_ranks(t), f"{name} differs across ranks after construction"
    assert float(model[1].running_mean.numpy()[0]) == 1.0, "buffers must come from rank 0"

    t = gg.full((3,), float(rank + 1), dtype=gg.float64)
    assert dist.all_reduce(t).numpy().tolist() == [3.0] * 3
    assert dist.all_reduce(gg.tensor([1.0, 3.0 * rank]), "mean").numpy().tolist() == [1.0, 1.5]
    assert dist.broadcast(gg.tensor([rank, rank], dtype=gg.int64), src=1).numpy().tolist() == [1, 1]
    dist.barrier()
    print(f"rank {rank}: parameters and buffers broadcast from rank 0", flush=True)


def mismatch(rank, world):
    hidden = 8 if rank == 0 else 9
    model = nn.Sequential(nn.Linear(4, hidden), nn.ReLU(), nn.Linear(hidden, 2))
    try:
        dist.DistributedDataParallel(model)
    except ValueError as e:
        print(f"rank {rank}: ValueError: {e}", flush=True)
        return
    raise AssertionError("a mismatched model was accepted")


def layouts(rank, world):
    gg.manual_seed(0)
    model = nn.Linear(4, 3)
    ddp = dist.DistributedDataParallel(model)
    x = gg.randn(2, 4)
    if rank == 1:
        with ddp.no_sync():
            ddp(x).sum().backward()
    ddp(x).sum().backward()
    # rank 1 holds twice rank 0's gradient before averaging: the mean is 1.5x a single one.
    model.weight.grad.is_contiguous() or sys.exit("weight gradient is not dense")
    expected = 1.5 * np.broadcast_to(x.numpy().sum(0), (3, 4))
    np.testing.assert_allclose(model.weight.grad.numpy(), expected, rtol=1e-6)
    held = model.weight.grad
    for set_to_none in (True, False, True, True):
        ddp.zero_grad(set_to_none=set_to_none)
        (ddp(x) * 2.0).sum().backward()
        np.testing.assert_allclose(model.weight.grad.numpy(), 2 * expected / 1.5, rtol=1e-6)
    np.testing.assert_allclose(held.numpy(), expected, rtol=1e-6)
    print(f"rank {rank}: averaged across layouts", flush=True)


if __name__ == "__main__":
    r, w = dist.init()
    assert w == 2, f"run with mpiexec -n 2 (world is {w})"
    {"broadcast": broadcast, "mismatch": mismatch, "layouts": layouts}[sys.argv[1]](r, w)
