"""The one op test: every registered op (C++ GG_REGISTER_OP and Python @op) with a NumPy reference
is checked here, from its registry entry alone: forward against NumPy in float64 and float32 on
every layout (0-d, size 0, size 1, contiguous, transposed, sliced, negative strides, broadcast),
the Tensor method against the function, backward against central differences (gradcheck), the
second derivative (gradgradcheck), the forward-mode tangent against finite differences,
int64/int32/bool inputs where the op takes them, and float16 inputs. A new op gets all of this by
being registered."""
import ast
import math

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import _registry
from graphgrad.autograd import forward as fwd

OPS = {d["name"]: d for d in _registry.ops() if d["test"]["reference"]}

# name: (shapes of the tensor inputs, how each NumPy base array becomes the op's input). A layout
# is a function of the base array shared by NumPy and graphgrad (slicing works alike in both).
LAYOUTS = {
    "contiguous": ([(3, 4)] * 3, lambda a: a),
    "square": ([(4, 4)] * 3, lambda a: a),
    "square_transposed": ([(4, 4)] * 3, lambda a: a.T),
    "batched": ([(2, 3, 3), (3, 3), (3, 1)], lambda a: a),
    "scalar": ([()] * 3, lambda a: a),
    "empty": ([(0, 3)] * 3, lambda a: a),
    "one": ([(1,)] * 3, lambda a: a),
    "3d": ([(2, 3, 4)] * 3, lambda a: a),
    "transposed": ([(4, 3)] * 3, lambda a: a.T),
    "sliced": ([(3, 8)] * 3, lambda a: a[:, 1::2]),
    "negative_stride": ([(3, 4)] * 3, lambda a: a[::-1]),
    "broadcast": ([(3, 4), (4,), (3, 1)], lambda a: a),
    "broadcast_mixed": ([(2, 3, 4), (), (3, 1)], lambda a: a),
    "broadcast_empty": ([(2, 0), (1, 0), (2, 1)], lambda a: a),
}


def draw(domain, shapes, rng):
    """float64 base arrays for the tensor inputs, from the op's test domain."""
    if domain == "distinct":  # no ties anywhere, across inputs too: max/min kinks stay away
        total = sum(int(np.prod(s)) for s in shapes)
        pool = (rng.permutation(total) - total / 2) * 0.3 + rng.uniform(-0.05, 0.05, total)
        out, k = [], 0
        for s in shapes:
            n = int(np.prod(s))
            out.append(pool[k:k + n].reshape(s))
            k += n
        return out
    arrays = []
    for s in shapes:
        a = rng.standard_normal(s)
        if domain == "positive":
            a = np.abs(a) + 0.5
        elif domain == "nonzero":
            a = np.sign(a + (a == 0)) * (np.abs(a) + 0.5)
        elif domain == "unit":
            a = rng.uniform(-0.9, 0.9, s)
        elif domain == "above_one":
            a = np.abs(a) + 1.5
        arrays.append(np.asarray(a))
    return arrays


def call(op, tensors, method=False):
    """The op's result; for an op returning a (values, indices) named tuple, its values."""
    kwargs = ast.literal_eval(op["test"]["kwargs"])
    if method or not op["function"]:  # a method-only op (Tensor.unfold) is called as one
        out = getattr(tensors[0], op["name"])(*tensors[1:], **kwargs)
    else:
        home = gg._core if op["name"].startswith("_") else gg  # private entry points stay in _core
        out = (op["python"] or getattr(home, op["name"]))(*tensors, **kwargs)
    return out.values if op.get("results") else out


def reference(op, arrays):
    env = dict(zip("xyz", arrays))
    with np.errstate(all="ignore"):
        return np.asarray(eval(op["test"]["reference"], {"np": np, "math": math}, env))


