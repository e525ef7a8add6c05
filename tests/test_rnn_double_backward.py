"""Double backward of the fused recurrent layers and cells: under create_graph their backward is
the gradient of the layer composed of ops (cpp/ops/rnn_composite.cpp), so it differentiates
again. gradgradcheck in float64 for every mode, directions, projections, layers, packed
sequences and the cells; H·v through an LSTM against finite differences of the gradient and
against forward over reverse (a backward on dual tensors also composes); the gradients
themselves equal the fused ones; a plain backward stays one fused node per layer."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn as nn
from graphgrad.autograd import forward as fwd
from helpers import with_params
from test_rnn import _grad_inputs, make, packed_outputs


def leaf(rng, *shape):
    return gg.tensor(rng.standard_normal(shape), requires_grad=True)


@pytest.mark.parametrize("mode,layers,bidir,proj,bias", [
    ("RNN_TANH", 1, False, 0, True), ("RNN_RELU", 1, True, 0, True), ("LSTM", 1, False, 0, True),
    ("LSTM", 2, True, 2, False), ("GRU", 1, False, 0, True), ("GRU", 2, True, 0, False)])
def test_layer_gradgradcheck(mode, layers, bidir, proj, bias):
    gg.manual_seed(3)
    rng = np.random.default_rng(2)
    H, D = 3, 2 if bidir else 1
    m = make(mode, 2, H, layers, bias, bidir, proj)
    x, h0 = leaf(rng, 2, 2, 2), leaf(rng, layers * D, 2, proj or H)
    c0 = leaf(rng, layers * D, 2, H) if mode == "LSTM" else None
    fn, inputs = _grad_inputs(m, x, h0, c0)
    assert gg.autograd.gradgradcheck(fn, inputs)


@pytest.mark.parametrize("mode", ["LSTM", "GRU"])
def test_packed_gradgradcheck(mode):
    gg.manual_seed(6)
    rng = np.random.default_rng(7)
    m = make(mode, 2, 2, 1, True, True)
    def fn(a, b, c):
        padded, hn = packed_outputs(m, [a, b, c])
        return (padded * padded).sum() + (hn * hn).sum()

    fn, ps = with_params(m, fn)
    assert gg.autograd.gradgradcheck(fn, [leaf(rng, n, 2) for n in (3, 1, 2)] + ps)


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell", "RNNCell"])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_gradgradcheck(name, batched):
    gg.manual_seed(8)
    rng = np.random.default_rng(9)
    cell = getattr(nn, name)(2, 3, dtype=gg.float64)
    shape = (2,) if batched else ()
    lstm = name == "LSTMCell"

    def fn(x, h, c):
        r = cell(x, (h, c) if lstm else h)
        return (r[0] * r[1]).sum() + (r[1] * r[1]).sum() if lstm else (r * r).sum()
    fn, ps = with_params(cell, fn)
    xs = [leaf(rng, *shape, 2), leaf(rng, *shape, 3), leaf(rng, *shape, 3) if lstm else None]
    assert gg.autograd.gradgradcheck(fn, xs + ps)


def lstm_loss(m, x):
    out, (h, c) = m(x)
    return (out * out).sum() + (h * c).sum()


def test_hvp_through_lstm_matches_finite_differences():
    gg.manual_seed(10)
    rng = np.random.default_rng(11)
    m = make("LSTM", 3, 4, 2, True, False)
    x = gg.tensor(rng.standard_normal((5, 2, 3)))
    p0 = [p.numpy().copy() for p in m.parameters()]
    vs = [rng.standard_normal(p.shape) for p in p0]
    f = with_params(m, lambda: lstm_loss(m, x))[0]

    def grad_at(h):  # the fused gradient at p0 + h·v
        ps = [gg.tensor(p + h * v, requires_grad=True) for p, v in zip(p0, vs)]
        return [g.numpy() for g in gg.autograd.grad([f(*ps)], ps)]
    _, hv = gg.autograd.functional.hvp(f, tuple(gg.tensor(p) for p in p0), tuple(gg.tensor(v) for v in vs))
    eps = 1e-6
    for got, a, b in zip(hv, grad_at(eps), grad_at(-eps)):
        np.testing.assert_allclose(got.numpy(), (a - b) / (2 * eps), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("mode", ["LSTM", "GRU"])
def test_forward_over_reverse_equals_hvp(mode):
    # The gradient taken while the inputs carry v as tangent has tangent H·v.
    gg.manual_seed(15)
    rng = np.random.default_rng(16)
    m = make(mode, 2, 3, 1, True, True)
    xs = (gg.tensor(rng.standard_normal((3, 2, 2))),) + tuple(gg.tensor(p.numpy()) for p in m.parameters())
    vs = tuple(gg.tensor(rng.standard_normal(tuple(x.shape))) for x in xs)

    def f(x):
        out, state = m(x)
        return (out * out).sum() + ((state[0] * state[1]).sum() if mode == "LSTM" else 0.0)
    f = with_params(m, f)[0]
    _, hv = gg.autograd.functional.hvp(f, xs, vs)
    with fwd.dual_level():
        duals = [fwd.make_dual(x.detach().requires_grad_(True), v) for x, v in zip(xs, vs)]
        gs = gg.autograd.grad([f(*duals)], duals)
        tangents = [fwd.unpack_dual(g).tangent for g in gs]
    for a, b in zip(hv, tangents):
        np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-10, atol=1e-12)


def test_composed_gradients_equal_fused_with_repeated_and_dependent_inputs():
    # Each input's gradient is its partial derivative through the layer, also when inputs repeat
    # (the same tensor as h0 and c0) or one is computed from another (h0 from x).
    gg.manual_seed(12)
    rng = np.random.default_rng(13)
    m = make("LSTM", 3, 3, 1, True, True)
    x = leaf(rng, 4, 2, 3)
    ps = list(m.parameters())

    def grads(create_graph):
        h0 = gg.tanh(x[:2])
        out, (h, c) = m(x, (h0, h0))
        return gg.autograd.grad([(out * out).sum() + (h * c).sum()], [x] + ps, create_graph=create_graph)
    for a, b in zip(grads(True), grads(False)):
        assert a.requires_grad and not b.requires_grad
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12, atol=1e-13)
    cell = nn.GRUCell(3, 3, dtype=gg.float64)
    xc = leaf(rng, 2, 3)
    cg = [gg.autograd.grad([(cell(xc, xc) ** 2).sum()], [xc] + list(cell.parameters()), create_graph=k)
          for k in (True, False)]
    for a, b in zip(*cg):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12, atol=1e-13)


def graph_nodes(t):
    seen, stack = [], [t.grad_fn]
    while stack:
        n = stack.pop()
        if n is None or any(n is s for s in seen):
            continue
        seen.append(n)
        stack.extend(e[0] for e in n.next_functions)
    return [n.name() for n in seen]


def test_plain_backward_stays_fused():
    # One fused node per layer whatever the length; only create_graph records the composed graph
    # (its size grows with the length), and the two paths round differently in float32.
    gg.manual_seed(14)
    m = make("LSTM", 3, 8, 2, True, False, dtype=gg.float32)
    sizes = []
    for T in (3, 9):
        x = gg.randn(T, 2, 3, requires_grad=True)
        names = graph_nodes(lstm_loss(m, x))
        assert names.count("LstmBackward") == 2
        sizes.append(len(names))
        (g,) = gg.autograd.grad([lstm_loss(m, x)], [x], create_graph=True)
        sizes.append(len(graph_nodes(g)))
    assert sizes[0] == sizes[2] and sizes[3] > sizes[1] > 10 * sizes[0]
    x = gg.randn(6, 2, 3, requires_grad=True)
    plain = [g.numpy() for g in gg.autograd.grad([lstm_loss(m, x)], [x] + list(m.parameters()))]
    composed = [g.detach().numpy() for g in
                gg.autograd.grad([lstm_loss(m, x)], [x] + list(m.parameters()), create_graph=True)]
    for a, b in zip(plain, composed):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert any(not np.array_equal(a, b) for a, b in zip(plain, composed))
