"""Fused RNN/LSTM/GRU layers and cells: forward and final states against a NumPy reference
(padded batches with per-sequence lengths), gradients by gradcheck in float64 and against
PyTorch after copying its state_dict, packed sequences, thread-count independence."""
import itertools

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn as nn
from graphgrad.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence
from helpers import with_params

MODES = {"RNN_TANH": nn.RNN, "RNN_RELU": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


def sig(x):
    return 1 / (1 + np.exp(-x))


def ref_cell(mode, x, h, c, w_ih, w_hh, b_ih, b_hh, w_hr):
    gi, gh = x @ w_ih.T + b_ih, h @ w_hh.T + b_hh
    if mode == "LSTM":
        i, f, g, o = np.split(gi + gh, 4)
        c = sig(f) * c + sig(i) * np.tanh(g)
        h = sig(o) * np.tanh(c)
        return (h @ w_hr.T if w_hr is not None else h), c
    if mode == "GRU":
        r, z = sig(gi[: 2 * len(h)] + gh[: 2 * len(h)]).reshape(2, -1)
        n = np.tanh(gi[2 * len(h):] + r * gh[2 * len(h):])
        return (1 - z) * n + z * h, c
    pre = gi + gh
    return (np.tanh(pre) if mode == "RNN_TANH" else np.maximum(pre, 0)), c


def ref_rnn(mode, x, lengths, params, layers, dirs, hidden, proj, h0=None, c0=None):
    """x (T, B, I) padded; params: name -> array (PyTorch's names). Returns output (T, B, D*P) zero-padded, h_n, c_n."""
    T, B, _ = x.shape
    P = proj or hidden
    hn, cn = np.zeros((layers * dirs, B, P)), np.zeros((layers * dirs, B, hidden))
    inp = x
    for layer in range(layers):
        out = np.zeros((T, B, dirs * P))
        for d in range(dirs):
            sfx = f"_l{layer}" + ("_reverse" if d else "")
            w = [params.get(n + sfx) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")]
            G = w[0].shape[0]
            w[2] = w[2] if w[2] is not None else np.zeros(G)
            w[3] = w[3] if w[3] is not None else np.zeros(G)
            k = layer * dirs + d
            for b in range(B):
                h = h0[k, b].copy() if h0 is not None else np.zeros(P)
                c = c0[k, b].copy() if c0 is not None else np.zeros(hidden)
                steps = range(lengths[b]) if d == 0 else reversed(range(lengths[b]))
                for t in steps:
                    h, c = ref_cell(mode, inp[t, b], h, c, *w)
                    out[t, b, d * P:(d + 1) * P] = h
                hn[k, b], cn[k, b] = h, c
        inp = out
    return inp, hn, cn


def params_of(m):
    return {k: v.numpy().astype(np.float64) for k, v in m.state_dict().items()}


def make(mode, I, H, layers, bias, bidir, proj=0, batch_first=False, dtype=gg.float64):
    kw = dict(num_layers=layers, bias=bias, batch_first=batch_first, bidirectional=bidir, dtype=dtype)
    if mode == "LSTM":
        kw["proj_size"] = proj
    if mode == "RNN_RELU":
        kw["nonlinearity"] = "relu"
    return MODES[mode](I, H, **kw)


COMBOS = list(itertools.product(MODES, [1, 2], [True, False], [False, True], [False, True], [False, True]))


@pytest.mark.parametrize("mode,layers,bias,bidir,batch_first,init", COMBOS)
def test_forward_matches_numpy(mode, layers, bias, bidir, batch_first, init):
    gg.manual_seed(0)
    rng = np.random.default_rng(1)
    T, B, I, H = 4, 3, 5, 4
    for proj in ([0, 2] if mode == "LSTM" else [0]):
        m = make(mode, I, H, layers, bias, bidir, proj, batch_first)
        D, P = 2 if bidir else 1, proj or H
        x = rng.standard_normal((T, B, I))
        h0 = rng.standard_normal((layers * D, B, P)) if init else None
        c0 = rng.standard_normal((layers * D, B, H)) if init else None
        hx = None
        if init:
            hx = (gg.tensor(h0), gg.tensor(c0)) if mode == "LSTM" else gg.tensor(h0)
        xin = gg.tensor(x.transpose(1, 0, 2).copy() if batch_first else x)
        out, state = m(xin, hx)
        ro, rh, rc = ref_rnn(mode, x, [T] * B, params_of(m), layers, D, H, proj, h0, c0)
        got = out.numpy().transpose(1, 0, 2) if batch_first else out.numpy()
        np.testing.assert_allclose(got, ro, rtol=1e-10, atol=1e-12)
        hn = state[0] if mode == "LSTM" else state
        np.testing.assert_allclose(hn.numpy(), rh, rtol=1e-10, atol=1e-12)
        if mode == "LSTM":
            np.testing.assert_allclose(state[1].numpy(), rc, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode", list(MODES))
def test_float32_close_to_float64(mode):
    gg.manual_seed(0)
    m = make(mode, 6, 5, 2, True, True, dtype=gg.float32)
    x = np.random.default_rng(0).standard_normal((7, 3, 6)).astype(np.float32)
    out, _ = m(gg.tensor(x))
    ro, _, _ = ref_rnn(mode, x.astype(np.float64), [7] * 3, params_of(m), 2, 2, 5, 0)
    np.testing.assert_allclose(out.numpy(), ro, rtol=1e-4, atol=1e-5)


def packed_outputs(m, seqs):
    """The padded output and final hidden state of m on the unsorted sequences, packed."""
    out, state = m(pack_sequence(seqs, enforce_sorted=False))
    padded, _ = pad_packed_sequence(out, batch_first=True)
    return padded, state[0] if isinstance(state, tuple) else state


def _grad_inputs(m, x, h0, c0):
    """gradcheck's function of (x, h0, [c0], *params) with the module's parameters swapped in."""
    def fn(x, h0, c0):
        hx = (h0, c0) if c0 is not None else h0
        out, state = m(x, hx)
        hn = state[0] if isinstance(state, tuple) else state
        r = out.sum() * 0.7 + (hn * hn).sum()
        if isinstance(state, tuple):
            r = r + (state[1] * 1.3).sum()
        return r

    fn, ps = with_params(m, fn)
    return fn, [x, h0, c0] + ps


@pytest.mark.parametrize("mode,bidir,proj,bias", [
    ("RNN_TANH", False, 0, True), ("RNN_RELU", True, 0, True), ("LSTM", False, 0, True), ("LSTM", True, 2, False),
    ("GRU", False, 0, True), ("GRU", True, 0, False)])
def test_gradcheck(mode, bidir, proj, bias):
    gg.manual_seed(3)
    rng = np.random.default_rng(2)
    H, D = 3, 2 if bidir else 1
    m = make(mode, 2, H, 2, bias, bidir, proj)
    x = gg.tensor(rng.standard_normal((3, 2, 2)), requires_grad=True)
    h0 = gg.tensor(rng.standard_normal((2 * D, 2, proj or H)), requires_grad=True)
    c0 = gg.tensor(rng.standard_normal((2 * D, 2, H)), requires_grad=True) if mode == "LSTM" else None
    fn, inputs = _grad_inputs(m, x, h0, c0)
    if c0 is None:
        inputs[2] = None
    assert gg.autograd.gradcheck(fn, inputs)


@pytest.mark.parametrize("mode", list(MODES))
def test_packed_unequal_lengths(mode):
    gg.manual_seed(4)
    rng = np.random.default_rng(5)
    lengths = [2, 5, 1, 4]
    T, B, I, H = 5, 4, 3, 3
    m = make(mode, I, H, 2, True, True)
    x = rng.standard_normal((T, B, I))
    for b, n in enumerate(lengths):
        x[n:, b] = 0
    packed = pack_padded_sequence(gg.tensor(x), lengths, enforce_sorted=False)
    assert packed.batch_sizes.tolist() == [4, 3, 2, 2, 1]
    out, state = m(packed)
    padded, lens = pad_packed_sequence(out)
    assert lens.tolist() == lengths
    ro, rh, rc = ref_rnn(mode, x, lengths, params_of(m), 2, 2, H, 0)
    np.testing.assert_allclose(padded.numpy(), ro, rtol=1e-10, atol=1e-12)
    hn = state[0] if mode == "LSTM" else state
    np.testing.assert_allclose(hn.numpy(), rh, rtol=1e-10, atol=1e-12)
    if mode == "LSTM":
        np.testing.assert_allclose(state[1].numpy(), rc, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode", ["LSTM", "GRU"])
def test_packed_gradcheck(mode):
    gg.manual_seed(6)
    rng = np.random.default_rng(7)
    m = make(mode, 2, 2, 1, True, True)
    xs = [gg.tensor(rng.standard_normal((n, 2)), requires_grad=True) for n in (3, 1, 2)]
    def fn(a, b, c):
        padded, hn = packed_outputs(m, [a, b, c])
        return (padded * padded).sum() + hn.sum()

    fn, ps = with_params(m, fn)
    assert gg.autograd.gradcheck(fn, xs + ps)


def test_pad_sequence_and_roundtrip():
    a, b = gg.tensor([[1.0], [2.0], [3.0]]), gg.tensor([[4.0]])
    p = pad_sequence([a, b], batch_first=True, padding_value=-1)
    np.testing.assert_array_equal(p.numpy()[..., 0], [[1, 2, 3], [4, -1, -1]])
    p = pad_sequence([a, b], padding_side="left")
    np.testing.assert_array_equal(p.numpy()[..., 0], [[1, -0.0], [2, 0], [3, 4]])
    packed = pack_sequence([a, b])
    np.testing.assert_array_equal(packed.data.numpy()[:, 0], [1, 4, 2, 3])
    padded, lens = pad_packed_sequence(packed, total_length=4)
    assert padded.shape == (4, 2, 1) and lens.tolist() == [3, 1]
    with pytest.raises(ValueError, match="not sorted"):
        pack_padded_sequence(p, [1, 3])


@pytest.mark.parametrize("mode", list(MODES))
def test_cells_match_numpy_and_layer(mode):
    gg.manual_seed(8)
    rng = np.random.default_rng(9)
    cls = {"RNN_TANH": nn.RNNCell, "RNN_RELU": nn.RNNCell, "LSTM": nn.LSTMCell, "GRU": nn.GRUCell}[mode]
    kw = {"nonlinearity": "relu"} if mode == "RNN_RELU" else {}
    cell = cls(3, 4, dtype=gg.float64, **kw)
    assert sorted(dict(cell.named_parameters())) == ["bias_hh", "bias_ih", "weight_hh", "weight_ih"]
    x, h = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    c = rng.standard_normal((2, 4))
    p = [cell.weight_ih.numpy(), cell.weight_hh.numpy(), cell.bias_ih.numpy(), cell.bias_hh.numpy(), None]
    hx = (gg.tensor(h), gg.tensor(c)) if mode == "LSTM" else gg.tensor(h)
    got = cell(gg.tensor(x), hx)
    for b in range(2):
        rh, rc = ref_cell(mode, x[b], h[b], c[b], *p)
        if mode == "LSTM":
            np.testing.assert_allclose(got[0].numpy()[b], rh, rtol=1e-12)
            np.testing.assert_allclose(got[1].numpy()[b], rc, rtol=1e-12)
        else:
            np.testing.assert_allclose(got.numpy()[b], rh, rtol=1e-12)
    unbatched = cell(gg.tensor(x[0]))
    first = unbatched[0] if mode == "LSTM" else unbatched
    assert first.shape == (4,)
    xs = gg.tensor(x, requires_grad=True)
    def fn(x):
        r = cell(x, hx)
        return (r[0] * r[1]).sum() if mode == "LSTM" else (r * r).sum()

    fn, ps = with_params(cell, fn)
    assert gg.autograd.gradcheck(fn, [xs] + ps)


# Cells whose weights split a step into several chunks of hidden units (cpp/ops/rnn_step.cpp: 512 KB
# of float32 weights a chunk; float64 twice as many chunks), with and without bias and state.
BIG_CELLS = [("LSTM", 200, 200), ("GRU", 300, 200), ("RNN_TANH", 600, 400), ("RNN_RELU", 600, 400)]


@pytest.mark.parametrize("mode,I,H", BIG_CELLS)
@pytest.mark.parametrize("bias", [True, False])
def test_chunked_cell_matches_numpy_and_threads(mode, I, H, bias):
    cls = {"LSTM": nn.LSTMCell, "GRU": nn.GRUCell}.get(mode, nn.RNNCell)
    kw = {"nonlinearity": "relu"} if mode == "RNN_RELU" else {}
    rng = np.random.default_rng(4)
    x, h, c = rng.standard_normal((3, I)), rng.standard_normal((3, H)), rng.standard_normal((3, H))
    gg.manual_seed(4)
    cell = cls(I, H, bias=bias, dtype=gg.float64, **kw)
    p = [cell.weight_ih.numpy(), cell.weight_hh.numpy()]
    p += [cell.bias_ih.numpy(), cell.bias_hh.numpy()] if bias else [np.zeros(len(p[0]))] * 2
    for hx in ((h, c), None):
        st = None if hx is None else ((gg.tensor(h), gg.tensor(c)) if mode == "LSTM" else gg.tensor(h))
        got = cell(gg.tensor(x), st)
        got = got if mode == "LSTM" else (got,)
        for b in range(3):
            hb, cb = (h[b], c[b]) if hx else (np.zeros(H), np.zeros(H))
            ref = ref_cell(mode, x[b], hb, cb, *p, None)
            for g, r in zip(got, ref):
                np.testing.assert_allclose(g.numpy()[b], r, rtol=1e-10, atol=1e-12)
    cell32 = cls(I, H, bias=bias, **kw)
    x32, h32, c32 = (gg.tensor(a, dtype=gg.float32) for a in (x[:1], h[:1], c[:1]))
    saved, res = gg.get_num_threads(), []
    try:
        for nt in (1, 2):
            gg.set_num_threads(nt)
            out = cell32(x32, (h32, c32) if mode == "LSTM" else h32)
            out = out if mode == "LSTM" else (out,)
            res.append([t.numpy().copy() for t in out])
    finally:
        gg.set_num_threads(saved)
    for a, b in zip(*res):
        np.testing.assert_array_equal(a, b)


def test_parameter_names_shapes_and_init():
    m = nn.LSTM(10, 20, num_layers=2, bidirectional=True, proj_size=5)
    shapes = {k: tuple(v.shape) for k, v in m.state_dict().items()}
    assert shapes["weight_ih_l0"] == (80, 10) and shapes["weight_hh_l0"] == (80, 5)
    assert shapes["weight_hr_l0_reverse"] == (5, 20) and shapes["weight_ih_l1"] == (80, 10)
    assert list(shapes)[:5] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0"]
    bound = 1 / np.sqrt(20)
    for v in m.state_dict().values():
        a = v.numpy()
        assert np.abs(a).max() <= bound and np.abs(a).max() > 0.8 * bound
    assert "proj_size=5" in repr(m)


def test_dropout_between_layers():
    gg.manual_seed(0)
    m = nn.GRU(3, 4, num_layers=2, dropout=0.5)
    x = gg.randn(5, 2, 3)
    a, _ = m(x)
    m.eval()
    b, _ = m(x)
    c, _ = m(x)
    assert not np.allclose(a.numpy(), b.numpy())
    np.testing.assert_array_equal(b.numpy(), c.numpy())


@pytest.mark.parametrize("mode", ["LSTM", "GRU"])
def test_one_and_two_threads_identical(mode):
    gg.manual_seed(1)
    m = make(mode, 32, 48, 2, True, True, proj=16 if mode == "LSTM" else 0, dtype=gg.float32)
    x = gg.randn(6, 40, 32, requires_grad=True)
    res = []
    saved = gg.get_num_threads()
    try:
        for nt in (1, 2):
            gg.set_num_threads(nt)
            m.zero_grad()
            x.grad = None
            out, state = m(x)
            h = state[0] if mode == "LSTM" else state
            (out.sum() + (h * h).sum()).backward()
            res.append([out.numpy().copy(), x.grad.numpy().copy()] + [p.grad.numpy().copy() for p in m.parameters()])
    finally:
        gg.set_num_threads(saved)
    for a, b in zip(*res):
        np.testing.assert_array_equal(a, b)


def test_errors():
    m = nn.LSTM(3, 4)
    with pytest.raises(ValueError, match="LSTM: expected input with 3 features"):
        m(gg.randn(2, 1, 5))
    with pytest.raises(ValueError, match=r"LSTM: expected the initial hidden state of shape \(1, 2, 4\)"):
        m(gg.randn(2, 2, 3), (gg.randn(1, 1, 4), gg.randn(1, 2, 4)))
    with pytest.raises(TypeError, match="tuple"):
        m(gg.randn(2, 2, 3), gg.randn(1, 2, 4))
    with pytest.raises(TypeError, match="lstm: input is float64"):
        m(gg.randn(2, 2, 3, dtype=gg.float64))
    with pytest.raises(ValueError, match="proj_size"):
        nn.RNNBase("GRU", 3, 4, proj_size=2)
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(3, 4, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="batch_sizes"):
        gg._core._rnn_layer("GRU", gg.randn(3, 2), [1, 2], None, None, [gg.randn(6, 2), gg.randn(6, 2)], 1, False,
                            False)


# ---- PyTorch parity: outputs, states and every gradient after copying its state_dict ----

TORCH_COMBOS = [("LSTM", 2, True, True, 0), ("LSTM", 1, False, False, 3), ("LSTM", 2, True, True, 2),
                ("GRU", 2, True, True, 0), ("GRU", 1, False, False, 0), ("RNN_TANH", 2, True, True, 0),
                ("RNN_RELU", 1, True, False, 0)]


def _torch_pair(torch, mode, layers, bias, bidir, proj, batch_first=False):
    gg.manual_seed(11)
    ours = make(mode, 5, 6, layers, bias, bidir, proj, batch_first, dtype=gg.float64)
    tcls = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}.get(mode, torch.nn.RNN)
    kw = dict(num_layers=layers, bias=bias, bidirectional=bidir, batch_first=batch_first, dtype=torch.float64)
    if mode == "LSTM":
        kw["proj_size"] = proj
    if mode.startswith("RNN"):
        kw["nonlinearity"] = "tanh" if mode == "RNN_TANH" else "relu"
    theirs = tcls(5, 6, **kw)
    theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in ours.state_dict().items()})
    return ours, theirs


@pytest.mark.parametrize("mode,layers,bias,bidir,proj", TORCH_COMBOS)
@pytest.mark.parametrize("packed", [False, True])
def test_matches_torch(mode, layers, bias, bidir, proj, packed):
    torch = pytest.importorskip("torch")
    ours, theirs = _torch_pair(torch, mode, layers, bias, bidir, proj)
    rng = np.random.default_rng(12)
    x = rng.standard_normal((4, 3, 5))
    lengths = [3, 4, 2]
    D, P = 2 if bidir else 1, proj or 6
    h0 = rng.standard_normal((layers * D, 3, P))
    c0 = rng.standard_normal((layers * D, 3, 6))
    gx, th = gg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    gh0, th0 = gg.tensor(h0, requires_grad=True), torch.tensor(h0, requires_grad=True)
    gc0, tc0 = gg.tensor(c0, requires_grad=True), torch.tensor(c0, requires_grad=True)
    ghx, thx = ((gh0, gc0), (th0, tc0)) if mode == "LSTM" else (gh0, th0)
    if packed:
        go, gs = ours(pack_padded_sequence(gx, lengths, enforce_sorted=False), ghx)
        to, ts = theirs(torch.nn.utils.rnn.pack_padded_sequence(th, lengths, enforce_sorted=False), thx)
        go, to = pad_packed_sequence(go)[0], torch.nn.utils.rnn.pad_packed_sequence(to)[0]
    else:
        go, gs = ours(gx, ghx)
        to, ts = theirs(th, thx)
    w = rng.standard_normal(tuple(go.shape))
    gl = (go * gg.tensor(w)).sum()
    tl = (to * torch.tensor(w)).sum()
    gstates = gs if isinstance(gs, tuple) else (gs,)
    tstates = ts if isinstance(ts, tuple) else (ts,)
    np.testing.assert_allclose(go.numpy(), to.detach().numpy(), rtol=1e-9, atol=1e-12)
    for a, b in zip(gstates, tstates):
        np.testing.assert_allclose(a.numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-12)
        gl = gl + (a * a).sum()
        tl = tl + (b * b).sum()
    gl.backward()
    tl.backward()
    np.testing.assert_allclose(gx.grad.numpy(), th.grad.numpy(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(gh0.grad.numpy(), th0.grad.numpy(), rtol=1e-8, atol=1e-10)
    if mode == "LSTM":
        np.testing.assert_allclose(gc0.grad.numpy(), tc0.grad.numpy(), rtol=1e-8, atol=1e-10)
    tp = dict(theirs.named_parameters())
    for n, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), tp[n].grad.numpy(), rtol=1e-8, atol=1e-10, err_msg=n)


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell", "RNNCell"])
def test_cells_match_torch(name):
    torch = pytest.importorskip("torch")
    gg.manual_seed(13)
    ours = getattr(nn, name)(4, 3, dtype=gg.float64)
    theirs = getattr(torch.nn, name)(4, 3, dtype=torch.float64)
    theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in ours.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((2, 4))
    g, t = ours(gg.tensor(x)), theirs(torch.tensor(x))
    g, t = (g[1], t[1]) if name == "LSTMCell" else (g, t)
    np.testing.assert_allclose(g.numpy(), t.detach().numpy(), rtol=1e-10)


@pytest.mark.parametrize("mode", ["LSTM", "GRU"])
def test_unbatched_input_is_batch_of_one(mode):
    m = make(mode, 3, 4, 2, True, True)
    x = gg.randn(5, 3, dtype=gg.float64)
    out, state = m(x)
    ref, rstate = m(x.unsqueeze(1))
    np.testing.assert_array_equal(out.numpy(), ref.numpy()[:, 0])
    hn, rh = (state[0], rstate[0]) if mode == "LSTM" else (state, rstate)
    assert hn.shape == (4, 4)
    np.testing.assert_array_equal(hn.numpy(), rh.numpy()[:, 0])


def test_cell_errors():
    cell = nn.LSTMCell(3, 4)
    x, h = gg.randn(2, 3), gg.randn(2, 4)
    with pytest.raises(ValueError, match=r"LSTMCell: expected input of shape \(batch, 3\) or \(3,\), got \(2, 5\)"):
        cell(gg.randn(2, 5))
    with pytest.raises(ValueError, match=r"LSTMCell: expected hidden state of shape \(2, 4\), got \(4,\)"):
        cell(x, (gg.randn(4), h))
    with pytest.raises(ValueError, match=r"LSTMCell: expected cell state of shape \(2, 4\), got \(1, 4\)"):
        cell(x, (h, gg.randn(1, 4)))
    with pytest.raises(TypeError, match="LSTMCell: input is float32 but a state is float64"):
        cell(x, (h, gg.randn(2, 4, dtype=gg.float64)))
    with pytest.raises(TypeError, match="tuple"):
        cell(x, h)
    with pytest.raises(TypeError, match="LSTMCell: expected the cell state to be a Tensor, got list"):
        cell(x, (h, [0.0] * 4))
    with pytest.raises(ValueError, match="LSTMCell: the batch is empty"):
        cell(gg.randn(0, 3))
    with pytest.raises(TypeError, match="GRUCell: expected a float input"):
        nn.GRUCell(3, 4)(gg.tensor([[1, 2, 3]]))
    with pytest.raises(ValueError, match=r"RNNCell: expected input of shape"):
        nn.RNNCell(3, 4)(gg.randn(1, 2, 3))


def test_cell_step_is_one_node():
    # h' and c' are views of one fused node's result.
    cell = nn.LSTMCell(3, 4, dtype=gg.float64)
    x = gg.randn(2, 3, dtype=gg.float64, requires_grad=True)
    h, c = cell(x)
    assert h.grad_fn.name() == c.grad_fn.name() == "Rnn_stateBackward"
    assert h.grad_fn.next_functions[0][0].name() == c.grad_fn.next_functions[0][0].name() == "LstmBackward"
    (h.sum() + c.sum()).backward()
    assert x.grad.shape == (2, 3)
