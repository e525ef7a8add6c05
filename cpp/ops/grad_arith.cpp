// Fills autograd's gradient arithmetic (autograd/grad_arith.h) with these ops.
#include "autograd/grad_arith.h"
#include "core/parallel.h"
#include "kernels/map.h"
#include "ops/ops.h"

namespace gg {

namespace {
Tensor add_tensors(const Tensor& a, const Tensor& b) { return add(a, b); }
// Both contiguous, of one shape and dtype, float32 or float64 (the engine's grows_in_place): below
// the threading grain one plain loop, without map2's layout bookkeeping (most of the cost of a
// scalar's sum), and without a dtype dispatch whose error paths cost the scalar's sum a stack frame.
template <class T>
[[gnu::noinline]] void add_into_parallel(const Tensor& acc, const Tensor& g) {
  kernels::map2(acc.data<T>(), acc.shape(), acc.data<T>(), acc.strides(), g.data<T>(), g.strides(),
                [](T x, T y) { return x + y; });
}
template <class T>
void add_into_as(const Tensor& acc, const Tensor& g) {
  const int64_t n = acc.numel();
  if (n >= kGrainElementwise) return add_into_parallel<T>(acc, g);
  T* p = acc.data<T>();
  const T* q = g.data<T>();
  for (int64_t i = 0; i < n; ++i) p[i] += q[i];
}
void add_into(const Tensor& acc, const Tensor& g) {
  if (acc.dtype() == DType::Float64) add_into_as<double>(acc, g);
  else add_into_as<float>(acc, g);
  acc.bump_version();
}
bool has_nan(const Tensor& t) {
  const Tensor n = sum(to_dtype(compare(t, t, Cmp::Ne), DType::Int64));  // NaN is the value unequal to itself
  return n.contiguous_data().data<int64_t>()[0] > 0;
}

const bool installed = [] {
  GradArith a;
  a.add = &add_tensors;
  a.add_into = &add_into;
  a.sum_to = &sum_to;
  a.cast = &to_dtype;
  a.contiguous = &contiguous;
  a.has_nan = &has_nan;
  set_grad_arith(a);
  return true;
}();
}  // namespace

}  // namespace gg
