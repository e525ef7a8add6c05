"""Recurrent layers with PyTorch's names, parameters and semantics: ``RNN``, ``LSTM``, ``GRU``
and their one-step ``RNNCell``, ``LSTMCell``, ``GRUCell``. Each layer (all its directions and
time steps) is one fused C++ op, ``_core._rnn_layer``: one graph node per layer. Modules hold
the parameters and arrange the states; padded input is the packed layout with equal batch sizes."""
import math

from ... import _core
from ..._core import Tensor, cat
from ..._tensor import empty
from .. import functional as F
from .. import init
from .module import Module, Parameter
from ..utils.rnn import PackedSequence

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


def _check_size(op, name, v, minimum=1):
    if not isinstance(v, int) or isinstance(v, bool) or v < minimum:
        raise ValueError(f"{op}: {name} must be an int >= {minimum}, got {v!r}")


class RNNBase(Module):
    """The multi-layer recurrent network shared by RNN, LSTM and GRU (PyTorch's ``RNNBase``)."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, dtype=None):
        super().__init__()
        op = type(self).__name__
        _check_size(op, "input_size", input_size)
        _check_size(op, "hidden_size", hidden_size)
        _check_size(op, "num_layers", num_layers)
        _check_size(op, "proj_size", proj_size, 0)
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout <= 1:
            raise ValueError(f"{op}: dropout must be a number in [0, 1], got {dropout!r}")
        if proj_size and mode != "LSTM":
            raise ValueError(f"{op}: proj_size is only supported by LSTM")
        if proj_size >= hidden_size:
            raise ValueError(f"{op}: proj_size ({proj_size}) must be smaller than hidden_size ({hidden_size})")
        self.mode, self.input_size, self.hidden_size, self.num_layers = mode, input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bool(bias), bool(batch_first), float(dropout)
        self.bidirectional, self.proj_size = bool(bidirectional), proj_size
        gh = _GATES[mode] * hidden_size
        real_hidden = proj_size or hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            for suffix in ("", "_reverse")[: self.num_directions]:
                layer_in = input_size if layer == 0 else real_hidden * self.num_directions
                shapes = [("weight_ih", (gh, layer_in)), ("weight_hh", (gh, real_hidden))]
                if bias:
                    shapes += [("bias_ih", (gh,)), ("bias_hh", (gh,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for name, shape in shapes:
                    full = f"{name}_l{layer}{suffix}"
                    setattr(self, full, Parameter(empty(*shape, dtype=dtype)))
                    self._flat_weights_names.append(full)
        self.reset_parameters()

    @property
    def num_directions(self):
        """2 for a bidirectional layer, else 1."""
        return 2 if self.bidirectional else 1

    @property
    def _per_layer(self):
        return (2 + 2 * self.bias + bool(self.proj_size)) * self.num_directions

    @property
    def all_weights(self):
        """The weights per layer and direction, in PyTorch's order (w_ih, w_hh, b_ih, b_hh[, w_hr])."""
        w = [getattr(self, n) for n in self._flat_weights_names]
        k = self._per_layer // self.num_directions
        return [w[i:i + k] for i in range(0, len(w), k)]

    def flatten_parameters(self):
        """A no-op kept for PyTorch scripts: the fused op reads the parameters where they are."""

    def reset_parameters(self):
        """Re-draws every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), PyTorch's default."""
        k = 1.0 / math.sqrt(self.hidden_size)
        for name in self._flat_weights_names:
            init.uniform_(getattr(self, name), -k, k)

    def _state_shape(self, batch, cell=False):
        size = self.hidden_size if cell else (self.proj_size or self.hidden_size)
        return (self.num_layers * self.num_directions, batch, size)

    def _check_state(self, state, batch, unbatched, cell, dtype):
        op = type(self).__name__
        want = self._state_shape(batch, cell)
        if unbatched:
            want = (want[0], want[2])
        what = "cell state" if cell else "hidden state"
        if not isinstance(state, Tensor):
            raise TypeError(f"{op}: expected the initial {what} to be a Tensor, got {type(state).__name__}")
        if tuple(state.shape) != want:
            raise ValueError(f"{op}: expected the initial {what} of shape {want}, got {tuple(state.shape)}")
        if state.dtype != dtype:
            raise TypeError(f"{op}: input is {dtype} but the initial {what} is {state.dtype}")
        return state.unsqueeze(1) if unbatched else state

    def forward(self, input, hx=None):
        """Runs the layer over a sequence: input (L, N, H_in) ((N, L, H_in) with batch_first, or (L, H_in)
        unbatched, or a PackedSequence), hx the initial state (zeros when None). Returns (output, h_n)
        ((output, (h_n, c_n)) for LSTM), output (L, N, D * H_out) with D = num_directions.
        """
        op = type(self).__name__
        lstm = self.mode == "LSTM"
        packed = isinstance(input, PackedSequence)
        unbatched = False
        if packed:
            rows = input.data
            batch_sizes = [int(b) for b in input.batch_sizes.tolist()]
            batch = batch_sizes[0] if batch_sizes else 0
        else:
            if not isinstance(input, Tensor):
                raise TypeError(f"{op}: expected a Tensor or PackedSequence input, got {type(input).__name__}")
            if input.dim() not in (2, 3):
                raise ValueError(f"{op}: expected a 2-D (unbatched) or 3-D input, got shape {tuple(input.shape)}")
            unbatched = input.dim() == 2
            x = input.unsqueeze(1) if unbatched else (input.transpose(0, 1) if self.batch_first else input)
            steps, batch = x.shape[0], x.shape[1]
            rows = x.reshape(steps * batch, x.shape[2])
            batch_sizes = [batch] * steps
        if rows.shape[-1] != self.input_size:
            raise ValueError(f"{op}: expected input with {self.input_size} features, got {rows.shape[-1]}")
        h0 = c0 = None
        if hx is not None:
            if lstm:
                if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                    raise TypeError(f"{op}: expected hx to be a tuple (h_0, c_0)")
                h0 = self._check_state(hx[0], batch, unbatched, False, rows.dtype)
                c0 = self._check_state(hx[1], batch, unbatched, True, rows.dtype)
            else:
                h0 = self._check_state(hx, batch, unbatched, False, rows.dtype)
            if packed and input.sorted_indices is not None:
                h0 = h0[:, input.sorted_indices]
                c0 = c0[:, input.sorted_indices] if c0 is not None else None
        weights = [getattr(self, n) for n in self._flat_weights_names]
        d, k = self.num_directions, self._per_layer
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            s = slice(layer * d, (layer + 1) * d)
            outs = _core._rnn_layer(self.mode, rows, batch_sizes, None if h0 is None else h0[s],
                                    None if c0 is None else c0[s], weights[layer * k:(layer + 1) * k], d,
                                    self.bias, bool(self.proj_size))
            rows = outs[0]
            h_n.append(outs[1])
            if lstm:
                c_n.append(outs[2])
            if self.dropout and self.training and layer < self.num_layers - 1:
                rows = F.dropout(rows, self.dropout, True)
        h_n = h_n[0] if len(h_n) == 1 else cat(h_n, 0)
        c_n = (c_n[0] if len(c_n) == 1 else cat(c_n, 0)) if lstm else None
        if packed:
            output = PackedSequence(rows, input.batch_sizes, input.sorted_indices, input.unsorted_indices)
            if input.unsorted_indices is not None:
                h_n = h_n[:, input.unsorted_indices]
                c_n = c_n[:, input.unsorted_indices] if lstm else None
        else:
            output = rows.reshape(steps, batch, rows.shape[-1])
            if unbatched:
                output, h_n = output.squeeze(1), h_n.squeeze(1)
                c_n = c_n.squeeze(1) if lstm else None
            elif self.batch_first:
                output = output.transpose(0, 1)
        return output, ((h_n, c_n) if lstm else h_n)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh) (or relu)."""

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: unknown nonlinearity '{nonlinearity}' (expected 'tanh' or 'relu')")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size, num_layers,
                         bias, batch_first, dropout, bidirectional, dtype=dtype)

    def extra_repr(self):
        s = super().extra_repr()
        return s if self.nonlinearity == "tanh" else s + ", nonlinearity='relu'"


class LSTM(RNNBase):
    """Long short-term memory, gates [i f g o] as in PyTorch; ``proj_size`` > 0 projects h_t
    with weight_hr (LSTMP). Returns output, (h_n, c_n)."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         proj_size, dtype=dtype)


