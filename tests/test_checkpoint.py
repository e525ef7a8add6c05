"""gg.save / gg.load of whole training states: nested structures, file objects, bit-identical resume
of optimizers and schedulers, every safetensors dtype (and the safetensors package both ways), and
hostile files (FIFOs, devices, sparse files, duplicate keys, overlapping offsets, hostile metadata),
stale temporaries and permission bits."""
import io
import json
import os
import stat
import struct

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import nn, optim


def _file(entries, data, meta=None, raw_header=None):
    """A safetensors file's bytes from header entries (name -> (dtype, shape, [begin, end]))."""
    header = {k: {"dtype": d, "shape": s, "data_offsets": o} for k, (d, s, o) in entries.items()}
    if meta is not None:
        header["__metadata__"] = meta
    h = raw_header if raw_header is not None else json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


def test_nested_training_state_round_trips(tmp_path):
    obj = {"epoch": 3, "cfg": {"hidden": [32, 16], "name": "mlp", "lr": 1e-3, "flags": (True, None)},
           "state": {0: {"buf": gg.ones(2)}, 1: {}}, "groups": [{"params": [0, 1], "lr": float("inf")}],
           "pair": (gg.arange(3), "x"), "empty": [], "t": gg.tensor(5.0)}
    gg.save(obj, tmp_path / "s.safetensors")
    back = gg.load(tmp_path / "s.safetensors")
    assert back["epoch"] == 3 and back["cfg"] == {"hidden": [32, 16], "name": "mlp", "lr": 1e-3,
                                                  "flags": (True, None)}
    assert back["state"][0]["buf"].tolist() == [1, 1] and back["state"][1] == {} and back["empty"] == []
    assert back["groups"][0]["lr"] == float("inf") and isinstance(back["pair"], tuple)
    assert back["pair"][0].tolist() == [0, 1, 2] and back["t"].item() == 5.0
    buf = io.BytesIO()
    gg.save(obj["cfg"], buf)
    buf.seek(0)
    assert gg.load(buf) == obj["cfg"]
    with open(tmp_path / "f.bin", "wb") as f:
        gg.save({"w": gg.eye(2)}, f)
    with open(tmp_path / "f.bin", "rb") as f:
        assert gg.load(f, map_location="cpu")["w"].tolist() == [[1, 0], [0, 1]]


class Stream(io.RawIOBase):
    """A non-seekable binary stream (a pipe, a socket)."""

    def __init__(self, data):
        self.src = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, b):
        return self.src.readinto(b)


def test_load_from_a_non_seekable_stream():
    buf = io.BytesIO()
    gg.save({"a": gg.arange(3), "b": [gg.ones(2), 4]}, buf)
    back = gg.load(Stream(buf.getvalue()))
    assert back["a"].tolist() == [0, 1, 2] and back["b"][0].tolist() == [1, 1] and back["b"][1] == 4
    with pytest.raises(ValueError, match="truncated"):
        gg.load(Stream(buf.getvalue()[:-4]))


