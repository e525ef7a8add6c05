"""The special functions (kernels/special_math.cpp): known values and identities everywhere, SciPy
and PyTorch over wide ranges when they are installed, the edge values PyTorch documents, every
gradient by finite differences in float64. (lgamma, erfc, i0, i0e, erfcx, ndtr, log_ndtr and
mvlgamma are also in the op table, against math.lgamma, math.erfc and np.i0.)"""
import math

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.special as S
from graphgrad.autograd import gradcheck, gradgradcheck

EULER = 0.5772156649015329
INF, NAN = math.inf, math.nan


def f64(values):
    return gg.tensor(np.asarray(values, dtype=np.float64))


def close(t, expected, rtol=1e-14, atol=0.0):
    np.testing.assert_allclose(t.numpy(), np.asarray(expected, dtype=np.float64), rtol=rtol, atol=atol)


def test_known_values():
    close(gg.digamma(f64([1.0, 0.5, 2.0])), [-EULER, -EULER - 2 * math.log(2), 1 - EULER])
    close(gg.polygamma(1, f64([1.0, 0.5])), [math.pi ** 2 / 6, math.pi ** 2 / 2])
    close(gg.polygamma(2, f64([1.0])), [-2 * 1.2020569031595942])  # -2 ζ(3)
    close(gg.lgamma(f64([0.5, 10.0])), [0.5 * math.log(math.pi), math.log(362880.0)])
    close(gg.i0(f64([0.0, 1.0])), [1.0, 1.2660658777520082])
    close(S.i1(f64([0.0, 1.0, -1.0])), [0.0, 0.5651591039924851, -0.5651591039924851])
    close(S.ndtr(f64([0.0, 1.0])), [0.5, 0.8413447460685429])
    close(S.ndtri(f64([0.5, 0.975])), [0.0, 1.959963984540054])
    close(S.erfcx(f64([0.0, 30.0])), [1.0, 0.018795888861416751])
    close(S.log_ndtr(f64([-40.0])), [-804.6084420137538])  # far past where ndtr underflows


def test_identities_over_wide_ranges():
    x = np.linspace(-0.999999, 0.999999, 2001)
    close(gg.erf(gg.erfinv(f64(x))), x, rtol=0, atol=2e-16)
    p = np.concatenate([np.logspace(-300, -1, 300), np.linspace(0.01, 0.99, 99), 1 - np.logspace(-15, -2, 50)])
    close(S.ndtr(S.ndtri(f64(p))), p, rtol=1e-12)  # ndtr at -37 scales x's rounding by x²
    z = np.linspace(0.3, 40, 500)
    close(gg.digamma(f64(z + 1)) - gg.digamma(f64(z)), 1 / z, rtol=1e-13, atol=1e-15)  # ψ(z+1) = ψ(z) + 1/z
    close(S.i0e(f64(z)), np.i0(z) * np.exp(-z), rtol=1e-14)
    close(gg.erfc(f64(z / 10)) + gg.erf(f64(z / 10)), np.ones_like(z))


def test_edge_values_follow_pytorch():
    close(gg.digamma(f64([0.0, -0.0, -1.0, -2.0, INF])), [-INF, INF, NAN, NAN, INF])
    close(gg.lgamma(f64([0.0, -1.0, INF, -INF])), [INF, INF, INF, INF])
    close(gg.erfinv(f64([1.0, -1.0, 1.5, NAN])), [INF, -INF, NAN, NAN])
    close(S.ndtri(f64([0.0, 1.0, -0.1, 1.1])), [-INF, INF, NAN, NAN])
    close(gg.i0(f64([INF, -INF])), [INF, INF])
    close(S.i1(f64([INF, -INF])), [INF, -INF])
    close(S.i0e(f64([INF])), [0.0])
    close(S.erfcx(f64([INF, -INF, -30.0])), [0.0, INF, INF])
    close(S.log_ndtr(f64([INF, -INF])), [0.0, -INF])
    close(gg.polygamma(1, f64([0.0, -1.0])), [INF, INF])


def test_integers_give_float32_and_float32_rounds_the_double_result():
    assert gg.lgamma(gg.tensor([3, 4])).dtype == gg.float32
    assert S.ndtr(gg.tensor([0])).dtype == gg.float32
    x = np.linspace(0.1, 30, 300).astype(np.float32)
    close(gg.digamma(gg.tensor(x)).to(gg.float64), gg.digamma(f64(x)).to(gg.float32).to(gg.float64).numpy())


def test_bad_parameters_name_the_function():
    with pytest.raises(ValueError, match="polygamma: n must be a non-negative integer, got -1"):
        gg.polygamma(-1, f64([1.0]))
    with pytest.raises(TypeError, match="polygamma: n must be an int"):
        gg.polygamma(1.5, f64([1.0]))
    with pytest.raises(ValueError, match=r"mvlgamma: all elements must be greater than \(p-1\)/2 = 1.0"):
        gg.mvlgamma(f64([0.9]), 3)


