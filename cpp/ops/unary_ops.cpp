// Unary elementwise ops: one template runs the forward (a vectorized float32 kernel where there is
// one, else the element function over any layout), records one derivative rule for both modes,
// and the table in unary_ops.def instantiates and registers it per op. Ops with parameters
// (leaky_relu, softplus, clamp, pow by a number) call the same template.
#include "ops/unary_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/wrap.h"
#include "kernels/map.h"
#include "kernels/special_math.h"
#include "kernels/vmath.h"
#include "ops/binary_math.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

using namespace registry;

namespace {

// Rounding keeps integers as they are (a float round trip would lose int64 precision).
template <class T, class F>
T rounded(T v, F f) {
  if constexpr (std::is_integral_v<T>) return v;
  else return f(v);
}

template <class T>
T sigmoid_of(T v) {  // two branches keep exp from overflowing for large |v|
  if (v >= 0) return T(1) / (T(1) + std::exp(-v));
  const T e = std::exp(v);
  return e / (T(1) + e);
}

}  // namespace

namespace detail {

Tensor unary_forward(const char* op, const Tensor& x, const UnaryKernels& k) {
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  if (k.vec_run && x.dtype() == DType::Float32 && x.is_contiguous()) {
    const float* src = x.data<float>();
    float* dst = out.data<float>();
    parallel_for(x.numel(), kernels::kGrainVmath, [&](int64_t b, int64_t e) { k.vec_run(k.vec, src + b, dst + b, e - b); });
    return out;
  }
  if (k.i64 && x.dtype() == DType::Int64) {
    k.i64(k.f, x, out);
    return out;
  }
  // float16/bfloat16 were cast to float32 by unary_apply
  dispatch_float(x.dtype(), op, [&](auto tag) {
    (std::is_same_v<typename decltype(tag)::type, float> ? k.f32 : k.f64)(k.f, x, out);
  });
  return out;
}

Tensor unary_apply(const char* op, unsigned flags, const Tensor& x0, const UnaryKernels& k, Saves saves,
                   UnaryRuleRef rule_ref) {
  const bool to_float = (flags & registry::kFloatResult) != 0;
  const bool ints = (flags & registry::kIntegers) != 0;
  if (is_half(x0.dtype()))
    return in_float32(x0, [&](const Tensor& x) { return unary_apply(op, flags, x, k, saves, rule_ref); });
  const DType ct = compute_dtype(x0.dtype());
  Tensor as_float;  // an integer or bool x0 of an op with a float result, in float32
  if (!is_floating(x0.dtype())) {
    if (to_float) {
      as_float = x0.copy_data(DType::Float32);
    } else if (!ints || x0.dtype() == DType::Bool) {
      throw TypeError(msg(op, ": expected a floating-point", ints ? " or integer" : "", " tensor, got ",
                          dtype_name(x0.dtype())));
    } else if (ct != x0.dtype()) {
      return unary_forward(op, x0.copy_data(ct), k).copy_data(x0.dtype());
    }
  }
  const Tensor& x = as_float.defined() ? as_float : x0;  // (not a copy: two reference counts per op)
  Tensor out = unary_forward(op, x, k);
  if (!::gg::needs_autograd({&x})) return out;  // gg::, not detail's overloads
  SavedTensor sx = saves == Saves::X || saves == Saves::XY ? SavedTensor(x, false) : SavedTensor();
  SavedTensor so = saves == Saves::Y || saves == Saves::XY ? SavedTensor(out, true) : SavedTensor();
  // The rule is made once and moved into the node; the tangent rule, called (if at all) within
  // record(), reads the op's own rule object and x and out by reference: each copy of a
  // std::function or a Tensor handle here was paid by every op on the scalar path.
  return ::gg::record(op, out, {&x},
                      [sx = std::move(sx), so = std::move(so), rule = rule_ref.make(rule_ref.rule)](const Tensor& g, Node& self) {
                        InputGrads r;
                        r.push_back(rule(g, sx.unpack(&self), so.unpack(&self)));
                        return r;
                      },
                      [&x, &out, rule_ref](const Tangents& t) { return rule_ref.make(rule_ref.rule)(t[0], x, out); });
}

}  // namespace detail

