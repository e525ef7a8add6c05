"""The SIMD reductions (kernels/reduce_impl.h) on every instruction set this CPU runs, against
NumPy in float64: sum, mean, sum of squares (norm), max/min and argmax/argmin of float32 and
float64, over everything and over every axis of 3-d shapes, at lengths around the vector widths
and the 4096-element sum blocks, with NaN and inf placed anywhere; 1 and 2 threads bit-identical."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad import _core

LEVELS = [lv for lv in ("generic", "avx2", "avx512")
          if lv == "generic" or (lv == "avx2" and _core._best_isa() != "generic") or _core._best_isa() == "avx512"]
SIZES = [0, 1, 7, 8, 9, 31, 33, 4095, 4096, 4097, 100003]
DTYPES = [np.float32, np.float64]
# Shapes whose axes cross the kernels' lanes, the 128-row column blocks and the 256-column tiles.
SHAPES = [(3, 5, 7), (2, 300, 270), (4, 1, 9), (1, 17, 1), (5, 130, 3)]


@pytest.fixture(params=LEVELS)
def isa(request):
    _core._set_isa(request.param)
    assert gg.config()["kernels"]["reduce"] == request.param
    yield request.param
    _core._set_isa("auto")


def _sum_tol(x, axis=None):
    """A bound on the rounding of a float32 (lanes of at most 256 terms) or float64 sum."""
    eps = 1e-5 if x.dtype == np.float32 else 1e-13
    return eps * np.abs(x.astype(np.float64)).sum(axis=axis) + 1e-30


def _data(shape, dtype, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", SIZES)
def test_sum_mean_norm_of_every_element(isa, n, dtype):
    x = _data(n, dtype) + 0.5
    t = gg.tensor(x)
    ref = x.astype(np.float64)
    got = t.sum()
    assert got.dtype == t.dtype and got.shape == ()
    assert abs(float(got.item()) - ref.sum()) <= 2 * _sum_tol(x)
    np.testing.assert_allclose(float(t.norm().item()), np.sqrt((ref * ref).sum()), rtol=2e-6 if dtype == np.float32 else 1e-14)
    if n:
        assert abs(float(t.mean().item()) - ref.mean()) <= _sum_tol(x) / n * 2


def test_float32_blocks_add_in_double(isa):
    # One float accumulator would stop at 2^24; lanes of blocks added in double are exact here.
    assert gg.ones(10**7 + 1).sum().item() == 10**7 + 1
    np.testing.assert_array_equal(gg.ones((3, 20000, 2)).sum(1).numpy(), np.full((3, 2), 20000.0))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_sum_mean_over_every_axis(isa, shape, dtype):
    x = _data(shape, dtype) + 0.25
    t = gg.tensor(x)
    ref = x.astype(np.float64)
    for axis in (0, 1, 2, (0, 2), (1, 2)):
        for keepdim in (False, True):
            got = t.sum(axis, keepdim=keepdim).numpy()
            want = ref.sum(axis, keepdims=keepdim)
            assert got.shape == want.shape and got.dtype == dtype
            assert np.all(np.abs(got - want) <= 2 * _sum_tol(x, axis).reshape(want.shape)), axis
            cnt = ref.size // want.size
            got = t.mean(axis, keepdim=keepdim).numpy()
            assert np.all(np.abs(got - want / cnt) <= 2 * _sum_tol(x, axis).reshape(want.shape) / cnt), axis
        got = t.norm(dim=axis).numpy()
        want = np.sqrt((ref * ref).sum(axis))
        np.testing.assert_allclose(got, want, rtol=1e-5 if dtype == np.float32 else 1e-13)


def _check_extremes(t, x, axis=None):
    """max/min values (NaN propagating) and argmax/argmin (first extreme, NaN the extreme) along axis."""
    ref = x.astype(np.float64)
    kw = {} if axis is None else {"axis": axis}
    np.testing.assert_array_equal(gg.amax(t, axis).numpy() if axis is not None else t.max().numpy(), ref.max(**kw).astype(x.dtype))
    np.testing.assert_array_equal(gg.amin(t, axis).numpy() if axis is not None else t.min().numpy(), ref.min(**kw).astype(x.dtype))
    np.testing.assert_array_equal(gg.argmax(t, axis).numpy(), np.argmax(x, **kw))
    np.testing.assert_array_equal(gg.argmin(t, axis).numpy(), np.argmin(x, **kw))
    if axis is not None:
        v, i = t.max(axis, keepdim=True)
        np.testing.assert_array_equal(v.numpy(), ref.max(axis, keepdims=True).astype(x.dtype))
        np.testing.assert_array_equal(i.numpy(), np.expand_dims(np.argmax(x, axis), axis))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [s for s in SIZES if s])
def test_extremes_of_every_element(isa, n, dtype):
    x = _data(n, dtype)
    _check_extremes(gg.tensor(x), x)
    # Ties: the first of equal extremes, here a few blocks apart and in a tail.
    y = np.round(x * 2).astype(dtype)
    _check_extremes(gg.tensor(y), y)
    for pos in {0, n // 2, n - 1}:
        for special in (np.inf, -np.inf, np.nan):
            z = x.copy()
            z[pos] = special
            if special != special and n > 2:
                z[(pos + n // 3 + 1) % n] = np.nan  # two NaNs: the first wins
            _check_extremes(gg.tensor(z), z)


def test_all_nan_and_all_infinite(isa):
    for fill in (np.nan, np.inf, -np.inf):
        for n in (1, 9, 5000):
            x = np.full(n, fill, np.float32)
            _check_extremes(gg.tensor(x), x)
            _check_extremes(gg.tensor(x.reshape(1, n, 1).repeat(3, 2)), x.reshape(1, n, 1).repeat(3, 2), 1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_extremes_over_every_axis(isa, shape, dtype):
    x = _data(shape, dtype, seed=1)
    rng = np.random.default_rng(2)
    z = x.copy().reshape(-1)
    spots = rng.choice(z.size, size=max(1, z.size // 50), replace=False)
    z[spots] = rng.choice([np.nan, np.inf, -np.inf], size=spots.size)
    z = z.reshape(shape)
    for data in (x, np.round(x * 2).astype(dtype), z):
        t = gg.tensor(data)
        for axis in range(3):
            _check_extremes(t, data, axis)
        np.testing.assert_array_equal(gg.amax(t, (0, 2), keepdim=True).numpy(), data.max((0, 2), keepdims=True))


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_and_two_threads_are_bit_identical(isa, dtype):
    x = _data(400009, dtype)
    x[123456] = 9.0
    shapes = [(400009,), (547, 549), (7, 200, 214)]
    saved = gg.get_num_threads()
    results = []
    try:
        for nt in (1, 2):
            gg.set_num_threads(nt)
            out = []
            for s in shapes:
                t = gg.tensor(x[: int(np.prod(s))].reshape(s))
                out += [t.sum().numpy(), t.norm().numpy(), gg.argmax(t).numpy(), t.max().numpy()]
                for axis in range(len(s)):
                    out += [t.sum(axis).numpy(), t.mean(axis).numpy(), gg.argmin(t, axis).numpy()]
            results.append(out)
    finally:
        gg.set_num_threads(saved)
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_levels_agree_with_each_other_exactly_on_extremes():
    x = _data((64, 333), np.float32, seed=3)
    got = []
    for lv in LEVELS:
        _core._set_isa(lv)
        got.append([gg.argmax(gg.tensor(x), 1).numpy(), gg.amin(gg.tensor(x), 0).numpy()])
    _core._set_isa("auto")
    for g in got[1:]:
        for a, b in zip(got[0], g):
            np.testing.assert_array_equal(a, b)
