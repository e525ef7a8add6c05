"""graphgrad.special (torch.special's exact composites) against torch and SciPy-free references:
values in float32 and float64, dtypes, gradients and gradcheck/gradgradcheck."""
import numpy as np
import pytest

import graphgrad as gg
from surface_table import check_against_torch, check_gradients

EDGES = np.array([0.0, -0.5, 0.5, 2.0, np.inf, np.nan])

CASES = {
    "expit": (lambda m, x: m.special.expit(x), [(3, 4)], True),
    "logit": (lambda m, x: m.special.logit(x.sigmoid(), eps=1e-3), [(5,)], True),
    "xlogy": (lambda m, x, y: m.special.xlogy(x, y.abs()), [(3, 4), (4,)], True),
    "xlog1py": (lambda m, x, y: m.special.xlog1py(x, y.abs()), [(3, 4), (4,)], True),
    "xlog1py_edges": (lambda m, x, y: m.special.xlog1py(x, y), [np.zeros(5), np.array([0.0, -1.0, -2.0, np.inf,
                                                                                        np.nan])], False),
    "xlog1py_number": (lambda m, y: m.special.xlog1py(2.0, y.abs()), [(4,)], True),
    "entr": (lambda m, x: m.special.entr(x.abs() + 0.1), [(3, 4)], True),
    "entr_edges": (lambda m, x: m.special.entr(x), [EDGES], False),
    "exp2": (lambda m, x: m.special.exp2(x), [(5,)], True),
    "expm1": (lambda m, x: m.special.expm1(x * 1e-3), [(5,)], True),
    "log1p": (lambda m, x: m.special.log1p(x.abs() * 1e-4), [(5,)], True),
    "erf": (lambda m, x: m.special.erf(x), [(5,)], True),
    "sinc": (lambda m, x: m.special.sinc(x), [(5,)], True),
    "round": (lambda m, x: m.special.round(x * 10), [(5,)], False),
    "round_decimals": (lambda m, x: m.special.round(x * 100, decimals=-1), [(5,)], False),
    "logsumexp": (lambda m, x: m.special.logsumexp(x, 1), [(3, 4)], True),
    "softmax": (lambda m, x: m.special.softmax(x, 0), [(3, 4)], True),
    "log_softmax_dtype": (lambda m, x: m.special.log_softmax(x, 1, dtype=m.float64), [(3, 4)], True),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("float_dtype", [np.float64, np.float32])
def test_against_torch(name, float_dtype):
    check_against_torch(name, CASES[name], float_dtype)


@pytest.mark.parametrize("name", [n for n, (_, _, d) in CASES.items() if d])
def test_gradcheck_and_gradgradcheck(name):
    check_gradients(name, CASES[name], gradgrad=name != "sinc")


def test_against_references():
    x = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(gg.special.expit(gg.tensor(x)).numpy(), 1 / (1 + np.exp(-x)), rtol=1e-14)
    np.testing.assert_allclose(gg.special.entr(gg.tensor(np.abs(x) + 0.1)).numpy(),
                               -(np.abs(x) + 0.1) * np.log(np.abs(x) + 0.1), rtol=1e-14)
    np.testing.assert_array_equal(gg.special.round(gg.tensor([0.125, 0.135, 25.0, 35.0], dtype=gg.float64), decimals=2).numpy()[:2],
                                  np.round([0.125, 0.135], 2))
    assert gg.special.expit(gg.tensor([-2, 0, 3])).dtype == gg.float32  # integers give float32, as PyTorch
    np.testing.assert_array_equal(gg.special.round(gg.tensor([25.0, 35.0, -15.0]), decimals=-1).numpy(),
                                  [20.0, 40.0, -20.0])
    assert gg.special.logit is gg.logit and gg.special.xlogy is gg.xlogy and gg.special.sinc is gg.sinc
