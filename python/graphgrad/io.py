"""Checkpoints as safetensors files, read and written by our own code (no pickle: loading a
file never runs code).

Format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N,
N bytes of JSON ``{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__":
{str: str}}``, then the raw little-endian tensor bytes (offsets relative to the end of the
header). Nested dicts are flattened with dotted keys; the nesting and any plain numbers are
kept as JSON in ``__metadata__["graphgrad"]``, so ``load`` returns exactly what was saved,
and other safetensors readers still see every tensor under its dotted name.

Writes are atomic: a temporary file in the same directory is written, flushed, fsync'ed and
renamed over the target, so a crash mid-write leaves the previous file intact.
"""
import json
import os
import struct
import tempfile

import numpy as np

from ._core import Tensor
from ._tensor import from_numpy

__all__ = ["save", "load"]

_DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "I64": np.dtype("<i8"), "BOOL": np.dtype("bool")}
_CODES = {v: k for k, v in _DTYPES.items()}
_META_KEY = "graphgrad"
_MAX_HEADER = 100 * 1024 * 1024


def _flatten(obj, prefix, tensors):
    """The tree of ``obj`` as JSON-able data, with each tensor replaced by its flat key."""
    if isinstance(obj, Tensor):
        if prefix in tensors:
            raise ValueError(f"save: two entries flatten to the same key '{prefix}'")
        tensors[prefix] = obj
        return prefix
    if isinstance(obj, (bool, int, float)) or obj is None:
        return {"value": obj}
    if isinstance(obj, dict):
        tree = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise TypeError(f"save: dict keys must be strings, got {type(k).__name__} key {k!r}")
            tree[k] = _flatten(v, f"{prefix}.{k}" if prefix else k, tensors)
        return {"dict": tree}
    hint = " (save module.state_dict() instead)" if hasattr(obj, "state_dict") else ""
    raise TypeError(f"save: cannot save a {type(obj).__name__} at '{prefix}': only tensors, numbers and dicts of "
                    f"them are supported{hint}")


def _unflatten(tree, tensors, where):
    if isinstance(tree, str):
        if tree not in tensors:
            raise ValueError(f"load: {where}: the header names tensor '{tree}', which the file does not contain")
        return tensors[tree]
    if isinstance(tree, dict) and "value" in tree:
        return tree["value"]
    if isinstance(tree, dict) and isinstance(tree.get("dict"), dict):
        return {k: _unflatten(v, tensors, where) for k, v in tree["dict"].items()}
    raise ValueError(f"load: {where}: malformed graphgrad metadata")


def save(obj, path):
    """Saves a tensor, or a (nested) dict of tensors and plain numbers, e.g. a state dict."""
    tensors = {}
    tree = _flatten(obj, "", tensors)
    header, arrays, pos = {}, [], 0
    for name, t in tensors.items():
        a = t.detach().numpy()
        a = a if a.flags.c_contiguous else a.copy(order="C")  # (ascontiguousarray would make 0-d 1-d)
        a = a.astype(a.dtype.newbyteorder("<"), copy=False)
        code = _CODES.get(a.dtype)
        if code is None:
            raise TypeError(f"save: tensor '{name}' has unsupported dtype {t.dtype}")
        header[name] = {"dtype": code, "shape": list(a.shape), "data_offsets": [pos, pos + a.nbytes]}
        arrays.append(a)
        pos += a.nbytes
    header["__metadata__"] = {_META_KEY: json.dumps(tree)}
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)  # the data starts 8-byte aligned, as safetensors writers do

    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(raw)))
            f.write(raw)
            for a in arrays:
                f.write(memoryview(a.reshape(-1)).cast("B"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
        dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _bad(path, why):
    return ValueError(f"load: {path} is not a valid safetensors file: {why}")


def load(path):
    """Loads what ``save`` wrote (or any safetensors file of float32/float64/int64/bool
    tensors, as a flat dict). A truncated or foreign file raises ValueError."""
    path = os.fspath(path)
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise _bad(path, f"{len(data)} bytes is too short for the 8-byte header length (truncated?)")
    (n,) = struct.unpack("<Q", data[:8])
    if n > _MAX_HEADER or 8 + n > len(data):
        raise _bad(path, f"header length {n} exceeds the file size {len(data)} (truncated or not safetensors)")
    try:
        header = json.loads(data[8:8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise _bad(path, f"the header is not JSON ({type(e).__name__}: {e})") from None
    if not isinstance(header, dict):
        raise _bad(path, "the header is not a JSON object")
    meta = header.pop("__metadata__", None) or {}
    body = memoryview(data)[8 + n:]
    tensors = {}
    for name, info in header.items():
        try:
            dtype, shape, (begin, end) = _DTYPES.get(info["dtype"]), info["shape"], info["data_offsets"]
        except (TypeError, KeyError, ValueError):
            raise _bad(path, f"entry '{name}' lacks dtype, shape or data_offsets") from None
        if dtype is None:
            raise ValueError(f"load: {path}: tensor '{name}' has dtype {info['dtype']!r}; graphgrad reads F32, "
                             f"F64, I64 and BOOL")
        if not (isinstance(shape, list) and all(isinstance(s, int) and s >= 0 for s in shape)):
            raise _bad(path, f"entry '{name}' has an invalid shape {shape!r}")
        nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin <= end and end - begin == nbytes):
            raise _bad(path, f"entry '{name}' has data_offsets {[begin, end]} inconsistent with shape {shape}")
        if end > len(body):
            raise _bad(path, f"tensor '{name}' ends at byte {end} but the data section has {len(body)} bytes "
                             f"(truncated)")
        arr = np.frombuffer(body[begin:end], dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))
        tensors[name] = from_numpy(arr)
    if not isinstance(meta, dict) or _META_KEY not in meta:
        return tensors  # a safetensors file from another writer: its flat dict
    try:
        return _unflatten(json.loads(meta[_META_KEY]), tensors, path)
    except (TypeError, json.JSONDecodeError, RecursionError):
        raise _bad(path, "the graphgrad metadata is malformed") from None
