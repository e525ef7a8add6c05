#include "core/overlap.h"

#include <cstdint>
#include <utility>

#include "core/error.h"

namespace gg {

namespace {

// [first, last) byte addresses t's elements can touch; empty for an empty tensor.
std::pair<uintptr_t, uintptr_t> extent(const Tensor& t) {
  if (t.numel() == 0) return {0, 0};
  const int64_t item = static_cast<int64_t>(itemsize(t.dtype()));
  int64_t lo = 0, hi = 0;  // element offsets from raw_data(); in range for any tensor made by check_shape
  for (int64_t d = 0; d < t.dim(); ++d) {
    const int64_t span = (t.shape()[d] - 1) * t.strides()[d];
    (span < 0 ? lo : hi) += span;
  }
  const auto base = reinterpret_cast<uintptr_t>(t.raw_data());
  return {base + lo * item, base + (hi + 1) * item};
}

}  // namespace

bool may_overlap(const Tensor& a, const Tensor& b) {
  const auto [a0, a1] = extent(a);
  const auto [b0, b1] = extent(b);
  return a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1;
}

bool has_internal_overlap(const Tensor& t) {
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.shape()[d] > 1 && t.strides()[d] == 0) return true;
  return false;
}

void check_no_internal_overlap(const Tensor& t, const char* op) {
  if (has_internal_overlap(t))
    throw GraphError(msg(op, ": unsupported operation: more than one element of the written-to tensor of shape ",
                         shape_str(t.shape()), " refers to a single memory location (an expanded view); "
                         "clone() it first"));
}

}  // namespace gg
