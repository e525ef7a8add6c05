"""Forward mode of the fused recurrent layers and cells (their tangent is the layer composed of ops,
cpp/ops/rnn_composite.cpp): jvp against central finite differences and against wᵀ(J·u) from reverse
mode, for every mode, directions, projections, packed sequences and initial states; reverse over
forward through the tangent."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn as nn
from graphgrad.autograd import forward as fwd
from helpers import with_params
from test_rnn import make, packed_outputs


def check_jvp(fn, xs, seed=0, eps=1e-6):
    """fn(*xs) -> one tensor; xs float64 tensors. Tangent vs finite differences and reverse mode."""
    rng = np.random.default_rng(seed)
    us = [gg.tensor(rng.standard_normal(tuple(x.shape))) for x in xs]
    out, tangent = fwd.jvp(fn, tuple(xs), tuple(us))
    np.testing.assert_allclose(out.numpy(), fn(*xs).numpy(), rtol=1e-12, atol=1e-12)

    def shifted(h):
        return fn(*[gg.tensor(x.numpy() + h * u.numpy()) for x, u in zip(xs, us)]).numpy()
    numeric = (shifted(eps) - shifted(-eps)) / (2 * eps)
    np.testing.assert_allclose(tangent.numpy(), numeric, atol=1e-7, rtol=1e-6)
    w = rng.standard_normal(tuple(out.shape))
    leaves = [x.detach().requires_grad_(True) for x in xs]
    grads = gg.autograd.grad([(fn(*leaves) * gg.tensor(w)).sum()], leaves, allow_unused=True)
    reverse = sum(float((g.numpy() * u.numpy()).sum()) for g, u in zip(grads, us) if g is not None)
    np.testing.assert_allclose(float((tangent.numpy() * w).sum()), reverse, rtol=1e-9, atol=1e-9)


def layer_fn(m, with_cell):
    """(x, h0[, c0], *params) -> output and final states flattened into one tensor."""
    def fn(x, h0, c0=None):
        out, state = m(x, (h0, c0) if with_cell else h0)
        parts = [out.reshape(-1)] + [s.reshape(-1) for s in (state if with_cell else (state,))]
        return gg.cat(parts, 0)
    return with_params(m, fn)[0]


@pytest.mark.parametrize("mode,layers,bidir,proj,bias", [
    ("RNN_TANH", 1, False, 0, True), ("RNN_RELU", 2, True, 0, True), ("LSTM", 1, False, 0, True),
    ("LSTM", 2, True, 2, False), ("GRU", 1, False, 0, True), ("GRU", 2, True, 0, False)])
def test_layer_jvp(mode, layers, bidir, proj, bias):
    gg.manual_seed(3)
    rng = np.random.default_rng(4)
    H, D = 3, 2 if bidir else 1
    m = make(mode, 2, H, layers, bias, bidir, proj)
    lstm = mode == "LSTM"
    xs = [gg.tensor(rng.standard_normal((4, 2, 2))), gg.tensor(rng.standard_normal((layers * D, 2, proj or H)))]
    if lstm:
        xs.append(gg.tensor(rng.standard_normal((layers * D, 2, H))))
    xs += [gg.tensor(p.numpy()) for p in m.parameters()]
    check_jvp(layer_fn(m, lstm), xs)


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN_TANH"])
def test_packed_jvp(mode):
    gg.manual_seed(6)
    rng = np.random.default_rng(7)
    m = make(mode, 2, 3, 1, True, True)

    def fn(a, b, c):
        padded, hn = packed_outputs(m, [a, b, c])
        return gg.cat([padded.reshape(-1), hn.reshape(-1)], 0)
    check_jvp(fn, [gg.tensor(rng.standard_normal((n, 2))) for n in (3, 1, 2)])


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell", "RNNCell"])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_jvp(name, batched):
    gg.manual_seed(8)
    rng = np.random.default_rng(9)
    cell = getattr(nn, name)(3, 4, dtype=gg.float64)
    shape = (2,) if batched else ()
    lstm = name == "LSTMCell"

    def fn(x, h, c=None):
        r = cell(x, (h, c) if lstm else h)
        return gg.cat([r[0], r[1]], -1) if lstm else r
    fn = with_params(cell, fn)[0]
    xs = [gg.tensor(rng.standard_normal(shape + (3,))), gg.tensor(rng.standard_normal(shape + (4,)))]
    if lstm:
        xs.append(gg.tensor(rng.standard_normal(shape + (4,))))
    check_jvp(fn, xs + [gg.tensor(p.numpy()) for p in cell.parameters()])


def test_jvp_without_initial_state_and_of_weights_only():
    gg.manual_seed(10)
    m = make("LSTM", 2, 3, 1, True, False)
    x = gg.randn(3, 2, 2, dtype=gg.float64)
    w = m.weight_hh_l0.detach()

    def fn(w_hh):
        m._parameters["weight_hh_l0"] = w_hh
        return m(x)[0]
    check_jvp(fn, [w])


def test_reverse_over_forward():
    # The tangent is linear in u: d<w, J u>/du = Jᵀ w, the reverse-mode gradient.
    gg.manual_seed(11)
    rng = np.random.default_rng(12)
    m = make("GRU", 2, 3, 1, True, False)
    x = gg.tensor(rng.standard_normal((3, 2, 2)))
    u = gg.tensor(rng.standard_normal((3, 2, 2)), requires_grad=True)
    w = gg.tensor(rng.standard_normal((3, 2, 3)))
    with fwd.dual_level():
        out, _ = m(fwd.make_dual(x, u))
        tangent = fwd.unpack_dual(out).tangent
    (gu,) = gg.autograd.grad([(tangent * w).sum()], [u])
    xl = x.detach().requires_grad_(True)
    (gx,) = gg.autograd.grad([(m(xl)[0] * w).sum()], [xl])
    np.testing.assert_allclose(gu.numpy(), gx.numpy(), rtol=1e-10, atol=1e-12)
