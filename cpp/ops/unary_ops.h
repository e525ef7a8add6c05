// The one template of the unary elementwise ops (unary_ops.cpp and its table unary_ops.def):
// the forward, and one derivative rule recorded for both modes. Ops only.
#pragma once
#include <cstddef>
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

// The forward alone: out[i] = f(x[i]) for x of a floating dtype (and int64 with Ints). `vec`
// computes contiguous float32 arrays in one call (a function pointer of kernels/vmath.h's table,
// a callable, or nullptr for none).
template <bool Ints, class F, class V>
Tensor unary_map(const char* op, const Tensor& x, F f, V vec) {
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  bool vectorized = false;
  if constexpr (!std::is_same_v<V, std::nullptr_t>) {
    if constexpr (std::is_pointer_v<V>) vectorized = vec != nullptr;
    else vectorized = true;
  }
  if (vectorized && x.dtype() == DType::Float32 && x.is_contiguous()) {
    if constexpr (!std::is_same_v<V, std::nullptr_t>) {
      const float* src = x.data<float>();
      float* dst = out.data<float>();
      parallel_for(x.numel(), kernels::kGrainVmath, [&](int64_t b, int64_t e) { vec(src + b, dst + b, e - b); });
    }
    return out;
  }
  auto run = [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::map1(out.data<T>(), x.shape(), x.data<T>(), x.strides(), [f](T v) { return static_cast<T>(f(v)); });
  };
  if constexpr (Ints) {
    if (x.dtype() == DType::Int64) {
      run(Tag<int64_t>{});
      return out;
    }
  }
  dispatch_float(x.dtype(), op, run);  // float16/bfloat16 were cast to float32 by unary_op
  return out;
}

// out[i] = f(x[i]); `vec` (if any) computes contiguous float32 arrays in one call. `rule(g, x, y)`
// is the input's gradient from the output's gradient g, written with ops and linear in g, so it
// also maps an input tangent to the output's and records a graph under create_graph. Flags
// (registry::TestFlags) fix the dtype policy: kIntegers accepts int64 (kept, or computed in
// float32 with kFloatResult, which also takes bool, as PyTorch). Storage dtypes compute in their
// compute dtype: integers in int64, narrowed back (wrapping); float16/bfloat16 through a
// differentiable cast to float32 and back (so their gradients are float16/bfloat16 too).
template <unsigned Flags, class F, class V, class Rule>
Tensor unary_op(const char* op, const Tensor& x0, F f, V vec, Saves saves, Rule rule) {
  constexpr bool to_float = (Flags & registry::kFloatResult) != 0;
  constexpr bool ints = (Flags & registry::kIntegers) != 0;
  if (is_half(x0.dtype()))
    return in_float32(x0, [&](const Tensor& x) { return unary_op<Flags>(op, x, f, vec, saves, rule); });
  const DType ct = compute_dtype(x0.dtype());
  Tensor x = x0;
  if (!is_floating(x0.dtype())) {
    if constexpr (to_float) {
      x = x0.copy_data(DType::Float32);
    } else if (!ints || x0.dtype() == DType::Bool) {
      throw TypeError(msg(op, ": expected a floating-point", ints ? " or integer" : "", " tensor, got ",
                          dtype_name(x0.dtype())));
    } else if (ct != x0.dtype()) {
      return unary_map<true>(op, x0.copy_data(ct), f, vec).copy_data(x0.dtype());
    }
  }
  Tensor out = unary_map<ints && !to_float>(op, x, f, vec);
  if (!needs_autograd({&x})) return out;
  const SavedTensor sx = saves == Saves::X || saves == Saves::XY ? SavedTensor(x, false) : SavedTensor();
  const SavedTensor so = saves == Saves::Y || saves == Saves::XY ? SavedTensor(out, true) : SavedTensor();
  return record(op, out, {&x}, [sx, so, rule](const Tensor& g, Node& self) {
    return std::vector<Tensor>{rule(g, sx.unpack(&self), so.unpack(&self))};
  }, [x, out, rule](const Tangents& t) { return rule(t[0], x, out); });
}

}  // namespace gg
