"""gg.save / gg.load: safetensors files, bitwise round trips, atomic writes, clear errors."""
import json
import os
import pickle
import struct

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import nn


def test_state_dict_round_trip_is_bitwise(tmp_path):
    gg.manual_seed(0)
    net = nn.Sequential(nn.Linear(5, 7), nn.BatchNorm1d(7), nn.ReLU(), nn.Linear(7, 2))
    net(gg.randn(9, 5))  # non-trivial running statistics
    path = tmp_path / "model.safetensors"
    gg.save(net.state_dict(), path)
    back = gg.load(path)
    sd = net.state_dict()
    assert list(back) == list(sd)
    for k, v in sd.items():
        assert back[k].dtype == v.dtype and back[k].shape == v.shape
        assert back[k].numpy().tobytes() == v.numpy().tobytes(), k
    fresh = nn.Sequential(nn.Linear(5, 7), nn.BatchNorm1d(7), nn.ReLU(), nn.Linear(7, 2))
    fresh.load_state_dict(back)
    x = gg.randn(4, 5)
    net.eval(), fresh.eval()
    assert np.array_equal(net(x).numpy(), fresh(x).numpy())


def test_nested_dicts_numbers_and_dtypes(tmp_path):
    rng = np.random.default_rng(0)
    special = np.array([np.nan, np.inf, -np.inf, -0.0, 1e-310, 3.5])
    obj = {
        "model": {"0.weight": gg.tensor(rng.standard_normal((3, 2)).astype(np.float32))},
        "optim": {"step": 12, "lr": 1e-3, "nesterov": True, "buf": {"a": gg.tensor(special)}},
        "labels": gg.tensor(np.array([[1, -2], [3, 2 ** 62]])),
        "mask": gg.tensor(np.array([True, False, True])),
        "scalar": gg.tensor(2.5, dtype=gg.float64),
        "empty": gg.zeros(0, 4),
        "none": None,
    }
    p = tmp_path / "ckpt.safetensors"
    gg.save(obj, p)
    back = gg.load(str(p))
    assert back["optim"]["step"] == 12 and back["optim"]["lr"] == 1e-3 and back["optim"]["nesterov"] is True
    assert back["none"] is None
    assert back["optim"]["buf"]["a"].numpy().tobytes() == special.tobytes()  # NaN, -0.0, subnormal bitwise
    for k in ("labels", "mask", "scalar", "empty"):
        assert back[k].dtype == obj[k].dtype and back[k].shape == obj[k].shape
        assert back[k].numpy().tobytes() == obj[k].numpy().tobytes()
    assert back["model"]["0.weight"].numpy().tobytes() == obj["model"]["0.weight"].numpy().tobytes()


def test_file_is_standard_safetensors(tmp_path):
    p = tmp_path / "t.safetensors"
    t = gg.tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    gg.save({"block": {"w": t}, "epoch": 3}, p)
    raw = p.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    assert (8 + n) % 8 == 0
    assert header["block.w"] == {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}
    assert np.array_equal(np.frombuffer(raw[8 + n:8 + n + 24], "<f4"), np.arange(6))
    assert all(isinstance(v, str) for v in header["__metadata__"].values())  # the spec's str -> str


def test_foreign_safetensors_loads_flat(tmp_path):
    a = np.arange(4, dtype="<f8")
    header = json.dumps({"x.y": {"dtype": "F64", "shape": [4], "data_offsets": [0, 32]},
                         "__metadata__": {"format": "pt"}}).encode()
    p = tmp_path / "foreign.safetensors"
    p.write_bytes(struct.pack("<Q", len(header)) + header + a.tobytes())
    back = gg.load(p)
    assert list(back) == ["x.y"] and np.array_equal(back["x.y"].numpy(), a)


def test_truncated_and_foreign_files_raise_value_error(tmp_path):
    p = tmp_path / "m.safetensors"
    gg.save({"w": gg.randn(10, 10)}, p)
    raw = p.read_bytes()
    cases = {
        "short": raw[:5],
        "header cut": raw[:20],
        "data cut": raw[:-8],
        "pickle": b"\x80\x04\x95" + b"\x00" * 40,
        "text": b"hello world, not a checkpoint at all",
        "json list": struct.pack("<Q", 2) + b"[]",
        "bad offsets": struct.pack("<Q", 60) + b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}     ',
    }
    for name, data in cases.items():
        q = tmp_path / f"{name}.safetensors"
        q.write_bytes(data)
        with pytest.raises(ValueError, match="load: .* safetensors|load: "):
            gg.load(q)
    h = json.dumps({"__metadata__": {"graphgrad": "[" * 100000}}).encode()  # hostile nesting
    q = tmp_path / "deep.safetensors"
    q.write_bytes(struct.pack("<Q", len(h)) + h)
    with pytest.raises(ValueError, match="malformed"):
        gg.load(q)
    q = tmp_path / "f8.safetensors"
    h = b'{"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}'
    q.write_bytes(struct.pack("<Q", len(h)) + h + b"\x00" * 2)
    with pytest.raises(ValueError, match="'F8_E4M3'"):
        gg.load(q)


