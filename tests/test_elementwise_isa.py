"""The elementwise maps (kernels/map.h) on every instruction set this CPU runs: the dense loops of
float32/float64 maps are per-ISA clones of one body, so each level is forced and compared with
NumPy exactly (these ops are exact in IEEE arithmetic), on sizes around the vector widths, with
NaN, +-inf and -0.0, and on broadcast and strided operands (which take the generic loop)."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad import _core

LEVELS = [lv for lv in ("generic", "avx2", "avx512")
          if lv == "generic" or (lv == "avx2" and _core._best_isa() != "generic") or _core._best_isa() == "avx512"]
SIZES = [0, 1, 7, 8, 9, 33, 100003]
DTYPES = [np.float32, np.float64]


@pytest.fixture(params=LEVELS)
def isa(request):
    _core._set_isa(request.param)
    # the AVX-512 level runs the AVX2 loops (kernels/map.h)
    assert gg.config()["kernels"]["elementwise"] == ("avx2" if request.param == "avx512" else request.param)
    yield request.param
    _core._set_isa("auto")


def _values(n, dtype, seed):
    """n values, specials (NaN, +-inf, +-0, ties between the two operands' draws) spread through."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) * 3).astype(dtype)
    special = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0], dtype)
    x[::5] = np.resize(special, x[::5].shape)
    return x


BINARY = {
    "add": (lambda a, b: a + b, np.add),
    "sub": (lambda a, b: a - b, np.subtract),
    "mul": (lambda a, b: a * b, np.multiply),
    "div": (lambda a, b: a / b, np.divide),
    "maximum": (gg.maximum, np.maximum),
    "minimum": (gg.minimum, np.minimum),
}
UNARY = {
    "relu": (lambda x: x.relu(), lambda x: np.where(np.isnan(x), x, np.maximum(x, 0))),
    "abs": (lambda x: x.abs(), np.abs),
    "neg": (lambda x: -x, np.negative),
    "clamp": (lambda x: x.clamp(-1.5, 2.0), lambda x: np.clip(x, -1.5, 2.0)),
    "leaky_relu": (lambda x: gg.nn.functional.leaky_relu(x, 0.1), lambda x: np.where(x > 0, x, x * x.dtype.type(0.1))),
}


def _same(got, want, zero_signs=True):
    """Equal values and, for zeros, equal signs (NaN equals NaN)."""
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    if zero_signs:
        np.testing.assert_array_equal(np.signbit(got[got == 0]), np.signbit(want[want == 0]))


# Which of +0 and -0 maximum/minimum return for the pair is not defined (IEEE maxNum leaves it
# open; NumPy's SIMD loops and ours differ): values are compared, not zero signs.
SIGNED_ZEROS = {"add", "sub", "mul", "div"}


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", SIZES)
def test_binary_dense(name, dtype, n, isa):
    ours, ref = BINARY[name]
    a, b = _values(n, dtype, 0), _values(n, dtype, 1)
    b[::3] = a[::3]  # ties
    with np.errstate(all="ignore"):
        signs = name in SIGNED_ZEROS
        _same(ours(gg.tensor(a), gg.tensor(b)).numpy(), ref(a, b), signs)
        for s in (np.array(2.5, dtype), np.array(np.nan, dtype), np.array(-0.0, dtype)):  # one repeated value
            _same(ours(gg.tensor(a), gg.tensor(s)).numpy(), ref(a, s), signs)
            _same(ours(gg.tensor(s), gg.tensor(a)).numpy(), ref(s, a), signs)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", SIZES)
def test_unary_dense(name, dtype, n, isa):
    ours, ref = UNARY[name]
    x = _values(n, dtype, 2)
    _same(ours(gg.tensor(x)).numpy(), ref(x))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", SIZES)
def test_where_dense(dtype, n, isa):
    a, b = _values(n, dtype, 3), _values(n, dtype, 4)
    cond = np.random.default_rng(5).random(n) < 0.5
    _same(gg.where(gg.tensor(cond), gg.tensor(a), gg.tensor(b)).numpy(), np.where(cond, a, b))


@pytest.mark.parametrize("dtype", DTYPES)
def test_broadcast_and_strided_operands(dtype, isa):
    x = _values(3 * 37 * 2, dtype, 6).reshape(3, 37, 2)
    row = _values(37, dtype, 7).reshape(37, 1)
    strided = x[:, ::2, 1]  # (3, 19), not contiguous
    transposed = x[:, :, 0].T  # (37, 3)
    with np.errstate(all="ignore"):
        for name, (ours, ref) in BINARY.items():
            signs = name in SIGNED_ZEROS
            _same(ours(gg.tensor(x), gg.tensor(row)).numpy(), ref(x, row), signs)
            _same(ours(gg.from_numpy(x)[:, ::2, 1], gg.tensor(strided[0])).numpy(), ref(strided, strided[0]), signs)
            _same(ours(gg.from_numpy(x)[:, :, 0].T, gg.tensor(row)).numpy(), ref(transposed, row), signs)
    for name, (ours, ref) in UNARY.items():
        _same(ours(gg.from_numpy(x)[:, ::2, 1]).numpy(), ref(strided))
    cond = np.random.default_rng(8).random((3, 1)) < 0.5
    _same(gg.where(gg.tensor(cond), gg.tensor(x[:, :, 0]), gg.tensor(row[:, 0])).numpy(),
          np.where(cond, x[:, :, 0], row[:, 0]))


def test_levels_give_identical_bits():
    """Every level, 1 and 2 threads, gives the generic level's bits (sizes above the threading grain)."""
    a, b = _values(300007, np.float32, 9), _values(300007, np.float32, 10)
    cond = a > b
    ops = [lambda: (gg.tensor(a) + gg.tensor(b)), lambda: gg.tensor(a).relu(),
           lambda: gg.maximum(gg.tensor(a), gg.tensor(b)), lambda: gg.where(gg.tensor(cond), gg.tensor(a), gg.tensor(b))]
    threads = gg.get_num_threads()
    try:
        want = None
        for level in LEVELS:
            _core._set_isa(level)
            for t in (1, 2):
                gg.set_num_threads(t)
                got = [f().numpy().tobytes() for f in ops]
                want = want or got
                assert got == want, (level, t)
    finally:
        _core._set_isa("auto")
        gg.set_num_threads(threads)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_backward(dtype, isa):
    x = _values(1000, dtype, 11)
    g = _values(1000, dtype, 12)
    t = gg.tensor(x, requires_grad=True)
    t.relu().backward(gg.tensor(g))
    # PyTorch's rule: the gradient passes where the output is > 0 or NaN
    want = np.where(np.isnan(x) | (x > 0), g, 0).astype(dtype)
    _same(t.grad.numpy(), want)


@pytest.mark.parametrize("slope", [np.inf, -np.inf, np.nan])
def test_leaky_relu_with_a_slope_that_is_not_finite(slope):
    x = np.array([2.0, 0.5, 0.0, -0.0, -1.0, np.inf, -np.inf, np.nan], np.float32)
    with np.errstate(all="ignore"):
        want = np.where(x > 0, x, x * np.float32(slope))
    _same(gg.nn.functional.leaky_relu(gg.tensor(x), slope).numpy(), want, zero_signs=False)
