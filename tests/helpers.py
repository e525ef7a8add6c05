"""check_op: one line per op checks forward against NumPy (float32 and float64) and backward
against central finite differences in float64."""
import numpy as np

import graphgrad as gg


def make(shape, rng, positive=False, dtype=np.float64):
    a = rng.standard_normal(shape)
    if positive:
        a = np.abs(a) + 0.5
    return a.astype(dtype)


def check_op(gg_fn, np_fn, shapes, positive=False, grad=True, rtol32=1e-5, atol32=1e-5, seed=0):
    rng = np.random.default_rng(seed)
    arrays = [make(s, rng, positive) for s in shapes]
    for dt, rtol, atol in ((np.float64, 1e-10, 1e-12), (np.float32, rtol32, atol32)):
        xs = [gg.tensor(a.astype(dt)) for a in arrays]
        out = gg_fn(*xs)
        expected = np.asarray(np_fn(*[a.astype(dt) for a in arrays]))
        assert out.shape == expected.shape, f"shape {out.shape} != {expected.shape}"
        assert out.dtype == (gg.float64 if dt == np.float64 else gg.float32)
        np.testing.assert_allclose(out.numpy(), expected, rtol=rtol, atol=atol)
    if grad and all(int(np.prod(s)) > 0 for s in shapes):
        xs = [gg.tensor(a, requires_grad=True) for a in arrays]
        assert gg.autograd.gradcheck(gg_fn, xs)


def t64(a, requires_grad=True):
    return gg.tensor(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


def np_log_softmax(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


# ---------------------------------------------------------------- softmax family


def with_params(module, fn):
    """fn(*args) as a function of (*args, *module's parameters), for gradcheck and friends: each
    call swaps the trailing arguments into the module as its parameters, in named_parameters order.
    Returns that function and fresh leaves holding the module's current parameters."""
    names = list(dict(module.named_parameters()))

    def call(*args):
        k = len(args) - len(names)
        for n, p in zip(names, args[k:]):
            module._parameters[n] = p
        return fn(*args[:k])
    return call, [gg.tensor(p.numpy(), requires_grad=True) for p in module.parameters()]
