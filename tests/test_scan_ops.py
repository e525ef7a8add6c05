"""Scans beyond the op table: cumprod's gradient with zeros, cummax/cummin indices (ties, NaN),
logcumsumexp without overflow, dtype=, 0-d and empty inputs."""
import numpy as np
import pytest

import graphgrad as gg
from helpers import t64


@pytest.mark.parametrize("values", [[2.0, 0.0, 3.0, 4.0], [0.0, 2.0, 0.0, 3.0], [1.5, -2.0, 0.5, 0.0],
                                    [0.0, 0.0, 0.0, 1.0], [1.0, 2.0, 3.0, 4.0]])
def test_cumprod_gradient_exact_with_zeros(values):
    x = t64(values)
    assert gg.autograd.gradcheck(lambda t: gg.cumprod(t, 0), [x])
    assert gg.autograd.gradgradcheck(lambda t: gg.cumprod(t, 0), [x])
    m = t64([values, values[::-1]])
    assert gg.autograd.gradcheck(lambda t: gg.cumprod(t, 1), [m])


def test_cumprod_tangent_with_zeros():
    from graphgrad.autograd import forward as fwd
    x, u = gg.tensor([2.0, 0.0, 3.0, 0.0, 5.0], dtype=gg.float64), gg.tensor([0.3, -1.0, 0.7, 2.0, 0.1], dtype=gg.float64)
    _, tangent = fwd.jvp(lambda t: gg.cumprod(t, 0), (x,), (u,))
    f = lambda h: np.cumprod(x.numpy() + h * u.numpy())  # noqa: E731
    np.testing.assert_allclose(tangent.numpy(), (f(1e-6) - f(-1e-6)) / 2e-6, atol=1e-6)


def test_cumsum_dtypes():
    assert gg.cumsum(gg.tensor([True, False, True]), 0).numpy().tolist() == [1, 1, 2]
    assert gg.cumsum(gg.tensor([1, 2, 3]), 0).dtype == gg.int64
    out = gg.cumsum(gg.tensor([1, 2, 3]), 0, dtype=gg.float64)
    assert out.dtype == gg.float64 and out.numpy().tolist() == [1.0, 3.0, 6.0]
    assert gg.tensor([1.0, 2.0]).cumprod(0, dtype=gg.float64).dtype == gg.float64
    big = gg.tensor([2 ** 62, 2 ** 62, 1])
    assert gg.cumsum(big, 0).numpy().tolist() == np.cumsum(np.array([2 ** 62, 2 ** 62, 1])).tolist()  # wraps


def test_scans_of_0d_and_empty():
    assert gg.cumsum(gg.tensor(3.0), 0).item() == 3.0 and gg.cumsum(gg.tensor(3.0), 0).shape == ()
    assert gg.cumprod(gg.zeros(0, 3), 0).shape == (0, 3)
    v, i = gg.cummax(gg.zeros(2, 0), 1)
    assert v.shape == (2, 0) and i.shape == (2, 0)
    with pytest.raises(IndexError, match="cumsum"):
        gg.cumsum(gg.zeros(2, 3), 2)


def test_cummax_cummin_ties_and_nan():
    r = gg.cummax(gg.tensor([1.0, 3.0, 3.0, 2.0, 5.0]), 0)
    assert r.values.numpy().tolist() == [1, 3, 3, 3, 5] and r.indices.numpy().tolist() == [0, 1, 2, 2, 4]
    r = gg.cummin(gg.tensor([2.0, 1.0, 1.0, 4.0]), 0)
    assert r.indices.numpy().tolist() == [0, 1, 2, 2]  # ties take the later position, as PyTorch
    v, i = gg.cummax(gg.tensor([1.0, float("nan"), 2.0, float("nan")]), 0)
    assert np.isnan(v.numpy()[1:]).all() and i.numpy().tolist() == [0, 1, 1, 1]
    assert type(r).__name__ == "cummin" and r is not None and gg.return_types.cummin is type(r)


def test_cummax_gradient_goes_to_the_running_maximum():
    x = t64([1.0, 3.0, 2.0, 5.0])
    gg.cummax(x, 0).values.sum().backward()
    assert x.grad.numpy().tolist() == [1.0, 2.0, 0.0, 1.0]


def test_logcumsumexp_large_values_and_gradient():
    x = gg.tensor([1000.0, 1000.0, -1000.0, 2000.0], dtype=gg.float64)
    np.testing.assert_allclose(gg.logcumsumexp(x, 0).numpy(), np.logaddexp.accumulate(x.numpy()))
    xs = t64([[300.0, -200.0, 50.0, 900.0], [0.1, 0.2, 0.3, 0.4]])
    assert gg.autograd.gradcheck(lambda t: gg.logcumsumexp(t, 1), [xs])
    assert gg.autograd.gradgradcheck(lambda t: gg.logcumsumexp(t, 1), [t64([[0.5, -1.0, 2.0], [3.0, 1.0, -2.0]])])
    y = gg.logcumsumexp(gg.tensor([float("-inf"), 0.0, float("-inf")]), 0).numpy()
    assert y[0] == -np.inf and y[1] == 0.0 and y[2] == 0.0
    with pytest.raises(TypeError, match="logcumsumexp"):
        gg.logcumsumexp(gg.tensor([1, 2]), 0)
