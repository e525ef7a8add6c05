// Reductions over the middle axis of a contiguous (outer, R, inner) block:
//   y[o, i] = reduce_r x[o, r, i].
// Partitions are fixed for a given thread count, so results never depend on timing. Float sums
// run in vector lanes within blocks and add the blocks in double: NumPy-like accuracy at
// bandwidth speed.
#pragma once
#include <cmath>
#include <limits>
#include <vector>

#include "core/parallel.h"

namespace gg::kernels {

template <class T>
double sum_contiguous(const T* x, int64_t n) {
  constexpr int64_t kBlock = 4096;
  double total = 0;
  for (int64_t b = 0; b < n; b += kBlock) {
    const int64_t e = std::min(n, b + kBlock);
    T acc = 0;
#pragma omp simd reduction(+ : acc)
    for (int64_t i = b; i < e; ++i) acc += x[i];
    total += acc;
  }
  return total;
}

template <class T>
void sum_axis(const T* x, T* y, int64_t outer, int64_t R, int64_t inner) {
  if (inner == 1 && outer == 1) {
    const int nt = threads_for(R, kGrainElementwise);
    std::vector<double> part(nt, 0.0);
    const int64_t chunk = chunk_size(R, nt);
    parallel_for(R, kGrainElementwise, [&](int64_t b, int64_t e) { part[b / chunk] = sum_contiguous(x + b, e - b); });
    double t = 0;
    for (double p : part) t += p;
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
        for (int64_t i = i0; i < i1; ++i) yo[i] += xr[i];
      }
      p += i1 - i0;
    }
  });
}

// Max (Greater) or min along the middle axis, with the index of the first extreme; NaN wins,
// as in NumPy and PyTorch. `idx` may be null.
template <class T, bool Greater>
void extreme_axis(const T* x, T* y, int64_t* idx, int64_t outer, int64_t R, int64_t inner) {
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

}  // namespace gg::kernels
