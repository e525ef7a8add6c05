// Fills autograd's gradient arithmetic (autograd/grad_arith.h) with these ops.
#include "autograd/grad_arith.h"
#include "ops/ops.h"

namespace gg {

namespace {
Tensor add_tensors(const Tensor& a, const Tensor& b) { return add(a, b); }
bool has_nan(const Tensor& t) {
  const Tensor n = sum(to_dtype(compare(t, t, Cmp::Ne), DType::Int64));  // NaN is the value unequal to itself
  return n.contiguous_data().data<int64_t>()[0] > 0;
}

const bool installed = [] {
  GradArith a;
  a.add = &add_tensors;
  a.sum_to = &sum_to;
  a.cast = &to_dtype;
  a.contiguous = &contiguous;
  a.has_nan = &has_nan;
  set_grad_arith(a);
  return true;
}();
}  // namespace

}  // namespace gg
