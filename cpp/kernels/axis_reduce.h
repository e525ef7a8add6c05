// Reductions over the middle axis of a contiguous (outer, R, inner) block:
//   y[o, i] = reduce_r x[o, r, i].
// Float32 and float64 go to the SIMD kernels of reduce.h; the other dtypes run the loops here.
// Partitions are fixed for a given thread count, so results never depend on timing.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "core/parallel.h"
#include "core/wrap.h"
#include "kernels/reduce.h"

namespace gg::kernels {

template <class T>
constexpr bool kSimdReduced = std::is_same_v<T, float> || std::is_same_v<T, double>;

// The sum of an integer row in uint64 (wraps modulo 2^64 like NumPy and PyTorch, where signed
// overflow would be undefined behaviour).
template <class T>
uint64_t sum_contiguous(const T* x, int64_t n) {
  uint64_t acc = 0;
#pragma omp simd reduction(+ : acc)
  for (int64_t i = 0; i < n; ++i) acc += static_cast<uint64_t>(x[i]);
  return acc;
}

template <class T>
void sum_axis_integer(const T* x, T* y, int64_t outer, int64_t R, int64_t inner) {
  if (inner == 1 && outer == 1) {
    // The thread count is read once: the partition and the partial sums must agree on it.
    const int nt = threads_for(R, kGrainElementwise);
    std::vector<uint64_t> part(nt, 0);
    parallel_chunks(R, nt, [&](int c, int64_t b, int64_t e) { part[c] = sum_contiguous(x + b, e - b); });
    uint64_t t = 0;
    for (uint64_t p : part) t += p;
    y[0] = static_cast<T>(t);
    return;
  }
  if (inner == 1) {
    parallel_for(outer, std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(R, 1)), [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) y[o] = static_cast<T>(sum_contiguous(x + o * R, R));
    });
    return;
  }
  parallel_for(outer * inner, std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(R, 1)), [&](int64_t b, int64_t e) {
    // Split over (o, i) pairs; each run of consecutive i in one o is vectorized over r.
    int64_t p = b;
    while (p < e) {
      const int64_t o = p / inner, i0 = p % inner, i1 = std::min(inner, i0 + (e - p));
      T* yo = y + o * inner;
      for (int64_t i = i0; i < i1; ++i) yo[i] = 0;
      for (int64_t r = 0; r < R; ++r) {
        const T* xr = x + (o * R + r) * inner;
        for (int64_t i = i0; i < i1; ++i) yo[i] = wrap_add(yo[i], xr[i]);
      }
      p += i1 - i0;
    }
  });
}

// Max (Greater) or min along the middle axis, with the index of the first extreme; NaN wins,
// as in NumPy and PyTorch. `idx` may be null. One scalar pass per output (the integer dtypes).
template <class T, bool Greater>
void extreme_axis_integer(const T* x, T* y, int64_t* idx, int64_t outer, int64_t R, int64_t inner) {
  parallel_for(outer * inner, std::max<int64_t>(1, kGrainElementwise / std::max<int64_t>(R, 1)), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      const int64_t o = p / inner, i = p % inner;
      const T* xs = x + o * R * inner + i;
      T best = xs[0];
      int64_t bi = 0;
      for (int64_t r = 1; r < R && !std::isnan(best); ++r) {
        const T v = xs[r * inner];
        if (std::isnan(v) || (Greater ? v > best : v < best)) {
          best = v;
          bi = r;
        }
      }
      y[p] = best;
      if (idx) idx[p] = bi;
    }
  });
}

template <class T>
void sum_axis(const T* x, T* y, int64_t outer, int64_t R, int64_t inner) {
  if constexpr (kSimdReduced<T>) reduce_sum(x, y, outer, R, inner, false);
  else sum_axis_integer(x, y, outer, R, inner);
}

template <class T, bool Greater>
void extreme_axis(const T* x, T* y, int64_t* idx, int64_t outer, int64_t R, int64_t inner) {
  if constexpr (kSimdReduced<T>) reduce_extreme<T, Greater>(x, y, idx, outer, R, inner);
  else extreme_axis_integer<T, Greater>(x, y, idx, outer, R, inner);
}

}  // namespace gg::kernels
