"""The vectorized float32 math (kernels/vmath_impl.h) on every instruction set this CPU runs: ulp
error against float64 references over the whole float range (a regular sample of all bit
patterns, plus denormals, +-inf, NaN and the overflow/underflow edges), and the softmax family's
SIMD lines against the float64 kernels."""
import math
import os
import subprocess
import sys

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import _core
from graphgrad.nn import functional as F

LEVELS = [lv for lv in ("generic", "avx2", "avx512")
          if lv == "generic" or (lv == "avx2" and _core._best_isa() != "generic") or _core._best_isa() == "avx512"]


@pytest.fixture(params=LEVELS)
def isa(request):
    _core._set_isa(request.param)
    assert gg.config()["isa"] == request.param
    assert gg.config()["kernels"]["vmath"] == request.param
    yield request.param
    _core._set_isa("auto")


def _inputs(step):
    """Every `step`-th float32 bit pattern (both signs, denormals included) and the edges."""
    bits = np.arange(0, 1 << 31, step, dtype=np.uint32)
    pos = bits.view(np.float32)
    pos = pos[np.isfinite(pos)]
    tiny = np.float32(np.finfo(np.float32).smallest_subnormal)
    edges = np.array([0.0, tiny, 2 * tiny, 1e-45, 1e-40, 1.1754942e-38, 1.1754944e-38, 1e-30, 1e-10, 1e-7,
                      0.1, 0.5, 0.625, 0.875, 1.0, 2.0, 9.0, 17.5, 18.0, 20.0, 80.0, 87.33654, 88.0,
                      88.72283, 88.72284, 89.0, 103.9, 103.98, 104.0, 1e10, 3.4028235e38, np.inf],
                     dtype=np.float32)
    x = np.concatenate([pos, edges, -pos, -edges, np.array([np.nan], np.float32)])
    return x.astype(np.float32)


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _softplus(x):
    return np.where(x > 20, x, np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0))


_erfc = np.vectorize(math.erfc, otypes=[np.float64])
_erf = np.vectorize(math.erf, otypes=[np.float64])

# op, float64 reference, domain filter (None: all), max ulp, sample step (expensive references: coarser)
CASES = {
    "exp": (gg.exp, np.exp, 2, 1 << 12),
    "expm1": (gg.expm1, np.expm1, 2, 1 << 12),
    "log": (gg.log, np.log, 2, 1 << 12),
    "log1p": (gg.log1p, np.log1p, 2, 1 << 12),
    "sigmoid": (gg.sigmoid, _sigmoid, 3, 1 << 12),  # 1.8 with FMA, 2.2 generic (dense sample)
    "tanh": (gg.tanh, np.tanh, 2, 1 << 12),
    "softplus": (F.softplus, _softplus, 2, 1 << 12),
    "silu": (F.silu, lambda x: x * _sigmoid(x), 3, 1 << 12),
    "erf": (gg.erf, _erf, 2, 1 << 15),
    "gelu": (F.gelu, lambda x: x * 0.5 * _erfc(-x / math.sqrt(2)), 3, 1 << 15),
}


def _ulp_error(got, want):
    """|got - want| in units of the float32 spacing at want (at least the smallest subnormal)."""
    with np.errstate(over="ignore", invalid="ignore"):
        want32 = want.astype(np.float32)
        ulp = np.maximum(np.spacing(np.abs(want32)).astype(np.float64), 2.0 ** -149)
    finite = np.isfinite(want32)
    err = np.zeros(got.shape)
    err[finite] = np.abs(got[finite].astype(np.float64) - want[finite]) / ulp[finite]
    return err, finite


