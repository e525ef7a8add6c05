"""Random-number state in PyTorch's API: the global generator's state and ``Generator`` objects.

The global generator (C++, Philox keyed by a seed and a counter) drives tensor creation, dropout and
every sampler that is given no generator. A ``Generator`` is an independent stream for the Python
side (samplers, ``random_split``), backed by NumPy's PCG64: pass one to make a data order
reproducible without touching the global state.
"""
import json

import numpy as np

from . import _core

__all__ = ["Generator", "get_rng_state", "set_rng_state", "initial_seed", "seed"]

_DEFAULT_SEED = 67280421310721  # PyTorch's default seed of a new Generator


def get_rng_state():
    """The global generator's state as an int64 tensor ``[seed, offset]`` (the bits of two uint64),
    to be saved in a checkpoint and given back to ``set_rng_state``."""
    from ._tensor import from_numpy
    s, o = _core._rng_state()
    return from_numpy(np.array([s, o], dtype=np.uint64).view(np.int64))


def set_rng_state(new_state):
    """Restores a state returned by ``get_rng_state`` (a tensor, an array or a pair of integers)."""
    state = np.asarray(new_state.numpy() if isinstance(new_state, _core.Tensor) else new_state)
    if state.shape != (2,) or state.dtype.kind not in "iu":
        raise TypeError(f"set_rng_state: expected the 2-element integer state of get_rng_state(), got "
                        f"{state.dtype} of shape {state.shape}")
    s, o = (int(v) for v in state.astype(np.int64).view(np.uint64))
    _core._set_rng_state(s, o)


def initial_seed():
    """The seed the global generator was last seeded with."""
    return int(_core._rng_state()[0])


def seed():
    """Seeds the global generator from the operating system's entropy and returns the seed."""
    s = int(np.random.SeedSequence().generate_state(1, np.uint64)[0]) >> 1
    _core.manual_seed(s)
    return s


class Generator:
    """An independent random stream, as ``torch.Generator``: ``Generator().manual_seed(0)``."""

    def __init__(self, device="cpu"):
        if str(device).split(":")[0] != "cpu":
            raise ValueError(f"Generator: graphgrad runs on the CPU only, got device {device!r}")
        self.device = "cpu"
        self.manual_seed(_DEFAULT_SEED)

    def manual_seed(self, seed):
        """Seeds this generator (its stream restarts); returns self."""
        self._seed = int(seed)
        self.rng = np.random.default_rng(self._seed & (2**64 - 1))
        return self

    def initial_seed(self):
        """The seed this generator was last seeded with."""
        return self._seed

    def seed(self):
        """Seeds this generator from the operating system's entropy and returns the new seed."""
        s = int(np.random.SeedSequence().generate_state(1, np.uint64)[0]) >> 1
        self.manual_seed(s)
        return s

    def get_state(self):
        """The stream's state as a uint8-valued int64 tensor (the JSON of NumPy's PCG64 state)."""
        from ._tensor import from_numpy
        raw = json.dumps({"seed": self._seed, "bits": self.rng.bit_generator.state}).encode()
        return from_numpy(np.frombuffer(raw, dtype=np.uint8).astype(np.int64))

    def set_state(self, new_state):
        """Restores a state from ``get_state()``."""
        raw = np.asarray(new_state.numpy() if isinstance(new_state, _core.Tensor) else new_state)
        try:
            state = json.loads(raw.astype(np.uint8).tobytes().decode())
            self.manual_seed(state["seed"])
            self.rng.bit_generator.state = state["bits"]
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"Generator.set_state: not a state from Generator.get_state() ({e})") from None
        return self

    def random_seed(self):
        """A 62-bit integer drawn from this stream (what a sampler seeds an epoch with)."""
        return int(self.rng.integers(0, 2**62))
