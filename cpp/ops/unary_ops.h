// The one template of the unary elementwise ops (unary_ops.cpp and its table unary_ops.def):
// the forward, and one derivative rule recorded for both modes. Ops only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>

#include "core/error.h"
#include "core/parallel.h"
#include "kernels/map.h"
#include "kernels/vmath.h"
#include "ops/half_compute.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

// What backward keeps: the input, the output, both or neither.
enum class Saves { NONE, X, Y, XY };

namespace detail {

// One op's forward, type-erased for the drivers below (compiled once, in unary_ops.cpp): its
// element function `f` with its loop per compute dtype (null: the op does not take integers),
// and its contiguous float32 array kernel (null: none). Only these loops are templates per op:
// the dtype policy, the threads and the recording, inlined into every op, made unary_ops.cpp
// one of the slowest units of the build (issue 20).
using UnaryLoop = void (*)(const void* f, const Tensor& x, const Tensor& out);
using UnaryVec = void (*)(const void* vec, const float* src, float* dst, int64_t n);
struct UnaryKernels {
  const void* f;
  UnaryLoop f32, f64, i64;
  const void* vec;
  UnaryVec vec_run;
};
// The derivative rule, made into a std::function only when the op records (the op's own rule
// object, and the function that copies it into one).
using UnaryRule = std::function<Tensor(const Tensor& g, const Tensor& x, const Tensor& y)>;
struct UnaryRuleRef {
  const void* rule;
  UnaryRule (*make)(const void* rule);
};

Tensor unary_forward(const char* op, const Tensor& x, const UnaryKernels& k);
Tensor unary_apply(const char* op, unsigned flags, const Tensor& x, const UnaryKernels& k, Saves saves,
                   UnaryRuleRef rule);

template <class Rule>
UnaryRule make_rule(const void* rule) {
  return *static_cast<const Rule*>(rule);
}

template <class T, class F>
void unary_loop(const void* fp, const Tensor& x, const Tensor& out) {
  const F& f = *static_cast<const F*>(fp);
  if (x.numel() == 1) {  // a scalar: map1's layout bookkeeping cost more than the op
    *out.data<T>() = static_cast<T>(f(*x.data<T>()));
    return;
  }
  kernels::map1(out.data<T>(), x.shape(), x.data<T>(), x.strides(), [f](T v) { return static_cast<T>(f(v)); });
}

template <class V>
void unary_vec(const void* vec, const float* src, float* dst, int64_t n) {
  (*static_cast<const V*>(vec))(src, dst, n);
}

template <bool Ints, class F, class V>
UnaryKernels unary_kernels(const F& f, const V& vec) {
  UnaryKernels k{&f, &unary_loop<float, F>, &unary_loop<double, F>, nullptr, &vec, nullptr};
  if constexpr (Ints) k.i64 = &unary_loop<int64_t, F>;
  if constexpr (std::is_pointer_v<V>) k.vec_run = vec != nullptr ? &unary_vec<V> : nullptr;
  else if constexpr (!std::is_same_v<V, std::nullptr_t>) k.vec_run = &unary_vec<V>;
  return k;
}

}  // namespace detail

// The forward alone: out[i] = f(x[i]) for x of a floating dtype (and int64 with Ints). `vec`
// computes contiguous float32 arrays in one call (a function pointer of kernels/vmath.h's table,
// a callable, or nullptr for none).
template <bool Ints, class F, class V>
Tensor unary_map(const char* op, const Tensor& x, F f, V vec) {
  return detail::unary_forward(op, x, detail::unary_kernels<Ints>(f, vec));
}

// out[i] = f(x[i]); `vec` (if any) computes contiguous float32 arrays in one call. `rule(g, x, y)`
// is the input's gradient from the output's gradient g, written with ops and linear in g, so it
// also maps an input tangent to the output's and records a graph under create_graph. Flags
// (registry::TestFlags) fix the dtype policy: kIntegers accepts int64 (kept, or computed in
// float32 with kFloatResult, which also takes bool, as PyTorch). Storage dtypes compute in their
// compute dtype: integers in int64, narrowed back (wrapping); float16/bfloat16 through a
// differentiable cast to float32 and back (so their gradients are float16/bfloat16 too).
template <unsigned Flags, class F, class V, class Rule>
Tensor unary_op(const char* op, const Tensor& x, F f, V vec, Saves saves, Rule rule) {
  constexpr bool int_loop = (Flags & registry::kIntegers) && !(Flags & registry::kFloatResult);
  return detail::unary_apply(op, Flags, x, detail::unary_kernels<int_loop>(f, vec), saves,
                             {&rule, &detail::make_rule<Rule>});
}

}  // namespace gg
