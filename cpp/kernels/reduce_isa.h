// Internal interface between reduce.cpp (blocking, threading, the combination of partial results)
// and the per-ISA loops (reduce_impl.h compiled once per instruction set: reduce_generic.cpp,
// reduce_avx2.cpp, reduce_avx512.cpp). Each loop is one serial pass in the lanes of its level.
#pragma once
#include <cstdint>

namespace gg::kernels::reduce_detail {

template <class T>
struct ReduceLoops {
  // Σ x[i] (sumsq: Σ x[i]²) over i < n in vector lanes, added in a fixed order.
  double (*sum)(const T* x, int64_t n);
  double (*sumsq)(const T* x, int64_t n);
  // acc[i] += Σ_{r < R} x[r ld + i] (sumsq_cols: of x²) for i < w, each column in one lane of T.
  void (*sum_cols)(const T* x, int64_t R, int64_t ld, int64_t w, double* acc);
  void (*sumsq_cols)(const T* x, int64_t R, int64_t ld, int64_t w, double* acc);
  // The maximum / minimum of x[0..n), n >= 1; NaN if any element is NaN.
  T (*max)(const T* x, int64_t n);
  T (*min)(const T* x, int64_t n);
  // The first i < n with x[i] == v (x[i] NaN when v is); n if none.
  int64_t (*find)(const T* x, int64_t n, T v);
  // best[i] = the extreme of best[i] and x[r ld + i] over r < R (NaN wins, and stays).
  void (*max_cols)(const T* x, int64_t R, int64_t ld, int64_t w, T* best);
  void (*min_cols)(const T* x, int64_t R, int64_t ld, int64_t w, T* best);
  // The same, with idx[i] the row (numbered r0 + r) of best[i], replaced only by a row strictly
  // beyond it or by the first NaN; R <= 2^24 (row numbers pass through lanes of T).
  void (*argmax_cols)(const T* x, int64_t R, int64_t ld, int64_t w, int64_t r0, T* best, int64_t* idx);
  void (*argmin_cols)(const T* x, int64_t R, int64_t ld, int64_t w, int64_t r0, T* best, int64_t* idx);
};

struct IsaLoops {
  const char* name;
  ReduceLoops<float> f32;
  ReduceLoops<double> f64;
};

IsaLoops loops_generic();
#ifdef GG_X86
IsaLoops loops_avx2();
IsaLoops loops_avx512();
#endif

}  // namespace gg::kernels::reduce_detail
