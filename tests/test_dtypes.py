"""Dtypes (issue 17): the integer and 16-bit float dtypes, PyTorch's type promotion (tensors and
Python scalars), conversions everywhere a dtype is named, and NumPy/PyTorch interop."""
import itertools
import pickle

import numpy as np
import pytest

import graphgrad as gg

DTYPES = [gg.bool_, gg.uint8, gg.int8, gg.int16, gg.int32, gg.int64, gg.float16, gg.bfloat16, gg.float32, gg.float64]
NUMPY_DTYPES = [d for d in DTYPES if d != gg.bfloat16]
INTS = [gg.uint8, gg.int8, gg.int16, gg.int32, gg.int64]
F, I8, U8, I16, I32, I64, H, BF, D, B = (gg.float32, gg.int8, gg.uint8, gg.int16, gg.int32, gg.int64, gg.float16,
                                         gg.bfloat16, gg.float64, gg.bool_)


def torch_or_none():
    try:
        import torch
    except ImportError:
        return None
    return torch


def to_torch(torch, d):
    return getattr(torch, "bool" if d == gg.bool_ else d.name)


# ---- promotion ----------------------------------------------------------------------------------

# PyTorch's documented cases (torch.result_type / promote_types), checked without torch too.
PROMOTIONS = [
    (U8, I8, I16), (I8, I16, I16), (I32, I64, I64), (U8, I64, I64), (B, I8, I8), (B, U8, U8), (B, H, H),
    (H, BF, F), (H, F, F), (BF, D, D), (I64, H, H), (I8, BF, BF), (I32, F, F), (B, B, B), (I16, D, D),
]


@pytest.mark.parametrize("a,b,want", PROMOTIONS)
def test_documented_promotions(a, b, want):
    assert gg.promote_types(a, b) == want and gg.promote_types(b, a) == want
    assert (gg.zeros(2, dtype=a) + gg.zeros(2, dtype=b)).dtype == want


def test_promotion_table_matches_torch():
    torch = pytest.importorskip("torch")
    for a, b in itertools.product(DTYPES, DTYPES):
        want = torch.promote_types(to_torch(torch, a), to_torch(torch, b))
        assert to_torch(torch, gg.promote_types(a, b)) == want, (a, b)
        got = (gg.ones(3, dtype=a) * gg.ones(3, dtype=b)).dtype
        assert to_torch(torch, got) == want, (a, b)


SCALAR_CASES = [  # (tensor dtype, Python scalar, result dtype): scalars join promotion by category only
    (I8, 1000, I8), (U8, 3, U8), (I32, 2.5, F), (I64, 2.5, F), (H, 2.5, H), (BF, 2, BF), (B, 1, I64), (B, 2.5, F),
    (I16, True, I16), (D, 3, D), (F, 2.5, F),
]


@pytest.mark.parametrize("d,s,want", SCALAR_CASES)
def test_python_scalars_do_not_promote(d, s, want):
    x = gg.tensor([3, 1], dtype=d)
    for r in (x + s, s + x, x * s, s * x) + (() if d == B else (x - s, s - x)):  # a bool in `-` raises
        assert r.dtype == want, (d, s, r.dtype)


def test_scalars_against_torch():
    torch = pytest.importorskip("torch")
    vals = [[3, 100, 0], [1, 2, 3]]
    for d, s in itertools.product([U8, I8, I16, I32, I64, H, BF, F, D], [1000, 7, -3, 2.5, 0.25]):
        x, tx = gg.tensor(vals[0], dtype=d), torch.tensor(vals[0], dtype=to_torch(torch, d))
        for op in (lambda a: a + s, lambda a: a * s, lambda a: s - a, lambda a: a / s, lambda a: a > s):
            r, tr = op(x), op(tx)
            assert to_torch(torch, r.dtype) == tr.dtype, (d, s)
            np.testing.assert_allclose(r.float().numpy(), tr.float().numpy(), rtol=1e-3, err_msg=f"{d} {s}")


# (dimensioned dtype, 0-d dtype, result): a 0-d tensor decides only from a higher category.
ZERO_DIM_CASES = [(I32, I64, I32), (F, D, F), (H, F, H), (I32, D, D), (B, I64, I64), (U8, I8, U8), (I8, H, H),
                  (B, B, B), (D, F, D)]


