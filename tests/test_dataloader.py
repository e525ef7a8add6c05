"""gg.data with torch.utils.data's semantics: map-style and iterable datasets, samplers, collation,
shuffling reproducibility, worker processes (same batches, seeding, errors, crashes, persistence),
and batch-for-batch parity with PyTorch's DataLoader when it is installed."""
import collections
import os

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.data import (BatchSampler, ConcatDataset, DataLoader, Dataset, IterableDataset, RandomSampler,
                            SequentialSampler, Subset, SubsetRandomSampler, TensorDataset, WeightedRandomSampler,
                            default_collate, get_worker_info, random_split)


def plain(x):
    """A batch as nested Python/NumPy values, for comparisons (and against torch's batches)."""
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        return ("tensor", x.numpy().tolist())
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x).__name__, [plain(v) for v in x]
    return x


class Squares(Dataset):
    """A PyTorch-style map-style dataset: one sample per __getitem__."""

    def __init__(self, n=10):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if not 0 <= i < self.n:
            raise IndexError(i)
        return {"x": np.full(3, i, dtype=np.float32), "y": i * i, "name": f"s{i}"}


class Stream(IterableDataset):
    """An iterable dataset that splits its range between workers, as PyTorch's docs show."""

    def __init__(self, n):
        self.n = n

    def __iter__(self):
        info = get_worker_info()
        lo, step = (0, 1) if info is None else (info.id, info.num_workers)
        return iter(range(lo, self.n, step))


def test_map_style_dataset_and_list_with_default_collate():
    batches = list(DataLoader(Squares(), batch_size=4))
    assert len(batches) == 3
    b = batches[0]
    assert b["x"].shape == (4, 3) and b["x"].dtype == gg.float32 and b["y"].dtype == gg.int64
    assert b["y"].tolist() == [0, 1, 4, 9] and b["name"] == ["s0", "s1", "s2", "s3"]
    assert [x.tolist() for x in DataLoader([1.5, 2.5, 3.5], batch_size=2)] == [[1.5, 2.5], [3.5]]
    assert next(iter(DataLoader([1.5], batch_size=1))).dtype == gg.float64  # Python floats collate as float64


def test_default_collate_rules():
    Point = collections.namedtuple("Point", "a b")
    out = default_collate([(gg.ones(2), np.zeros(2), 1, 2.0, True), (gg.zeros(2), np.ones(2), 3, 4.0, False)])
    assert isinstance(out, list) and len(out) == 5  # a tuple sample becomes a list, as in PyTorch
    assert out[0].tolist() == [[1, 1], [0, 0]] and out[1].dtype == gg.float64 and out[2].dtype == gg.int64
    assert out[3].dtype == gg.float64 and out[4].dtype == gg.bool_
    p = default_collate([Point(1, [2, 3]), Point(4, [5, 6])])
    assert isinstance(p, Point) and p.a.tolist() == [1, 4] and [t.tolist() for t in p.b] == [[2, 5], [3, 6]]
    assert default_collate([{"k": {"n": 1}}, {"k": {"n": 2}}])["k"]["n"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="equal size"):
        default_collate([gg.ones(2), gg.ones(3)])
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([[1, 2], [1]])
    with pytest.raises(TypeError, match="found <class 'NoneType'>"):
        default_collate([None, None])


def test_batches_are_copies_not_views():
    x = np.arange(12, dtype=np.float32)
    ds = TensorDataset(x)
    (first,) = next(iter(DataLoader(ds, batch_size=5)))
    first.add_(100)
    assert not np.shares_memory(first.numpy(), x) and x[0] == 0
    t = gg.arange(4.0)
    (b,) = next(iter(DataLoader([t], batch_size=1)))
    b.mul_(0)
    assert t.tolist() == [0, 1, 2, 3]