def case(op, layout, rng):
    """(base arrays, layout function) for op at layout, or None when the layout does not apply."""
    n = op["tensor_inputs"]
    shapes, f = LAYOUTS[layout]
    if layout.startswith("broadcast") and n < 2:
        return None
    bases = draw(op["test"]["domain"], shapes[:n], rng)
    try:
        reference(op, [f(b) for b in bases])
    except Exception:  # NumPy refuses this layout (an axis out of range, say): nothing to compare
        return None
    return bases, f


def check_values(out, expected, rtol, atol):
    assert tuple(out.shape) == expected.shape, f"shape {tuple(out.shape)} != NumPy's {expected.shape}"
    np.testing.assert_allclose(out.numpy().astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol,
                               equal_nan=True)


def expected_dtype(op, ref, float_dtype):
    if ref.dtype == np.bool_:
        return gg.bool_
    if ref.dtype.kind in "iu" and not op["test"]["float_result"]:
        return gg.int64
    return float_dtype


@pytest.mark.parametrize("name", OPS)
def test_forward(name):
    op = OPS[name]
    rng = np.random.default_rng(0)
    tested = 0
    for layout in LAYOUTS:
        c = case(op, layout, rng)
        if c is None:
            continue
        bases, f = c
        ref = reference(op, [f(b) for b in bases])
        for dt, np_dt, rtol, atol in ((gg.float64, np.float64, 1e-10, 1e-12),
                                      (gg.float32, np.float32, op["test"]["rtol32"], 1e-5)):
            xs = [f(gg.tensor(b.astype(np_dt))) for b in bases]
            ref_dt = reference(op, [f(b.astype(np_dt).astype(np.float64)) for b in bases])
            for method in ([False, True] if op["method"] else [False]) if op["function"] else [True]:
                out = call(op, xs, method)
                assert out.dtype == expected_dtype(op, ref, dt), f"{layout}: dtype {out.dtype}"
                check_values(out, ref_dt, rtol, atol)
        tested += 1
    assert tested >= 3, f"{name}: only {tested} layouts apply"


def _leaves_and_fn(op, layout, rng):
    c = case(op, layout, rng)
    if c is None or any(b.size == 0 for b in c[0]):
        return None
    bases, f = c
    leaves = [gg.tensor(b, requires_grad=True) for b in bases]
    return leaves, lambda *xs: call(op, [f(x) for x in xs])


DIFF = [n for n, d in OPS.items() if d["test"]["differentiable"]]


@pytest.mark.parametrize("name", DIFF)
def test_backward(name):
    op = OPS[name]
    rng = np.random.default_rng(1)
    for layout in ("contiguous", "scalar", "one", "transposed", "negative_stride", "broadcast", "broadcast_mixed",
                   "square_transposed", "batched"):
        c = _leaves_and_fn(op, layout, rng)
        if c is not None:
            assert gg.autograd.gradcheck(c[1], c[0]), layout


@pytest.mark.parametrize("name", [n for n in DIFF if OPS[n]["test"]["gradgrad"]])
def test_second_derivative(name):
    op = OPS[name]
    rng = np.random.default_rng(2)
    for layout in ("contiguous", "broadcast", "square"):
        c = _leaves_and_fn(op, layout, rng)
        if c is not None:
            assert gg.autograd.gradgradcheck(c[1], c[0]), layout


@pytest.mark.parametrize("name", DIFF)
def test_tangent(name):
    """The forward-mode tangent against central differences, and against reverse mode (wᵀ J u)."""
    op = OPS[name]
    rng = np.random.default_rng(3)
    for layout in ("contiguous", "transposed", "broadcast", "square"):
        c = _leaves_and_fn(op, layout, rng)
        if c is None:
            continue
        xs, fn = [x.detach() for x in c[0]], c[1]
        us = [gg.tensor(rng.standard_normal(tuple(x.shape))) for x in xs]
        out, tangent = fwd.jvp(fn, tuple(xs), tuple(us))
        assert tangent.shape == out.shape, layout

        def shifted(h):
            return fn(*[gg.tensor(x.numpy() + h * u.numpy()) for x, u in zip(xs, us)]).numpy()
        numeric = (shifted(1e-6) - shifted(-1e-6)) / 2e-6
        np.testing.assert_allclose(tangent.numpy(), numeric, atol=1e-6, rtol=1e-5, err_msg=layout)