#define GG_UNARY(name, flags, forward, rule, saves, vec, ref, domain, doc)                                     \
  Tensor name(const Tensor& x) {                                                                             \
    return unary_op<flags>(#name, x, [](auto v) { using T = decltype(v); (void)sizeof(T); return forward; }, \
                           vec, Saves::saves,                                                                \
                           [](const Tensor& g, const Tensor& x, const Tensor& y) { (void)x; (void)y; return rule; }); \
  }                                                                                                          \
  GG_REGISTER_OP({#name, &name, {{"input"}}, doc, #name[0] == '_' ? kFunction : kBoth, {ref, domain, (flags) | (#name[0] == '_' ? 0u : unsigned{kInplace})}});
#include "ops/unary_ops.def"
#undef GG_UNARY

// ---- unary ops with parameters ----

Tensor leaky_relu(const Tensor& x, double slope) {
  // max(v, 0) + slope * min(v, 0), not `v > 0 ? v : slope * v`: GCC does not speculate the
  // multiply of one arm (it might trap, -ftrapping-math), so that select stayed a branch per
  // element (7 ms for 1M random floats against 0.3 ms). The same values (NaN and -0.0 too) for
  // a finite slope; an infinite or NaN one (0 * slope is NaN) takes the select as ops.
  if (!std::isfinite(slope)) return where(compare(x, 0.0, Cmp::Gt), x, mul(x, slope));
  return unary_op<kDiff>("leaky_relu", x,
                         [slope](auto v) {
                           using T = decltype(v);
                           return std::max(v, T(0)) + static_cast<T>(slope) * std::min(v, T(0));
                         },
                         nullptr, Saves::X, [slope](const Tensor& g, const Tensor& x, const Tensor&) {
                           return mul(g, where(compare(x, 0.0, Cmp::Gt), scalar_like(x, 1.0), scalar_like(x, slope)));
                         });
}
GG_REGISTER_OP({"leaky_relu", &leaky_relu, {{"input"}, {"negative_slope", 0.01}},
                "input where it is positive, negative_slope * input elsewhere.", kFunction,
                {"np.where(x > 0, x, 0.1 * x)", "nonzero", kDiff, "{'negative_slope': 0.1}"}});

Tensor _polygamma(const Tensor& x, int64_t n) {
  if (n < 0) throw ValueError(msg("polygamma: n must be a non-negative integer, got ", n));
  // n! overflows double beyond n = 170 (the result is then ±inf or nan), so capping the order that
  // reaches the int kernel changes no result.
  const int order = static_cast<int>(std::min<int64_t>(n, 1 << 20));
  return unary_op<kDiff | kIntegers | kFloatResult>(
      "polygamma", x, [order](auto v) { using T = decltype(v); return T(kernels::special::polygamma(order, double(v))); },
      nullptr, Saves::X, [n](const Tensor& g, const Tensor& x, const Tensor&) { return mul(g, _polygamma(x, n + 1)); });
}
GG_REGISTER_OP({"_polygamma", &_polygamma, {{"input"}, {"n"}},
                "ψ⁽ⁿ⁾(input), the n-th derivative of digamma (n = 0: digamma), elementwise.", kFunction,
                {"", "positive", kDiff, "{'n': 1}"}});

Tensor softplus(const Tensor& x, double beta, double threshold) {
  if (!(beta > 0)) throw ValueError(msg("softplus: beta must be positive, got ", beta));
  // (log(1 + e^{-|βx|}) + max(βx, 0)) / β never overflows; above the threshold it is x itself.
  const auto* k = &kernels::vmath();
  const float bf = static_cast<float>(beta), tf = static_cast<float>(threshold);
  return unary_op<kDiff | kIntegers | kFloatResult>(
      "softplus", x,
      [beta, threshold](auto v) {
        using T = decltype(v);
        const T bx = T(beta) * v;
        return bx > T(threshold) ? v : (std::log1p(std::exp(-std::abs(bx))) + std::max(bx, T(0))) / T(beta);
      },
      [k, bf, tf](const float* src, float* dst, int64_t n) { k->softplus(src, dst, n, bf, tf); }, Saves::X, [beta, threshold](const Tensor& g, const Tensor& x, const Tensor&) {
        const Tensor bx = mul(x, beta);
        return mul(g, where(compare(bx, threshold, Cmp::Gt), scalar_like(x, 1.0), sigmoid(bx)));
      });
}
GG_REGISTER_OP({"softplus", &softplus, {{"input"}, {"beta", 1.0}, {"threshold", 20.0}},
                "log(1 + e^(beta * input)) / beta, elementwise; input itself where beta * input > threshold.",
                kFunction, {"np.log1p(np.exp(x))", "real"}});

Tensor clamp(const Tensor& x, std::optional<double> lo, std::optional<double> hi) {
  if (lo && hi && *lo > *hi) throw ValueError(msg("clamp: min ", *lo, " is greater than max ", *hi));
  const double l = lo.value_or(-INFINITY), h = hi.value_or(INFINITY);
  return unary_op<kDiff | kIntegers>(
      "clamp", x,
      [l, h](auto v) {
        using T = decltype(v);
        if constexpr (std::is_integral_v<T>) {  // compared as doubles: an absent (infinite) bound never casts
          const double d = static_cast<double>(v);
          return d < l ? T(l) : (d > h ? T(h) : v);
        } else {
          // A NaN input passes through; a NaN bound makes every result NaN (PyTorch's min(max(x, lo), hi)).
          const T r = (v < T(l) || l != l) ? T(l) : v;
          return (r > T(h) || h != h) ? T(h) : r;
        }
      },
      nullptr, Saves::X, [l, h](const Tensor& g, const Tensor& x, const Tensor&) {
        // The gradient flows where the result follows x: inside [lo, hi].
        const Tensor z = scalar_like(g, 0.0);
        return where(compare(x, l, Cmp::Ge), where(compare(x, h, Cmp::Le), g, z), z);
      });
}
// Registered with its tensor-bound form (binary_math.cpp).

Tensor pow(const Tensor& x, double p) {
  // An integer x to a float power is float32, as PyTorch (int ** int: binary_math.h's pow_int).
  if (!is_floating(x.dtype())) return pow(x, Tensor::scalar(p, DType::Float32));
  if (p == 2.0) {
    // The square (the lecture's x ** 2) records its own node, which saves x alone: through the
    // generic unary op (type-erased rule, an empty saved output) a scalar's took 552 instructions
    // instead of 391.
    if (is_half(x.dtype())) return in_float32(x, [](const Tensor& x32) { return pow(x32, 2.0); });
    Tensor out = unary_map<false>("pow", x, [](auto v) { return v * v; }, nullptr);
    if (!needs_autograd({&x})) return out;
    return record("pow", std::move(out), {&x}, [sx = SavedTensor(x, false)](const Tensor& g, Node& self) {
      InputGrads r;
      r.push_back(mul_scaled(g, sx.unpack(&self), 2.0));
      return r;
    }, [&x](const Tangents& t) { return mul_scaled(t[0], x, 2.0); });
  }
  return unary_op<kDiff | kIntegers | kFloatResult>(
      "pow", x, [p](auto v) { return std::pow(v, static_cast<decltype(v)>(p)); }, nullptr, Saves::X,
      [p](const Tensor& g, const Tensor& x, const Tensor&) {
        // p x^(p-1); PyTorch's gradient of x^0 is 0 everywhere (also at x = 0). Registered with
        // the tensor-exponent pow (binary_math.cpp).
        return p == 0.0 ? zeros_like(g) : mul_scaled(g, pow(x, p - 1.0), p);
      });
}
}  // namespace gg