def test_batch_size_none_and_drop_last_and_batch_sampler():
    samples = list(DataLoader(Squares(3), batch_size=None))
    assert samples[2]["y"] == 4 and isinstance(samples[2]["x"], gg.Tensor) and samples[2]["x"].shape == (3,)
    assert [len(b["y"]) for b in DataLoader(Squares(10), batch_size=4, drop_last=True)] == [4, 4]
    bs = [[3, 1], [0, 2, 4]]
    assert [b["y"].tolist() for b in DataLoader(Squares(5), batch_sampler=bs)] == [[9, 1], [0, 4, 16]]
    assert len(DataLoader(Squares(10), batch_size=3)) == 4 and len(DataLoader(Squares(10), batch_size=3,
                                                                              drop_last=True)) == 3
    picked = [b["y"].tolist() for b in DataLoader(Squares(5), sampler=[4, 0], batch_size=1)]
    assert picked == [[16], [0]]


def test_iterable_dataset():
    assert [b.tolist() for b in DataLoader(Stream(7), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [b.tolist() for b in DataLoader(Stream(7), batch_size=3, drop_last=True)] == [[0, 1, 2], [3, 4, 5]]
    assert list(DataLoader(Stream(3), batch_size=None)) == [0, 1, 2]
    with pytest.raises(ValueError, match="shuffle"):
        DataLoader(Stream(3), shuffle=True)
    with pytest.raises(ValueError, match="sampler"):
        DataLoader(Stream(3), sampler=[0])


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="mutually exclusive with shuffle"):
        DataLoader(Squares(), sampler=[0], shuffle=True)
    with pytest.raises(ValueError, match="batch_sampler option is mutually exclusive"):
        DataLoader(Squares(), batch_sampler=[[0]], batch_size=2)
    with pytest.raises(ValueError, match="drop_last"):
        DataLoader(Squares(), batch_size=None, drop_last=True)
    with pytest.raises(ValueError, match="num_workers"):
        DataLoader(Squares(), num_workers=-1)
    with pytest.raises(ValueError, match="persistent_workers"):
        DataLoader(Squares(), persistent_workers=True)
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(Squares(), batch_size=0)
    with pytest.raises(TypeError, match="neither a map-style dataset"):
        DataLoader(5)


def _ys(loader):
    return np.concatenate([b["y"].numpy() for b in loader])


def test_shuffle_is_reproducible_under_manual_seed_and_generator():
    ds = Squares(20)
    gg.manual_seed(3)
    a = DataLoader(ds, batch_size=4, shuffle=True)
    e0, e1 = _ys(a), _ys(a)
    assert sorted(e0.tolist()) == sorted(i * i for i in range(20)) and not np.array_equal(e0, e1)
    gg.manual_seed(3)
    b = DataLoader(ds, batch_size=4, shuffle=True)
    np.testing.assert_array_equal(_ys(b), e0)
    np.testing.assert_array_equal(_ys(b), e1)
    g1, g2 = gg.Generator().manual_seed(7), gg.Generator().manual_seed(7)
    np.testing.assert_array_equal(_ys(DataLoader(ds, batch_size=4, shuffle=True, generator=g1)),
                                  _ys(DataLoader(ds, batch_size=4, shuffle=True, generator=g2)))
    state = g1.get_state()
    nxt = _ys(DataLoader(ds, batch_size=4, shuffle=True, generator=g1))
    g1.set_state(state)
    np.testing.assert_array_equal(_ys(DataLoader(ds, batch_size=4, shuffle=True, generator=g1)), nxt)


def test_samplers():
    g = gg.Generator().manual_seed(0)
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]
    perm = list(RandomSampler(range(10), generator=g))
    assert sorted(perm) == list(range(10))
    draws = list(RandomSampler(range(3), replacement=True, num_samples=50, generator=g))
    assert len(draws) == 50 and set(draws) <= {0, 1, 2}
    assert len(list(RandomSampler(range(3), num_samples=7, generator=g))) == 7
    assert sorted(SubsetRandomSampler([5, 7, 9], generator=g)) == [5, 7, 9]
    w = list(WeightedRandomSampler([0.0, 1.0, 3.0], 200, generator=g))
    assert 0 not in w and w.count(2) > w.count(1)
    assert sorted(WeightedRandomSampler([1, 1, 1, 0], 3, replacement=False, generator=g)) == [0, 1, 2]
    assert list(BatchSampler(range(5), 2, False)) == [[0, 1], [2, 3], [4]]
    assert len(BatchSampler(range(5), 2, True)) == 2
    with pytest.raises(ValueError, match="num_samples"):
        RandomSampler(range(3), num_samples=0)
    with pytest.raises(ValueError, match="weights"):
        WeightedRandomSampler([-1.0, 1.0], 2)


