"""Module.to / double / float and Tensor.to in PyTorch's forms: parameters, gradients and
floating buffers are cast in place (identity kept, so optimizers built before still work); the
CPU is the only device."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad import nn


def model():
    gg.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))


def test_double_casts_in_place_and_keeps_identity():
    m = model()
    opt = gg.optim.SGD(m.parameters(), lr=0.1)
    m(gg.randn(5, 3)).sum().backward()
    weight, before = m[0].weight, m[0].weight.detach().numpy().copy()
    assert m.double() is m
    assert m[0].weight is weight and weight.dtype == gg.float64 and weight.grad.dtype == gg.float64
    np.testing.assert_array_equal(weight.detach().numpy(), before.astype(np.float64))
    assert m[1].running_var.dtype == gg.float64 and m[1].num_batches_tracked.dtype == gg.int64
    opt.step()  # the optimizer holds the same, now float64, parameters
    assert weight.dtype == gg.float64
    x = gg.tensor(np.random.default_rng(0).standard_normal((5, 3)), requires_grad=True)
    m.eval()
    assert gg.autograd.gradcheck(lambda x: m(x).sum(), [x])
    assert m.float()[3].bias.dtype == gg.float32


def test_state_dict_round_trip_after_cast():
    m = model().double()
    other = model().double()
    other.load_state_dict(m.state_dict())
    assert all(a.dtype == gg.float64 for a in other.state_dict().values() if a.dtype != gg.int64)


@pytest.mark.parametrize("args,kwargs", [(("cpu",), {}), ((), {"device": "cpu"}), (("cpu:0",), {}), ((), {})])
def test_cpu_device_is_a_no_op(args, kwargs):
    m = model()
    assert m.to(*args, **kwargs) is m and m[0].weight.dtype == gg.float32
    x = gg.randn(2)
    assert x.to(*args, **kwargs) is x


def test_tensor_to_forms():
    x = gg.randn(3)
    assert x.to(gg.float64).dtype == gg.float64
    assert x.to("cpu", gg.float64).dtype == gg.float64
    assert x.to(dtype="float64").dtype == gg.float64


@pytest.mark.parametrize("call,err,match", [
    (lambda m: m.to("cuda"), ValueError, "Module.to: graphgrad runs on the CPU only, got device 'cuda'"),
    (lambda m: m.to(device="cuda:0"), ValueError, "CPU only"),
    (lambda m: m.to(gg.int64), TypeError, "Module.to: expected a floating-point dtype"),
    (lambda m: m.to(gg.float64, gg.float32), TypeError, "dtype given twice"),
    (lambda m: gg.randn(2).to("mps"), ValueError, "Tensor.to: graphgrad runs on the CPU only"),
])
def test_bad_arguments(call, err, match):
    with pytest.raises(err, match=match):
        call(model())


def test_data_assignment_rejects_a_dtype_that_mismatches_the_gradient():
    p = nn.Parameter(gg.zeros(2))
    p.sum().backward()
    with pytest.raises(TypeError, match="data: cannot give a tensor with a float32 gradient float64 data"):
        p.data = gg.zeros(2, dtype=gg.float64)
    p.data = gg.ones(3)  # same dtype: shape may change, as in PyTorch
    assert p.shape == (3,) and p.requires_grad
