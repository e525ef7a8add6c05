// The one elementwise map of the unary ops (elementwise.cpp, math_ops.cpp): out[i] = f(x[i]) in
// x's float dtype, f a generic lambda over the element type. Ops only.
#pragma once
#include "core/tensor.h"
#include "kernels/elementwise.h"

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

}  // namespace gg