@pytest.mark.parametrize("name", list(CASES))
def test_ulp_error_over_the_float_range(name, isa):
    op, ref, max_ulp, step = CASES[name]
    x = _inputs(step)
    with np.errstate(all="ignore"):
        want = ref(x.astype(np.float64))
        want32 = want.astype(np.float32)
    got = op(gg.tensor(x)).numpy()
    err, finite = _ulp_error(got, want)
    if name in ("silu", "gelu"):
        # x times a subnormal factor (sigmoid, Phi): that factor carries few bits.
        with np.errstate(all="ignore"):
            finite &= np.abs(want) >= np.finfo(np.float32).tiny * np.maximum(np.abs(x), 1)
    worst = np.argmax(np.where(finite, err, 0))
    assert err[finite].max() <= max_ulp, f"{name}({x[worst]!r}) = {got[worst]!r}, want {want[worst]!r}"
    # Non-finite results: NaN where the reference is NaN, and the same infinities.
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want32))
    inf = np.isinf(want32)
    np.testing.assert_array_equal(got[inf], want32[inf])


@pytest.mark.parametrize("name", ["gelu", "erf", "sigmoid", "silu"])
def test_ulp_error_dense_where_the_formulas_change(name, isa):
    """Every 2^8-th float32 with |x| in [2^-20, 14.5] (where erf and gelu switch formulas and
    their polynomials and exponentials are exercised; the sparse sample above missed gelu's
    5.5 ulp below -0.7, and silu's 3.3 near -6 before sigmoid's 1 + e was compensated), both
    signs."""
    op, ref, max_ulp, _ = CASES[name]
    lo, hi = np.array([2.0 ** -20, 14.5], np.float32).view(np.uint32)
    pos = np.arange(lo, hi + 1, 1 << 8, dtype=np.uint32).view(np.float32)
    x = np.concatenate([pos, -pos])
    want = ref(x.astype(np.float64))
    got = op(gg.tensor(x)).numpy()
    err, finite = _ulp_error(got, want)
    finite &= np.abs(want) >= np.finfo(np.float32).tiny  # gelu's subnormal results carry few bits
    worst = np.argmax(np.where(finite, err, 0))
    assert err[finite].max() <= max_ulp, f"{name}({x[worst]!r}) = {got[worst]!r}, want {want[worst]!r}"


@pytest.mark.parametrize("name", list(CASES))
def test_tails_and_unaligned_lengths_match_the_whole_array(name, isa):
    op = CASES[name][0]
    x = np.random.default_rng(0).standard_normal(77).astype(np.float32) * 4
    whole = op(gg.tensor(x)).numpy()
    for n in (0, 1, 7, 8, 15, 16, 17, 33):
        np.testing.assert_array_equal(op(gg.tensor(x[:n])).numpy(), whole[:n])


@pytest.mark.parametrize("name", list(CASES))
def test_a_lane_does_not_depend_on_its_neighbours(name, isa):
    """exp and log take a shorter path for a vector whose lanes are all ordinary (|x| <= 87, or
    positive normal finite for log) and the checked one otherwise: every element must come out the
    same either way, in a vector of ordinary values, among extreme ones, or alone."""
    op = CASES[name][0]
    rng = np.random.default_rng(2)
    ordinary = (rng.standard_normal(64) * 3).astype(np.float32)
    ordinary[::5] = np.abs(ordinary[::5])  # positive lanes for log
    extreme = np.array([0.0, 1e-40, -1e-41, np.inf, -np.inf, np.nan, 87.5, 88.9, -87.5, -104.5, -2.0, 3e38],
                       np.float32)
    mixed = ordinary.copy()
    slots = rng.choice(64, extreme.size, replace=False)
    mixed[slots] = extreme
    got = op(gg.tensor(mixed)).numpy()
    keep = np.setdiff1d(np.arange(64), slots)
    np.testing.assert_array_equal(got[keep], op(gg.tensor(ordinary)).numpy()[keep])
    alone = np.array([op(gg.tensor(extreme[i:i + 1])).numpy()[0] for i in range(extreme.size)])
    np.testing.assert_array_equal(got[slots], alone)


