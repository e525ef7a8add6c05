"""In-place arithmetic written straight into the destination (ops/inplace.cpp): same memory,
right values under aliasing, broadcasting and partial overlap, version counters still bumped."""
import numpy as np
import pytest

import graphgrad as gg


@pytest.mark.parametrize("dtype", [gg.float32, gg.float64])
def test_writes_into_the_same_memory(dtype):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(1000), rng.standard_normal(1000)
    p, q = gg.tensor(a, dtype=dtype), gg.tensor(b, dtype=dtype)
    view = p.numpy()  # shares p's memory
    p.add_(q)
    p.sub_(q, alpha=0.5)
    p *= q
    p /= 2.0
    p += 1.0
    want = ((a + b - 0.5 * b) * b) / 2.0 + 1.0
    np.testing.assert_allclose(view, want, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(p.numpy(), want, rtol=1e-6, atol=1e-6)


def test_exact_aliasing_and_broadcasting():
    x = gg.tensor(np.arange(12.0).reshape(3, 4))
    x.add_(x)
    np.testing.assert_array_equal(x.numpy(), 2 * np.arange(12.0).reshape(3, 4))
    x.mul_(gg.tensor(np.array([1.0, 0.0, 2.0, 3.0])))
    np.testing.assert_array_equal(x.numpy(), 2 * np.arange(12.0).reshape(3, 4) * [1, 0, 2, 3])
    with pytest.raises(ValueError, match="add"):
        x.add_(gg.ones(5))


def test_partial_overlap_goes_through_a_temporary():
    a = np.arange(10.0)
    x = gg.tensor(a)
    x[1:].add_(x[:-1])
    want = a.copy()
    want[1:] = a[1:] + a[:-1]
    np.testing.assert_array_equal(x.numpy(), want)


def test_integer_counter():
    n = gg.tensor(0)
    for _ in range(3):
        n += 1
    assert n.item() == 3 and n.dtype == gg.int64


def test_saved_operand_modified_in_place_is_detected():
    w = gg.tensor([1.0, 2.0], requires_grad=True)
    x = gg.tensor([3.0, 4.0])
    y = (w * x).sum()  # saves x
    x.add_(1.0)
    with pytest.raises(RuntimeError):
        y.backward()


def test_leaf_requiring_grad_still_refuses_and_no_grad_allows():
    w = gg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        w.add_(1.0)
    with gg.no_grad():
        w.add_(gg.tensor([1.0, 1.0]), alpha=2.0)
    np.testing.assert_array_equal(w.detach().numpy(), [3.0, 4.0])


@pytest.mark.parametrize("level", [lv for lv in ("generic", "avx2", "avx512")
                                   if lv == "generic" or gg._core._best_isa() in (lv, "avx512")])
@pytest.mark.parametrize("n", [0, 1, 7, 8, 17, 100003])
def test_float32_simd_path_on_every_level(level, n):
    """Contiguous float32 in-place arithmetic runs the ISA level's SIMD loop (kernels/vmath.h):
    exact against NumPy for every op, tensor or scalar operand, alpha, and tail lengths."""
    gg._core._set_isa(level)
    try:
        rng = np.random.default_rng(n)
        a = rng.standard_normal(n).astype(np.float32)
        b = (rng.standard_normal(n) + 3).astype(np.float32)
        cases = [(lambda p, q: p.add_(q), a + b), (lambda p, q: p.sub_(q), a - b), (lambda p, q: p.mul_(q), a * b),
                 (lambda p, q: p.div_(q), a / b), (lambda p, q: p.add_(q, alpha=2.0), a + np.float32(2) * b),
                 (lambda p, q: p.sub_(q, alpha=-1.0), a + b), (lambda p, q: p.mul_(2.5), a * np.float32(2.5)),
                 (lambda p, q: p.div_(3.0), a / np.float32(3)), (lambda p, q: p.add_(-1.5), a - np.float32(1.5))]
        for f, want in cases:
            p = gg.tensor(a)
            f(p, gg.tensor(b))
            np.testing.assert_array_equal(p.numpy(), want)
        p = gg.tensor(a)
        p.mul_(p)  # the very same view as the operand
        np.testing.assert_array_equal(p.numpy(), a * a)
    finally:
        gg._core._set_isa("auto")