DIFFERENTIABLE = {
    "lgamma": (gg.lgamma, [0.3, 1.7, 4.2, -1.5]),
    "digamma": (gg.digamma, [0.3, 1.7, 4.2, -1.5]),
    "polygamma1": (lambda x: gg.polygamma(1, x), [0.3, 1.7, 4.2]),
    "polygamma3": (lambda x: x.polygamma(3), [0.6, 1.7, 4.2]),
    "mvlgamma": (lambda x: gg.mvlgamma(x, 3), [1.2, 2.5, 6.0]),
    "erfc": (gg.erfc, [-1.2, 0.1, 2.0]),
    "erfinv": (gg.erfinv, [-0.9, 0.1, 0.6]),
    "erfcx": (S.erfcx, [-1.2, 0.1, 2.5, 9.0]),
    "ndtr": (S.ndtr, [-2.0, 0.1, 1.5]),
    "ndtri": (S.ndtri, [0.01, 0.4, 0.9]),
    "log_ndtr": (S.log_ndtr, [-12.0, -1.0, 0.5, 3.0]),
    "i0": (gg.i0, [-2.0, 0.3, 6.0]),
    "i0e": (S.i0e, [-2.0, 0.3, 25.0]),
    "i1": (S.i1, [-2.0, 0.0, 0.3, 6.0]),
    "i1e": (S.i1e, [-2.0, 0.0, 0.3, 25.0]),
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_gradients(name):
    fn, points = DIFFERENTIABLE[name]
    x = f64(points).requires_grad_()
    assert gradcheck(fn, (x,))
    if name in ("lgamma", "erfinv", "i1", "ndtr", "mvlgamma"):
        assert gradgradcheck(fn, (x,))


def test_in_place_forms():
    x = f64([0.5, 2.0])
    x.lgamma_()
    close(x, [0.5 * math.log(math.pi), 0.0], atol=1e-15)
    y = f64([1.0])
    y.polygamma_(1)
    close(y, [math.pi ** 2 / 6])


SCIPY_CASES = [  # graphgrad, scipy.special name, inputs
    (gg.lgamma, "gammaln", np.concatenate([-np.linspace(0.05, 30.95, 50), np.logspace(-300, 300, 200)])),
    (gg.digamma, "digamma", np.concatenate([-np.linspace(0.05, 30.95, 50), np.logspace(-30, 300, 200)])),
    (gg.erfc, "erfc", np.linspace(-6, 27, 300)),
    (gg.erfinv, "erfinv", np.concatenate([np.linspace(-1, 1, 301), 1 - np.logspace(-16, -1, 50)])),
    (S.erfcx, "erfcx", np.concatenate([np.linspace(-26, 2, 100), np.logspace(0.3, 300, 200)])),
    (S.ndtr, "ndtr", np.linspace(-38, 9, 300)),
    (S.ndtri, "ndtri", np.concatenate([np.logspace(-300, -0.31, 300), np.linspace(0.5, 1, 51)])),
    (S.log_ndtr, "log_ndtr", np.concatenate([-np.logspace(0, 150, 200), np.linspace(-5, 40, 100)])),
    (gg.i0, "i0", np.linspace(-700, 700, 401)),
    (S.i0e, "i0e", np.concatenate([np.linspace(-100, 100, 401), np.logspace(2, 300, 50)])),
    (S.i1, "i1", np.linspace(-700, 700, 401)),
    (S.i1e, "i1e", np.concatenate([np.linspace(-100, 100, 401), np.logspace(2, 300, 50)])),
]


@pytest.mark.parametrize("fn, name, x", SCIPY_CASES, ids=[c[1] for c in SCIPY_CASES])
def test_against_scipy(fn, name, x):
    sc = pytest.importorskip("scipy.special")
    ref = getattr(sc, name)(x)
    # 1e-13 relative, except where the function crosses zero (digamma's root, lgamma near 1 and 2)
    close(fn(f64(x)), ref, rtol=1e-13, atol=1e-14)
    x32 = x.astype(np.float32)
    with np.errstate(over="ignore"):  # float32 overflows to inf where the double result is beyond its range
        ref32 = getattr(sc, name)(x32.astype(np.float64)).astype(np.float32).astype(np.float64)
    close(fn(gg.tensor(x32)).to(gg.float64), ref32, rtol=2e-7, atol=1e-37 if name not in ("gammaln", "digamma") else 2e-7)


def test_polygamma_and_mvlgamma_against_scipy():
    sc = pytest.importorskip("scipy.special")
    x = np.concatenate([-np.linspace(0.05, 10.95, 30), np.logspace(-3, 3, 60)])
    for n in (1, 2, 3, 6):
        close(gg.polygamma(n, f64(x)), sc.polygamma(n, x), rtol=1e-12)
    a = np.linspace(2.6, 50, 40)
    close(gg.mvlgamma(f64(a), 6), [sc.multigammaln(v, 6) for v in a], rtol=1e-13)


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = np.linspace(-9.95, 9.95, 200)
    u = np.linspace(-0.995, 0.995, 200)
    p = np.linspace(0.0025, 0.9975, 200)
    cases = [(gg.lgamma, torch.lgamma, x), (gg.digamma, torch.digamma, x), (gg.erfc, torch.erfc, x),
             (gg.erfinv, torch.erfinv, u), (gg.i0, torch.i0, x), (S.i0e, torch.special.i0e, x),
             (S.i1, torch.special.i1, x), (S.i1e, torch.special.i1e, x), (S.erfcx, torch.special.erfcx, x),
             (S.ndtr, torch.special.ndtr, x), (S.ndtri, torch.special.ndtri, p),
             (S.log_ndtr, torch.special.log_ndtr, x), (lambda t: gg.polygamma(2, t), lambda t: torch.polygamma(2, t), x),
             (lambda t: gg.mvlgamma(t, 2), lambda t: torch.mvlgamma(t, 2), np.abs(x) + 0.6)]
    for ours, theirs, v in cases:
        close(ours(f64(v)), theirs(torch.tensor(v)).numpy(), rtol=1e-9, atol=1e-12)


def test_incomplete_gamma_and_zeta():
    a, x = f64([0.5, 1.0, 3.0, 10.0]), f64([0.3, 1.0, 5.0, 9.0])
    close(gg.igamma(f64([1.0]), f64([2.0])), [1 - math.exp(-2.0)])  # P(1, x) = 1 - e^-x
    close(gg.igamma(a, x) + gg.igammac(a, x), np.ones(4))
    close(S.gammainc(0.5, f64([2.0])), [math.erf(math.sqrt(2.0))])  # P(1/2, x) = erf(√x)
    close(S.zeta(f64([2.0, 4.0]), 1.0), [math.pi ** 2 / 6, math.pi ** 4 / 90])
    close(gg.igamma(f64([-1.0, 0.0, 0.0, 2.0, 2.0]), f64([1.0, 1.0, 0.0, 0.0, INF])), [NAN, 1.0, NAN, 0.0, 1.0])
    close(S.zeta(f64([1.0, 0.5, 2.0]), f64([1.0, 1.0, -2.0])), [INF, NAN, INF])


def test_incomplete_gamma_and_zeta_gradients():
    a, x = f64([0.5, 2.0, 7.0]), f64([0.3, 2.5, 9.0]).requires_grad_()
    assert gradcheck(lambda t: gg.igamma(a, t), (x,))
    assert gradcheck(lambda t: gg.igammac(a, t), (x,))
    assert gradcheck(lambda q: S.zeta(f64([2.0, 3.5, 5.0]), q), (f64([0.7, 1.5, 4.0]).requires_grad_(),))
    s = f64([2.0]).requires_grad_()
    with pytest.raises(NotImplementedError, match="zeta: the derivative with respect to its first argument"):
        S.zeta(s, f64([1.0])).sum().backward()
    with pytest.raises(NotImplementedError, match="igamma: the derivative with respect to its first argument"):
        gg.igamma(s, f64([1.0])).sum().backward()


def test_incomplete_gamma_and_zeta_against_scipy():
    sc = pytest.importorskip("scipy.special")
    rng = np.random.default_rng(0)
    a = np.concatenate([rng.uniform(0.01, 5, 200), rng.uniform(5, 500, 200)])
    x = a * rng.uniform(0.05, 3, a.size)
    close(gg.igamma(f64(a), f64(x)), sc.gammainc(a, x), rtol=1e-11, atol=1e-300)
    close(gg.igammac(f64(a), f64(x)), sc.gammaincc(a, x), rtol=1e-11, atol=1e-300)
    s, q = rng.uniform(1.1, 20, 300), rng.uniform(0.05, 50, 300)
    close(S.zeta(f64(s), f64(q)), sc.zeta(s, q), rtol=1e-13)


def test_incomplete_gamma_and_zeta_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    a, x = rng.uniform(0.1, 30, 200), rng.uniform(0.01, 60, 200)
    # torch's igamma is good to ~2e-9 for a near x ~ 25 (mpmath: ours to 2e-14 there, as SciPy's)
    close(gg.igamma(f64(a), f64(x)), torch.igamma(torch.tensor(a), torch.tensor(x)).numpy(), rtol=1e-8, atol=1e-300)
    close(gg.igammac(f64(a), f64(x)), torch.igammac(torch.tensor(a), torch.tensor(x)).numpy(), rtol=1e-8, atol=1e-300)
    s, q = rng.uniform(1.1, 10, 200), rng.uniform(0.1, 20, 200)
    close(S.zeta(f64(s), f64(q)), torch.special.zeta(torch.tensor(s), torch.tensor(q)).numpy(), rtol=1e-12)
