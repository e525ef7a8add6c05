"""PyTorch's evaluation and bookkeeping idioms (issue 17)."""
import numpy as np
import pytest

import graphgrad as gg


@pytest.mark.parametrize("name,ref", [("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                                      ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)])
def test_comparisons_as_functions_and_methods(name, ref):
    a, b = np.array([[1.0, 2.0, 3.0]]), np.array([[2.0], [1.0]])
    x, y = gg.tensor(a), gg.tensor(b)
    for out in (getattr(gg, name)(x, y), getattr(x, name)(y)):
        assert out.dtype == gg.bool_
        np.testing.assert_array_equal(out.numpy(), ref(a, b))
    np.testing.assert_array_equal(getattr(x, name)(2.0).numpy(), ref(a, 2.0))


def test_accuracy_idiom():
    pred = gg.tensor([[0], [2], [1]])
    target = gg.tensor([0, 1, 1])
    correct = pred.eq(target.view_as(pred)).sum().item()
    assert correct == 2
    assert gg.equal(target, gg.tensor([0, 1, 1])) and not gg.equal(target, gg.tensor([0, 1]))


def test_as_methods():
    x = gg.arange(6.0)
    other = gg.zeros(2, 3, dtype=gg.float64)
    assert tuple(x.view_as(other).shape) == (2, 3) and tuple(x.reshape_as(other).shape) == (2, 3)
    assert tuple(gg.ones(1, 3).expand_as(other).shape) == (2, 3)
    assert x.type_as(other).dtype == gg.float64


def test_new_factories():
    x = gg.zeros(2, dtype=gg.float64)
    for t in (x.new_zeros(2, 3), x.new_ones((2, 3)), x.new_empty(2, 3), x.new_full((2, 3), 4.0)):
        assert tuple(t.shape) == (2, 3) and t.dtype == gg.float64
    assert x.new_ones(2).numpy().tolist() == [1.0, 1.0] and x.new_full((1,), 4).numpy().tolist() == [4.0]
    n = x.new_tensor([1, 2])
    assert n.dtype == gg.float64 and n.numpy().tolist() == [1.0, 2.0]
    assert x.new_zeros(2, dtype=gg.int64).dtype == gg.int64
    assert x.new_ones(2, requires_grad=True).requires_grad
    with pytest.raises(RuntimeError, match="CPU only"):
        x.new_zeros(2, device="cuda")


def test_unbind_keeps_gradients():
    a = np.arange(6.0).reshape(2, 3)
    x = gg.tensor(a, requires_grad=True)
    parts = x.unbind(1)
    assert len(parts) == 3 and all(tuple(p.shape) == (2,) for p in parts)
    np.testing.assert_array_equal(gg.unbind(x)[1].detach().numpy(), a[1])
    (parts[0] * 2 + parts[2]).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[2, 0, 1], [2, 0, 1]])
    with pytest.raises(IndexError, match="unbind"):
        x.unbind(2)


def test_format_and_index():
    loss = gg.tensor(0.123456)
    assert "{:.2f}".format(loss) == "0.12" and f"{loss:.3e}" == "1.235e-01"
    assert "{}".format(gg.tensor([1.0])).startswith("tensor(")
    items = ["a", "b", "c"]
    assert items[gg.tensor(2)] == "c" and items[gg.tensor([1]).sum()] == "b"
    assert list(range(10))[gg.tensor(1):gg.tensor(3)] == [1, 2]
    with pytest.raises(TypeError, match="integer"):
        items[gg.tensor(1.0)]


def test_max_min_named_tuples():
    a = np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]])
    x = gg.tensor(a)
    r = x.max(dim=1)
    assert r.values.numpy().tolist() == [5.0, 7.0] and r.indices.numpy().tolist() == [1, 0]
    values, indices = gg.min(x, 0)
    assert values.numpy().tolist() == [1.0, 0.0, 2.0] and indices.numpy().tolist() == [0, 1, 0]
    assert gg.max(x, 1, keepdim=True).values.shape == (2, 1)
    assert x.max().item() == 7.0 and gg.min(x).item() == 0.0
    np.testing.assert_array_equal(gg.max(x, gg.tensor(4.0)).numpy(), np.maximum(a, 4.0))
    _, pred = x.max(1)
    assert pred.numpy().tolist() == [1, 0]