def _ref_softmax(x, axis):
    m = x.max(axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("shape", [(3, 1), (5, 7), (4, 16), (2, 33), (64, 1000)])
def test_softmax_family_lines(shape, isa):
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(shape) * 5).astype(np.float32)
    x[0, 0] = x[0, -1] = 9.0  # tied maximum
    x64 = x.astype(np.float64)
    t = gg.tensor(x, requires_grad=True)
    sm = gg.softmax(t, 1)
    np.testing.assert_allclose(sm.numpy(), _ref_softmax(x64, 1), rtol=1e-5, atol=1e-9)
    lsm = gg.log_softmax(t, 1)
    want = x64 - x64.max(1, keepdims=True) - np.log(np.exp(x64 - x64.max(1, keepdims=True)).sum(1, keepdims=True))
    np.testing.assert_allclose(lsm.numpy(), want, rtol=1e-5, atol=1e-5)
    g = rng.standard_normal(shape).astype(np.float32)
    (sm * gg.tensor(g)).sum().backward()
    p = _ref_softmax(x64, 1)
    np.testing.assert_allclose(t.grad.numpy(), p * (g - (g * p).sum(1, keepdims=True)), rtol=1e-5, atol=1e-5)
    t.grad = None
    (lsm * gg.tensor(g)).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), g - p * g.sum(1, keepdims=True), rtol=1e-5, atol=2e-5)
    labels = rng.integers(0, shape[1], shape[0])
    t.grad = None
    loss = F.cross_entropy(t, gg.tensor(labels))
    np.testing.assert_allclose(loss.item(), -want[np.arange(shape[0]), labels].mean(), rtol=1e-5)
    loss.backward()
    onehot = np.eye(shape[1])[labels]
    np.testing.assert_allclose(t.grad.numpy(), (p - onehot) / shape[0], rtol=1e-5, atol=1e-7)


def test_softmax_special_lines(isa):
    x = np.array([[0, -np.inf, 1], [np.nan, 0, 1], [np.inf, 0, 1], [-np.inf] * 3], np.float32)
    got = gg.log_softmax(gg.tensor(x), 1).numpy()
    want = gg.log_softmax(gg.tensor(x.astype(np.float64)), 1).numpy()
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_allclose(got[~np.isnan(want)], want[~np.isnan(want)], rtol=1e-6)
    got = gg.softmax(gg.tensor(x), 1).numpy()
    assert np.isnan(got[1]).all()
    np.testing.assert_allclose(got[0], _ref_softmax(x[:1].astype(np.float64), 1)[0], rtol=1e-6)


@pytest.mark.parametrize("name", ["gelu", "silu"])
def test_fused_activation_gradients(name):
    fn = {"gelu": F.gelu, "silu": F.silu}[name]
    x = gg.tensor(np.linspace(-6, 6, 13), requires_grad=True)
    assert gg.autograd.gradcheck(fn, [x])
    assert gg.autograd.gradgradcheck(fn, [x])
    # float32 first-order backward (the fused kernel) against the float64 one
    x32 = gg.tensor(np.linspace(-6, 6, 41).astype(np.float32), requires_grad=True)
    fn(x32).sum().backward()
    x64 = gg.tensor(np.linspace(-6, 6, 41), requires_grad=True)
    fn(x64).sum().backward()
    np.testing.assert_allclose(x32.grad.numpy(), x64.grad.numpy(), rtol=1e-5, atol=1e-6)


def _fused_grad(fn, x):
    xt = gg.tensor(x, requires_grad=True)
    fn(xt).backward(gg.ones(x.size))
    return xt.grad.numpy()


# op, float64 derivative, absolute error bound (silu's 1 - s loses bits where s nears 1)
_GRADS = {"gelu": (F.gelu, lambda x: 0.5 * _erfc(-x / math.sqrt(2)) + x * np.exp(-x * x / 2) / math.sqrt(2 * math.pi),
                   2.0 ** -22),
          "silu": (F.silu, lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x))), 2.0 ** -20)}