@pytest.mark.parametrize("d,z,want", ZERO_DIM_CASES)
def test_zero_dim_tensors_join_promotion_by_category(d, z, want):
    x, s = gg.ones(3, dtype=d), gg.tensor(1, dtype=z)
    for r in (x + s, s * x, gg.maximum(x, s), gg.where(gg.tensor([True, False, True]), x, s)):
        assert r.dtype == want, (d, z, r.dtype)
    if want != B:
        assert gg.remainder(x, s).dtype == want and (x ** s).dtype == want
    assert (gg.tensor(1, dtype=d) + s).dtype == gg.promote_types(d, z)  # both 0-d: ordinary promotion


def test_zero_dim_promotion_against_torch():
    torch = pytest.importorskip("torch")
    for d, z in itertools.product(DTYPES, DTYPES):
        x, s = gg.ones(2, dtype=d), gg.tensor(1, dtype=z)
        want = torch.result_type(torch.ones(2, dtype=to_torch(torch, d)), torch.tensor(1, dtype=to_torch(torch, z)))
        assert to_torch(torch, (x * s).dtype) == want, (d, z)


def test_numpy_integer_scalars_act_as_python_ints():
    for v in (np.int64(3), np.int32(3), np.uint8(3)):
        assert (gg.tensor([1, 2]) + v).dtype == I64 and (gg.tensor([1, 2], dtype=I8) * v).dtype == I8
        assert (v + gg.tensor([1, 2])).tolist() == [4, 5]
    assert (gg.tensor([1.0]) + np.int64(2)).dtype == F
    assert (gg.tensor([2**62]) + np.int64(1)).item() == 2**62 + 1  # exact, not through a double


def test_python_ints_beyond_int64_raise_overflow():
    for x in (gg.tensor([1]), gg.tensor([1.0])):
        with pytest.raises(OverflowError, match="int too big"):
            x + 2**70


def test_bool_add_is_or_and_mul_is_and():
    a, b = gg.tensor([True, True, False, False]), gg.tensor([True, False, True, False])
    assert (a + b).dtype == B and (a + b).tolist() == [True, True, True, False]
    assert (a * b).dtype == B and (a * b).tolist() == [True, False, False, False]
    for f in (lambda: a - b, lambda: a - 1, lambda: 1 - a, lambda: gg.tensor([2]) - a):
        with pytest.raises(TypeError, match="sub: subtraction with a bool operand"):
            f()


def test_integer_powers_by_python_ints_and_floats():
    x = gg.tensor([3, 2])
    assert (x ** 2).dtype == I64 and (x ** 2).tolist() == [9, 4] and x.pow(2).dtype == I64
    assert (x ** 2.0).dtype == F and (x ** 2.0).tolist() == [9.0, 4.0] and x.pow(2.0).dtype == F
    np.testing.assert_allclose((x ** -1.0).numpy(), [1 / 3, 1 / 2], rtol=1e-6)
    for f in (lambda: x ** -1, lambda: x.pow(-1)):
        with pytest.raises(ValueError, match="negative integer powers"):
            f()
    assert (gg.tensor([True]) ** 2).dtype == I64


def test_int64_plus_int_stays_exact():
    assert (gg.tensor([16777217]) + 1).tolist() == [16777218]
    big = 2**62 + 1
    x = gg.tensor([big])
    assert (x + 1).item() == big + 1 and (x - 1).item() == big - 1 and (x * 1).item() == big
    assert (x == big).item() and not (x == big + 1).item()  # compared exactly, not as doubles
    assert (1 + x).dtype == gg.int64 and (1 - x).item() == 1 - big


def test_integer_division_is_float32_and_defaults():
    assert (gg.tensor([3], dtype=I8) / gg.tensor([2], dtype=I8)).dtype == F
    assert (gg.tensor([3]) / 2).tolist() == [1.5] and (gg.tensor([3]) / 2).dtype == F
    assert gg.full((2,), 4).dtype == I64 and gg.full((2,), True).dtype == B and gg.full((2,), 0.5).dtype == F
    assert gg.full((1,), 2**62 + 1).item() == 2**62 + 1
    assert gg.tensor(3).dtype == I64 and gg.tensor(3.0).dtype == F and gg.tensor(True).dtype == B
    assert gg.zeros(2).dtype == F and gg.ones(2, dtype=I8).dtype == I8


# ---- arithmetic in the small types --------------------------------------------------------------

