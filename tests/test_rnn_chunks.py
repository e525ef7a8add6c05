"""Layers big enough that each step is split into fixed chunks of hidden units (one task each:
batch * gates * hidden * proj >= 2**19 multiply-adds per step, see cpp/ops/rnn_fused.cpp): outputs
and final states against the NumPy reference, every gradient against the layer composed of ops
(the backward under create_graph, an independent implementation) and PyTorch, and 1 and 2
threads bitwise equal, over packed sequences, both directions, initial states and projections."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from test_rnn import make, params_of, ref_rnn

# mode, batch, hidden, proj: each at or above the chunking threshold (4 chunks of 32 units).
CASES = [("LSTM", 8, 128, 0), ("LSTM", 16, 128, 64), ("GRU", 12, 128, 0), ("RNN_TANH", 32, 128, 0),
         ("RNN_RELU", 32, 128, 0)]
T, I = 4, 16


def setup(mode, B, H, proj, dtype=gg.float64, seed=0):
    gg.manual_seed(seed)
    rng = np.random.default_rng(seed)
    m = make(mode, I, H, 2, True, True, proj, dtype=dtype)
    P = proj or H
    x = rng.standard_normal((T, B, I))
    lengths = [T - b % T for b in range(B)]  # unequal: the reverse pass starts rows at several steps
    h0, c0 = rng.standard_normal((4, B, P)), rng.standard_normal((4, B, H))
    return m, x, lengths, h0, c0


def run(m, mode, x, lengths, h0, c0, dtype=gg.float64):
    """The padded output and final states of m on the packed sequences, and the leaves."""
    xs, hs, cs = (gg.tensor(a, dtype=dtype, requires_grad=True) for a in (x, h0, c0))
    out, state = m(pack_padded_sequence(xs, lengths, enforce_sorted=False), (hs, cs) if mode == "LSTM" else hs)
    padded = pad_packed_sequence(out)[0]
    states = state if isinstance(state, tuple) else (state,)
    return padded, states, [xs, hs] + ([cs] if mode == "LSTM" else [])


def loss_of(padded, states):
    w = gg.tensor(np.random.default_rng(5).standard_normal(tuple(padded.shape)), dtype=padded.dtype)
    r = (padded * w).sum()
    for s in states:
        r = r + (s * s).sum()
    return r


@pytest.mark.parametrize("mode,B,H,proj", CASES)
def test_forward_matches_numpy(mode, B, H, proj):
    m, x, lengths, h0, c0 = setup(mode, B, H, proj)
    padded, states, _ = run(m, mode, x, lengths, h0, c0)
    ro, rh, rc = ref_rnn(mode, x, lengths, params_of(m), 2, 2, H, proj, h0, c0)
    np.testing.assert_allclose(padded.numpy(), ro, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(states[0].numpy(), rh, rtol=1e-10, atol=1e-12)
    if mode == "LSTM":
        np.testing.assert_allclose(states[1].numpy(), rc, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode,B,H,proj", CASES)
def test_gradients_match_composed_layer(mode, B, H, proj):
    m, x, lengths, h0, c0 = setup(mode, B, H, proj)
    padded, states, leaves = run(m, mode, x, lengths, h0, c0)
    wrt = leaves + list(m.parameters())
    fused = gg.autograd.grad([loss_of(padded, states)], wrt)
    padded, states, leaves = run(m, mode, x, lengths, h0, c0)
    wrt = leaves + list(m.parameters())
    composed = gg.autograd.grad([loss_of(padded, states)], wrt, create_graph=True)
    for a, b in zip(fused, composed):
        np.testing.assert_allclose(a.numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode,B,H,proj", CASES[:3])
def test_gradients_match_torch(mode, B, H, proj):
    torch = pytest.importorskip("torch")
    m, x, lengths, h0, c0 = setup(mode, B, H, proj)
    tcls = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[mode]
    kw = {"proj_size": proj} if mode == "LSTM" else {}
    theirs = tcls(I, H, num_layers=2, bidirectional=True, dtype=torch.float64, **kw)
    theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in m.state_dict().items()})
    padded, states, leaves = run(m, mode, x, lengths, h0, c0)
    loss_of(padded, states).backward()
    tl = [torch.tensor(a, requires_grad=True) for a in (x, h0, c0)]
    packed = torch.nn.utils.rnn.pack_padded_sequence(tl[0], lengths, enforce_sorted=False)
    out, state = theirs(packed, (tl[1], tl[2]) if mode == "LSTM" else tl[1])
    tpad = torch.nn.utils.rnn.pad_packed_sequence(out)[0]
    tloss = (tpad * torch.from_numpy(np.random.default_rng(5).standard_normal(tuple(tpad.shape)))).sum()
    for s in state if isinstance(state, tuple) else (state,):
        tloss = tloss + (s * s).sum()
    tloss.backward()
    np.testing.assert_allclose(padded.numpy(), tpad.detach().numpy(), rtol=1e-9, atol=1e-12)
    for a, b in zip(leaves, tl):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-8, atol=1e-10)
    tp = dict(theirs.named_parameters())
    for n, p in m.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), tp[n].grad.numpy(), rtol=1e-8, atol=1e-10, err_msg=n)


@pytest.mark.parametrize("mode,B,H,proj", CASES)
def test_one_and_two_threads_identical(mode, B, H, proj):
    m, x, lengths, h0, c0 = setup(mode, B, H, proj, dtype=gg.float32)
    res = []
    saved = gg.get_num_threads()
    try:
        for nt in (1, 2):
            gg.set_num_threads(nt)
            padded, states, leaves = run(m, mode, x, lengths, h0, c0, dtype=gg.float32)
            grads = gg.autograd.grad([loss_of(padded, states)], leaves + list(m.parameters()))
            res.append([padded.numpy().copy()] + [s.numpy().copy() for s in states] + [g.numpy() for g in grads])
    finally:
        gg.set_num_threads(saved)
    for a, b in zip(*res):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("mode,B,H,proj", [CASES[0], CASES[1], CASES[2]])
@pytest.mark.parametrize("init", [True, False])
def test_unpacked_gradients_match_composed_layer(mode, B, H, proj, init):
    # Every step has the whole batch: W_hh's gradient reads the previous states in place from the
    # output (h0's rows, or none, for each direction's first step) instead of gathering them.
    m, x, _, h0, c0 = setup(mode, B, H, proj)
    grads = []
    for create_graph in (False, True):
        xs, hs, cs = (gg.tensor(a, requires_grad=True) for a in (x, h0, c0))
        state = ((hs, cs) if mode == "LSTM" else hs) if init else None
        out, st = m(xs, state)
        loss = loss_of(out, st if isinstance(st, tuple) else (st,))
        wrt = [xs] + ([hs] + ([cs] if mode == "LSTM" else []) if init else []) + list(m.parameters())
        grads.append([g.detach().numpy() for g in gg.autograd.grad([loss], wrt, create_graph=create_graph)])
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
