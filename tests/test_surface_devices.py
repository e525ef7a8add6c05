"""Devices and dtypes as PyTorch scripts spell them (issue 17)."""
import numpy as np
import pytest

import graphgrad as gg


def test_device_objects():
    d = gg.device("cpu")
    assert d.type == "cpu" and d.index is None and str(d) == "cpu"
    assert gg.device("cpu:0") == gg.device("cpu", 0) == "cpu" == d
    assert gg.device(d) == d and len({d, gg.device("cpu")}) == 1
    assert repr(gg.device("cpu:0")) == "device(type='cpu', index=0)"


@pytest.mark.parametrize("name", ["cuda", "cuda:0", "mps", "xpu"])
def test_other_devices_raise_clearly(name):
    with pytest.raises(RuntimeError, match="CPU only"):
        gg.device(name)
    with pytest.raises(RuntimeError, match="CPU only"):
        gg.zeros(2, device=name)
    with pytest.raises((RuntimeError, ValueError), match="CPU only"):
        gg.ones(2).to(name)


def test_accelerators_unavailable():
    assert gg.cuda.is_available() is False and gg.cuda.device_count() == 0
    assert gg.backends.mps.is_available() is False
    assert gg.accelerator.is_available() is False
    device = gg.device("cuda" if gg.cuda.is_available() else "cpu")
    assert device.type == "cpu"


@pytest.mark.parametrize("factory,args", [
    ("zeros", (2, 3)), ("ones", (2,)), ("empty", (1, 2)), ("rand", (3,)), ("randn", (3,)), ("full", ((2,), 1.5)),
    ("arange", (4,)), ("linspace", (0, 1, 5)), ("eye", (2,)), ("tensor", ([1.0, 2.0],)), ("randint", (0, 5, (3,))),
    ("randperm", (4,)), ("as_tensor", ([1, 2],)),
])
def test_device_on_every_factory(factory, args):
    fn = getattr(gg, factory)
    for dev in ("cpu", gg.device("cpu"), None):
        t = fn(*args, device=dev)
        assert t.device == gg.device("cpu")
    with pytest.raises(RuntimeError, match=factory):
        fn(*args, device="cuda")


def test_like_factories_take_device():
    x = gg.ones(2, 3)
    for name in ("zeros_like", "ones_like", "empty_like", "rand_like", "randn_like"):
        assert tuple(getattr(gg, name)(x, device="cpu").shape) == (2, 3)
    assert gg.full_like(x, 7, device=gg.device("cpu")).numpy().tolist() == [[7.0] * 3] * 2


def test_tensor_device_cpu_and_to():
    x = gg.ones(2)
    assert x.device.type == "cpu" and not x.is_cuda
    assert x.cpu() is x and x.to("cpu") is x and x.to(gg.device("cpu")) is x
    assert x.to(device="cpu", dtype=gg.double).dtype == gg.float64
    assert x.to(gg.device("cpu"), gg.long).dtype == gg.int64


def test_dtype_aliases():
    assert gg.float is gg.float32 and gg.double is gg.float64
    assert gg.long is gg.int64 and gg.bool is gg.bool_
    assert gg.tensor([1, 0], dtype=gg.bool).dtype == gg.bool_
    assert "float" not in gg.__all__ and "bool" not in gg.__all__  # a star import keeps the builtins


def test_type_conversions_and_sizes():
    x = gg.tensor([1.5, -2.5])
    assert x.type() == "graphgrad.FloatTensor"
    assert x.type(gg.long).dtype == gg.int64 and x.type(gg.float).dtype == gg.float32
    assert x.long().dtype == gg.int64 and x.double().dtype == gg.float64 and x.long().float().dtype == gg.float32
    assert x.is_floating_point() and not x.long().is_floating_point()
    assert x.element_size() == 4 and x.double().element_size() == 8 and x.long().element_size() == 8
    assert gg.zeros(3, 4).nelement() == 12
    np.testing.assert_array_equal(x.long().numpy(), [1, -2])


def test_layers_take_device_as_pytorch_factory_keyword():
    """minGPT's model.py: nn.Linear(n, n, device=device, dtype=dtype), nn.Embedding(..., device=device)."""
    import inspect
    lin = gg.nn.Linear(3, 2, device="cpu", dtype=gg.float64)
    assert lin.weight.dtype == gg.float64
    assert gg.nn.Embedding(5, 2, device=gg.device("cpu")).weight.shape == (5, 2)
    assert gg.nn.LayerNorm(4, device=None)(gg.ones(2, 4)).shape == (2, 4)
    assert "device" in inspect.signature(gg.nn.Linear).parameters
    with pytest.raises(Exception, match="cuda"):
        gg.nn.Linear(3, 2, device="cuda")

    class Mine(gg.nn.Module):  # a script's own class keeps its own signature
        def __init__(self, n):
            super().__init__()
    with pytest.raises(TypeError):
        Mine(2, device="cpu")