@pytest.mark.parametrize("d", INTS)
def test_integer_arithmetic_wraps_as_numpy(d):
    rng = np.random.default_rng(0)
    info = np.iinfo(gg._tensor._NUMPY[d])
    a = rng.integers(info.min, info.max, 50, endpoint=True).astype(info.dtype)
    b = rng.integers(info.min, info.max, 50, endpoint=True).astype(info.dtype)
    x, y = gg.tensor(a), gg.tensor(b)
    assert x.dtype == d
    with np.errstate(over="ignore"):
        for got, want in ((x + y, a + b), (x - y, a - b), (x * y, a * b), (-x, -a), (x.abs(), np.abs(a))):
            assert got.dtype == d
            np.testing.assert_array_equal(got.numpy(), want)
    np.testing.assert_array_equal(gg.maximum(x, y).numpy(), np.maximum(a, b))
    np.testing.assert_array_equal((x < y).numpy(), a < b)
    np.testing.assert_array_equal(gg.where(x > 0, x, y).numpy(), np.where(a > 0, a, b))


def test_int8_plus_python_int_wraps():
    x = gg.tensor([100, -100], dtype=I8)
    assert (x + 1000).tolist() == [76, -124] and (x + 1000).dtype == I8  # (1100, 900) mod 256
    x += 1
    assert x.tolist() == [101, -99] and x.dtype == I8


@pytest.mark.parametrize("d", [H, BF])
def test_half_arithmetic_rounds_each_result(d):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(64).astype(np.float32), rng.standard_normal(64).astype(np.float32)
    x, y = gg.tensor(a).to(d), gg.tensor(b).to(d)
    xa, ya = x.float().numpy(), y.float().numpy()  # the values held
    for got, want in ((x + y, xa + ya), (x * y, xa * ya), (x / y, xa / ya), (x.exp(), np.exp(xa)),
                      (x * 2.5, xa * np.float32(2.5))):
        assert got.dtype == d
        # computed in float32, then rounded once: exactly the float32 result converted
        np.testing.assert_array_equal(got.float().numpy(), gg.tensor(want).to(d).float().numpy())
    assert x.sum().dtype == d and x.mean().dtype == d and x.amax().dtype == d
    np.testing.assert_allclose(x.sum().item(), xa.sum(), rtol=1e-2)


def test_reductions_on_small_integers():
    x = gg.tensor([100, 100, 100], dtype=I8)
    assert x.sum().dtype == I64 and x.sum().item() == 300  # as PyTorch: integer sums are int64
    assert x.amax().dtype == I8 and gg.tensor([[1, 5], [7, 2]], dtype=U8).max(1)[0].tolist() == [5, 7]
    assert gg.tensor([1, 3], dtype=I16).argmax().item() == 1


# ---- conversions ------------------------------------------------------------------------------

