"""``gg.save`` / ``gg.load``: checkpoints as safetensors files, read and written by our own code
(no pickle: loading a file never runs code).

Format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N
bytes of JSON ``{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str:
str}}``, then the raw little-endian tensor bytes (offsets relative to the end of the header).

What can be saved: tensors, NumPy arrays (they load as arrays), ints, floats, bools, strings and
None (NumPy scalars save as the Python number), nested in dicts (string or int keys), lists and
tuples -- a model's and an optimizer's ``state_dict``, a scheduler's, an epoch counter, a
configuration, a dataset held as an array. Every tensor (and array) is one entry, named by its
dotted path (``model.0.weight``, ``optimizer.state.0.exp_avg``), so other safetensors readers see
each tensor; the structure is JSON in ``__metadata__["graphgrad"]`` and ``load`` rebuilds it
exactly. A file without that entry (one written by another program) loads as a flat
``{name: tensor}`` dict.

Anything else (a whole Module, as ``torch.save(model, f)`` scripts do, a set, an object of the
script's own) is pickled into the metadata with its tensors still entries of their own (named by
the module's parameter and buffer names; tied weights stay one tensor). Loading such an object
follows PyTorch's ``weights_only`` rules (graphgrad.serialization): by default the pickle may name
only graphgrad's Module classes and plain containers (dtypes and nn.functional's functions are
stored by name), so loading runs no code of the file's choosing; a script's own classes are allowed with
``gg.serialization.safe_globals`` / ``add_safe_globals``, or everything with ``weights_only=False``.

Every graphgrad dtype saves and loads as itself (F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL);
other safetensors dtypes load exactly as int64: U16, U32 (and U64 values below 2**63). BOOL bytes
other than 0 read as True.

Loading checks before it reads any tensor data: the file must be a regular file (not a FIFO or a
device such as /dev/zero), the header must fit in it, names must be unique, and every entry's
``data_offsets`` must match its shape and lie inside the data section without overlapping
another's. Tensor data is read per entry through a memory map, never the whole file at once.

Saving to a path is atomic: a temporary file next to the target is written, fsync'ed and renamed
over it (keeping an existing file's permission bits); it is removed on every error, and the
temporaries of killed saves (``.<name>.gg-<pid>-*.tmp`` of processes that no longer exist) are
removed by the next save to the same path.
"""
import base64
import errno
import glob
import io
import itertools
import json
import mmap
import os
import pickle
import stat
import struct

import numpy as np

from . import serialization
from ._core import Tensor, dtype as _dtype
from ._tensor import bfloat16, from_numpy

__all__ = ["save", "load"]

_META_KEY = "graphgrad"
_MAX_HEADER = 100 * 1024 * 1024
_SAVE_CODES = {np.dtype(k): v for k, v in (("float64", "F64"), ("float32", "F32"), ("float16", "F16"),
                                            ("int64", "I64"), ("int32", "I32"), ("int16", "I16"), ("int8", "I8"),
                                            ("uint8", "U8"), ("bool", "BOOL"))}
# Stored dtype -> (NumPy dtype of the bytes, dtype graphgrad holds it in).
_LOAD_DTYPES = {
    "F64": ("<f8", "float64"), "F32": ("<f4", "float32"), "F16": ("<f2", "float16"), "BF16": ("<u2", "float32"),
    "I64": ("<i8", "int64"), "I32": ("<i4", "int32"), "I16": ("<i2", "int16"), "I8": ("i1", "int8"),
    "U64": ("<u8", "int64"), "U32": ("<u4", "int64"), "U16": ("<u2", "int64"), "U8": ("u1", "uint8"),
    "BOOL": ("u1", "bool"),
}


# ---- structure <-> JSON tree ----------------------------------------------------------------------