class GRU(RNNBase):
    """Gated recurrent unit, gates [r z n] as in PyTorch: n = tanh(W_in x + b_in + r * (W_hn h + b_hn))."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, dtype=None):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         dtype=dtype)


class _CellBase(Module):
    """One step of a recurrent layer: the layer's fused kernels over a single step, one graph node."""
    _mode = None

    def __init__(self, input_size, hidden_size, bias=True, dtype=None):
        super().__init__()
        op = type(self).__name__
        _check_size(op, "input_size", input_size)
        _check_size(op, "hidden_size", hidden_size)
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bool(bias)
        gh = _GATES[self.mode] * hidden_size
        self.weight_ih = Parameter(empty(gh, input_size, dtype=dtype))
        self.weight_hh = Parameter(empty(gh, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(empty(gh, dtype=dtype))
            self.bias_hh = Parameter(empty(gh, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    @property
    def mode(self):
        """The fused op's mode ('LSTM' or 'GRU'; 'RNN_TANH' or 'RNN_RELU' for RNNCell)."""
        return self._mode

    def reset_parameters(self):
        """Re-draws every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), PyTorch's default."""
        k = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            init.uniform_(p, -k, k)

    def forward(self, input, hx=None):
        """One step: input (N, input_size) or (input_size,), hx the state (zeros when None); returns the new
        state, h' ((h', c') for LSTMCell), each (N, hidden_size). One fused C++ op, ``_core._rnn_cell``.
        """
        if not isinstance(input, Tensor):
            raise TypeError(f"{type(self).__name__}: expected a Tensor input, got {type(input).__name__}")
        h = c = None
        if hx is not None:
            if self.mode == "LSTM":
                if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                    raise TypeError(f"{type(self).__name__}: expected hx to be a tuple (h_0, c_0)")
                h, c = hx
            else:
                h = hx
        p = self._parameters
        weights = [p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"]] if self.bias else \
            [p["weight_ih"], p["weight_hh"]]
        try:
            out = _core._rnn_cell(self.mode, input, h, c, weights)
        except TypeError:
            for s, what in ((h, "hidden state"), (c, "cell state")):
                if s is not None and not isinstance(s, Tensor):
                    raise TypeError(f"{type(self).__name__}: expected the {what} to be a Tensor, "
                                    f"got {type(s).__name__}") from None
            raise
        return (out[0], out[1]) if self.mode == "LSTM" else out[0]

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        return s if self.bias else s + ", bias=False"


class RNNCell(_CellBase):
    """One step of an Elman RNN: h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or relu); x (N, input_size)."""
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNNCell: unknown nonlinearity '{nonlinearity}' (expected 'tanh' or 'relu')")
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, bias, dtype)

    @property
    def mode(self):
        """The fused op's mode: 'RNN_TANH' or 'RNN_RELU'."""
        return "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU"


class LSTMCell(_CellBase):
    """One LSTM step, gates [i f g o]: returns (h', c') for x (N, input_size) and hx = (h, c), each (N, hidden_size).
    """
    _mode = "LSTM"


class GRUCell(_CellBase):
    """One GRU step, gates [r z n]: h' = (1 - z) * n + z * h for x (N, input_size) and h (N, hidden_size)."""
    _mode = "GRU"
