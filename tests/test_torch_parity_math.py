"""Parity with PyTorch (skipped without it) for the elementwise math ops: forward values and
dtypes on random inputs and edge values (0, -0, ±inf, NaN, ties, integers), and the gradients to
every input for a random upstream gradient."""
import numpy as np
import pytest

import graphgrad as gg

torch = pytest.importorskip("torch")

SPECIAL = np.array([0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -3.0, np.inf, -np.inf, np.nan])

# name: the domain of its random inputs (gradients are compared away from kinks and poles)
UNARY = {"tan": "unit", "asin": "unit", "acos": "unit", "atan": "real", "sinh": "real", "cosh": "real",
         "asinh": "real", "acosh": "above_one", "atanh": "unit", "log2": "positive", "log10": "positive",
         "exp2": "real", "sign": "real", "abs": "nonzero", "sqrt": "positive"}
BINARY = {"atan2": "nonzero", "hypot": "nonzero", "copysign": "nonzero", "logaddexp": "real", "fmod": "nonzero",
          "remainder": "nonzero", "floor_divide": "nonzero", "pow": "positive", "maximum": "real",
          "minimum": "real", "lerp": "real"}


def draw(domain, shape, rng):
    a = rng.standard_normal(shape)
    if domain == "positive":
        return np.abs(a) + 0.5
    if domain == "nonzero":
        return np.sign(a + (a == 0)) * (np.abs(a) + 0.5)
    if domain == "unit":
        return rng.uniform(-0.9, 0.9, shape)
    if domain == "above_one":
        return np.abs(a) + 1.5
    return a


def torch_fn(name):
    return getattr(torch, name)


def compare_forward(gg_out, t_out, rtol=1e-12):
    assert str(gg_out.dtype).split(".")[-1].replace("bool_", "bool") == str(t_out.dtype).split(".")[-1]
    rtol = max(rtol, 1e-6) if gg_out.dtype == gg.float32 else rtol
    np.testing.assert_allclose(gg_out.numpy().astype(np.float64), t_out.numpy().astype(np.float64), rtol=rtol,
                               atol=1e-300, equal_nan=True)