def _flatten(obj, name, tensors, depth=0):
    """``obj`` as a JSON-able tree; each tensor is moved into ``tensors`` under a unique dotted name."""
    if depth > 200:
        raise ValueError(f"save: the object is nested more than 200 levels deep at '{name}'")
    if isinstance(obj, (Tensor, np.ndarray)):
        key = name or "tensor"
        while key in tensors or key == "__metadata__":
            key += "_"
        tensors[key] = obj
        return {"t" if isinstance(obj, Tensor) else "a": key}
    if isinstance(obj, (np.bool_, np.integer, np.floating)):
        obj = obj.item()
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return {"v": obj}
    prefix = name + "." if name else ""
    if isinstance(obj, dict):
        items = []
        for k, v in obj.items():
            if not isinstance(k, (str, int)) or isinstance(k, bool):
                raise TypeError(f"save: dict keys must be strings or ints, got {type(k).__name__} key {k!r} "
                                f"at '{name}'")
            items.append([k, _flatten(v, f"{prefix}{k}", tensors, depth + 1)])
        return {"d": items}
    if type(obj) in (list, tuple):  # (a namedtuple pickles, to load as itself)
        tree = [_flatten(v, f"{prefix}{i}", tensors, depth + 1) for i, v in enumerate(obj)]
        return {"u" if isinstance(obj, tuple) else "l": tree}
    return {"p": _pickle(obj, name, tensors)}


def _pickle(obj, name, tensors):
    """``obj`` pickled (base64), each tensor in it moved into ``tensors`` (named by a Module's
    parameter and buffer names where it has them) and each dtype referred to by name."""
    from .nn import functional as F
    from .nn.modules.module import Module, Parameter
    prefix = name + "." if name else ""
    names = {}
    if isinstance(obj, Module):
        for n, t in itertools.chain(obj.named_parameters(), obj.named_buffers()):
            names.setdefault(id(t), n)
    keys = {}
    functions = {id(f): n for n, f in vars(F).items() if callable(f) and not isinstance(f, type)}

    class Pickler(pickle.Pickler):
        def persistent_id(self, o):
            if isinstance(o, Tensor):
                if id(o) not in keys:
                    key = prefix + names.get(id(o), f"tensor{len(keys)}")
                    while key in tensors or key == "__metadata__":
                        key += "_"
                    tensors[key] = o
                    keys[id(o)] = key
                return ("t", keys[id(o)], isinstance(o, Parameter), o.requires_grad)
            if isinstance(o, _dtype):
                return ("dtype", str(o).rpartition(".")[2])
            # A layer's activation: C++ functions pickle as getattr on their binding's record.
            return ("fn", functions[id(o)]) if callable(o) and id(o) in functions else None

    buf = io.BytesIO()
    try:
        Pickler(buf, protocol=4).dump(obj)
    except (pickle.PicklingError, TypeError, AttributeError) as e:
        raise TypeError(f"save: cannot save a {type(obj).__name__} at '{name}': it holds something that cannot "
                        f"be pickled ({type(e).__name__}: {e})") from None
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _unpickle(body, tensors, where, weights_only):
    """What ``_pickle`` wrote; with ``weights_only`` the pickle may name only what
    graphgrad.serialization allows."""
    from . import _tensor
    from .nn import functional as F
    from .nn.modules.module import Parameter
    made = {}

    class Unpickler(pickle.Unpickler):
        def persistent_load(self, pid):
            if isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "dtype":
                dt = getattr(_tensor, str(pid[1]), None)
                if isinstance(dt, _dtype):
                    return dt
            elif isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "fn":
                fn = getattr(F, str(pid[1]), None)
                if callable(fn) and not isinstance(fn, type):
                    return fn
            elif isinstance(pid, tuple) and len(pid) == 4 and pid[0] == "t":
                _, key, is_param, requires_grad = pid
                if key not in tensors:
                    raise ValueError(f"load: {where}: the metadata names tensor {key!r}, which the file does not "
                                     f"contain")
                if key not in made:  # once: tied weights stay one tensor
                    t = tensors[key]
                    made[key] = Parameter(t, bool(requires_grad)) if is_param else t.requires_grad_(bool(requires_grad))
                return made[key]
            raise ValueError(f"load: {where}: malformed graphgrad metadata (persistent id {pid!r})")

        def find_class(self, module, name):
            if not weights_only:
                return super().find_class(module, name)
            obj = serialization.allowed(module, name)
            if obj is None:
                raise pickle.UnpicklingError(
                    f"load: {where}: the file names {module}.{name}, which weights_only loading does not allow; "
                    f"if you trust it, allow it with graphgrad.serialization.safe_globals([{name}]) (or "
                    f"add_safe_globals), or load with weights_only=False (which runs what the file names)")
            return obj

    try:
        data = base64.b64decode(body, validate=True)
    except (ValueError, TypeError):
        raise ValueError(f"load: {where}: malformed graphgrad metadata (not base64)") from None
    return Unpickler(io.BytesIO(data)).load()


