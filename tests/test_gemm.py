"""GEMM kernels (cpp/kernels/gemm) through gg.matmul, against NumPy.

Every micro-kernel this CPU can run is tested (the generic one too, on AVX-512 machines), on
sizes that hit full tiles, edge tiles, the small-size path and the packed path, with every
transpose combination reaching the GEMM as a transposed view (no copy) and leading dimensions
larger than the row length (sliced views).
"""
import itertools
import os
import subprocess
import sys

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import _core

KERNELS = ("avx512", "avx2", "generic")
SIZES = (1, 2, 7, 16, 31, 33, 64, 65, 255, 257)
SHAPES = sorted(
    {(s, s, s) for s in SIZES}
    | set(itertools.product((1, 7, 65), (2, 31, 257), (1, 16, 255)))
    | {(257, 1, 33), (2, 255, 64), (300, 40, 600), (33, 500, 7), (600, 20, 300)}
    | {(40, 4200, 100)}  # packed, N over two B panels (nc = 4096 fp32, 2048 fp64)
)
TRANS = tuple(itertools.product((False, True), repeat=2))


@pytest.fixture(params=KERNELS)
def kernel(request):
    try:
        _core._set_isa(request.param)
    except ValueError:
        pytest.skip(f"this CPU cannot run the {request.param} GEMM kernel")
    assert gg.config()["kernels"]["gemm"] == request.param
    yield request.param
    _core._set_isa("auto")


@pytest.fixture
def threads():
    saved = gg.get_num_threads()
    yield
    gg.set_num_threads(saved)


def operand(rng, rows, cols, trans, dtype, pad=0):
    """A (rows, cols) gg view and its NumPy value: a transposed view when trans, and a slice of a
    wider array (leading dimension > row length) when pad."""
    stored = (cols, rows) if trans else (rows, cols)
    full = rng.uniform(-1, 1, (stored[0], stored[1] + pad)).astype(dtype)
    t = gg.from_numpy(full)
    if pad:
        t = t[:, : stored[1]]
    value = full[:, : stored[1]]
    return (t.T, value.T) if trans else (t, value)


def product(rng, m, n, k, ta, tb, dtype, pad=0):
    a, an = operand(rng, m, k, ta, dtype, pad)
    b, bn = operand(rng, k, n, tb, dtype, pad)
    return gg.matmul(a, b).numpy(), an.astype(np.float64) @ bn.astype(np.float64)


def tolerance(k, dtype):
    # Inputs in [-1, 1]: rounding error of a length-k dot product grows at most ~k * eps.
    return 4 * max(k, 1) * np.finfo(dtype).eps


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
@pytest.mark.parametrize("ta,tb", TRANS)
def test_gemm_matches_numpy(kernel, dtype, ta, tb):
    rng = np.random.default_rng(0)
    for m, n, k in SHAPES:
        got, want = product(rng, m, n, k, ta, tb, dtype)
        assert got.dtype == dtype and got.shape == (m, n)
        np.testing.assert_allclose(got, want, rtol=0, atol=tolerance(k, dtype), err_msg=f"{m}x{n}x{k}")


@pytest.mark.parametrize("ta,tb", TRANS)
def test_gemm_leading_dimension_larger_than_rows(kernel, ta, tb):
    rng = np.random.default_rng(1)
    # 42 and 43 rows: 7 and 8 rows of 6-row tiles, either side of where the direct path packs B
    # (whose rows, 150 of them ldb apart, span more than 32 KB).
    for m, n, k in ((7, 31, 33), (65, 64, 255), (257, 33, 65), (13, 300, 40), (42, 37, 150), (43, 37, 150)):
        got, want = product(rng, m, n, k, ta, tb, np.float64, pad=5)
        np.testing.assert_allclose(got, want, rtol=0, atol=tolerance(k, np.float64))


def assert_same_for_1_and_2_threads(rng, cases, dtype):
    for m, n, k, ta, tb in cases:
        a, _ = operand(rng, m, k, ta, dtype)
        b, _ = operand(rng, k, n, tb, dtype)
        gg.set_num_threads(1)
        one = gg.matmul(a, b).numpy()
        gg.set_num_threads(2)
        two = gg.matmul(a, b).numpy()
        np.testing.assert_array_equal(one, two, err_msg=f"{m}x{n}x{k} trans {ta},{tb}")


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
def test_gemm_same_result_for_1_and_2_threads(kernel, threads, dtype):
    rng = np.random.default_rng(2)
    # Each at least 8 M multiply-adds, where a second thread starts on every kernel (gemm.cpp,
    # kMacsPerThreadPerLane): the direct path shared by two threads (300x80x600, and thin ones), the
    # packed path (257^3), with several k blocks (40x1100x2100); and the 784-128-10 MLP's products at
    # batch 64 (6.4 M: two threads on the AVX2 and generic kernels, one on AVX-512). In the packed
    # path the threads share each B panel, packed by whichever needs a part of it first, and take
    # row blocks as they come: 40x4200x100 spans two panels.
    shapes = ((257, 255, 257), (300, 80, 600), (7, 3000, 400), (2100, 5, 800), (40, 1100, 2100), (64, 128, 784),
              (128, 784, 64), (40, 4200, 100))
    assert_same_for_1_and_2_threads(rng, [s + t for s, t in itertools.product(shapes, TRANS)], dtype)