def _steps(model, opt, sched, n, seed):
    gg.manual_seed(seed)
    for _ in range(n):
        loss = (model(gg.randn(8, 4)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()


@pytest.mark.parametrize("make", [
    lambda p: (optim.Adam(p, lr=1e-2), None),
    lambda p: (lambda o: (o, optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5)))(optim.SGD(p, lr=0.1, momentum=0.9)),
    lambda p: (lambda o: (o, optim.lr_scheduler.CosineAnnealingLR(o, T_max=5)))(optim.AdamW(p, lr=1e-2)),
])
def test_resume_is_bit_identical(tmp_path, make):
    def build():
        gg.manual_seed(0)
        m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        return (m, *make(list(m.parameters())))

    m1, o1, s1 = build()
    _steps(m1, o1, s1, 3, seed=1)
    path = tmp_path / "ckpt.safetensors"
    gg.save({"model": m1.state_dict(), "optimizer": o1.state_dict(),
             "scheduler": s1.state_dict() if s1 else None, "epoch": 3, "rng": gg.get_rng_state()}, path)
    _steps(m1, o1, s1, 3, seed=2)

    m2, o2, s2 = build()
    ckpt = gg.load(path)
    m2.load_state_dict(ckpt["model"])
    o2.load_state_dict(ckpt["optimizer"])
    if s2 is not None:
        s2.load_state_dict(ckpt["scheduler"])
    gg.set_rng_state(ckpt["rng"])
    _steps(m2, o2, s2, 3, seed=2)
    for (k, a), b in zip(m1.state_dict().items(), m2.state_dict().values()):
        assert a.numpy().tobytes() == b.numpy().tobytes(), k
    assert o1.param_groups[0]["lr"] == o2.param_groups[0]["lr"]


def test_rng_state_api():
    gg.manual_seed(11)
    gg.rand(5)
    state = gg.get_rng_state()
    a = gg.rand(4).tolist()
    gg.set_rng_state(state)
    assert gg.rand(4).tolist() == a and gg.initial_seed() == 11
    with pytest.raises(TypeError, match="set_rng_state"):
        gg.set_rng_state(gg.ones(3))


@pytest.mark.parametrize("code,dtype,held", [
    ("F64", "<f8", gg.float64), ("F32", "<f4", gg.float32), ("F16", "<f2", gg.float16), ("I64", "<i8", gg.int64),
    ("I32", "<i4", gg.int32), ("I16", "<i2", gg.int16), ("I8", "i1", gg.int8), ("U8", "u1", gg.uint8),
    ("U16", "<u2", gg.int64), ("U32", "<u4", gg.int64), ("U64", "<u8", gg.int64), ("BOOL", "?", gg.bool_),
])
def test_every_dtype_loads(tmp_path, code, dtype, held):
    a = np.arange(6).astype(dtype) if code[0] in "UB" else (np.arange(-3, 3) * 37).astype(dtype)
    p = tmp_path / "d.safetensors"
    p.write_bytes(_file({"a": (code, [2, 3], [0, a.nbytes])}, a.tobytes()))
    t = gg.load(p)["a"]
    assert t.dtype == held and t.shape == (2, 3)
    np.testing.assert_array_equal(t.numpy(), a.reshape(2, 3).astype(t.numpy().dtype))


def test_bf16_and_bool_canonicalisation(tmp_path):
    f = np.array([1.5, -2.25, 3e38, np.inf], dtype=np.float32)
    f = (f.view(np.uint32) & 0xFFFF0000).view(np.float32)  # values exact in bfloat16
    bf = (f.view(np.uint32) >> 16).astype("<u2")
    p = tmp_path / "b.safetensors"
    p.write_bytes(_file({"b": ("BF16", [4], [0, 8]), "m": ("BOOL", [3], [8, 11])}, bf.tobytes() + b"\x00\x02\xff"))
    back = gg.load(p)
    assert back["b"].dtype == gg.bfloat16
    np.testing.assert_array_equal(back["b"].float().numpy(), f)
    assert back["m"].tolist() == [False, True, True] and back["m"].numpy().view(np.uint8).tolist() == [0, 1, 1]
    u = tmp_path / "u.safetensors"
    u.write_bytes(_file({"u": ("U64", [1], [0, 8])}, np.array([2**63], "<u8").tobytes()))
    with pytest.raises(ValueError, match="2\\*\\*63"):
        gg.load(u)


def test_safetensors_package_both_ways(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    arrays = {f"{d}": (np.arange(12) % 5).astype(d).reshape(3, 4)
              for d in ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")}
    st.save_file(arrays, tmp_path / "theirs.safetensors", metadata={"format": "np"})
    back = gg.load(tmp_path / "theirs.safetensors")
    for k, a in arrays.items():
        assert back[k].dtype == getattr(gg, "bool_" if k == "bool" else k), k
        np.testing.assert_array_equal(back[k].numpy(), a, err_msg=k)
    gg.manual_seed(0)
    sd = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)).state_dict()
    gg.save({"model": sd, "step": 7}, tmp_path / "ours.safetensors")
    theirs = st.load_file(tmp_path / "ours.safetensors")
    assert set(theirs) == {f"model.{k}" for k in sd}
    for k, v in sd.items():
        np.testing.assert_array_equal(theirs[f"model.{k}"], v.numpy())
    torch = pytest.importorskip("torch")
    from safetensors.torch import save_file
    t = torch.tensor([1.5, -2.0, 0.1], dtype=torch.bfloat16)
    save_file({"t": t}, tmp_path / "bf16.safetensors")
    mine = gg.load(tmp_path / "bf16.safetensors")["t"]
    assert mine.dtype == gg.bfloat16
    np.testing.assert_array_equal(mine.float().numpy(), t.float().numpy())


def test_hostile_metadata_loads_as_data_or_raises(tmp_path):
    a = np.ones(2, "<f4")
    entries = {"w": ("F32", [2], [0, 8])}
    for tree in ({"t": "missing"}, {"v": {"__class__": "os.system"}}, {"d": [[1.5, {"v": 1}]]}, [1, 2],
                 {"t": "w", "extra": 1}, "__import__('os').system('false')"):
        p = tmp_path / "h.safetensors"
        p.write_bytes(_file(entries, a.tobytes(), {"graphgrad": json.dumps(tree)}))
        with pytest.raises(ValueError, match="metadata|malformed"):
            gg.load(p)
    p.write_bytes(_file(entries, a.tobytes(), {"graphgrad": json.dumps({"d": [["cmd", {"v": "rm -rf /"}]]})}))
    assert gg.load(p) == {"cmd": "rm -rf /"}  # strings stay strings
    p.write_bytes(_file(entries, a.tobytes(), {"other": "x", "graphgrad": 5}))
    assert list(gg.load(p)) == ["w"]  # not ours: the flat dict


def test_files_of_graphgrad_0_1_still_load(tmp_path):
    tree = {"dict": {"w": "w", "epoch": {"value": 3}}}  # the layout main wrote before nested lists
    p = tmp_path / "old.safetensors"
    p.write_bytes(_file({"w": ("F32", [2], [0, 8])}, np.ones(2, "<f4").tobytes(), {"graphgrad": json.dumps(tree)}))
    back = gg.load(p)
    assert back["epoch"] == 3 and back["w"].tolist() == [1, 1]


def test_inconsistent_headers_are_rejected(tmp_path):
    data = b"\x00" * 16
    cases = {
        "overlap": {"a": ("F32", [2], [0, 8]), "b": ("F32", [2], [4, 12])},
        "out of range": {"a": ("F32", [4], [8, 24])},
        "negative": {"a": ("F32", [1], [-4, 0])},
        "shape mismatch": {"a": ("F32", [3], [0, 8])},
        "bool shape": {"a": ("F32", [True], [0, 4])},
        "huge shape": {"a": ("F64", [2**40, 2**40], [0, 16])},
    }
    p = tmp_path / "x.safetensors"
    for name, entries in cases.items():
        p.write_bytes(_file(entries, data))
        with pytest.raises(ValueError, match="data_offsets|overlap|ends at byte|shape"):
            gg.load(p)
    p.write_bytes(_file({}, data, raw_header=b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                                              b'"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}'))
    with pytest.raises(ValueError, match="duplicate key 'a'"):
        gg.load(p)


def test_non_regular_and_huge_files_fail_fast(tmp_path):
    fifo = tmp_path / "fifo.safetensors"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        gg.load(fifo)  # would block forever reading a FIFO without a writer
    link = tmp_path / "zero.safetensors"
    os.symlink("/dev/zero", link)
    with pytest.raises(ValueError, match="not a regular file"):
        gg.load(link)
    with pytest.raises(ValueError, match="not a regular file"):
        gg.load(tmp_path)
    sparse = tmp_path / "sparse.safetensors"
    with open(sparse, "wb") as f:
        f.write(struct.pack("<Q", 2**40))  # a header length far beyond any real header
        f.truncate(20 * 2**30)  # 20 GB, sparse: reading it whole would take minutes
    with pytest.raises(ValueError, match="header length"):
        gg.load(sparse)
    h = json.dumps({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}).encode()
    with open(sparse, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h)
        f.truncate(20 * 2**30)  # a small tensor at the start of a huge sparse file: read per entry
    assert gg.load(sparse)["a"].tolist() == [0.0]


def test_temporaries_permissions_and_error_paths(tmp_path, monkeypatch):
    p = tmp_path / "m.safetensors"
    dead = tmp_path / ".m.safetensors.gg-999999999-0000.tmp"
    alive = tmp_path / f".m.safetensors.gg-{os.getpid()}-0000.tmp"
    other = tmp_path / ".m.safetensors.unrelated.tmp"
    for f in (dead, alive, other):
        f.write_bytes(b"x")
    gg.save({"w": gg.ones(3)}, p)
    assert not dead.exists() and alive.exists() and other.exists()  # only killed saves' temporaries go
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o666 & ~umask
    os.chmod(p, 0o640)
    gg.save({"w": gg.zeros(3)}, p)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640 and gg.load(p)["w"].tolist() == [0, 0, 0]

    def broken_fsync(fd):
        raise OSError("disk full")

    before = sorted(os.listdir(tmp_path))
    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        gg.save({"w": gg.ones(100)}, p)
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == before and gg.load(p)["w"].tolist() == [0, 0, 0]
