"""Interop: pickle and copy of tensors, modules and optimizers; DLPack with NumPy and PyTorch; NumPy
operands that keep autograd in both orders; the dtype check of Linear."""
import copy
import operator
import pickle

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import nn, optim


@pytest.mark.parametrize("t", [gg.randn(3, 4), gg.tensor(2.5, dtype=gg.float64), gg.arange(5),
                               gg.tensor([True, False]), gg.zeros(0, 3), gg.randn(4, 6)[:, ::2]])
def test_tensor_pickle_and_copy(t):
    for c in (pickle.loads(pickle.dumps(t)), copy.copy(t), copy.deepcopy(t)):
        assert type(c) is gg.Tensor and c.dtype == t.dtype and c.shape == t.shape
        np.testing.assert_array_equal(c.numpy(), t.numpy())
        assert t.numel() == 0 or not np.shares_memory(c.numpy(), t.numpy())


def test_requires_grad_and_grad_survive():
    w = gg.randn(3, requires_grad=True)
    (w * 2).sum().backward()
    p = pickle.loads(pickle.dumps(w))
    assert p.requires_grad and p.is_leaf and p.grad is None
    d = copy.deepcopy(w)
    assert d.requires_grad and d.grad.tolist() == [2, 2, 2]


def test_module_and_optimizer_pickle_and_deepcopy():
    gg.manual_seed(0)
    m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    opt = optim.Adam(m.parameters(), lr=1e-2)
    (m(gg.randn(5, 3)) ** 2).mean().backward()
    opt.step()
    m.eval()
    x = gg.randn(2, 3)
    for c in (pickle.loads(pickle.dumps(m)), copy.deepcopy(m)):
        assert isinstance(c[0].weight, nn.Parameter) and len(list(c.parameters())) == 6
        np.testing.assert_array_equal(c(x).numpy(), m(x).numpy())
        c[0].weight.detach().mul_(0)  # the copy's storage is its own
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(m))(x).numpy(), m(x).numpy())  # original untouched
    o2, m2 = pickle.loads(pickle.dumps((opt, m)))
    assert o2.state_dict()["param_groups"] == opt.state_dict()["param_groups"]
    assert all(a is b for a, b in zip(o2.param_groups[0]["params"], m2.parameters()))  # shared identity kept
    sh = copy.copy(m)
    assert sh[0] is m[0]  # a shallow copy shares the layers, as in PyTorch


def test_dlpack_with_numpy_is_zero_copy():
    t = gg.arange(6.0).reshape(2, 3)
    a = np.from_dlpack(t)
    a[0, 0] = 42
    assert t[0, 0].item() == 42 and t.__dlpack_device__() == (1, 0)
    n = np.arange(4, dtype=np.float64)
    g = gg.from_dlpack(n)
    g.add_(1)
    assert n.tolist() == [1, 2, 3, 4] and g.dtype == gg.float64
    assert gg.from_dlpack(n.__dlpack__()).tolist() == [1, 2, 3, 4]  # a bare capsule
    with pytest.raises(RuntimeError, match="requires grad"):
        gg.ones(2, requires_grad=True).__dlpack__()


def test_dlpack_with_torch_is_zero_copy():
    torch = pytest.importorskip("torch")
    t = gg.zeros(3)
    tt = torch.from_dlpack(t)
    tt += 5
    assert t.tolist() == [5, 5, 5]
    src = torch.arange(4, dtype=torch.int64)
    g = gg.from_dlpack(src)
    g.add_(10)
    assert src.tolist() == [10, 11, 12, 13] and g.dtype == gg.int64
    b = gg.from_dlpack(torch.tensor([True, False]))
    assert b.dtype == gg.bool_ and b.tolist() == [True, False]
    kept = torch.from_dlpack(gg.arange(1000.0))  # the exporter's memory lives as long as the importer
    gg.full((1000,), 7.0)  # would take over the block if it had been freed
    assert float(kept.sum()) == 499500.0
    imported = gg.from_dlpack(torch.arange(5.0))
    torch.full((5,), 9.0)
    assert imported.tolist() == [0, 1, 2, 3, 4]


OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow, operator.matmul,
       operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]


@pytest.mark.parametrize("op", OPS, ids=lambda o: o.__name__)
@pytest.mark.parametrize("tensor_first", [True, False], ids=["tensor_op_array", "array_op_tensor"])
def test_numpy_operands_keep_autograd(op, tensor_first):
    rng = np.random.default_rng(0)
    wv = rng.uniform(0.5, 2.0, (3, 3)).astype(np.float32)
    n = rng.uniform(0.5, 2.0, (3, 3)).astype(np.float32)
    w = gg.tensor(wv, requires_grad=True)
    out = op(w, n) if tensor_first else op(n, w)
    expected = op(wv, n) if tensor_first else op(n, wv)
    assert isinstance(out, gg.Tensor), type(out)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5)
    if op in OPS[:6]:
        out.sum().backward()
        assert w.grad is not None and w.grad.shape == (3, 3)
        eps = 1e-2  # the gradient of the first entry against a finite difference
        wp = wv.copy()
        wp[0, 0] += eps
        fd = ((op(wp, n) if tensor_first else op(n, wp)).sum() - expected.sum()) / eps
        assert w.grad[0, 0].item() == pytest.approx(fd, rel=0.05)


def test_numpy_functions_without_an_op():
    w = gg.ones(3, requires_grad=True)
    assert isinstance(np.exp(w), gg.Tensor) and np.exp(w).requires_grad
    with pytest.raises(TypeError, match="numpy.cbrt.*cannot keep autograd"):
        np.cbrt(w)
    r = np.cbrt(gg.ones(3) * 8)  # no gradient needed: NumPy computes, a tensor comes back
    assert isinstance(r, gg.Tensor) and r.tolist() == pytest.approx([2.0] * 3)
    assert isinstance(np.arctan(w), gg.Tensor) and np.arctan(w).requires_grad  # an op now
    assert isinstance(np.float32(2) * w, gg.Tensor) and (np.float64(2) * gg.ones(2)).dtype == gg.float32


def test_linear_rejects_a_dtype_mismatch():
    lin = nn.Linear(3, 2)
    with pytest.raises(TypeError, match="float64.*float32|float32.*float64"):
        lin(gg.ones(4, 3, dtype=gg.float64))
    assert lin.double()(gg.ones(4, 3, dtype=gg.float64)).dtype == gg.float64