def _unflatten(tree, tensors, where, weights_only, depth=0):
    """The object a tree describes; anything but the exact shapes ``_flatten`` makes is an error."""
    bad = ValueError(f"load: {where}: malformed graphgrad metadata")
    if isinstance(tree, str):  # graphgrad 0.1 files name a tensor by a bare string
        tree = {"t": tree}
    if depth > 200 or not isinstance(tree, dict) or len(tree) != 1:
        raise bad
    (kind, body), = tree.items()
    if kind in ("t", "a"):
        if not isinstance(body, str) or body not in tensors:
            raise ValueError(f"load: {where}: the metadata names tensor {body!r}, which the file does not contain")
        return tensors[body] if kind == "t" else tensors[body].numpy()
    if kind == "p" and isinstance(body, str):
        return _unpickle(body, tensors, where, weights_only)
    if kind in ("v", "value"):  # "value"/"dict": the format of graphgrad 0.1 files
        if body is not None and not isinstance(body, (bool, int, float, str)):
            raise bad
        return body
    if kind in ("l", "u") and isinstance(body, list):
        items = [_unflatten(v, tensors, where, weights_only, depth + 1) for v in body]
        return items if kind == "l" else tuple(items)
    if kind == "d" and isinstance(body, list):
        out = {}
        for pair in body:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], (str, int))
                    and not isinstance(pair[0], bool)):
                raise bad
            out[pair[0]] = _unflatten(pair[1], tensors, where, weights_only, depth + 1)
        return out
    if kind == "dict" and isinstance(body, dict):
        return {k: _unflatten(v, tensors, where, weights_only, depth + 1) for k, v in body.items()}
    raise bad


# ---- save -----------------------------------------------------------------------------------------

def _encode(obj):
    """(header bytes, arrays in file order) of the safetensors file for ``obj``."""
    tensors = {}
    tree = _flatten(obj, "", tensors)
    header, arrays, pos = {}, [], 0
    for name, t in tensors.items():
        if not isinstance(t, np.ndarray) and t.dtype == bfloat16:  # the upper half of each float32 (exact)
            a, code = (t.detach().float().numpy().view(np.uint32) >> 16).astype(np.uint16), "BF16"
        else:
            a = t if isinstance(t, np.ndarray) else t.detach().numpy()
            code = _SAVE_CODES.get(a.dtype.newbyteorder("="))
        if code is None:
            what = "array" if isinstance(t, np.ndarray) else "tensor"
            raise TypeError(f"save: {what} '{name}' has unsupported dtype {t.dtype} (saved: "
                            f"{', '.join(str(d) for d in _SAVE_CODES)})")
        a = a if a.flags.c_contiguous else a.copy(order="C")  # (ascontiguousarray would make 0-d 1-d)
        a = a.astype(a.dtype.newbyteorder("<"), copy=False)
        header[name] = {"dtype": code, "shape": list(a.shape), "data_offsets": [pos, pos + a.nbytes]}
        arrays.append(a)
        pos += a.nbytes
    header["__metadata__"] = {_META_KEY: json.dumps(tree, separators=(",", ":"))}
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)  # the data starts 8-byte aligned, as safetensors writers do
    return raw, arrays


def _write(f, raw, arrays):
    f.write(struct.pack("<Q", len(raw)))
    f.write(raw)
    for a in arrays:
        if a.nbytes:
            f.write(memoryview(a.reshape(-1)).cast("B"))


def _clean_stale_temporaries(path):
    """Removes the temporaries that killed saves to ``path`` left (their process no longer exists)."""
    directory, base = os.path.split(os.path.abspath(path))
    for tmp in glob.glob(os.path.join(glob.escape(directory), f".{glob.escape(base)}.gg-*-*.tmp")):
        pid = os.path.basename(tmp)[len(base) + 5:].split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        except OSError:  # alive (or not ours to signal): leave it
            pass