def test_half_rounding_matches_numpy():
    rng = np.random.default_rng(2)
    special = np.array([0.0, -0.0, 65504, 65519.99, 65520, 1e-8, 2.0**-24, 2.0**-25, 3 * 2.0**-25, 6.1e-5,
                        2.0**-14 - 2.0**-25, np.inf, -np.inf, 1 + 2.0**-11, 1 + 3 * 2.0**-11], np.float32)
    scaled = (rng.standard_normal(1000) * 10.0 ** rng.integers(-9, 6, 1000)).astype(np.float32)
    any_bits = rng.integers(0, 2**32, 1000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    vals = np.concatenate([special, scaled, any_bits])
    vals = vals[~np.isnan(vals)]
    assert vals.dtype == np.float32
    with np.errstate(over="ignore"):
        for n in (len(vals), 13, 8, 7):  # vector body and scalar tail
            got = gg.tensor(vals[:n]).half().numpy()
            np.testing.assert_array_equal(got.view(np.uint16), vals[:n].astype(np.float16).view(np.uint16))
        strided = gg.tensor(vals)[::3].half().numpy()  # the strided (scalar) path
        np.testing.assert_array_equal(strided.view(np.uint16), vals[::3].astype(np.float16).view(np.uint16))
    assert np.isnan(gg.tensor([np.nan]).half().float().item())


def test_every_half_widens_as_numpy():
    bits = np.arange(2**16, dtype=np.uint16).view(np.float16)
    got = gg.from_numpy(bits.copy()).float().numpy()
    want = bits.astype(np.float32)
    ok = ~np.isnan(want)
    np.testing.assert_array_equal(got[ok].view(np.uint32), want[ok].view(np.uint32))
    assert np.isnan(got[~ok]).all()
    np.testing.assert_array_equal(gg.from_numpy(bits.copy())[::2].float().numpy()[ok[::2]], want[::2][ok[::2]])


def test_bfloat16_rounding():
    vals = np.array([1.0, 1 + 2.0**-8, 1 + 3 * 2.0**-8, 3.0e38, 3.4e38, -2.5, 1e-40, np.inf], np.float32)
    u = vals.view(np.uint32).astype(np.uint64)
    want = (((u + 0x7FFF + ((u >> 16) & 1)) >> 16) << 16).astype(np.uint32).view(np.float32)  # nearest even
    np.testing.assert_array_equal(gg.tensor(vals).bfloat16().float().numpy(), want)
    torch = torch_or_none()
    if torch is not None:
        np.testing.assert_array_equal(want, torch.tensor(vals).bfloat16().float().numpy())


@pytest.mark.parametrize("d", NUMPY_DTYPES)
def test_numpy_round_trip(d):
    a = (np.arange(-3, 3) * 7 % 5).astype(gg._tensor._NUMPY[d])
    t = gg.from_numpy(a)
    assert t.dtype == d and t.numpy().dtype == a.dtype
    a[0] = 1
    assert t[0].item() == 1  # shared memory
    assert gg.tensor(a).dtype == d and gg.as_tensor(a).dtype == d
    np.testing.assert_array_equal(np.asarray(gg.tensor(a)), a)


def test_bfloat16_has_no_numpy():
    t = gg.tensor([1.5, 2.0], dtype=BF)
    with pytest.raises(TypeError, match="bfloat16"):
        t.numpy()
    assert t.tolist() == [1.5, 2.0] and "bfloat16" in repr(t)


@pytest.mark.parametrize("d", DTYPES)
def test_conversions_everywhere_a_dtype_is_named(d):
    x = gg.tensor([0.0, 1.0, 3.0])
    for y in (x.to(d), x.type(d), x.to(dtype=d), gg.tensor([0, 1, 3], dtype=d), gg.zeros(3, dtype=d),
              gg.ones(3, dtype=d), gg.full((3,), 1, dtype=d), gg.empty(3, dtype=d), gg.zeros_like(x, dtype=d),
              gg.arange(3, dtype=d), gg.eye(3, dtype=d)):
        assert y.dtype == d
    y = x.to(d)
    assert y.tolist() == ([False, True, True] if d == B else [0, 1, 3])
    assert y.element_size() == y.itemsize == d.itemsize
    assert y.is_floating_point() == d.is_floating_point
    assert y.to(gg.float64).tolist() == [float(v) for v in y.tolist()]
    z = gg.zeros(3, dtype=d)
    z.copy_(x)
    assert z.tolist() == y.tolist()
    assert pickle.loads(pickle.dumps(y)).dtype == d and pickle.loads(pickle.dumps(y)).tolist() == y.tolist()
    if d.is_floating_point:
        assert gg.rand(4, dtype=d).dtype == d and gg.randn(2, dtype=d).dtype == d


def test_conversion_methods_and_type_names():
    x = gg.tensor([1.5, -2.0])
    pairs = [("int", I32, "IntTensor"), ("short", I16, "ShortTensor"), ("char", I8, "CharTensor"),
             ("byte", U8, "ByteTensor"), ("half", H, "HalfTensor"), ("bfloat16", BF, "BFloat16Tensor"),
             ("long", I64, "LongTensor"), ("float", F, "FloatTensor"), ("double", D, "DoubleTensor"),
             ("bool", B, "BoolTensor")]
    for name, d, tname in pairs:
        y = getattr(x, name)()
        assert y.dtype == d and y.type() == "graphgrad." + tname and x.type("graphgrad." + tname).dtype == d
    assert x.int().tolist() == [1, -2]  # truncation, as a C cast
    assert (gg.half, gg.int, gg.short, gg.float16, gg.int8, gg.int16, gg.int32, gg.uint8) == (H, I32, I16, H, I8, I16,
                                                                                              I32, U8)


def test_finfo_iinfo():
    assert gg.finfo(gg.float16).max == 65504 and gg.finfo(gg.float16).eps == 2.0**-10 and gg.finfo().bits == 32
    assert gg.finfo(gg.bfloat16).eps == 2.0**-7 and gg.finfo(gg.float64).tiny == np.finfo(np.float64).tiny
    assert (gg.iinfo(gg.int8).min, gg.iinfo(gg.int8).max, gg.iinfo(gg.uint8).max, gg.iinfo(gg.int32).bits) == (
        -128, 127, 255, 32)
    with pytest.raises(TypeError, match="iinfo"):
        gg.iinfo(gg.float32)
    torch = torch_or_none()
    if torch is not None:
        for d in (H, BF, F, D):
            a, b = gg.finfo(d), torch.finfo(to_torch(torch, d))
            assert (a.bits, a.eps, a.max, a.min, a.tiny, a.smallest_normal, a.resolution) == (
                b.bits, b.eps, b.max, b.min, b.tiny, b.smallest_normal, b.resolution), d
        for d in INTS:
            a, b = gg.iinfo(d), torch.iinfo(to_torch(torch, d))
            assert (a.bits, a.min, a.max) == (b.bits, b.min, b.max)


def test_safetensors_keeps_every_dtype(tmp_path):
    state = {d.name: gg.tensor([0, 1, 5], dtype=d) for d in DTYPES}
    gg.save(state, tmp_path / "all.safetensors")
    back = gg.load(tmp_path / "all.safetensors")
    for k, t in state.items():
        assert back[k].dtype == t.dtype and back[k].tolist() == t.tolist(), k


def test_dlpack_with_torch():
    torch = pytest.importorskip("torch")
    for d in (I8, U8, I16, I32, H):
        t = torch.tensor([1, 2, 3], dtype=to_torch(torch, d))
        g = gg.from_dlpack(t)
        assert g.dtype == d and g.tolist() == t.tolist()
        assert torch.from_dlpack(gg.tensor([1, 2], dtype=d)).dtype == to_torch(torch, d)


# ---- autograd and errors ----------------------------------------------------------------------

def test_gradients_only_for_floating_dtypes():
    for d in INTS + [B]:
        with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require gradients"):
            gg.zeros(2, dtype=d).requires_grad_()
    for d in (H, BF):
        x = gg.tensor([1.0, 2.0, -3.0], dtype=d, requires_grad=True)
        (x * x + x.exp()).sum().backward()
        assert x.grad.dtype == d
        xv = x.detach().float().numpy()
        np.testing.assert_allclose(x.grad.float().numpy(), 2 * xv + np.exp(xv), rtol=1e-2)


def test_errors_name_op_and_dtype():
    with pytest.raises(TypeError, match="cross_entropy: .*float16"):
        gg.nn.functional.cross_entropy(gg.ones(2, 3, dtype=H), gg.tensor([0, 1]))
    with pytest.raises(TypeError, match="conv.*bfloat16|bfloat16"):
        gg.nn.functional.conv2d(gg.ones(1, 1, 3, 3, dtype=BF), gg.ones(1, 1, 2, 2, dtype=BF))
    with pytest.raises(TypeError, match="unsupported dtype"):
        gg.zeros(2, dtype="complex64")
    with pytest.raises(TypeError, match="neg: expected a floating-point or integer tensor, got bool"):
        gg.tensor([True]).neg()


@pytest.mark.parametrize("d", [H, BF])
def test_matmul_and_linear_compute_half_types_in_float32(d):
    rng = np.random.default_rng(3)
    a, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((4, 5), (3, 5), (3,)))
    x, wt, bt = (gg.tensor(v).to(d).requires_grad_() for v in (a, w, b))
    for got, want in ((x @ wt.T, x.float() @ wt.float().T), (gg.linear(x, wt, bt), gg.linear(x.float(), wt.float(), bt.float()))):
        assert got.dtype == d
        np.testing.assert_array_equal(got.float().detach().numpy(), want.to(d).float().detach().numpy())
    gg.linear(x, wt, bt).sum().backward()
    assert x.grad.dtype == wt.grad.dtype == bt.grad.dtype == d


