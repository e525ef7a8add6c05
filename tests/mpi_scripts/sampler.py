"""Run under mpiexec -n 2: DataLoader(rank=, world_size=) shards each epoch into disjoint parts
that together hold every sample once, reshuffled each epoch from the shared seed."""
import sys

import numpy as np

import graphgrad as gg
import graphgrad.distributed as dist
from graphgrad.data import DataLoader, TensorDataset


def epoch_indices(loader):
    return np.concatenate([idx.numpy() for (idx,) in loader])


def main():
    rank, world = dist.init()
    assert world == 2, f"run with mpiexec -n 2 (world is {world})"
    for n in (100, 101):  # 101: the last rank's shard is padded by wrapping around, as in PyTorch
        loader = DataLoader(TensorDataset(np.arange(n, dtype=np.int64)), batch_size=8, shuffle=True, seed=123,
                            rank=rank, world_size=world)
        orders = []
        for epoch in range(3):
            mine = epoch_indices(loader)
            assert len(mine) == -(-n // world), f"rank {rank} got {len(mine)} samples of {n}"
            counts = gg.from_numpy(np.bincount(mine, minlength=n).astype(np.int64))
            dist.all_reduce(counts, "sum")
            c = counts.numpy()
            assert c.min() == 1 and c.sum() == len(mine) * world and c.max() <= 2, \
                f"epoch {epoch}: samples seen {c.min()}..{c.max()} times"
            if n % world == 0:
                assert c.max() == 1, f"epoch {epoch}: shards overlap"
            orders.append(mine)
        assert not np.array_equal(orders[0], orders[1]), "the order did not change between epochs"
        loader.set_epoch(1)  # the order of an epoch depends on the seed and the epoch only
        assert np.array_equal(epoch_indices(loader), orders[1]), "set_epoch(1) did not repeat epoch 1"
    print(f"rank {rank}: every sample once per epoch, disjoint shards, reshuffled per epoch", flush=True)


if __name__ == "__main__":
    sys.exit(main())
