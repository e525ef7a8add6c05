"""gg.autograd.set_detect_anomaly / detect_anomaly: a NaN in a gradient is an error naming the node
that returned it; off, the NaN reaches the leaves as in PyTorch."""
import math

import pytest

import graphgrad as gg


def nan_gradient():
    x = gg.tensor([-1.0, 4.0], requires_grad=True)  # sqrt(-1) is nan, so is its derivative
    (x.sqrt() * 2.0).sum().backward()
    return x


def test_off_the_nan_reaches_the_leaf():
    assert not gg.is_anomaly_enabled()
    x = nan_gradient()
    assert math.isnan(x.grad.tolist()[0]) and x.grad.tolist()[1] == 0.5


def test_on_the_first_nan_is_an_error_naming_the_node():
    with gg.autograd.detect_anomaly():
        assert gg.is_anomaly_enabled()
        with pytest.raises(RuntimeError, match=r"Function 'SqrtBackward' returned nan values in its gradient"):
            nan_gradient()
    assert not gg.is_anomaly_enabled()


def test_set_detect_anomaly_is_a_call_a_context_and_a_decorator():
    gg.autograd.set_detect_anomaly(True)
    try:
        assert gg.is_anomaly_enabled()
        with gg.autograd.set_detect_anomaly(False):
            assert not gg.is_anomaly_enabled()
            nan_gradient()  # no error while off
        assert gg.is_anomaly_enabled()
    finally:
        gg.autograd.set_detect_anomaly(False)

    @gg.autograd.set_detect_anomaly(True)
    def run():
        assert gg.is_anomaly_enabled()
        return nan_gradient()
    with pytest.raises(RuntimeError, match="nan values"):
        run()
    assert not gg.is_anomaly_enabled()


def test_finite_gradients_pass_unchanged():
    with gg.autograd.detect_anomaly():
        x = gg.tensor([1.0, 4.0], requires_grad=True)
        x.sqrt().sum().backward()
    assert x.grad.tolist() == [0.5, 0.25]
