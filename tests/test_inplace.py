"""In-place ops against NumPy (views, broadcasting), version-counter safety, PyTorch aliases."""
import numpy as np
import pytest

import graphgrad as gg


def arr(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


@pytest.mark.parametrize("name,np_fn", [
    ("add_", np.add), ("sub_", np.subtract), ("mul_", np.multiply), ("div_", np.divide),
])
def test_binary_inplace_with_broadcast(name, np_fn):
    a, b = arr((3, 4)), arr((4,), 1) + 3
    t = gg.tensor(a)
    before = t._version
    out = getattr(t, name)(gg.tensor(b))
    assert out is t and t._version == before + 1
    np.testing.assert_allclose(t.numpy(), np_fn(a, b))
    getattr(t, name)(2.0)
    np.testing.assert_allclose(t.numpy(), np_fn(np_fn(a, b), 2.0))


def test_augmented_operators_keep_identity_and_memory():
    t = gg.tensor(arr((2, 3)))
    ptr, a = t._data_ptr, t.numpy().copy()
    u = t
    t += 1
    t -= gg.tensor([1.0, 2.0, 3.0], dtype=gg.float64)
    t *= 2
    t /= 4
    assert t is u and t._data_ptr == ptr
    np.testing.assert_allclose(t.numpy(), (a + 1 - np.array([1, 2, 3])) * 2 / 4)


def test_inplace_on_views_is_seen_by_base():
    base = gg.zeros(3, 4)
    v = base[:, 1:3]
    v.fill_(5.0)
    base[0].add_(1.0)
    base.T[3].copy_(gg.tensor([7.0, 8.0, 9.0]))
    expected = np.zeros((3, 4))
    expected[:, 1:3] = 5
    expected[0] += 1
    expected[:, 3] = [7, 8, 9]
    np.testing.assert_allclose(base.numpy(), expected)


def test_other_inplace_ops():
    a = arr((5,))
    t = gg.tensor(a)
    np.testing.assert_allclose(t.clone().pow_(2).numpy(), a ** 2)
    np.testing.assert_allclose(t.clone().neg_().numpy(), -a)
    np.testing.assert_allclose(t.clone().clamp_(-0.1, 0.2).numpy(), np.clip(a, -0.1, 0.2))
    assert t.clone().zero_().numpy().sum() == 0
    c = gg.zeros(2, 3, dtype=gg.float64).copy_(gg.tensor([1, 2, 3]))
    np.testing.assert_array_equal(c.numpy(), [[1, 2, 3], [1, 2, 3]])
    gg.manual_seed(1)
    u = gg.empty(10_000).uniform_(-2, 2).numpy()
    assert u.min() >= -2 and u.max() < 2
    n = gg.empty(10_000, dtype=gg.float64).normal_(3, 0.5).numpy()
    assert abs(n.mean() - 3) < 0.05 and abs(n.std() - 0.5) < 0.05
    with pytest.raises(ValueError, match="mul_"):
        gg.ones(3).mul_(gg.ones(2, 3))


def test_version_counter_catches_stale_saved_tensor():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    y = x.sigmoid()
    y.mul_(2)
    with pytest.raises(RuntimeError, match="SigmoidBackward"):
        y.sum().backward()


def test_leaf_inplace_rules():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        x.add_(1.0)
    with gg.no_grad():
        x.add_(1.0)
    np.testing.assert_allclose(x.numpy(), [2, 3])


def test_differentiable_inplace_on_non_leaf():
    x = gg.tensor([1.0, 2.0], dtype=gg.float64, requires_grad=True)
    y = x * 3
    y.mul_(x)  # y = 3x^2
    y.add_(x)  # y = 3x^2 + x
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 6 * np.array([1.0, 2.0]) + 1)


def test_manual_sgd_loop_trains():
    gg.manual_seed(0)
    X = gg.randn(64, 3)
    w_true = gg.tensor([[1.0], [-2.0], [0.5]])
    Y = X @ w_true
    w = gg.zeros(3, 1, requires_grad=True)
    for _ in range(200):
        loss = ((X @ w - Y) ** 2).mean()
        w.grad = None
        loss.backward()
        with gg.no_grad():
            w -= 0.1 * w.grad
    np.testing.assert_allclose(w.numpy(), w_true.numpy(), atol=1e-3)


def test_aliases_match_originals():
    a = gg.tensor(arr((3, 4)))
    b = gg.tensor(arr((4, 2), 1))
    np.testing.assert_array_equal(gg.cat([a, a]).numpy(), gg.concatenate([a, a]).numpy())
    np.testing.assert_array_equal(a.mm(b).numpy(), (a @ b).numpy())
    np.testing.assert_array_equal(a.t().numpy(), a.T.numpy())
    assert a.size() == a.shape and a.size(1) == 4 and a.dim() == a.ndim and a.numel() == 12
    np.testing.assert_array_equal(a.view(12).numpy(), a.reshape(12).numpy())
    np.testing.assert_array_equal(a.flatten().numpy(), a.reshape(-1).numpy())
    np.testing.assert_array_equal(a.clip(-0.5, 0.5).numpy(), a.clamp(-0.5, 0.5).numpy())
    v, i = a.max(dim=1)
    np.testing.assert_array_equal(i.numpy(), a.argmax(dim=1).numpy())
    np.testing.assert_array_equal(a.sum(dim=1).numpy(), a.sum(axis=1).numpy())
    assert a.long().dtype == gg.int64 and a.float().dtype == gg.float32
    assert gg.full_like(a, 2.0).numpy().sum() == 24
    assert gg.randn_like(a).shape == a.shape and gg.rand_like(a).shape == a.shape
    gg.manual_seed(0)
    r = gg.randint(0, 10, (1000,))
    assert r.dtype == gg.int64 and r.numpy().min() >= 0 and r.numpy().max() <= 9
    assert sorted(gg.randperm(10).tolist()) == list(range(10))
    d = a.data
    assert not d.requires_grad and d._data_ptr == a._data_ptr