@pytest.mark.parametrize("name", list(_GRADS))
def test_fused_gradient_kernels_at_every_level(name, isa):
    """The float32 backward kernels: within a bound of the float64 derivative (absolute: gelu's crosses
    zero; both are at most 1.1) over every 2^8-th float with |x| in [2^-20, 14.5], both signs
    (gelu's switches from a table-free polynomial to the table past |x| = 3, per vector); and an
    element's gradient is the same alone, among others beyond 3, and with 1 or 2 threads."""
    fn, ref, atol = _GRADS[name]
    lo, hi = np.array([2.0 ** -20, 14.5], np.float32).view(np.uint32)
    pos = np.arange(lo, hi + 1, 1 << 8, dtype=np.uint32).view(np.float32)
    x = np.concatenate([pos, -pos])
    np.testing.assert_allclose(_fused_grad(fn, x), ref(x.astype(np.float64)), rtol=0, atol=atol)
    rng = np.random.default_rng(3)
    mixed = (rng.standard_normal(70001) * 1.5).astype(np.float32)
    far = np.array([3.0001, -3.5, 7.0, -14.0, 20.0, np.inf, -np.inf, np.nan], np.float32)
    slots = rng.choice(mixed.size, far.size, replace=False)
    plain = _fused_grad(fn, mixed)
    mixed[slots] = far
    saved = gg.get_num_threads()
    try:
        gg.set_num_threads(1)
        one = _fused_grad(fn, mixed)
        gg.set_num_threads(2)
        np.testing.assert_array_equal(_fused_grad(fn, mixed), one)
    finally:
        gg.set_num_threads(saved)
    keep = np.setdiff1d(np.arange(mixed.size), slots)
    np.testing.assert_array_equal(one[keep], plain[keep])
    np.testing.assert_array_equal(one[slots], [_fused_grad(fn, far[i:i + 1])[0] for i in range(far.size)])


def test_set_isa_rejects_unknown_and_unsupported_levels():
    with pytest.raises(ValueError, match="unknown instruction set 'sse9'"):
        _core._set_isa("sse9")
    if _core._best_isa() != "avx512":
        with pytest.raises(ValueError, match="cannot run avx512"):
            _core._set_isa("avx512")
    _core._set_isa("generic")
    assert set(gg.config()["kernels"].values()) == {"generic"}
    _core._set_isa("auto")
    assert gg.config()["isa"] == _core._best_isa()


def test_environment_variable_forces_every_family():
    code = "import graphgrad as gg; print(gg.config()['isa'], sorted(set(gg.config()['kernels'].values())))"
    env = dict(os.environ, GRAPHGRAD_ISA="generic")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == "generic" and "avx" not in out.stdout
    env["GRAPHGRAD_ISA"] = "sse9"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "GRAPHGRAD_ISA=sse9 is not one of generic, avx2, avx512" in out.stderr
    assert out.stdout.split()[0] == _core._best_isa()


@pytest.mark.parametrize("name,ref,ulps", [
    ("tanh", np.tanh, 2), ("sigmoid", lambda v: 1 / (1 + np.exp(-v)), 3), ("exp", np.exp, 2)])
def test_vectorized_float32_kernels_are_accurate_everywhere(name, ref, ulps):
    """float32 tanh/sigmoid/exp run a vectorized kernel: within a few ulp of the float64 result
    over the whole range (tanh switches formulas at |x| = 0.625), and IEEE at inf and nan."""
    x = np.concatenate([np.linspace(-30, 30, 60001), np.linspace(-1, 1, 4001), [0.0, 1e-30, -1e-20, 0.6249, 0.6251]])
    x = x.astype(np.float32)
    got = getattr(gg, name)(gg.tensor(x)).numpy().astype(np.float64)
    want = ref(x.astype(np.float64))
    assert np.all(np.abs(got - want) <= ulps * np.spacing(np.abs(want).astype(np.float32)))
    special = getattr(gg, name)(gg.tensor(np.array([np.inf, -np.inf, np.nan], np.float32))).numpy()
    expected = ref(np.array([np.inf, -np.inf, np.nan]))
    np.testing.assert_array_equal(special, expected.astype(np.float32))