def test_subset_concat_random_split():
    ds = TensorDataset(np.arange(10))
    sub = Subset(ds, [9, 0, 5])
    assert [int(s[0].item()) for s in sub] == [9, 0, 5] and len(sub) == 3
    assert next(iter(DataLoader(sub, batch_size=3)))[0].tolist() == [9, 0, 5]
    cat = ConcatDataset([Squares(2), Squares(3)])
    assert len(cat) == 5 and cat[2]["y"] == 0 and cat[-1]["y"] == 4 and len(Squares(2) + Squares(2)) == 4
    parts = random_split(ds, [3, 7], generator=gg.Generator().manual_seed(1))
    ids = sorted(int(s[0].item()) for p in parts for s in p)
    assert [len(p) for p in parts] == [3, 7] and ids == list(range(10))
    assert [len(p) for p in random_split(ds, [0.5, 0.3, 0.2])] == [5, 3, 2]
    with pytest.raises(ValueError, match="sum of input lengths"):
        random_split(ds, [3, 3])


def test_utils_data_alias():
    import graphgrad.utils.data as ud
    from graphgrad.utils.data import DataLoader as DL
    assert ud is gg.data and DL is DataLoader


# ---- worker processes ------------------------------------------------------------------------------

class WhoAmI(Dataset):
    """Samples report the worker that made them and a random number drawn there."""

    def __len__(self):
        return 8

    def __getitem__(self, i):
        info = get_worker_info()
        return {"i": i, "worker": -1 if info is None else info.id, "pid": os.getpid(),
                "r": float(gg.rand(()).item())}


