"""PyTorch's process-level switches: stored and reported as PyTorch documents them, the print
options honoured by Tensor's repr (the same text as torch's), compile returning its argument."""
import numpy as np
import pytest

import graphgrad as gg

VALUES = np.array([[1.123456, -1000.5, 3e-5], [2.0, 0.5, 1e8]], dtype=np.float32)


@pytest.fixture
def printoptions():
    torch = pytest.importorskip("torch")
    yield torch
    gg.set_printoptions(profile="default", sci_mode=None)
    torch.set_printoptions(profile="default", sci_mode=None)


@pytest.mark.parametrize("options, values", [
    ({}, VALUES), ({"precision": 2}, VALUES), ({"sci_mode": False}, VALUES), ({"sci_mode": True}, VALUES),
    ({"sci_mode": False, "precision": 1}, VALUES), ({"profile": "short"}, VALUES),
    ({"profile": "full"}, np.arange(1200.0, dtype=np.float32)), ({"linewidth": 20}, VALUES),
    ({"precision": 3}, np.array([0.5, 0.25, 1.0], dtype=np.float32)),
])
def test_repr_honours_the_print_options_as_torch(printoptions, options, values):
    torch = printoptions
    gg.set_printoptions(**options)
    torch.set_printoptions(**options)
    assert repr(gg.tensor(values)) == repr(torch.tensor(values))


def test_print_options_persist_until_reset(printoptions):
    gg.set_printoptions(precision=2)
    gg.set_printoptions(linewidth=100)  # an option not given keeps its value
    assert repr(gg.tensor([1.23456])) == "tensor([1.23])"
    gg.set_printoptions(profile="default")
    assert repr(gg.tensor([1.23456])) == "tensor([1.2346])"
    gg.set_printoptions(threshold=5, edgeitems=1)  # summarised: one entry at each end
    assert repr(gg.arange(20.0)).replace(" ", "") == "tensor([0.,...,19.])"
    with pytest.raises(ValueError, match="set_printoptions"):
        gg.set_printoptions(profile="long")


def test_switches_store_and_report():
    try:
        assert not gg.are_deterministic_algorithms_enabled()
        gg.use_deterministic_algorithms(True, warn_only=True)
        assert gg.are_deterministic_algorithms_enabled() and gg.is_deterministic_algorithms_warn_only_enabled()
        assert gg.get_float32_matmul_precision() == "highest"
        gg.set_float32_matmul_precision("high")
        assert gg.get_float32_matmul_precision() == "high"
        gg.set_num_interop_threads(2)
        assert gg.get_num_interop_threads() == 2
    finally:
        gg.use_deterministic_algorithms(False)
        gg.set_float32_matmul_precision("highest")
        gg.set_num_interop_threads(1)
    assert gg.get_default_dtype() == gg.float32 == gg.tensor([1.0]).dtype == gg.nn.Linear(2, 2).weight.dtype
    for call, error in ((lambda: gg.use_deterministic_algorithms(1), TypeError),
                        (lambda: gg.set_float32_matmul_precision("low"), ValueError),
                        (lambda: gg.set_num_interop_threads(0), ValueError)):
        with pytest.raises(error, match=call.__code__.co_names[-1]):
            call()


def test_compile_returns_the_model_unchanged():
    model = gg.nn.Linear(3, 2)
    assert gg.compile(model) is model
    assert gg.compile(model, mode="max-autotune", fullgraph=True, dynamic=False, backend="inductor") is model

    @gg.compile(mode="reduce-overhead")
    def f(x):
        return x * 2
    assert f(gg.ones(2)).tolist() == [2.0, 2.0]
    with pytest.raises(TypeError, match="compile"):
        gg.compile(3)


def test_a_training_script_with_the_switches_runs():
    gg.manual_seed(0)
    gg.use_deterministic_algorithms(True)
    gg.set_float32_matmul_precision("high")
    try:
        model = gg.compile(gg.nn.Sequential(gg.nn.Linear(4, 8), gg.nn.ReLU(), gg.nn.Linear(8, 1)))
        opt = gg.optim.SGD(model.parameters(), lr=0.1)
        x, y = gg.randn(16, 4), gg.randn(16, 1)
        losses = []
        for _ in range(3):
            opt.zero_grad()
            loss = gg.nn.functional.mse_loss(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        assert losses[-1] < losses[0]
    finally:
        gg.use_deterministic_algorithms(False)
        gg.set_float32_matmul_precision("highest")
