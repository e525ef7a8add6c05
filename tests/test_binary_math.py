"""Elementwise math beyond the op table: edge values (NaN, ±inf, ties, integer overflow, empty),
bitwise ops on integers and bools, the operators and their reflected forms, add/sub's alpha and
div's rounding_mode, where's number branches, tensor exponents and bounds, in-place forms, and the
silently wrong values of issue 17 (one regression test each)."""
import math

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.autograd import gradcheck, gradgradcheck

INT64_MIN = np.iinfo(np.int64).min


def t64(*a, **k):
    return gg.tensor(np.array(*a, dtype=np.float64), **k)


# ---- issue 17's wrong values ---------------------------------------------------------------------

def test_number_base_to_tensor_power():
    assert (0 ** gg.tensor([0.])).tolist() == [1.0]
    assert (0.0 ** gg.tensor([0., 2.])).tolist() == [1.0, 0.0]
    assert ((-2) ** gg.tensor([2., 3.])).tolist() == [4.0, -8.0]
    assert (2 ** gg.tensor([3, 4])).tolist() == [8, 16] and (2 ** gg.tensor([3])).dtype == gg.int64


def test_gradient_of_x_to_the_zero_is_zero_at_zero():
    x = t64([0., 2.], requires_grad=True)
    (x ** 0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    x.grad = None
    (x ** t64(0.)).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]


def test_one_element_tensor_exponent_gets_its_gradient():
    x = t64([1.5, 2.0], requires_grad=True)
    y = t64([3.0], requires_grad=True)
    (x ** y).sum().backward()
    assert y.grad is not None
    np.testing.assert_allclose(y.grad.numpy(), [sum(v ** 3 * math.log(v) for v in (1.5, 2.0))])
    np.testing.assert_allclose(x.grad.numpy(), [3 * 1.5 ** 2, 3 * 2.0 ** 2])


def test_tensor_exponent_broadcasts_with_gradients_to_both():
    rng = np.random.default_rng(0)
    x = gg.tensor(np.abs(rng.standard_normal((3, 1))) + 0.5, requires_grad=True)
    y = gg.tensor(rng.standard_normal(4), requires_grad=True)
    assert (x ** y).shape == (3, 4) and (x ** x).shape == (3, 1)
    assert gradcheck(lambda a, b: a ** b, [x, y]) and gradgradcheck(lambda a, b: a ** b, [x, y])
    np.testing.assert_allclose((x ** y).detach().numpy(), x.detach().numpy() ** y.detach().numpy())


def test_pow_edges_match_pytorch_rules():
    # d/dy of 0 ** y is 0 for y >= 0 (the limit), d/dx of x ** y where y == 0 is 0
    x = t64([0., 0., 2.], requires_grad=True)
    y = t64([0., 2., 0.], requires_grad=True)
    (x ** y).sum().backward()
    assert y.grad.tolist()[:2] == [0.0, 0.0] and x.grad.tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="pow"):
        gg.tensor([2]) ** gg.tensor([-1])
    assert (gg.tensor([3]) ** 41).item() == np.int64(3) ** 41  # wraps as int64, as NumPy/PyTorch


def test_clamp_with_tensor_bounds_keeps_gradients():
    x = t64([-2., 0.5, 3.], requires_grad=True)
    lo = t64([0.], requires_grad=True)
    out = x.clamp(min=lo)
    out.sum().backward()
    assert out.tolist() == [0.0, 0.5, 3.0]
    assert lo.grad.tolist() == [1.0] and x.grad.tolist() == [0.0, 1.0, 1.0]
    x.grad = None
    lo2, hi = t64([-1., 0., 0.], requires_grad=True), t64([1., 1., 1.], requires_grad=True)
    out = gg.clamp(x, lo2, hi)
    out.sum().backward()
    assert out.tolist() == [-1.0, 0.5, 1.0]
    assert lo2.grad.tolist() == [1.0, 0.0, 0.0] and hi.grad.tolist() == [0.0, 0.0, 1.0]
    assert x.grad.tolist() == [0.0, 1.0, 0.0]
    assert gradcheck(lambda a, b, c: gg.clamp(a, b, c), [t64([-2., 0.5, 3.], requires_grad=True), lo2, hi])
    assert gg.clip(x, max=hi).tolist() == [-2.0, 0.5, 1.0]
    lo1 = t64([0.], requires_grad=True)  # a tensor and a number: the tensor's gradient is kept
    out = x.clamp(lo1, 0.7)
    out.sum().backward()
    assert out.tolist() == [0.0, 0.5, 0.7] and lo1.grad.tolist() == [1.0]
    assert gg.clamp(gg.tensor([1, 5]), gg.tensor([2, 2]), 4).tolist() == [2, 4]
    assert gg.clamp(gg.tensor([1, 5]), 0.5).dtype == gg.float32 and gg.clamp(x, min=0.25, max=t64(0.3)).dtype == gg.float64