INTEGER = [n for n, d in OPS.items() if d["test"]["integers"]]


@pytest.mark.parametrize("np_int", [np.int64, np.int32])
@pytest.mark.parametrize("name", INTEGER)
def test_integer_inputs(name, np_int):
    """int64 and int32 inputs give PyTorch's dtype (kept, int64 for sums and indices as NumPy's, or
    float32 for float-valued ops) and NumPy's values."""
    op = OPS[name]
    rng = np.random.default_rng(4)
    positive = op["test"]["domain"] in ("positive", "nonzero", "above_one")
    for layout in ("contiguous", "scalar", "broadcast"):
        c = case(op, layout, rng)
        if c is None:
            continue
        bases, f = c
        ints = [np.asarray(rng.integers(1 if positive else -4, 6, b.shape), dtype=np_int) for b in bases]
        if op["test"]["domain"] == "distinct":
            ints = [np.asarray(b * 10).round().astype(np_int) for b in bases]
        ref = reference(op, [f(a) for a in ints])
        out = call(op, [f(gg.tensor(a)) for a in ints])
        if ref.dtype == np.bool_:
            assert out.dtype == gg.bool_
        elif op["test"]["float_result"] or ref.dtype.kind == "f":
            assert out.dtype == gg.float32, f"{layout}: {out.dtype}"
        else:
            assert out.dtype == (gg.int32 if ref.dtype == np.int32 else gg.int64), f"{layout}: {out.dtype}"
        check_values(out, ref, 1e-6, 1e-6)


@pytest.mark.parametrize("name", [n for n in OPS if OPS[n]["test"]["reference"]])
def test_float16_inputs(name):
    """float16 inputs give float16, computed in float32 and rounded (within float16's precision of
    the float32 result), or a TypeError naming the op and float16 for ops without a float16 path."""
    op = OPS[name]
    c = case(op, "contiguous", np.random.default_rng(5))
    if c is None:
        return
    bases, f = c
    halves = [b.astype(np.float16) for b in bases]
    try:
        out = call(op, [f(gg.tensor(h)) for h in halves])
    except TypeError as e:
        assert "float16" in str(e), e
        return
    want = call(op, [f(gg.tensor(h.astype(np.float32))) for h in halves])
    assert out.dtype == (gg.float16 if want.dtype == gg.float32 else want.dtype), out.dtype
    np.testing.assert_allclose(out.float().numpy() if out.dtype == gg.float16 else out.numpy(),
                               want.numpy(), rtol=1e-2, atol=1e-2, equal_nan=True)


INPLACE = [n for n, d in OPS.items() if d["test"]["inplace"]]


@pytest.mark.parametrize("name", INPLACE)
def test_inplace_form(name):
    """``x.name_(...)`` writes the op's result into x (same object, same values), and its gradient
    flows to the other inputs and through x's old value."""
    op = OPS[name]
    rng = np.random.default_rng(5)
    bases, f = case(op, "contiguous", rng)
    kwargs = ast.literal_eval(op["test"]["kwargs"])
    xs = [gg.tensor(b) for b in bases]
    expected = call(op, xs).numpy()
    target = xs[0].clone()
    assert getattr(target, name + "_")(*xs[1:], **kwargs) is target
    np.testing.assert_allclose(target.numpy(), expected, rtol=1e-12, equal_nan=True)
    if op["test"]["differentiable"]:
        leaves = [gg.tensor(b, requires_grad=True) for b in bases]
        y = leaves[0] * 1.0
        getattr(y, name + "_")(*leaves[1:], **kwargs)
        y.sum().backward()
        grads = [l.grad.numpy() for l in leaves]
        leaves2 = [gg.tensor(b, requires_grad=True) for b in bases]
        call(op, leaves2).sum().backward()
        for g, l in zip(grads, leaves2):
            np.testing.assert_allclose(g, l.grad.numpy(), rtol=1e-12)


