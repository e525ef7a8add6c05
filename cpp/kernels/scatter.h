// Gather and scatter along one axis, on strided memory (element strides):
//   gather:  out[p] = x[p with p[dim] replaced by index[p]]            for every position p of index
//   scatter: out[p with p[dim] replaced by index[p]] (op)= src[p]      likewise
// Indices are in range (the op checks them). A gather writes each output once: threads split the
// positions. A scatter runs serially in index order, so repeated indices accumulate (or, for
// Assign, the last write wins) the same way every time.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/strided_loop.h"
#include "core/wrap.h"
#include "kernels/scan.h"

namespace gg::kernels {

enum class Reduce { Assign, Sum, Prod, Max, Min };

// Operand strides over index's shape: `strides` with the dim axis's stride taken out (0), in bytes.
inline Shape without_axis(Shape strides, int64_t dim, size_t item) {
  strides[dim] = 0;
  return byte_strides(strides, item);
}

template <class T>
void gather_axis(const T* x, const Shape& x_strides, int64_t dim, const int64_t* index, const Shape& index_strides,
                 T* out, const Shape& shape) {
  const int64_t step = x_strides[dim];
  const std::array<char*, 3> base{reinterpret_cast<char*>(out), reinterpret_cast<char*>(const_cast<int64_t*>(index)),
                                  reinterpret_cast<char*>(const_cast<T*>(x))};
  const std::array<Shape, 3> st{byte_strides(contiguous_strides(shape), sizeof(T)),
                                byte_strides(index_strides, sizeof(int64_t)), without_axis(x_strides, dim, sizeof(T))};
  for_each_strided<3>(shape, base, st, [step](std::array<char*, 3> p, const std::array<int64_t, 3>& s, int64_t n) {
    for (int64_t k = 0; k < n; ++k) {
      const int64_t i = *reinterpret_cast<const int64_t*>(p[1] + k * s[1]);
      *reinterpret_cast<T*>(p[0] + k * s[0]) = reinterpret_cast<const T*>(p[2] + k * s[2])[i * step];
    }
  });
}

template <class T>
T reduce_one(T d, T v, Reduce op) {
  switch (op) {
    case Reduce::Assign: return v;
    case Reduce::Sum: return wrap_add(d, v);
    case Reduce::Prod: return wrap_mul(d, v);
    case Reduce::Max: return is_nan(d) || is_nan(v) ? (is_nan(d) ? d : v) : (v > d ? v : d);
    case Reduce::Min: return is_nan(d) || is_nan(v) ? (is_nan(d) ? d : v) : (v < d ? v : d);
  }
  return v;
}

template <class T>
void scatter_axis(T* out, const Shape& out_strides, int64_t dim, const int64_t* index, const Shape& index_strides,
                  const T* src, const Shape& src_strides, const Shape& shape, Reduce op) {
  const int64_t step = out_strides[dim];
  const std::array<char*, 3> base{reinterpret_cast<char*>(out), reinterpret_cast<char*>(const_cast<int64_t*>(index)),
                                  reinterpret_cast<char*>(const_cast<T*>(src))};
  const std::array<Shape, 3> st{without_axis(out_strides, dim, sizeof(T)), byte_strides(index_strides, sizeof(int64_t)),
                                byte_strides(src_strides, sizeof(T))};
  for_each_strided<3>(shape, base, st, [step, op](std::array<char*, 3> p, const std::array<int64_t, 3>& s, int64_t n) {
    for (int64_t k = 0; k < n; ++k) {
      const int64_t i = *reinterpret_cast<const int64_t*>(p[1] + k * s[1]);
      T& d = reinterpret_cast<T*>(p[0] + k * s[0])[i * step];
      d = reduce_one(d, *reinterpret_cast<const T*>(p[2] + k * s[2]), op);
    }
  }, std::numeric_limits<int64_t>::max());
}

// out /= count where count > 0 (scatter_reduce's mean; integers round toward -inf, as PyTorch).
template <class T>
void divide_by_count(T* out, const int64_t* count, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (count[i] <= 0) continue;
    if constexpr (std::is_floating_point_v<T>) {
      out[i] = out[i] / static_cast<T>(count[i]);
    } else if constexpr (!std::is_same_v<T, bool>) {
      const T q = out[i] / count[i];
      out[i] = (q * count[i] != out[i] && (out[i] < 0)) ? q - 1 : q;
    }
  }
}

}  // namespace gg::kernels