def test_no_grad_forms():
    x = gg.ones(2, requires_grad=True)

    @gg.no_grad
    def bare():
        return x * 2

    @gg.no_grad()
    def called():
        return x * 2

    assert not bare().requires_grad and not called().requires_grad and (x * 2).requires_grad
    with gg.inference_mode():
        assert not (x * 2).requires_grad
    with gg.inference_mode(False):
        assert (x * 2).requires_grad

    @gg.inference_mode()
    def inf():
        return x * 2
    assert not inf().requires_grad and gg.is_grad_enabled()


def test_set_grad_enabled_plain_call_and_decorator():
    x = gg.ones(2, requires_grad=True)
    try:
        gg.set_grad_enabled(False)
        assert not gg.is_grad_enabled() and not (x * 2).requires_grad
    finally:
        gg.set_grad_enabled(True)
    assert gg.is_grad_enabled()
    with gg.set_grad_enabled(False):
        assert not gg.is_grad_enabled()
    assert gg.is_grad_enabled()

    @gg.set_grad_enabled(False)
    def f():
        return gg.is_grad_enabled()
    assert gg.is_grad_enabled() and f() is False and gg.is_grad_enabled()


def test_relu_inplace_and_unknown_kwargs():
    m = gg.nn.ReLU(inplace=True)
    x = gg.tensor([-1.0, 2.0])
    assert m(x).numpy().tolist() == [0.0, 2.0] and "inplace=True" in repr(m)
    with pytest.raises(TypeError, match="foo"):
        gg.nn.ReLU(foo=1)
    with pytest.raises(TypeError, match="foo"):
        gg.nn.Tanh(foo=1)


def test_legacy_tensor_constructor_and_randint_high_size():
    """word_language_model's generate.py: torch.Tensor([[idx]]).long() and torch.randint(ntokens, (1, 1))."""
    t = gg.Tensor([[3]])
    assert t.dtype == gg.float32 and t.long().dtype == gg.int64 and t.long().item() == 3
    np.testing.assert_array_equal(gg.Tensor(np.arange(3)).numpy(), np.arange(3, dtype=np.float32))
    assert tuple(gg.Tensor(2, 3).shape) == (2, 3) and gg.Tensor(2, 3).dtype == gg.float32
    assert tuple(gg.Tensor().shape) == (0,)
    x = gg.ones(2, requires_grad=True)
    shared = gg.Tensor(x)
    assert not shared.requires_grad and shared.data_ptr() == x.data_ptr()
    with pytest.raises(TypeError, match="Tensor"):
        gg.Tensor(2, "a")
    gg.manual_seed(0)
    r = gg.randint(5, (4, 2))
    assert tuple(r.shape) == (4, 2) and r.dtype == gg.int64 and 0 <= r.min().item() and r.max().item() < 5
    gg.manual_seed(0)
    np.testing.assert_array_equal(gg.randint(0, 5, (4, 2)).numpy(), r.numpy())
    with pytest.raises(ValueError, match="randint"):
        gg.randint(0, (2,))


def test_legacy_typed_constructors_and_onnx_import():
    """word_language_model's main.py: `import torch.onnx`, torch.LongTensor(n).zero_() for the export's dummy input."""
    z = gg.LongTensor(6).zero_().view(-1, 2)
    assert z.dtype == gg.int64 and tuple(z.shape) == (3, 2) and z.sum().item() == 0
    assert gg.FloatTensor([1, 2]).dtype == gg.float32 and gg.DoubleTensor(gg.ones(1)).dtype == gg.float64
    assert isinstance(gg.ones(2), gg.FloatTensor) and not isinstance(gg.ones(2), gg.LongTensor)
    assert tuple(gg.BoolTensor().shape) == (0,) and gg.ByteTensor(2, 2).dtype == gg.uint8
    with pytest.raises(TypeError, match="LongTensor"):
        gg.LongTensor(2, "a")
    import graphgrad.onnx
    with pytest.raises(NotImplementedError, match="ONNX export is not supported.*Linear"):
        graphgrad.onnx.export(gg.nn.Linear(2, 2), gg.ones(1, 2), "model.onnx")