def test_variance_with_nothing_left_is_inf_or_nan():
    assert gg.tensor([1., 2., 4.]).var(correction=5).item() == float("inf")
    v = gg.zeros(2, 0).var(dim=1)
    assert v.shape == (2,) and all(math.isnan(e) for e in v.tolist())


@pytest.mark.parametrize("fn", [gg.maximum, gg.minimum])
def test_maximum_minimum_split_ties(fn):
    a, b = t64([1., 2., 3.], requires_grad=True), t64([1., 0., 5.], requires_grad=True)
    fn(a, b).sum().backward()
    big = fn is gg.maximum
    assert a.grad.tolist() == [0.5, 1.0 if big else 0.0, 0.0 if big else 1.0]
    assert b.grad.tolist() == [0.5, 0.0 if big else 1.0, 1.0 if big else 0.0]
    assert math.isnan(fn(t64([float("nan")]), t64([1.])).item())


@pytest.mark.parametrize("reduce, data", [(lambda x: x.max(), [2., 2., 1.]), (lambda x: x.min(), [1., 1., 2.]),
                                          (lambda x: gg.amax(x, 0), [2., 2., 1.])])
def test_max_min_over_all_elements_split_ties(reduce, data):
    x = t64(data, requires_grad=True)
    reduce(x).backward()
    assert x.grad.tolist() == [0.5, 0.5, 0.0]


def test_sign_has_a_zero_gradient():
    x = t64([-2., 0., 3.], requires_grad=True)
    x.sign().sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


# ---- integer division and remainders ------------------------------------------------------------