def test_every_registered_op_is_bound_with_named_parameters_and_a_docstring():
    for d in _registry.ops():
        assert d["doc"].strip(), f"{d['name']} has no docstring"
        home = gg._core if d["name"].startswith("_") else gg  # private entry points stay in _core
        targets = ([getattr(home, d["name"])] if d["function"] else []) + \
                  ([getattr(gg.Tensor, d["name"])] if d["method"] else [])
        for t in targets:
            assert t.__doc__ and "arg0" not in t.__doc__, f"{d['name']}: {t.__doc__!r}"
    assert "sin" in gg.__all__ and "Tensor" in gg.__all__ and "tensor" in gg.__all__


def test_table_covers_the_registry():
    """Every op with a reference is in the table; the rest are listed here with where they are tested
    (private entry points such as _conv through the nn.functional they serve: test_conv.py, ...)."""
    untested = {d["name"] for d in _registry.ops() if not d["test"]["reference"] and not d["name"].startswith("_")}
    assert untested <= {"where", "sum_to", "view", "expand", "cat", "stack", "split", "chunk", "index_select", "gather",
                        "masked_fill", "repeat", "bmm", "outer", "allclose", "linear", "t",
                        # tuples and varargs, tested in test_shape_linalg_ops.py and the torch parity test
                        "einsum", "broadcast_tensors", "meshgrid", "aminmax", "var_mean", "std_mean", "addmm",
                        "baddbmm",
                        # no NumPy reference: identities, scipy and torch in tests/test_special.py
                        "digamma", "erfinv", "polygamma", "igamma", "igammac",
                        # matrices that must be positive-definite or triangular: tests/test_linalg.py
                        "cholesky", "cholesky_solve", "cholesky_inverse",
                        # factors with arbitrary signs: tests/test_decompositions.py
                        "svd", "qr", "pinverse",
                        # index-taking ops and the global median: tests/test_scatter_ops.py, tests/test_sort_ops.py
                        "scatter", "scatter_add", "scatter_reduce", "index_add", "index_copy", "index_fill",
                        "masked_select", "masked_scatter", "nonzero", "take", "take_along_dim", "unique",
                        "median", "max", "min",
                        # bitwise ops: integer-only domains, tests/test_binary_math.py
                        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift",
                        "bitwise_not",
                        # the PyTorch surface's shape-checked, sampling and index ops: tests/test_surface_more.py
                        "dot", "mv", "addmv", "addr", "cross", "cdist", "tensor_split", "hstack", "vstack", "dstack",
                        "column_stack", "block_diag", "cartesian_prod", "tril_indices", "triu_indices", "renorm",
                        "histc", "bincount", "searchsorted", "bucketize", "multinomial", "bernoulli", "normal",
                        "index_put", "unique_consecutive", "corrcoef",
                        # queries, tuples, integer-only and shape-checked surface ops: tests/test_surface_api.py
                        "is_floating_point", "is_complex", "is_signed", "is_nonzero", "is_same_size", "result_type",
                        "can_cast", "asarray", "scalar_tensor", "split_with_sizes", "put", "index_reduce",
                        "float_power", "gcd", "lcm", "frexp", "unravel_index", "combinations", "nanmedian", "mode",
                        "hsplit", "vsplit", "dsplit", "row_stack", "vdot", "ger", "chain_matmul",
                        "cumulative_trapezoid", "trapezoid", "trapz", "isin", "vander",
                        # square matrices, batches and singular cases: tests/test_linalg.py
                        "inverse", "det", "slogdet", "logdet", "matrix_power"}, untested


def test_docs_op_list_is_current():
    import pathlib
    page = pathlib.Path(__file__).resolve().parents[1] / "docs" / "ops.md"
    assert page.read_text() == _registry.markdown(), "docs/ops.md is stale: python -m graphgrad._registry docs > docs/ops.md"
