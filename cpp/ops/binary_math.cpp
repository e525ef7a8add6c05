// Elementwise math of two tensors (binary_math.h): one forward through kernels/map.h per op and
// one pair of derivative rules, recorded for both modes (record_binary), as unary_ops.cpp does
// for one input.
#include "ops/binary_math.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "core/error.h"
#include "core/wrap.h"
#include "kernels/map.h"
#include "kernels/special_math.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"
#include "ops/result_type.h"

namespace gg {

namespace {

// out = f(a, b) with broadcasting, both read as T (cast when needed), stored as T.
template <class T, class F>
Tensor map_as(const char* op, const Tensor& a0, const Tensor& b0, F f) {
  constexpr DType dt = TypeOf<T>::value;
  const Shape shape = broadcast_shapes(a0.shape(), b0.shape(), op);
  const Tensor a = a0.dtype() == dt ? a0 : a0.copy_data(dt);
  const Tensor b = b0.dtype() == dt ? b0 : b0.copy_data(dt);
  Tensor out = Tensor::empty(shape, dt);
  kernels::map2(out.data<T>(), shape, a.data<T>(), broadcast_strides(a.shape(), a.strides(), shape), b.data<T>(),
                broadcast_strides(b.shape(), b.strides(), shape), [f](T x, T y) { return static_cast<T>(f(x, y)); });
  return out;
}

// The floating dtype an op computes in: the promoted one, float32 for integers and bools.
DType float_dtype(const Tensor& a, const Tensor& b) {
  const DType d = result_type(a, b);
  return is_floating(d) ? d : DType::Float32;
}

// f over the promoted floating dtype (integers compute in float32, as PyTorch).
// Storage dtypes (core/dtype.h) compute in their compute dtype and are stored back in d.
Tensor stored_as(const Tensor& out, DType d) { return out.dtype() == d ? out : out.copy_data(d); }

template <class F>
Tensor float_map(const char* op, const Tensor& a, const Tensor& b, F f) {
  const DType d = float_dtype(a, b);
  return stored_as(dispatch_float(compute_dtype(d), op, [&](auto tag) {
    return map_as<typename decltype(tag)::type>(op, a, b, f);
  }), d);
}

// f over the promoted dtype, integers kept (two bools compute as int64, as PyTorch's arithmetic).
template <class F>
Tensor numeric_map(const char* op, const Tensor& a, const Tensor& b, F f) {
  const DType d = result_type(a, b);
  if (!is_floating(d)) {
    const Tensor out = map_as<int64_t>(op, a, b, f);
    return d == DType::Bool ? out : stored_as(out, d);
  }
  return stored_as(dispatch_float(compute_dtype(d), op, [&](auto tag) {
    return map_as<typename decltype(tag)::type>(op, a, b, f);
  }), d);
}

void check_integers(const char* op, const Tensor& a, const Tensor& b, bool bools) {
  for (const Tensor* t : {&a, &b})
    if (is_floating(t->dtype()) || (!bools && t->dtype() == DType::Bool))
      throw TypeError(msg(op, ": expected ", bools ? "integer or bool" : "integer", " tensors, got ",
                          dtype_name(a.dtype()), " and ", dtype_name(b.dtype())));
}

// Integer division by zero raises, as in PyTorch (floats give inf or nan).
void check_divisor(const char* op, const Tensor& b) {
  if (is_floating(b.dtype())) return;
  const Tensor zero = contiguous(compare(b, 0.0, Cmp::Eq));
  const bool* z = zero.data<bool>();
  for (int64_t i = 0; i < zero.numel(); ++i)
    if (z[i]) throw ValueError(msg(op, ": integer division by zero"));
}

// Records an elementwise op of a and b whose gradients are da(g, a, b, y) and db(g, a, b, y),
// linear in g: the same rules give the tangent da(ta) + db(tb).
template <class DA, class DB>
Tensor record_binary(const char* op, Tensor out, const Tensor& a, const Tensor& b, DA da, DB db) {
  if (!needs_autograd({&a, &b}) || !is_floating(out.dtype())) return out;
  const SavedTensor sa(a, false), sb(b, false), so(out, true);
  return record(op, out, {&a, &b}, [sa, sb, so, da, db](const Tensor& g, Node& self) {
    const Tensor av = sa.unpack(&self), bv = sb.unpack(&self), y = so.unpack(&self);
    std::vector<Tensor> r(2);
    if (self.needs_grad(0)) r[0] = da(g, av, bv, y);
    if (self.needs_grad(1)) r[1] = db(g, av, bv, y);
    return r;
  }, [a, b, out, da, db](const Tangents& t) {
    return tangent_sum(t[0].defined() ? da(t[0], a, b, out) : Tensor(), t[1].defined() ? db(t[1], a, b, out) : Tensor());
  });
}

const auto kZeroGrad = [](const Tensor& g, const Tensor&, const Tensor&, const Tensor&) { return zeros_like(g); };
const auto kSameGrad = [](const Tensor& g, const Tensor&, const Tensor&, const Tensor&) { return g; };

// Python's integer floor division and modulo (INT64_MIN / -1 wraps instead of trapping).
int64_t floor_div(int64_t x, int64_t y) {
  if (y == -1) return wrap_neg(x);
  const int64_t q = x / y;
  return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q;
}
int64_t floor_mod(int64_t x, int64_t y) {
  if (y == -1) return 0;
  const int64_t r = x % y;
  return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;
}
// Floats as NumPy's divmod (and PyTorch): from fmod, so that floor_divide and remainder agree.
template <class T>
T py_mod(T x, T y) {
  if constexpr (std::is_integral_v<T>) {
    return floor_mod(x, y);
  } else {
    const T r = std::fmod(x, y);
    if (y == 0) return r;
    if (r == 0) return std::copysign(T(0), y);
    return ((r < 0) != (y < 0)) ? r + y : r;
  }
}
template <class T>
T py_floor_div(T x, T y) {
  if constexpr (std::is_integral_v<T>) {
    return floor_div(x, y);
  } else {
    if (y == 0) return x / y;
    const T r = std::fmod(x, y);
    T q = (x - r) / y;
    if (r != 0 && ((y < 0) != (r < 0))) q -= 1;
    if (q == 0) return std::copysign(T(0), x / y);
    const T f = std::floor(q);
    return q - f > T(0.5) ? f + 1 : f;
  }
}

}  // namespace

Tensor number_operand(const Tensor& x, double v) {
  if (is_floating(x.dtype())) return Tensor::scalar(v, x.dtype());
  if (v == std::trunc(v) && std::abs(v) < 9.3e18) {
    const bool bit = x.dtype() == DType::Bool && (v == 0 || v == 1);
    return Tensor::scalar(v, bit ? DType::Bool : DType::Int64);
  }
  return Tensor::scalar(v, DType::Float32);
}

// ---- powers and the float-valued ops ----

Tensor pow(const Tensor& x, const Tensor& e) {
  Tensor out = numeric_map("pow", x, e, [](auto a, auto b) {
    using T = decltype(a);
    if constexpr (std::is_integral_v<T>) {  // exact, wrapping, by squaring; a negative exponent is an error
      if (b < 0) return (a == 1 || a == -1) ? ((b & 1) ? a : T(1)) : T(0);
      T r = 1;
      for (T base = a; b > 0; b >>= 1, base = wrap_mul(base, base))
        if (b & 1) r = wrap_mul(r, base);
      return r;
    } else {
      return std::pow(a, b);
    }
  });
  if (!is_floating(out.dtype()) && !is_floating(e.dtype())) {
    const Tensor neg = contiguous(compare(e, 0.0, Cmp::Lt));
    for (int64_t i = 0; i < neg.numel(); ++i)
      if (neg.data<bool>()[i]) throw ValueError("pow: integers to negative integer powers are not allowed");
  }
  // PyTorch's rules: the base's gradient is 0 where the exponent is 0 (also at x = 0); the
  // exponent's is 0 where x = 0 and exponent >= 0 (the limit of y x^y log x).
  return record_binary("pow", out, x, e, [](const Tensor& g, const Tensor& x, const Tensor& e, const Tensor&) {
    const Tensor d = mul(g, mul(e, pow(x, sub(e, 1.0))));
    return where(compare(e, 0.0, Cmp::Eq), scalar_like(d, 0.0), d);
  }, [](const Tensor& g, const Tensor& x, const Tensor& e, const Tensor& y) {
    const Tensor d = mul(g, mul(y, log(x)));
    const Tensor at0 = bitwise_and(compare(x, 0.0, Cmp::Eq), compare(e, 0.0, Cmp::Ge));
    return where(at0, scalar_like(d, 0.0), d);
  });
}

Tensor pow_int(const Tensor& x, registry::PyInt n) {
  return is_floating(x.dtype()) ? pow(x, static_cast<double>(n.v)) : pow(x, int_scalar_like(x, n.v));
}

Tensor rpow(const Tensor& x, double base) { return pow(number_operand(x, base), x); }

Tensor atan2(const Tensor& a, const Tensor& b) {
  Tensor out = float_map("atan2", a, b, [](auto y, auto x) { return std::atan2(y, x); });
  return record_binary("atan2", out, a, b, [](const Tensor& g, const Tensor& a, const Tensor& b, const Tensor&) {
    return div(mul(g, b), add(mul(a, a), mul(b, b)));
  }, [](const Tensor& g, const Tensor& a, const Tensor& b, const Tensor&) {
    return neg(div(mul(g, a), add(mul(a, a), mul(b, b))));
  });
}

Tensor hypot(const Tensor& a, const Tensor& b) {
  Tensor out = float_map("hypot", a, b, [](auto x, auto y) { return std::hypot(x, y); });
  return record_binary("hypot", out, a, b, [](const Tensor& g, const Tensor& a, const Tensor&, const Tensor& y) {
    return div(mul(g, a), y);
  }, [](const Tensor& g, const Tensor&, const Tensor& b, const Tensor& y) { return div(mul(g, b), y); });
}

namespace {

// The special functions of two arguments: PyTorch differentiates them in their second argument only.
auto not_differentiable_in_first(const char* op) {
  return [op](const Tensor&, const Tensor&, const Tensor&, const Tensor&) -> Tensor {
    throw NotImplemented(msg(op, ": the derivative with respect to its first argument is not implemented (as in PyTorch)"));
  };
}

// d/dx P(a, x) = x^(a-1) e^-x / Γ(a), taken in logs
Tensor igamma_density(const Tensor& a, const Tensor& x) {
  return exp(sub(sub(mul(sub(a, 1.0), log(x)), x), lgamma(a)));
}

}  // namespace

Tensor igamma(const Tensor& a, const Tensor& x) {
  Tensor out = float_map("igamma", a, x, [](auto u, auto v) { using T = decltype(u); return T(kernels::special::igamma(u, v)); });
  return record_binary("igamma", out, a, x, not_differentiable_in_first("igamma"),
                       [](const Tensor& g, const Tensor& a, const Tensor& x, const Tensor&) { return mul(g, igamma_density(a, x)); });
}

Tensor igammac(const Tensor& a, const Tensor& x) {
  Tensor out = float_map("igammac", a, x, [](auto u, auto v) { using T = decltype(u); return T(kernels::special::igammac(u, v)); });
  return record_binary("igammac", out, a, x, not_differentiable_in_first("igammac"),
                       [](const Tensor& g, const Tensor& a, const Tensor& x, const Tensor&) { return neg(mul(g, igamma_density(a, x))); });
}

Tensor _special_zeta(const Tensor& s, const Tensor& q) {
  Tensor out = float_map("zeta", s, q, [](auto u, auto v) { using T = decltype(u); return T(kernels::special::zeta(u, v)); });
  // dζ(s, q)/dq = -s ζ(s + 1, q)
  return record_binary("zeta", out, s, q, not_differentiable_in_first("zeta"),
                       [](const Tensor& g, const Tensor& s, const Tensor& q, const Tensor&) {
                         return neg(mul(g, mul(s, _special_zeta(add(s, 1.0), q))));
                       });
}

Tensor copysign(const Tensor& a, const Tensor& b) {
  Tensor out = float_map("copysign", a, b, [](auto x, auto y) { return std::copysign(x, y); });
  // d/da is +-1: result / a, and 0 at a = 0 (PyTorch's rule); b only contributes a sign.
  return record_binary("copysign", out, a, b, [](const Tensor& g, const Tensor& a, const Tensor&, const Tensor& y) {
    const Tensor d = mul(g, div(y, a));
    return where(compare(a, 0.0, Cmp::Eq), scalar_like(d, 0.0), d);
  }, kZeroGrad);
}

Tensor logaddexp(const Tensor& a, const Tensor& b) {
  Tensor out = float_map("logaddexp", a, b, [](auto x, auto y) {
    using T = decltype(x);
    if (x == y) return x + T(0.6931471805599453);  // also right for infinities of one sign
    const T m = std::max(x, y);
    return m + std::log1p(std::exp(-std::abs(x - y)));
  });
  return record_binary("logaddexp", out, a, b, [](const Tensor& g, const Tensor& a, const Tensor& b, const Tensor&) {
    return div(g, add(exp(sub(b, a)), 1.0));
  }, [](const Tensor& g, const Tensor& a, const Tensor& b, const Tensor&) { return div(g, add(exp(sub(a, b)), 1.0)); });
}

// ---- integer-valued division ----

Tensor fmod(const Tensor& a, const Tensor& b) {
  check_divisor("fmod", b);
  Tensor out = numeric_map("fmod", a, b, [](auto x, auto y) {
    if constexpr (std::is_integral_v<decltype(x)>) return y == -1 ? decltype(x)(0) : x % y;
    else return std::fmod(x, y);
  });
  return record_binary("fmod", out, a, b, kSameGrad, [](const Tensor& g, const Tensor& a, const Tensor& b, const Tensor&) {
    return neg(mul(g, trunc(div(a, b))));
  });
}

Tensor remainder(const Tensor& a, const Tensor& b) {
  check_divisor("remainder", b);
  Tensor out = numeric_map("remainder", a, b, [](auto x, auto y) { return py_mod(x, y); });
  return record_binary("remainder", out, a, b, kSameGrad, [](const Tensor& g, const Tensor& a, const Tensor& b, const Tensor&) {
    return neg(mul(g, floor(div(a, b))));
  });
}

Tensor floor_divide(const Tensor& a, const Tensor& b) {
  check_divisor("floor_divide", b);
  Tensor out = numeric_map("floor_divide", a, b, [](auto x, auto y) { return py_floor_div(x, y); });
  return record_binary("floor_divide", out, a, b, kZeroGrad, kZeroGrad);
}

Tensor div(const Tensor& a, const Tensor& b, const std::optional<std::string>& mode) {
  if (!mode) return div(a, b);
  if (*mode == "floor") return floor_divide(a, b);
  if (*mode != "trunc")
    throw ValueError(msg("div: rounding_mode must be None, 'trunc' or 'floor', got '", *mode, "'"));
  check_divisor("div", b);
  Tensor out = numeric_map("div", a, b, [](auto x, auto y) {
    if constexpr (std::is_integral_v<decltype(x)>) return y == -1 ? wrap_neg(x) : x / y;
    else return std::trunc(x / y);
  });
  return record_binary("div", out, a, b, kZeroGrad, kZeroGrad);
}

Tensor alpha_times(const Tensor& b, double alpha) {
  if (alpha == 1.0) return b;
  const bool whole = alpha == std::trunc(alpha) && std::abs(alpha) < 9.2e18;
  return whole && !is_floating(b.dtype()) ? mul(b, int_scalar_like(b, static_cast<int64_t>(alpha))) : mul(b, alpha);
}
Tensor add(const Tensor& a, const Tensor& b, double alpha) { return add(a, alpha_times(b, alpha)); }
Tensor sub(const Tensor& a, const Tensor& b, double alpha) { return sub(a, alpha_times(b, alpha)); }

// ---- bitwise (integers and bools; no gradient) ----

namespace {

template <class F>
Tensor bitwise(const char* op, const Tensor& a, const Tensor& b, bool bools, F f) {
  check_integers(op, a, b, bools);
  if (a.dtype() == DType::Bool && b.dtype() == DType::Bool) return map_as<bool>(op, a, b, f);
  return map_as<int64_t>(op, a, b, f);
}

}  // namespace

Tensor bitwise_and(const Tensor& a, const Tensor& b) {
  return bitwise("bitwise_and", a, b, true, [](auto x, auto y) { return x & y; });
}
Tensor bitwise_or(const Tensor& a, const Tensor& b) {
  return bitwise("bitwise_or", a, b, true, [](auto x, auto y) { return x | y; });
}
Tensor bitwise_xor(const Tensor& a, const Tensor& b) {
  return bitwise("bitwise_xor", a, b, true, [](auto x, auto y) { return x ^ y; });
}
// Shifts by a negative count or by 64 or more give 0 (a negative value shifted right: -1).
Tensor bitwise_left_shift(const Tensor& a, const Tensor& b) {
  return bitwise("bitwise_left_shift", a, b, false, [](auto x, auto s) {
    using T = decltype(x);
    if constexpr (std::is_same_v<T, bool>) return x;  // not reached: bools are refused
    else return (s < 0 || s >= 64) ? T(0) : T(static_cast<uint64_t>(x) << s);
  });
}
Tensor bitwise_right_shift(const Tensor& a, const Tensor& b) {
  return bitwise("bitwise_right_shift", a, b, false, [](auto x, auto s) {
    using T = decltype(x);
    if constexpr (std::is_same_v<T, bool>) return x;
    else return (s < 0 || s >= 64) ? T(x < 0 ? -1 : 0) : T(x >> s);
  });
}

Tensor bitwise_not(const Tensor& x) {
  if (x.dtype() == DType::Bool) return logical_not(x);
  if (is_floating(x.dtype())) throw TypeError(msg("bitwise_not: expected an integer or bool tensor, got ", dtype_name(x.dtype())));
  Tensor out = Tensor::empty(x.shape(), DType::Int64);
  kernels::map1(out.data<int64_t>(), x.shape(), x.data<int64_t>(), x.strides(), [](int64_t v) { return ~v; });
  return out;
}

Tensor logical_and(const Tensor& a, const Tensor& b) { return bitwise_and(compare(a, 0.0, Cmp::Ne), compare(b, 0.0, Cmp::Ne)); }
Tensor logical_or(const Tensor& a, const Tensor& b) { return bitwise_or(compare(a, 0.0, Cmp::Ne), compare(b, 0.0, Cmp::Ne)); }
Tensor logical_xor(const Tensor& a, const Tensor& b) { return bitwise_xor(compare(a, 0.0, Cmp::Ne), compare(b, 0.0, Cmp::Ne)); }

// ---- clamp with tensor bounds: two selections, whose gradients are PyTorch's ----

Tensor clamp_bounds(const Tensor& x, const std::optional<Bound>& lo, const std::optional<Bound>& hi) {
  const auto number = [](const std::optional<Bound>& b) -> std::optional<double> {
    if (!b) return std::nullopt;
    return std::get<double>(*b);
  };
  // Numbers that keep x's dtype (any for a float x, integers for an integer x) clamp in one pass
  // (unary_ops.cpp); an integer x clamped by a fraction gives float32, as PyTorch.
  const auto is_number = [&x](const std::optional<Bound>& b) {
    if (!b) return true;
    const double* v = std::get_if<double>(&*b);
    return v && (is_floating(x.dtype()) || *v == std::trunc(*v));
  };
  if (is_number(lo) && is_number(hi)) return clamp(x, number(lo), number(hi));
  const auto tensor = [&x](const std::optional<Bound>& b) -> std::optional<Tensor> {
    if (!b) return std::nullopt;
    if (const Tensor* t = std::get_if<Tensor>(&*b)) return *t;
    return number_operand(x, std::get<double>(*b));
  };
  const std::optional<Tensor> l = tensor(lo), h = tensor(hi);
  // x where it is not below lo (ties and a NaN x keep x's gradient), then the same against hi.
  const Tensor r = l ? where(compare(x, *l, Cmp::Lt), *l, x) : x;
  return h ? where(compare(r, *h, Cmp::Gt), *h, r) : r;
}

// ---- number forms (x op number) ----

Tensor add(const Tensor& a, double b, double alpha) { return add(a, b * alpha); }
Tensor sub(const Tensor& a, double b, double alpha) { return sub(a, b * alpha); }
Tensor div(const Tensor& a, double b, const std::optional<std::string>& mode) {
  return mode ? div(a, number_operand(a, b), mode) : div(a, b);
}
Tensor where(const Tensor& c, const Tensor& a, double b) { return where(c, a, number_operand(a, b)); }
Tensor where(const Tensor& c, double a, const Tensor& b) { return where(c, number_operand(b, a), b); }
Tensor where(const Tensor& c, double a, double b) {
  return where(c, Tensor::scalar(a, DType::Float32), Tensor::scalar(b, DType::Float32));
}

// ---- registration ----
using namespace registry;
using TT = Tensor (*)(const Tensor&, const Tensor&);
using TD = Tensor (*)(const Tensor&, double);
using TDD = Tensor (*)(const Tensor&, double, double);
using TTD = Tensor (*)(const Tensor&, const Tensor&, double);
using Mode = const std::optional<std::string>&;

GG_REGISTER_OVERLOAD({"add", static_cast<TDD>(&add)});
GG_REGISTER_OP({"add", static_cast<TTD>(&add), {{"input"}, {"other"}, {"alpha", 1.0, true}},
                "input + alpha * other, elementwise, with broadcasting.", kBoth, {"x + y", "real", kDiff | kIntegers}});
GG_REGISTER_OVERLOAD({"sub", static_cast<TDD>(&sub)});
GG_REGISTER_OP({"sub", static_cast<TTD>(&sub), {{"input"}, {"other"}, {"alpha", 1.0, true}},
                "input - alpha * other, elementwise, with broadcasting.", kBoth, {"x - y", "real", kDiff | kIntegers},
                {"subtract"}});
GG_REGISTER_OVERLOAD({"mul", static_cast<TD>(&mul)});
GG_REGISTER_OVERLOAD({"div", static_cast<Tensor (*)(const Tensor&, double, Mode)>(&div)});
GG_REGISTER_OP({"div", static_cast<Tensor (*)(const Tensor&, const Tensor&, Mode)>(&div),
                {{"input"}, {"other"}, {"rounding_mode", NoneDefault{}, true}},
                "input / other, elementwise, with broadcasting: true division (integers give float32), or rounded "
                "toward zero (rounding_mode='trunc') or down ('floor'), which keep integers.", kBoth,
                {"x / y", "nonzero", kDiff | kIntegers | kFloatResult}, {"divide", "true_divide"}});

GG_REGISTER_OVERLOAD({"pow", &pow_int});  // before the float form: x.pow(2) of an integer x stays integer
GG_REGISTER_OVERLOAD({"pow", static_cast<TD>(&pow)});
GG_REGISTER_OP({"pow", static_cast<TT>(&pow), {{"input"}, {"exponent"}},
                "input ** exponent, elementwise, for a number or a tensor exponent (broadcast; gradients to both; "
                "0 ** 0 is 1).", kBoth, {"x ** y", "positive", kDiff | kIntegers | kInplace}});
GG_REGISTER_OP({"atan2", &atan2, {{"input"}, {"other"}},
                "The angle of the point (other, input): atan(input / other) in the right quadrant, elementwise.", kBoth,
                {"np.arctan2(x, y)", "nonzero", kDiff | kIntegers | kFloatResult | kInplace}, {"arctan2"}});
GG_REGISTER_OP({"hypot", &hypot, {{"input"}, {"other"}}, "sqrt(input^2 + other^2), elementwise, without overflow.",
                kBoth, {"np.hypot(x, y)", "nonzero", kDiff | kIntegers | kFloatResult | kInplace}});
GG_REGISTER_OP({"igamma", &igamma, {{"input"}, {"other"}},
                "The regularized lower incomplete gamma function P(input, other) = (1/Γ(input)) ∫_0^other t^(input-1) e^-t dt, "
                "elementwise (torch.special.gammainc); differentiable in other only, as in PyTorch.", kBoth,
                {"", "positive", kDiff | kIntegers | kFloatResult | kInplace}});
GG_REGISTER_OP({"igammac", &igammac, {{"input"}, {"other"}},
                "The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other), elementwise "
                "(torch.special.gammaincc); differentiable in other only.", kBoth,
                {"", "positive", kDiff | kIntegers | kFloatResult | kInplace}});
GG_REGISTER_OP({"_special_zeta", &_special_zeta, {{"input"}, {"other"}},
                "The Hurwitz zeta function ζ(input, other) = Σ_k (k + other)^-input, elementwise; differentiable in other only.",
                kFunction, {"", "positive", kDiff | kIntegers | kFloatResult}});
GG_REGISTER_OP({"copysign", &copysign, {{"input"}, {"other"}},
                "|input| with the sign of other, elementwise (the sign of -0.0 counts).", kBoth,
                {"np.copysign(x, y)", "nonzero", kDiff | kIntegers | kFloatResult | kInplace}});
GG_REGISTER_OP({"logaddexp", &logaddexp, {{"input"}, {"other"}},
                "log(exp(input) + exp(other)), elementwise, without overflow.", kBoth,
                {"np.logaddexp(x, y)", "real", kDiff | kIntegers | kFloatResult | kInplace}});
GG_REGISTER_OVERLOAD({"fmod", &with_number<fmod>});
GG_REGISTER_OP({"fmod", static_cast<TT>(&fmod), {{"input"}, {"other"}},
                "The remainder of input / other with the sign of input (C's fmod), elementwise.", kBoth,
                {"np.fmod(x, y)", "nonzero", kDiff | kIntegers | kInplace}});
GG_REGISTER_OVERLOAD({"remainder", &with_number<remainder>});
GG_REGISTER_OP({"remainder", static_cast<TT>(&remainder), {{"input"}, {"other"}},
                "The remainder of input / other with the sign of other (Python's %), elementwise.", kBoth,
                {"np.remainder(x, y)", "nonzero", kDiff | kIntegers | kInplace}});
GG_REGISTER_OVERLOAD({"floor_divide", &with_number<floor_divide>});
GG_REGISTER_OP({"floor_divide", static_cast<TT>(&floor_divide), {{"input"}, {"other"}},
                "floor(input / other), elementwise (Python's //; integers stay integers); its gradient is 0.", kBoth,
                {"np.floor_divide(x, y)", "nonzero", kDiff | kIntegers | kInplace}});

// Bitwise ops: integer and bool tensors only, tested in test_binary_math.py (the table's inputs are floats).
GG_REGISTER_OVERLOAD({"bitwise_and", &with_number<bitwise_and>});
GG_REGISTER_OP({"bitwise_and", static_cast<TT>(&bitwise_and), {{"input"}, {"other"}},
                "input & other, elementwise, for integer or bool tensors.", kBoth, {"", "real", kInplace}});
GG_REGISTER_OVERLOAD({"bitwise_or", &with_number<bitwise_or>});
GG_REGISTER_OP({"bitwise_or", static_cast<TT>(&bitwise_or), {{"input"}, {"other"}},
                "input | other, elementwise, for integer or bool tensors.", kBoth, {"", "real", kInplace}});
GG_REGISTER_OVERLOAD({"bitwise_xor", &with_number<bitwise_xor>});
GG_REGISTER_OP({"bitwise_xor", static_cast<TT>(&bitwise_xor), {{"input"}, {"other"}},
                "input ^ other, elementwise, for integer or bool tensors.", kBoth, {"", "real", kInplace}});
GG_REGISTER_OVERLOAD({"bitwise_left_shift", &with_number<bitwise_left_shift>});
GG_REGISTER_OP({"bitwise_left_shift", static_cast<TT>(&bitwise_left_shift), {{"input"}, {"other"}},
                "input << other, elementwise, for integer tensors (0 for shifts outside [0, 64)).", kBoth,
                {"", "real", kInplace}});
GG_REGISTER_OVERLOAD({"bitwise_right_shift", &with_number<bitwise_right_shift>});
GG_REGISTER_OP({"bitwise_right_shift", static_cast<TT>(&bitwise_right_shift), {{"input"}, {"other"}},
                "input >> other (arithmetic), elementwise, for integer tensors.", kBoth, {"", "real", kInplace}});
GG_REGISTER_OP({"bitwise_not", &bitwise_not, {{"input"}}, "~input, elementwise, for integer or bool tensors.", kBoth,
                {"", "real", kInplace}});
GG_REGISTER_OP({"logical_and", &logical_and, {{"input"}, {"other"}}, "True where both are nonzero (a bool tensor).",
                kBoth, {"np.logical_and(x, y)", "real", kIntegers}});
GG_REGISTER_OP({"logical_or", &logical_or, {{"input"}, {"other"}}, "True where either is nonzero (a bool tensor).",
                kBoth, {"np.logical_or(x, y)", "real", kIntegers}});
GG_REGISTER_OP({"logical_xor", &logical_xor, {{"input"}, {"other"}},
                "True where exactly one is nonzero (a bool tensor).", kBoth, {"np.logical_xor(x, y)", "real", kIntegers}});

GG_REGISTER_OP({"clamp", &clamp_bounds, {{"input"}, {"min", NoneDefault{}}, {"max", NoneDefault{}}},
                "Each element limited to [min, max] (numbers or tensors; either may be None); the gradient flows to "
                "input where it is inside, and to a tensor bound where that bound is the result.",
                kBoth, {"np.clip(x, -0.5, 0.7)", "real", kDiff | kInplace, "{'min': -0.5, 'max': 0.7}"}, {"clip"}});
GG_REGISTER_OVERLOAD({"where", static_cast<TTD>(&where)});
GG_REGISTER_OVERLOAD({"where", static_cast<Tensor (*)(const Tensor&, double, const Tensor&)>(&where)});
GG_REGISTER_OVERLOAD({"where", static_cast<TDD>(&where)});

}  // namespace gg