def test_op_table_ops_on_new_dtypes():
    """One integer op on int32 and one float op on float16 per registered op family."""
    a = np.array([[3, -7], [12, 5]], np.int32)
    x = gg.tensor(a)
    assert x.dtype == I32
    for got, want in ((x.neg(), -a), (x.abs(), np.abs(a)), (x.sum(1), a.sum(1)), (x.amax(0), a.max(0)),
                      (x.clamp(-5, 5), np.clip(a, -5, 5)), (x.flip(0), a[::-1]), (x.T, a.T), (x[:, 1], a[:, 1])):
        np.testing.assert_array_equal(got.numpy(), want)
    f = np.array([[0.5, -1.25], [2.0, 0.1]], np.float16)
    y = gg.tensor(f)
    assert y.dtype == H
    for got, want in ((y.exp(), np.exp(f)), (y.tanh(), np.tanh(f)), (y.abs().sqrt(), np.sqrt(np.abs(f))),
                      (gg.softmax(y, 1), None), (gg.nn.functional.gelu(y), None)):
        assert got.dtype == H
        if want is not None:
            np.testing.assert_allclose(got.numpy().astype(np.float32), want.astype(np.float32), rtol=2e-3)


def test_module_half_runs_a_linear_relu_model():
    gg.manual_seed(0)
    m = gg.nn.Sequential(gg.nn.Linear(4, 3), gg.nn.ReLU(), gg.nn.Linear(3, 2))
    x = gg.randn(5, 4)
    want = m(x)
    m.half()
    assert all(p.dtype == H for p in m.parameters())
    y = m(x.half())
    assert y.dtype == H
    np.testing.assert_allclose(y.float().detach().numpy(), want.detach().numpy(), atol=2e-2, rtol=2e-2)
    y.float().sum().backward()
    assert all(p.grad.dtype == H for p in m.parameters())