def _save_to_path(raw, arrays, path):
    directory, base = os.path.split(os.path.abspath(path))
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, f"cannot save to {path}: it is a directory")
    _clean_stale_temporaries(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    while True:
        tmp = os.path.join(directory, f".{base}.gg-{os.getpid()}-{os.urandom(4).hex()}.tmp")
        try:  # 0o666 minus the umask, as a plain open() would create it
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            break
        except FileExistsError:
            continue
        except OSError as e:  # name the destination, not our temporary
            raise type(e)(e.errno, f"cannot save to {path}: {e.strerror} (directory {directory})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            _write(f, raw, arrays)
            f.flush()
            os.fsync(f.fileno())
            if mode is not None:
                os.fchmod(f.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
        dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def save(obj, f):
    """Saves ``obj`` (a tensor, a state dict, or a whole training state: see the module docstring)
    to a path (atomically) or to a binary file object opened for writing.

    >>> gg.save({"w": gg.ones(2), "epoch": 3}, "checkpoint.safetensors")
    >>> gg.load("checkpoint.safetensors")
    {'w': tensor([1., 1.]), 'epoch': 3}
    """
    raw, arrays = _encode(obj)
    if hasattr(f, "write"):
        _write(f, raw, arrays)
    else:
        _save_to_path(raw, arrays, os.fspath(f))


# ---- load -----------------------------------------------------------------------------------------

def _no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


class _Source:
    """Reads byte ranges of a regular file (through a memory map) or of a binary file object."""

    def __init__(self, f, where):
        self.where, self.mm, self.f, self.fd, self.pos = where, None, None, None, 0
        if hasattr(f, "read"):
            self.f = f
            self.start = f.tell() if f.seekable() else 0
            self.size = f.seek(0, os.SEEK_END) - self.start if f.seekable() else None
            if f.seekable():
                f.seek(self.start)
            return
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then rejects it.
        self.fd = os.open(f, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        st = os.fstat(self.fd)
        if not stat.S_ISREG(st.st_mode):
            self.close()
            raise ValueError(f"load: {where} is not a regular file (a FIFO, a device or a directory)")
        self.size, self.start = st.st_size, 0
        if self.size:
            self.mm = mmap.mmap(self.fd, 0, access=mmap.ACCESS_READ)

    def read(self, offset, n):
        """``n`` bytes at ``offset`` (the caller has checked the range against the size)."""
        if self.mm is not None:
            return memoryview(self.mm)[offset:offset + n]
        if self.f.seekable():
            self.f.seek(self.start + offset)
        elif offset < self.pos:
            raise ValueError(f"load: {self.where}: a non-seekable stream must hold its tensors in order")
        else:
            self._read_exactly(offset - self.pos)
        data = self._read_exactly(n)
        return memoryview(data)

    def _read_exactly(self, n):
        chunks, left = [], n
        while left:
            chunk = self.f.read(min(left, 1 << 24))
            if not chunk:
                raise _bad(self.where, f"it ends {left} bytes before the {n} bytes to read (truncated)")
            chunks.append(chunk)
            left -= len(chunk)
        self.pos += n
        return b"".join(chunks)

    def close(self):
        if self.mm is not None:
            try:
                self.mm.close()
            except BufferError:  # a traceback still holds a view of it: the collector closes it
                pass
        if self.fd is not None:
            os.close(self.fd)
        self.mm = self.fd = None


def _bad(where, why):
    return ValueError(f"load: {where} is not a valid safetensors file: {why}")


def _entries(header, data_size, where):
    """The validated (name, dtype code, shape, begin, end) of every tensor of the header."""
    out = []
    for name, info in header.items():
        if not isinstance(info, dict) or not {"dtype", "shape", "data_offsets"} <= set(info):
            raise _bad(where, f"entry '{name}' lacks dtype, shape or data_offsets")
        code, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
        if code not in _LOAD_DTYPES:
            raise ValueError(f"load: {where}: tensor '{name}' has dtype {code!r}; graphgrad reads "
                             f"{', '.join(_LOAD_DTYPES)}")
        if not (isinstance(shape, list) and all(type(s) is int and s >= 0 for s in shape)):
            raise _bad(where, f"entry '{name}' has an invalid shape {shape!r}")
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(type(o) is int for o in offsets)):
            raise _bad(where, f"entry '{name}' has invalid data_offsets {offsets!r}")
        begin, end = offsets
        nbytes = int(np.prod(shape, dtype=object)) * np.dtype(_LOAD_DTYPES[code][0]).itemsize
        if not 0 <= begin <= end or end - begin != nbytes:
            raise _bad(where, f"entry '{name}' has data_offsets {offsets} inconsistent with shape {shape}")
        if data_size is not None and end > data_size:
            raise _bad(where, f"tensor '{name}' ends at byte {end} but the data section has {data_size} bytes "
                              f"(truncated?)")
        out.append((name, code, shape, begin, end))
    out.sort(key=lambda e: (e[3], e[4]))
    for a, b in zip(out, out[1:]):
        if b[3] < a[4]:
            raise _bad(where, f"the data of tensors '{a[0]}' and '{b[0]}' overlap")
    return out


def _to_tensor(buf, code, shape, name, where):
    raw_dtype, held = _LOAD_DTYPES[code]
    a = np.frombuffer(buf, dtype=raw_dtype).reshape(shape)
    if code == "U64" and a.size and a.max() >= 2**63:
        raise ValueError(f"load: {where}: tensor '{name}' (U64) holds values >= 2**63, which int64 cannot hold")
    if code == "BF16":  # the upper half of a float32
        return from_numpy((a.astype(np.uint32) << 16).view(np.float32)).to(bfloat16)
    if code == "BOOL":  # canonical 0/1 whatever the bytes were
        a = a != 0
    else:
        a = a.astype(np.dtype(held))  # always a copy, in native byte order
    return from_numpy(np.asarray(a))


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None):
    """Loads what ``save`` wrote, from a path or a binary file object; any other safetensors file
    loads as a flat ``{name: tensor}`` dict. A truncated, foreign or inconsistent file raises
    ValueError. ``map_location`` may only name the CPU; the data is always read through a memory
    map (``mmap`` is accepted). Pickled objects (a whole Module) load under ``weights_only`` rules
    (the default, as in PyTorch: graphgrad.serialization) unless ``weights_only=False``."""
    if pickle_module is not None:
        raise ValueError("load: pickle_module is not supported (graphgrad reads its own format)")
    if map_location is not None and str(getattr(map_location, "type", map_location)).split(":")[0] != "cpu":
        raise ValueError(f"load: graphgrad runs on the CPU only, got map_location={map_location!r}")
    where = repr(f) if hasattr(f, "read") else os.fspath(f)
    src = _Source(f if hasattr(f, "read") else os.fspath(f), where)
    try:
        if src.size is not None and src.size < 8:
            raise _bad(where, f"{src.size} bytes is too short for the 8-byte header length (truncated?)")
        (n,) = struct.unpack("<Q", src.read(0, 8))
        limit = _MAX_HEADER if src.size is None else min(_MAX_HEADER, src.size - 8)
        if n > limit:
            raise _bad(where, f"header length {n} exceeds the file size {src.size} or the {_MAX_HEADER}-byte limit "
                              f"(truncated or not safetensors)")
        try:
            header = json.loads(bytes(src.read(8, n)).decode("utf-8"), object_pairs_hook=_no_duplicates)
        except (UnicodeDecodeError, ValueError, RecursionError) as e:
            raise _bad(where, f"the header is not valid JSON ({type(e).__name__}: {e})") from None
        if not isinstance(header, dict):
            raise _bad(where, "the header is not a JSON object")
        meta = header.pop("__metadata__", None) or {}
        data_size = None if src.size is None else src.size - 8 - n
        tensors = {name: _to_tensor(src.read(8 + n + begin, end - begin), code, shape, name, where)
                   for name, code, shape, begin, end in _entries(header, data_size, where)}
    finally:
        src.close()
    if not isinstance(meta, dict) or not isinstance(meta.get(_META_KEY), str):
        return tensors
    try:
        tree = json.loads(meta[_META_KEY])
    except (ValueError, RecursionError):
        raise _bad(where, "the graphgrad metadata is malformed (not JSON)") from None
    try:
        return _unflatten(tree, tensors, where, weights_only is not False)
    except RecursionError:
        raise _bad(where, "the graphgrad metadata is malformed (nested too deeply)") from None
