"""Tensor creation, dtypes, NumPy interop (zero-copy both ways), repr and error paths."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import graphgrad as gg


def test_creation_dtypes():
    assert gg.tensor(1.5).dtype == gg.float32 and gg.tensor(1.5).shape == ()
    assert gg.tensor([[1.0, 2.0]]).dtype == gg.float32
    assert gg.tensor([1, 2]).dtype == gg.int64
    assert gg.tensor(np.ones(2)).dtype == gg.float64
    assert gg.tensor(np.ones(2, np.float32)).dtype == gg.float32
    assert gg.tensor([1, 2], dtype=gg.float64).dtype == gg.float64
    assert gg.tensor([True, False]).dtype == gg.bool_
    assert gg.zeros(2, 3).shape == (2, 3) and gg.ones((4,)).numpy().sum() == 4
    assert gg.full((2,), 7.0).tolist() == [7.0, 7.0]
    np.testing.assert_array_equal(gg.arange(5).numpy(), np.arange(5))
    np.testing.assert_array_equal(gg.eye(3).numpy(), np.eye(3))
    assert gg.zeros_like(gg.ones(2, dtype=gg.float64)).dtype == gg.float64
    t = gg.tensor([1.0, 2.0])
    assert t.to(gg.float64).dtype == gg.float64 and t.double().dtype == gg.float64 and t.double().float().dtype == gg.float32
    assert t.size() == (2,) and t.size(0) == 2 and t.numel() == 2 and t.ndim == 1 and t.dim() == 1


def test_item_tolist_repr():
    assert gg.tensor(2.5).item() == 2.5
    assert gg.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert repr(gg.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert "dtype=graphgrad.float64" in repr(gg.tensor([1.0], dtype=gg.float64))
    with pytest.raises(ValueError, match="one-element"):
        gg.ones(2).item()


def test_numpy_zero_copy_both_ways():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = gg.from_numpy(a)
    a[0, 0] = 42
    assert t[0, 0].item() == 42
    v = t.numpy()
    v[1, 2] = -1
    assert a[1, 2] == -1
    assert np.shares_memory(np.asarray(t), a)


def test_from_numpy_strided_copies_correctly():
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    for view in (a.T, a[:, ::2], a[::-1]):
        t = gg.from_numpy(view)
        np.testing.assert_array_equal(t.numpy(), view)
    assert gg.from_numpy(np.arange(4, dtype=np.int32)).dtype == gg.int32  # as PyTorch
    assert gg.from_numpy(np.arange(4, dtype=np.uint32)).dtype == gg.int64  # a dtype graphgrad lacks: a copy


def test_views_share_memory_and_numpy_strides():
    t = gg.arange(12, dtype=gg.float32).reshape(3, 4)
    np.testing.assert_array_equal(t.T.numpy(), np.arange(12).reshape(3, 4).T)
    np.testing.assert_array_equal(t[:, 1::2].numpy(), np.arange(12).reshape(3, 4)[:, 1::2])
    assert t.T._data_ptr == t._data_ptr


def test_random_is_seeded_and_thread_independent():
    gg.manual_seed(7)
    a = gg.randn(1000).numpy().copy()
    gg.manual_seed(7)
    b = gg.randn(1000).numpy()
    np.testing.assert_array_equal(a, b)
    n = gg.get_num_threads()
    try:
        for threads in (1, 2):
            gg.set_num_threads(threads)
            gg.manual_seed(3)
            r = gg.rand(300_000).numpy().copy()
            if threads == 1:
                first = r
        np.testing.assert_array_equal(first, r)
    finally:
        gg.set_num_threads(n)
    gg.manual_seed(0)
    big = gg.randn(200_000, dtype=gg.float64).numpy()
    assert abs(big.mean()) < 0.01 and abs(big.std() - 1) < 0.01
    u = gg.rand(200_000).numpy()
    assert u.min() >= 0 and u.max() < 1 and abs(u.mean() - 0.5) < 0.01


def test_threads_setting():
    n = gg.get_num_threads()
    gg.set_num_threads(1)
    assert gg.get_num_threads() == 1
    gg.set_num_threads(n)
    with pytest.raises(ValueError):
        gg.set_num_threads(0)


@pytest.mark.parametrize("fn,exc,match", [
    (lambda: gg.ones(3, 4) @ gg.ones(5, 6), ValueError, r"matmul: cannot multiply \(3, 4\) by \(5, 6\): inner sizes 4 and 5 differ"),
    (lambda: gg.ones(3, 4) + gg.ones(5), ValueError, r"add: shapes \(3, 4\) and \(5,\) cannot be broadcast"),
    (lambda: gg.ones(3).sum(2), IndexError, "sum: axis 2 is out of range"),
    (lambda: gg.ones(3)[5], IndexError, "index 5 is out of bounds for axis 0 with size 3"),
    (lambda: gg.ones(3)[0, 0], IndexError, "too many indices"),
    (lambda: gg.tensor([[1, 2], [3]]), ValueError, "ragged"),
    (lambda: gg.tensor(["a"]), TypeError, "unsupported"),
    (lambda: gg.from_numpy(np.ones(2, np.complex64)), TypeError, "complex"),
    (lambda: gg.ones(2, 3).reshape(4), ValueError, r"cannot reshape \(2, 3\)"),
    (lambda: gg.ones(2, 3).T.view(6), ValueError, "not contiguous"),
    (lambda: gg.abs(gg.tensor([True])), TypeError, "abs: expected a floating-point or integer tensor, got bool"),
    (lambda: gg.cat([gg.ones(2, 3), gg.ones(3, 3)], 1), ValueError, "cat: tensors must have the same shape"),
    (lambda: gg.ones(2).permute(1, 0), ValueError, "permute"),
    (lambda: gg.ones(2, 3).expand(4, 3), ValueError, "expand"),
    (lambda: gg.tensor([1.0]).matmul(gg.tensor(2.0)), ValueError, "at least one dimension"),
    (lambda: gg.ones(0).max(), ValueError, "empty"),
])
def test_errors(fn, exc, match):
    with pytest.raises(exc, match=match):
        fn()


shapes = st.lists(st.integers(1, 3), min_size=0, max_size=3).map(tuple)


@settings(max_examples=60, deadline=None)
@given(shapes, shapes, st.data())
def test_broadcast_gradient_shapes(sa, sb, data):
    # Make sb broadcast-compatible with sa by replacing conflicting sizes with 1.
    n = min(len(sa), len(sb))
    sb = tuple(1 if i >= len(sb) - n and sa[len(sa) - len(sb) + i] != d and d != 1 else d
               for i, d in enumerate(sb)) if n else sb
    a = gg.tensor(np.ones(sa), requires_grad=True)
    b = gg.tensor(np.full(sb, 2.0), requires_grad=True)
    op = data.draw(st.sampled_from(["add", "sub", "mul", "div"]))
    out = getattr(a, f"__{'truediv' if op == 'div' else op}__")(b)
    assert out.shape == np.broadcast_shapes(sa, sb)
    out.sum().backward()
    assert a.grad.shape == sa and b.grad.shape == sb


def test_freed_memory_is_reused_and_can_be_released():
    """Big blocks go to a bounded cache on free (none under ASan); reused memory never leaks old values
    into zeros(), and empty_cache hands everything back."""
    before = gg.config()["cached_bytes"]
    a = gg.full((512, 512), 7.0)
    del a
    assert gg.config()["cached_bytes"] >= before
    z = gg.zeros((512, 512))
    assert not z.numpy().any()
    gg.empty_cache()
    assert gg.config()["cached_bytes"] == 0