# GEMV shapes (the dot path: up to 4 rows of C against a transposed B, or up to 4 columns against
# a row-major A; the row path: up to 4 rows of C against a row-major B, whose last panel is split
# into whole vectors and a packed rest): every k and n remainder of the vector width, M/N/K of 0
# and 1, both dtypes.
GEMV_SHAPES = sorted(
    set(itertools.product((1, 2, 3, 4), (1, 5, 8, 9, 800), (0, 1, 3, 8, 17, 200, 203)))
    | set(itertools.product((1, 7, 800), (1, 2, 3, 4), (1, 15, 16, 200)))
    | {(0, 4, 5), (4, 0, 5), (1, 8000, 33)}
)


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
@pytest.mark.parametrize("ta,tb", TRANS)
def test_gemv_shapes_match_numpy(kernel, dtype, ta, tb):
    rng = np.random.default_rng(3)
    for m, n, k in GEMV_SHAPES:
        for pad in (0, 3):
            got, want = product(rng, m, n, k, ta, tb, dtype, pad)
            assert got.shape == (m, n)
            np.testing.assert_allclose(got, want, rtol=0, atol=tolerance(k, dtype), err_msg=f"{m}x{n}x{k} pad {pad}")


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
def test_gemv_vector_operands_and_linear_bias(kernel, dtype):
    # 1-D operands (x @ W.T, W @ h), strided vectors, and linear's bias (the GEMM's beta = 1).
    rng = np.random.default_rng(4)
    w = rng.uniform(-1, 1, (800, 203)).astype(dtype)
    x = rng.uniform(-1, 1, 203 * 2).astype(dtype)
    b = rng.uniform(-1, 1, 800).astype(dtype)
    gw, gx = gg.from_numpy(w), gg.from_numpy(x)[::2]
    want = w.astype(np.float64) @ x[::2]
    tol = tolerance(203, dtype)
    np.testing.assert_allclose((gw @ gx).numpy(), want, rtol=0, atol=tol)
    np.testing.assert_allclose((gx @ gw.T).numpy(), want, rtol=0, atol=tol)
    for rows in (1, 3):
        xs = rng.uniform(-1, 1, (rows, 203)).astype(dtype)
        got = gg.nn.functional.linear(gg.from_numpy(xs), gw, gg.from_numpy(b)).numpy()
        np.testing.assert_allclose(got, xs.astype(np.float64) @ w.T + b, rtol=0, atol=tol + np.finfo(dtype).eps * 4)


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
def test_gemv_same_result_for_1_and_2_threads(kernel, threads, dtype):
    rng = np.random.default_rng(5)
    # At least 8 M multiply-adds, so that two threads share the rows of B on every kernel.
    assert_same_for_1_and_2_threads(rng, ((1, 9000, 1000, False, True), (3, 4001, 1003, True, True),
                                          (9000, 1, 1000, False, False), (4001, 4, 1003, False, True),
                                          (1, 9000, 1000, False, False), (3, 4001, 1003, True, False)), dtype)


def test_gemm_output_not_polluted_by_nan_or_inf_elsewhere(kernel):
    # Non-finite values must stay in the rows/columns they belong to (padding lanes of edge tiles
    # and the uninitialised output buffer must never leak into the result).
    a = np.ones((33, 17), np.float32)
    b = np.ones((17, 31), np.float32)
    a[5, 3] = np.inf
    got = (gg.from_numpy(a) @ gg.from_numpy(b)).numpy()
    want = a.astype(np.float64) @ b
    np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
    np.testing.assert_array_equal(got[~np.isinf(want)], want[~np.isinf(want)])


def test_set_kernel_rejects_unknown_name():
    with pytest.raises(ValueError, match="sse9"):
        _core._set_isa("sse9")
    _core._set_isa("auto")
    assert gg.config()["kernels"]["gemm"] in KERNELS


def test_environment_variable_forces_kernel():
    code = "import graphgrad as gg; print(gg.config()['gemm_kernel'])"
    env = dict(os.environ, GRAPHGRAD_ISA="generic")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "generic"