def test_remainder_and_floor_divide_follow_python():
    a = [7, -7, 7, -7, 0, INT64_MIN]
    b = [3, 3, -3, -3, 5, -1]
    ga, gb = gg.tensor(a), gg.tensor(b)
    assert (ga % gb).tolist() == [x % y for x, y in zip(a, b)]
    assert (ga // gb).tolist()[:5] == [x // y for x, y in zip(a[:5], b[:5])]
    assert (ga // gb).tolist()[5] == INT64_MIN  # wraps, as NumPy and PyTorch
    assert gg.fmod(ga, gb).tolist() == [int(math.fmod(x, y)) for x, y in zip(a, b)]
    assert (ga % gb).dtype == gg.int64 and (ga // 2).dtype == gg.int64
    fa, fb = t64([7.5, -7.5, 7.5, -0.0, 6.0]), t64([2., 2., -2., 3., -3.])
    np.testing.assert_array_equal((fa % fb).numpy(), np.remainder(fa.numpy(), fb.numpy()))
    np.testing.assert_array_equal((fa // fb).numpy(), np.floor_divide(fa.numpy(), fb.numpy()))
    assert str((t64([6.]) % t64([-3.])).item()) == "-0.0"  # the divisor's sign, also for zero
    assert (5 % gg.tensor([3, -3])).tolist() == [2, -1] and (7 // gg.tensor([2])).tolist() == [3]
    assert (gg.tensor([5.5]) % 2).tolist() == [1.5]


@pytest.mark.parametrize("op", [lambda a, b: a % b, lambda a, b: a // b, gg.fmod,
                                lambda a, b: gg.div(a, b, rounding_mode="trunc")])
def test_integer_division_by_zero_raises(op):
    with pytest.raises(ValueError, match="division by zero"):
        op(gg.tensor([1, 2]), gg.tensor([1, 0]))
    assert math.isnan(op(t64([0.]), t64([0.])).item())


def test_float_division_edges():
    inf, nan = float("inf"), float("nan")
    a, b = t64([1., -1., inf, 1.]), t64([0., 0., 2., inf])
    with np.errstate(all="ignore"):
        _float_division_edges(a, b)
    assert math.isnan(gg.remainder(t64([nan]), 2.0).item())


def _float_division_edges(a, b):
    np.testing.assert_array_equal((a // b).numpy(), np.floor_divide(a.numpy(), b.numpy()))
    np.testing.assert_array_equal((a % b).numpy(), np.remainder(a.numpy(), b.numpy()))
    np.testing.assert_array_equal(gg.fmod(a, b).numpy(), np.fmod(a.numpy(), b.numpy()))


def test_div_rounding_modes():
    a, b = gg.tensor([7, -7]), gg.tensor([2, 2])
    assert gg.div(a, b).tolist() == [3.5, -3.5] and gg.div(a, b).dtype == gg.float32
    assert gg.div(a, b, rounding_mode="trunc").tolist() == [3, -3]
    assert a.div(b, rounding_mode="floor").tolist() == [3, -4]
    assert a.div(2, rounding_mode="floor").dtype == gg.int64
    assert t64([-7.5]).div(2.0, rounding_mode="trunc").tolist() == [-3.0]
    assert gg.div(t64([-7.5]), t64([2.]), rounding_mode="floor").tolist() == [-4.0]
    with pytest.raises(ValueError, match="rounding_mode"):
        gg.div(a, b, rounding_mode="round")
    x = t64([1.5, -2.5], requires_grad=True)
    x.div(2.0, rounding_mode="floor").sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]


def test_add_sub_alpha():
    a, b = t64([1., 2.], requires_grad=True), t64([10., 20.], requires_grad=True)
    assert gg.add(a, b, alpha=2).tolist() == [21.0, 42.0]
    out = a.sub(b, alpha=0.5)
    assert out.tolist() == [-4.0, -8.0]
    out.sum().backward()
    assert b.grad.tolist() == [-0.5, -0.5] and a.grad.tolist() == [1.0, 1.0]
    assert a.add(3.0, alpha=2).tolist() == [7.0, 8.0] and gg.sub(a, 1.0).tolist() == [0.0, 1.0]
    assert gradcheck(lambda x, y: gg.add(x, y, alpha=-3), [a, b])


# ---- float-valued binary ops at their edges -----------------------------------------------------

def test_float_binary_edges_match_numpy():
    inf, nan = float("inf"), float("nan")
    vals = [0.0, -0.0, 1.0, -2.0, inf, -inf, nan]
    a = np.array([x for x in vals for _ in vals])
    b = np.array([y for _ in vals for y in vals])
    ga, gb = gg.tensor(a), gg.tensor(b)
    for fn, ref in ((gg.atan2, np.arctan2), (gg.hypot, np.hypot), (gg.logaddexp, np.logaddexp),
                    (gg.copysign, np.copysign), (gg.maximum, np.maximum), (gg.minimum, np.minimum)):
        with np.errstate(all="ignore"):
            np.testing.assert_array_equal(fn(ga, gb).numpy(), ref(a, b), err_msg=fn.__name__)
    assert str(gg.copysign(t64([1.]), t64([-0.])).item()) == "-1.0"


def test_float_binary_ops_compute_integers_in_float32_and_handle_empty():
    for fn in (gg.atan2, gg.hypot, gg.logaddexp, gg.copysign):
        assert fn(gg.tensor([1, 2]), gg.tensor([3, 4])).dtype == gg.float32
        assert fn(gg.zeros(0, 3), gg.zeros(3)).shape == (0, 3)
    assert gg.atan2(gg.zeros(2, dtype=gg.float32), t64([1., 1.])).dtype == gg.float64


def test_copysign_gradient_is_zero_at_zero():
    a, b = t64([0., 2., -3.], requires_grad=True), t64([-1., -1., 1.], requires_grad=True)
    gg.copysign(a, b).sum().backward()
    assert a.grad.tolist() == [0.0, -1.0, -1.0] and b.grad.tolist() == [0.0, 0.0, 0.0]


def test_lerp_with_tensor_or_number_weight():
    s, e = t64([0., 10.], requires_grad=True), t64([10., 20.], requires_grad=True)
    assert gg.lerp(s, e, 0.25).tolist() == [2.5, 12.5] and s.lerp(e, t64([0.5, 1.])).tolist() == [5.0, 20.0]
    w = t64([0.3, 0.7], requires_grad=True)
    assert gradcheck(gg.lerp, [s, e, w]) and gradgradcheck(gg.lerp, [s, e, w])


def test_isclose_and_nan_to_num():
    inf, nan = float("inf"), float("nan")
    a, b = t64([1.0, 1.0, inf, inf, nan, 1.0]), t64([1.0 + 1e-9, 1.1, inf, -inf, nan, inf])
    assert gg.isclose(a, b).tolist() == [True, False, True, False, False, False]
    assert gg.isclose(a, b, equal_nan=True).tolist()[4]
    assert gg.isclose(a, 1.0).tolist()[:2] == [True, True]
    x = t64([nan, inf, -inf, 1.5], requires_grad=True)
    out = gg.nan_to_num(x)
    big = np.finfo(np.float64).max
    assert out.tolist() == [0.0, big, -big, 1.5]
    assert x.nan_to_num(nan=1.0, posinf=2.0, neginf=-2.0).tolist() == [1.0, 2.0, -2.0, 1.5]
    out.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0, 1.0]
    assert gg.nan_to_num(gg.tensor([1, 2])).tolist() == [1, 2]


# ---- bitwise and logical ------------------------------------------------------------------------

def test_bitwise_ops_on_int64_and_bool():
    a, b = np.array([0, 5, -6, INT64_MIN, 7]), np.array([3, 3, 12, -1, 0])
    ga, gb = gg.tensor(a), gg.tensor(b)
    np.testing.assert_array_equal((ga & gb).numpy(), a & b)
    np.testing.assert_array_equal((ga | gb).numpy(), a | b)
    np.testing.assert_array_equal((ga ^ gb).numpy(), a ^ b)
    np.testing.assert_array_equal((~ga).numpy(), ~a)
    np.testing.assert_array_equal((ga << 2).numpy(), a << 2)
    np.testing.assert_array_equal((ga >> 1).numpy(), a >> 1)
    assert (gg.tensor([1, -8]) << gg.tensor([64, 3])).tolist() == [0, -64]
    assert (gg.tensor([-8, 8]) >> gg.tensor([70, 70])).tolist() == [-1, 0]
    assert (6 & ga).tolist() == list(6 & a) and (1 << gg.tensor([3])).tolist() == [8]
    p, q = gg.tensor([True, True, False]), gg.tensor([True, False, False])
    assert (p & q).dtype == gg.bool_ and (p & q).tolist() == [True, False, False]
    assert (p | q).tolist() == [True, True, False] and (p ^ q).tolist() == [False, True, False]
    assert (~p).tolist() == [False, False, True] and (p & True).dtype == gg.bool_
    assert (p & ga[:3]).dtype == gg.int64
    assert gg.bitwise_and(ga, gb).tolist() == list(a & b) and ga.bitwise_xor(3).tolist() == list(a ^ 3)
    assert gg.bitwise_not(gg.zeros(0, dtype=gg.int64)).shape == (0,)


@pytest.mark.parametrize("op", [lambda a, b: a & b, lambda a, b: a | b, lambda a, b: a ^ b, lambda a, b: a << b,
                                lambda a, b: a >> b])
def test_bitwise_ops_refuse_floats(op):
    with pytest.raises(TypeError, match="bitwise"):
        op(gg.tensor([1.0]), gg.tensor([1]))
    with pytest.raises(TypeError, match="bitwise"):
        op(gg.tensor([1]), 1.5)
    with pytest.raises(TypeError, match="bitwise_not"):
        ~gg.tensor([1.5])


def test_logical_ops():
    a, b = gg.tensor([0., 1., 2., 0.]), gg.tensor([0, 0, 3, 4])
    assert gg.logical_and(a, b).tolist() == [False, False, True, False]
    assert a.logical_or(b).tolist() == [False, True, True, True]
    assert gg.logical_xor(a, b).tolist() == [False, True, False, True]


# ---- where with number branches ------------------------------------------------------------------

def test_where_with_number_branches():
    c = gg.tensor([True, False])
    x = t64([1., 2.], requires_grad=True)
    assert gg.where(c, x, 0.0).tolist() == [1.0, 0.0] and gg.where(c, x, 0.0).dtype == gg.float64
    out = gg.where(c, 5.0, x)
    assert out.tolist() == [5.0, 2.0]
    out.sum().backward()
    assert x.grad.tolist() == [0.0, 1.0]
    assert gg.where(c, 1.0, 0.0).dtype == gg.float32 and gg.where(c, 1.0, 0.0).tolist() == [1.0, 0.0]
    assert gg.where(c, gg.tensor([1, 2]), 7).dtype == gg.int64


# ---- in-place forms ------------------------------------------------------------------------------

def test_inplace_unary_forms_write_into_self():
    x = t64([0.25, 0.5])
    for name in ("exp_", "sigmoid_", "tanh_", "sin_", "abs_", "atan_", "log2_", "sqrt_", "neg_"):
        before = x.numpy().copy()
        ref = getattr(gg, name[:-1])(gg.tensor(before)).numpy()
        assert getattr(x, name)() is x, name
        np.testing.assert_allclose(x.numpy(), ref, err_msg=name)
        x = gg.tensor(np.abs(x.numpy()) + 0.1)
    y = t64([1., 5.])
    assert y.clamp_(max=t64([2., 2.])) is y and y.tolist() == [1.0, 2.0]
    assert y.pow_(t64([3., 2.])).tolist() == [1.0, 4.0] and y.pow_(0.5).tolist() == [1.0, 2.0]
    assert y.fmod_(1.5).tolist() == [1.0, 0.5] and y.clip_(0.6, 0.9).tolist() == [0.9, 0.6]


def test_inplace_forms_keep_gradients_and_refuse_bad_targets():
    a = t64([0.5, 1.5], requires_grad=True)
    y = a * 2
    y.exp_().atan2_(t64([1., 1.]))
    y.sum().backward()
    ref = t64([0.5, 1.5], requires_grad=True)
    gg.atan2(gg.exp(ref * 2), t64([1., 1.])).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), ref.grad.numpy())
    with pytest.raises(RuntimeError, match="leaf"):
        t64([1.], requires_grad=True).exp_()
    with pytest.raises(TypeError, match="int64"):
        gg.tensor([1, 4]).sqrt_()
    i = gg.tensor([1, -4])
    assert i.abs_() is i and i.tolist() == [1, 4] and i.bitwise_left_shift_(1).tolist() == [2, 8]


def test_augmented_operators_write_in_place():
    x = gg.tensor([7, -7, 12])
    view = x[1:]
    for op, ref in ((lambda t: t.__imod__(5), [2, 3, 2]), (lambda t: t.__ifloordiv__(2), [1, 1, 1]),
                    (lambda t: t.__ilshift__(3), [8, 8, 8]), (lambda t: t.__ior__(1), [9, 9, 9]),
                    (lambda t: t.__iand__(3), [1, 1, 1]), (lambda t: t.__ixor__(3), [2, 2, 2]),
                    (lambda t: t.__irshift__(1), [1, 1, 1]), (lambda t: t.__ipow__(3), [1, 1, 1])):
        assert op(x) is x and x.tolist() == ref
    assert view.tolist() == [1, 1]
    y = t64([2., 3.])
    y **= 2
    y %= 5
    assert y.tolist() == [4.0, 4.0]