def test_save_is_atomic(tmp_path, monkeypatch):
    p = tmp_path / "m.safetensors"
    gg.save({"w": gg.ones(3)}, p)
    before = p.read_bytes()

    def crash(src, dst):
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        gg.save({"w": gg.zeros(1000)}, p)
    monkeypatch.undo()
    assert p.read_bytes() == before  # the old checkpoint is intact
    assert os.listdir(tmp_path) == ["m.safetensors"]  # and no temporary file is left behind


def test_save_errors_name_the_destination_not_the_temporary(tmp_path):
    missing = tmp_path / "no" / "m.safetensors"
    with pytest.raises(FileNotFoundError, match=f"cannot save to {missing}") as e:
        gg.save({"w": gg.ones(3)}, missing)
    assert ".tmp" not in str(e.value)
    with pytest.raises(IsADirectoryError, match="it is a directory"):
        gg.save({"w": gg.ones(3)}, tmp_path)
    assert os.listdir(tmp_path) == []


def test_save_rejects_what_it_cannot_store(tmp_path):
    p = tmp_path / "x.safetensors"
    with pytest.raises(TypeError, match="keys must be strings or ints"):
        gg.save({1.5: gg.ones(1)}, p)
    with pytest.raises(TypeError, match="cannot save a function at 'a.f'.*cannot be pickled"):
        gg.save({"a": {"f": lambda: 0}}, p)
    assert not p.exists()
    gg.save({"a.b": gg.ones(1), "a": {"b": gg.zeros(1)}}, p)  # names that flatten alike stay distinct
    back = gg.load(p)
    assert back["a.b"].item() == 1 and back["a"]["b"].item() == 0


def test_numpy_arrays_and_scalars_round_trip(tmp_path):
    """time_sequence_prediction's generate_sine_wave.py saves a NumPy array; it loads as one."""
    p = tmp_path / "data.pt"
    wave = np.sin(np.arange(12.0)).reshape(3, 4)
    gg.save(wave, p)
    back = gg.load(p)
    assert isinstance(back, np.ndarray) and back.dtype == np.float64
    np.testing.assert_array_equal(back, wave)
    big_endian = np.arange(6, dtype=">i4").reshape(2, 3)[:, ::2]  # non-native order, not contiguous
    gg.save({"a": big_endian, "t": gg.ones(2), "f": np.float32(1.5), "n": np.int64(3), "b": np.bool_(True)}, p)
    back = gg.load(p)
    np.testing.assert_array_equal(back["a"], big_endian)
    assert back["a"].dtype == np.int32 and isinstance(back["t"], gg.Tensor)
    assert back["f"] == 1.5 and back["n"] == 3 and back["b"] is True
    with pytest.raises(TypeError, match="array 'x' has unsupported dtype <U1"):
        gg.save({"x": np.array(["s"])}, p)


class _Model(nn.Module):  # a script's own model class, as word_language_model's RNNModel
    def __init__(self):
        super().__init__()
        self.encoder = nn.Embedding(7, 4)
        self.rnn = nn.LSTM(4, 4)
        self.decoder = nn.Linear(4, 7)
        self.decoder.weight = self.encoder.weight  # tied
        self.layer = nn.TransformerEncoderLayer(4, 2, dim_feedforward=8)
        self.kind, self.tags = "LSTM", {"a", "b"}


def test_whole_module_round_trip_under_weights_only_rules(tmp_path):
    """torch.save(model, f) / torch.load(f) inside serialization.safe_globals, as word_language_model does."""
    p = tmp_path / "model.pt"
    m = _Model().eval()
    x = gg.tensor([[1, 2, 3]]).t()
    with open(p, "wb") as f:
        gg.save(m, f)
    with pytest.raises(pickle.UnpicklingError, match="_Model, which weights_only loading does not allow.*safe_globals"):
        gg.load(p)
    with gg.serialization.safe_globals([_Model]):
        back = gg.load(p)
    assert type(back) is _Model and back.kind == "LSTM" and back.tags == {"a", "b"} and not back.training
    assert back.decoder.weight is back.encoder.weight and isinstance(back.decoder.weight, nn.Parameter)
    assert back.layer.activation is gg.nn.functional.relu
    assert type(back.layer.self_attn.out_proj) is nn.modules.linear.NonDynamicallyQuantizableLinear
    for a, b in zip(m.state_dict().values(), back.state_dict().values()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    ref, out = m.rnn(m.encoder(x))[0], back.rnn(back.encoder(x))[0]
    np.testing.assert_array_equal(ref.detach().numpy(), out.detach().numpy())
    assert all(q.requires_grad for q in back.parameters())
    assert type(gg.load(p, weights_only=False)) is _Model
    gg.serialization.add_safe_globals([_Model])
    try:
        assert _Model in gg.serialization.get_safe_globals() and type(gg.load(p)) is _Model
    finally:
        gg.serialization.clear_safe_globals()
    header = json.loads(open(p, "rb").read()[8:8 + struct.unpack("<Q", open(p, "rb").read(8))[0]])
    assert "encoder.weight" in header and "decoder.weight" not in header  # named entries, tied once


def test_weights_only_refuses_globals_that_run_code(tmp_path):
    """A crafted pickle naming os.system in the metadata never runs: load names the global instead."""
    p = tmp_path / "evil.safetensors"

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))
    gg.save({"x": Evil()}, p)
    with pytest.raises(pickle.UnpicklingError, match="names posix.system|names os.system"):
        gg.load(p)
