"""Variable-length sequences, as ``torch.nn.utils.rnn`` (also importable under that name,
``graphgrad.nn.utils.rnn``). A ``PackedSequence`` stores the rows of every step back to back,
longest sequences first: step t holds ``batch_sizes[t]`` rows. Packing and unpacking are one
gather each (index arrays built with NumPy), so they are differentiable."""
from collections import namedtuple

import numpy as np

from ..._core import Tensor, cat
from ..._tensor import full, int64, tensor

__all__ = ["PackedSequence", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence", "pack_sequence",
           "unpad_sequence", "unpack_sequence"]


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """data (sum of lengths, *), batch_sizes (int64, one per step), and the permutation that
    sorted the batch by decreasing length (None when it was sorted already)."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, dtype=None, device=None):
        """The packed sequence with ``data.to(...)`` (a dtype, or the CPU), as ``Tensor.to``."""
        return self._replace(data=self.data.to(*args, dtype=dtype, device=device))

    @property
    def is_cuda(self):
        """Always False: graphgrad runs on the CPU."""
        return False


def _invert(perm):
    p = np.asarray(perm.tolist(), dtype=np.int64)
    inv = np.empty_like(p)
    inv[p] = np.arange(len(p))
    return tensor(inv, dtype=int64)


def _lengths(lengths, op):
    if isinstance(lengths, Tensor):
        lengths = lengths.tolist()
    lens = np.asarray(lengths, dtype=np.int64).reshape(-1)
    if lens.size == 0 or (lens <= 0).any():
        raise ValueError(f"{op}: every length must be positive, got {lens.tolist()}")
    return lens


def _rows(t):
    """t as (rows, features...) flattened over its first two axes."""
    return t.reshape(t.shape[0] * t.shape[1], *t.shape[2:])


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Packs a padded batch (T, B, *) (or (B, T, *)) whose sequence b has ``lengths[b]`` steps."""
    op = "pack_padded_sequence"
    if not isinstance(input, Tensor) or input.dim() < 2:
        raise ValueError(f"{op}: expected a padded tensor with at least 2 dimensions")
    lens = _lengths(lengths, op)
    x = input.transpose(0, 1) if batch_first else input
    steps, batch = x.shape[0], x.shape[1]
    if len(lens) != batch:
        raise ValueError(f"{op}: got {len(lens)} lengths for a batch of {batch}")
    if lens.max() > steps:
        raise ValueError(f"{op}: a length ({lens.max()}) exceeds the padded length {steps}")
    if enforce_sorted:
        if (np.diff(lens) > 0).any():
            raise ValueError(f"{op}: lengths {lens.tolist()} are not sorted in decreasing order; pass "
                             "enforce_sorted=False to sort them")
        order, sorted_indices = np.arange(batch), None
    else:
        order = np.argsort(-lens, kind="stable")
        sorted_indices = tensor(order, dtype=int64)
    sl = lens[order]
    batch_sizes = (sl[None, :] > np.arange(steps)[:, None]).sum(1)
    batch_sizes = batch_sizes[batch_sizes > 0]
    idx = np.concatenate([t * batch + order[:n] for t, n in enumerate(batch_sizes)])
    data = _rows(x)[tensor(idx, dtype=int64)]
    return PackedSequence(data, tensor(batch_sizes, dtype=int64), sorted_indices)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of pack_padded_sequence: (padded (T, B, *), lengths) in the original batch order."""
    op = "pad_packed_sequence"
    data, bs = sequence.data, np.asarray(sequence.batch_sizes.tolist(), dtype=np.int64)
    steps, batch = len(bs), int(bs[0])
    if total_length is not None:
        if total_length < steps:
            raise ValueError(f"{op}: total_length {total_length} is shorter than the longest sequence ({steps})")
        steps = total_length
    lens_sorted = (bs[None, :] > np.arange(batch)[:, None]).sum(1)
    unsorted = (np.arange(batch) if sequence.unsorted_indices is None
                else np.asarray(sequence.unsorted_indices.tolist(), dtype=np.int64))
    off = np.concatenate([[0], np.cumsum(bs)])
    n = data.shape[0]
    gidx = np.full((steps, batch), n, dtype=np.int64)  # row n: the padding row
    for t in range(len(bs)):
        pos = unsorted < bs[t]
        gidx[t, pos] = off[t] + unsorted[pos]
    pad = full((1, *data.shape[1:]), padding_value, dtype=data.dtype)
    out = cat([data, pad], 0)[tensor(gidx.reshape(-1), dtype=int64)]
    out = out.reshape(steps, batch, *data.shape[1:])
    if batch_first:
        out = out.transpose(0, 1)
    return out, tensor(lens_sorted[unsorted], dtype=int64)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stacks tensors of shapes (L_i, *) into (max L, B, *) (or (B, max L, *)), padded."""
    op = "pad_sequence"
    if padding_side not in ("right", "left"):
        raise ValueError(f"{op}: padding_side must be 'right' or 'left', got {padding_side!r}")
    seqs = list(sequences)
    if not seqs:
        raise ValueError(f"{op}: got no sequences")
    tail = tuple(seqs[0].shape[1:])
    for s in seqs:
        if tuple(s.shape[1:]) != tail:
            raise ValueError(f"{op}: sequences differ in their trailing shape: {tail} and {tuple(s.shape[1:])}")
    lens = np.array([s.shape[0] for s in seqs], dtype=np.int64)
    steps, batch = int(lens.max()), len(seqs)
    starts = np.concatenate([[0], np.cumsum(lens)])
    n = int(starts[-1])
    gidx = np.full((batch, steps), n, dtype=np.int64)
    for b, length in enumerate(lens):
        at = 0 if padding_side == "right" else steps - length
        gidx[b, at:at + length] = starts[b] + np.arange(length)
    if not batch_first:
        gidx = gidx.T
    pad = full((1, *tail), padding_value, dtype=seqs[0].dtype)
    out = cat(seqs + [pad], 0)[tensor(np.ascontiguousarray(gidx).reshape(-1), dtype=int64)]
    return out.reshape(*gidx.shape, *tail)


def pack_sequence(sequences, enforce_sorted=True):
    """Packs a list of tensors (L_i, *)."""
    lens = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lens, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of sequences of a padded batch."""
    x = padded_sequences if batch_first else padded_sequences.transpose(0, 1)
    return [x[b, :int(n)] for b, n in enumerate(_lengths(lengths, "unpad_sequence"))]


def unpack_sequence(packed_sequences):
    """The list of sequences of a PackedSequence."""
    padded, lens = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lens, batch_first=True)