def compare_grads(name, arrays, args=()):
    rng = np.random.default_rng(7)
    gx = [gg.tensor(a, requires_grad=True) for a in arrays]
    tx = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = getattr(gg, name)(*gx, *args)
    tout = torch_fn(name)(*tx, *args)
    up = rng.standard_normal(tuple(out.shape))
    (out * gg.tensor(up)).sum().backward()
    (tout * torch.tensor(up)).sum().backward()
    for g, t in zip(gx, tx):
        np.testing.assert_allclose(g.grad.numpy(), t.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("name", UNARY)
def test_unary_parity(name):
    rng = np.random.default_rng(0)
    x = draw(UNARY[name], (5, 4), rng)
    compare_forward(getattr(gg, name)(gg.tensor(x)), torch_fn(name)(torch.tensor(x)))
    with np.errstate(all="ignore"):
        compare_forward(getattr(gg, name)(gg.tensor(SPECIAL)), torch_fn(name)(torch.tensor(SPECIAL)))
    ints = np.arange(-3, 4)
    compare_forward(getattr(gg, name)(gg.tensor(ints)), torch_fn(name)(torch.tensor(ints)), rtol=1e-6)
    compare_grads(name, [x])


@pytest.mark.parametrize("name", BINARY)
def test_binary_parity(name):
    rng = np.random.default_rng(1)
    n = 3 if name == "lerp" else 2
    arrays = [draw(BINARY[name], s, rng) for s in [(4, 3), (3,), (4, 1)][:n]]
    compare_forward(getattr(gg, name)(*map(gg.tensor, arrays)), torch_fn(name)(*map(torch.tensor, arrays)))
    if name != "floor_divide":  # PyTorch has no derivative for it (ours is 0)
        compare_grads(name, arrays)
    if n == 2:  # every pair of special values
        a, b = np.repeat(SPECIAL, SPECIAL.size), np.tile(SPECIAL, SPECIAL.size)
        compare_forward(getattr(gg, name)(gg.tensor(a), gg.tensor(b)), torch_fn(name)(torch.tensor(a), torch.tensor(b)))


@pytest.mark.parametrize("name", ["fmod", "remainder", "floor_divide", "pow", "maximum", "minimum", "bitwise_and",
                                  "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift",
                                  "atan2", "copysign", "logaddexp", "hypot"])
def test_integer_parity(name):
    a = np.array([7, -7, 7, -7, 0, 3, 2, np.iinfo(np.int64).max])
    b = np.array([3, 3, -3, -2, 5, 1, 62, 2])
    if name == "pow":
        b = np.abs(b)
    if name in ("hypot", "logaddexp"):  # PyTorch does not take integers here: ours compute in float32
        compare_forward(getattr(gg, name)(gg.tensor(a[:6]), gg.tensor(b[:6])),
                        torch_fn(name)(torch.tensor(a[:6], dtype=torch.float32), torch.tensor(b[:6], dtype=torch.float32)))
        return
    compare_forward(getattr(gg, name)(gg.tensor(a), gg.tensor(b)), torch_fn(name)(torch.tensor(a), torch.tensor(b)),
                    rtol=1e-6)


def test_operators_parity():
    a = np.array([7, -7, 5, -5, 0])
    b = np.array([2, 2, -3, -3, 4])
    ga, gb, ta, tb = gg.tensor(a), gg.tensor(b), torch.tensor(a), torch.tensor(b)
    for op in (lambda x, y: x % y, lambda x, y: x // y, lambda x, y: x & y, lambda x, y: x | y, lambda x, y: x ^ y,
               lambda x, y: x ** abs(y) if isinstance(y, int) else x ** y.abs(), lambda x, y: 3 % y,
               lambda x, y: 9 // y, lambda x, y: 6 & y, lambda x, y: ~x, lambda x, y: x % 3, lambda x, y: x // -2,
               lambda x, y: x << 2, lambda x, y: x >> 1):
        compare_forward(op(ga, gb), op(ta, tb))
    fa, fb = np.array([7.5, -7.5, 0.5]), np.array([2.0, 2.0, -0.25])
    for op in (lambda x, y: x % y, lambda x, y: x // y, lambda x, y: 2.5 % y, lambda x, y: 2 ** x,
               lambda x, y: (-2) ** y, lambda x, y: x ** y.abs()):
        compare_forward(op(gg.tensor(fa), gg.tensor(fb)), op(torch.tensor(fa), torch.tensor(fb)))


def test_div_modes_and_alpha_parity():
    a, b = np.array([7.5, -7.5, 3.0, -3.0]), np.array([2.0, 2.0, -2.0, 0.5])
    for mode in (None, "trunc", "floor"):
        compare_forward(gg.div(gg.tensor(a), gg.tensor(b), rounding_mode=mode),
                        torch.div(torch.tensor(a), torch.tensor(b), rounding_mode=mode))
        ia, ib = np.array([7, -7, 3, -3]), np.array([2, 2, -2, 5])
        compare_forward(gg.div(gg.tensor(ia), gg.tensor(ib), rounding_mode=mode),
                        torch.div(torch.tensor(ia), torch.tensor(ib), rounding_mode=mode), rtol=1e-6)
    compare_forward(gg.add(gg.tensor(a), gg.tensor(b), alpha=3), torch.add(torch.tensor(a), torch.tensor(b), alpha=3))
    compare_forward(gg.sub(gg.tensor(a), gg.tensor(b), alpha=0.5),
                    torch.sub(torch.tensor(a), torch.tensor(b), alpha=0.5))


def test_clamp_tensor_bounds_and_ties_parity():
    x = np.array([-2.0, 0.0, 0.5, 1.0, 3.0])
    lo, hi = np.array([0.0, 0.0, 0.0, 0.0, 0.0]), np.array([1.0, 1.0, 1.0, 1.0, 2.0])
    g = [gg.tensor(v, requires_grad=True) for v in (x, lo, hi)]
    t = [torch.tensor(v, requires_grad=True) for v in (x, lo, hi)]
    gg.clamp(*g).sum().backward()
    torch.clamp(*t).sum().backward()
    for a, b in zip(g, t):
        np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())
    compare_grads("maximum", [np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 3.0])])
    compare_grads("minimum", [np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 3.0])])
    compare_grads("pow", [np.array([0.0, 0.0, 2.0, 1.5]), np.array([0.0, 2.0, 0.0, -1.0])])


@pytest.mark.filterwarnings("ignore:var\\(\\)")  # PyTorch warns about the very case tested
def test_var_and_where_parity():
    for corr in (0, 1, 3, 5):
        compare_forward(gg.tensor([1., 2., 4.]).var(correction=corr), torch.tensor([1., 2., 4.]).var(correction=corr))
    compare_forward(gg.zeros(2, 0).var(dim=1), torch.zeros(2, 0).var(dim=1))
    c = np.array([True, False, True])
    compare_forward(gg.where(gg.tensor(c), 1.0, 0.0), torch.where(torch.tensor(c), 1.0, 0.0))
    compare_forward(gg.where(gg.tensor(c), gg.tensor([1, 2, 3]), 0), torch.where(torch.tensor(c), torch.tensor([1, 2, 3]), 0))
