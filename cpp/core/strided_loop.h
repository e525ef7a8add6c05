// The one strided loop behind every elementwise kernel and tensor copy (core: the kernels build on it): K operands (operand 0 is written), each
// with its own byte strides over a common shape (0 on broadcast axes). Axes that are contiguous
// in every operand are merged first, so contiguous and broadcast-scalar cases reach the inner
// loop as one long run that the compiler vectorizes. Parallel above a size threshold, with one
// contiguous chunk of the flattened index space per thread.
#pragma once
#include <array>
#include <cstdint>

#include "core/parallel.h"
#include "core/shape.h"

namespace gg {

template <size_t K>
struct Strided {
  Shape shape;
  std::array<Shape, K> strides;  // bytes
};

template <size_t K>
Strided<K> coalesce(const Shape& shape, const std::array<Shape, K>& strides) {
  Strided<K> out;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    const size_t m = out.shape.size();
    bool merge = m > 0;
    for (size_t k = 0; k < K && merge; ++k) merge = out.strides[k][m - 1] == strides[k][d] * shape[d];
    if (merge) {
      out.shape[m - 1] *= shape[d];
      for (size_t k = 0; k < K; ++k) out.strides[k][m - 1] = strides[k][d];
    } else {
      out.shape.push_back(shape[d]);
      for (size_t k = 0; k < K; ++k) out.strides[k].push_back(strides[k][d]);
    }
  }
  if (out.shape.empty()) {
    out.shape.push_back(1);
    for (size_t k = 0; k < K; ++k) out.strides[k].push_back(0);
  }
  return out;
}

// inner(ptrs, inner_strides_in_bytes, n) processes n elements of the innermost axis.
template <size_t K, class Inner>
void for_each_strided(const Shape& shape, std::array<char*, K> base, const std::array<Shape, K>& byte_strides,
                      Inner&& inner, int64_t grain = kGrainElementwise) {
  const Strided<K> s = coalesce<K>(shape, byte_strides);
  const int64_t total = numel_of(s.shape);
  if (total == 0) return;
  const size_t nd = s.shape.size();
  const int64_t row = s.shape[nd - 1];
  std::array<int64_t, K> inner_st;
  for (size_t k = 0; k < K; ++k) inner_st[k] = s.strides[k][nd - 1];
  parallel_for(total, grain, [&](int64_t b, int64_t e) {
    Shape idx(nd);
    int64_t rem = b;
    for (size_t d = nd; d-- > 0;) {
      idx[d] = rem % s.shape[d];
      rem /= s.shape[d];
    }
    while (b < e) {
      std::array<char*, K> p;
      for (size_t k = 0; k < K; ++k) {
        p[k] = base[k];
        for (size_t d = 0; d < nd; ++d) p[k] += idx[d] * s.strides[k][d];
      }
      const int64_t n = std::min(row - idx[nd - 1], e - b);
      inner(p, inner_st, n);
      b += n;
      idx[nd - 1] += n;
      for (size_t d = nd - 1; d > 0 && idx[d] == s.shape[d]; --d) {
        idx[d] = 0;
        ++idx[d - 1];
      }
    }
  });
}

// Element strides -> byte strides.
inline Shape byte_strides(const Shape& strides, size_t itemsize) {
  Shape b(strides);
  for (auto& x : b) x *= static_cast<int64_t>(itemsize);
  return b;
}

}  // namespace gg
