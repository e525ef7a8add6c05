// The one elementwise map of the unary ops (elementwise.cpp, math_ops.cpp): out[i] = f(x[i]) in
// x's float dtype, f a generic lambda over the element type. Ops only.
#pragma once
#include "core/tensor.h"
#include "core/parallel.h"
#include "kernels/elementwise.h"
#include "kernels/vmath.h"

namespace gg {

template <class F>
Tensor unary(const char* op, const Tensor& x, F f) {
  return dispatch_float(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    Tensor out = Tensor::empty(x.shape(), x.dtype());
    kernels::map1(out.data<T>(), x.shape(), x.data<T>(), x.strides(), [f](T v) { return static_cast<T>(f(v)); });
    return out;
  });
}

// Contiguous float32 through a vectorized array kernel (kernels/vmath.h), anything else through
// the scalar function f.
template <class A, class F>
Tensor unary_vmath(const char* op, const Tensor& x, A array, F f) {
  if (x.dtype() != DType::Float32 || !x.is_contiguous()) return unary(op, x, f);
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  const float* src = x.data<float>();
  float* dst = out.data<float>();
  parallel_for(x.numel(), kGrainElementwise, [&](int64_t b, int64_t e) { array(src + b, dst + b, e - b); });
  return out;
}

}  // namespace gg