def test_half_special_values_and_optimizer_refusal():
    x = gg.tensor([1.0, float("inf"), float("nan"), 70000.0]).half()
    assert x.isinf().tolist() == [False, True, False, True] and x.isnan().tolist() == [False, False, True, False]
    assert x.isfinite().tolist() == [True, False, False, False]
    p = gg.nn.Parameter(gg.ones(3, dtype=H))
    p.grad = gg.ones(3, dtype=H)
    with pytest.raises(TypeError, match="SGD: parameter 0 must be float32 or float64, got float16"):
        gg.optim.SGD([p], lr=0.1).step()


# ---- in-place results keep self's dtype, never truncating (PyTorch's can_cast) -----------------

@pytest.mark.parametrize("code", ["x += 2.5", "x *= -2.0", "x /= 2", "x += gg.tensor([1.0, 2.0])", "x.add_(1.5)",
                                  "x.add_(gg.tensor([1, 1]), alpha=0.5)", "x.clamp_(0.5)"])
def test_inplace_refuses_a_float_result_into_an_integer_tensor(code):
    x = gg.tensor([3, 4])
    with pytest.raises(TypeError, match=r"_: the result is float32, which cannot be written into a int64 tensor"):
        exec(code)
    assert x.tolist() == [3, 4]  # untouched


def test_inplace_number_operands_by_category():
    x = gg.tensor([3, 4])
    x *= -2
    x += True
    x.add_(gg.tensor([1, 1]), alpha=2)
    x += np.int64(1)
    assert x.dtype == I64 and x.tolist() == [-2, -4]
    assert gg.add(gg.tensor([1, 2]), gg.tensor([1, 1]), alpha=2).tolist() == [3, 4]
    b = gg.tensor([True, False])
    b += True
    b *= True
    assert b.dtype == B and b.tolist() == [True, True]
    with pytest.raises(TypeError, match="add_: the result is int64, which cannot be written into a bool tensor"):
        b += 1
    f = gg.tensor([1.0, 2.0], dtype=H)
    f *= 2.5
    f += np.int64(1)
    assert f.dtype == H and f.tolist() == [3.5, 6.0]


def test_inplace_against_torch():
    torch = pytest.importorskip("torch")
    for d, v in itertools.product([B, U8, I8, I32, I64, H, F, D], [True, 3, -2, 2.5, np.int64(3)]):
        for op in ("+=", "-=", "*=", "/="):
            outcome = []
            for m in (gg, torch):
                x = m.tensor([1, 0, 1], dtype=d if m is gg else to_torch(torch, d))
                try:
                    exec(f"x {op} v")
                    outcome.append((str(x.dtype).split(".")[-1], x.tolist()))
                except (TypeError, RuntimeError):
                    outcome.append("raises")
            assert outcome[0] == outcome[1], (d, v, op, outcome)