class Failing(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        if i == 5:
            raise KeyError(f"no sample {i}")
        return i


class Crashing(Failing):
    def __getitem__(self, i):
        if i == 3:
            os._exit(7)
        return i


def test_workers_give_the_same_batches_as_no_workers():
    ds = Squares(23)
    for kw in ({"shuffle": True}, {"shuffle": False, "drop_last": True}):
        a = [plain(b) for b in DataLoader(ds, batch_size=4, generator=gg.Generator().manual_seed(5), **kw)]
        b = [plain(b) for b in DataLoader(ds, batch_size=4, generator=gg.Generator().manual_seed(5), num_workers=2,
                                          prefetch_factor=3, **kw)]
        assert a == b
    got = sorted(x for b in DataLoader(Stream(11), batch_size=2, num_workers=2) for x in b.tolist())
    assert got == list(range(11))  # each worker streams its own share


def test_worker_seeding_and_init_fn():
    def init(worker_id):
        gg.manual_seed(1000 + worker_id)  # overrides the per-worker seed: visible in the samples

    gg.manual_seed(0)
    first = list(DataLoader(WhoAmI(), batch_size=2, num_workers=2))
    gg.manual_seed(0)
    again = list(DataLoader(WhoAmI(), batch_size=2, num_workers=2))
    assert [b["r"].tolist() for b in first] == [b["r"].tolist() for b in again]  # reproducible
    assert sorted({w for b in first for w in b["worker"].tolist()}) == [0, 1]
    r0, r1 = first[0]["r"].tolist(), first[1]["r"].tolist()  # batch 0 from worker 0, batch 1 from worker 1
    assert r0 != r1  # different seeds per worker
    inited = list(DataLoader(WhoAmI(), batch_size=2, num_workers=2, worker_init_fn=init))
    gg.manual_seed(1000)
    assert inited[0]["r"].tolist()[0] == pytest.approx(float(gg.rand(()).item()))


def test_worker_exception_is_reraised_with_its_traceback():
    with pytest.raises(KeyError, match=r"(?s)in DataLoader worker process 1.*Original Traceback.*no sample 5"):
        list(DataLoader(Failing(), batch_size=1, num_workers=2))


class Stopping(Failing):
    def __getitem__(self, i):
        raise StopIteration  # in a map-style dataset: an error, not the end of the data


def test_a_map_style_stopiteration_is_an_error_not_the_end():
    with pytest.raises(RuntimeError, match="(?s)Caught StopIteration.*Original Traceback"):
        list(DataLoader(Stopping(), batch_size=None, num_workers=1))
    with pytest.raises(RuntimeError, match="StopIteration"):
        list(DataLoader(Stopping(), batch_size=None))


def test_worker_crash_raises_instead_of_hanging():
    with pytest.raises(RuntimeError, match="exited unexpectedly.*exit code 7"):
        list(DataLoader(Crashing(), batch_size=1, num_workers=2))


class Slow(Failing):
    def __getitem__(self, i):
        if i == 1:
            import time
            time.sleep(1.5)
        return i


def test_timeout_bounds_the_wait_for_a_batch():
    with pytest.raises(RuntimeError, match="timed out after 0.3 seconds"):
        list(DataLoader(Slow(), batch_size=1, num_workers=1, timeout=0.3))


def test_persistent_workers_survive_epochs_and_early_breaks():
    loader = DataLoader(WhoAmI(), batch_size=2, num_workers=2, persistent_workers=True)
    pids = set()
    for _ in range(2):
        it = iter(loader)
        next(it)  # an epoch left unfinished: its results must not leak into the next one
        full = list(loader)
        assert [b["i"].tolist() for b in full] == [[0, 1], [2, 3], [4, 5], [6, 7]]
        pids |= {p for b in full for p in b["pid"].tolist()}
    assert len(pids) == 2 and os.getpid() not in pids
    loader._workers.close()


# ---- parity with torch.utils.data ------------------------------------------------------------------

def _torch_plain(x, torch):
    if isinstance(x, torch.Tensor):
        return ("tensor", x.numpy().tolist())
    if isinstance(x, dict):
        return {k: _torch_plain(v, torch) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x).__name__, [_torch_plain(v, torch) for v in x]
    return x


class PairList:
    """A plain list-like of (array, int, float) tuples, valid for both libraries."""

    def __init__(self, n):
        self.items = [(np.arange(3, dtype=np.float32) + i, i, i / 2) for i in range(n)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def test_batches_match_torch_dataloader():
    torch = pytest.importorskip("torch")
    from torch.utils import data as tud
    cases = [
        (Squares(11), {"batch_size": 4}),
        (Squares(11), {"batch_size": 4, "drop_last": True}),
        (PairList(7), {"batch_size": 3}),
        (PairList(7), {"batch_size": None}),
        (PairList(7), {"sampler": [6, 2, 4], "batch_size": 2}),
        (PairList(7), {"batch_sampler": [[1, 2], [0], [6, 5, 4]]}),
        ([{"a": [1, 2.5], "b": (True, "s")}] * 3, {"batch_size": 2}),
    ]
    for ds, kw in cases:
        ours = [plain(b) for b in DataLoader(ds, **kw)]
        theirs = [_torch_plain(b, torch) for b in tud.DataLoader(ds, **kw)]
        assert ours == theirs, kw
    ours = [plain(b) for b in DataLoader(Stream(7), batch_size=3)]

    class TStream(tud.IterableDataset):
        def __iter__(self):
            return iter(range(7))

    assert ours == [_torch_plain(b, torch) for b in tud.DataLoader(TStream(), batch_size=3)]
