// im2col / col2im for one sample, one group of a convolution (see conv.h) and one block [o0, o1)
// of its flat output positions. The block's columns are (Cg * kD * kH * kW) rows of o1 - o0: row
// (c, r) holds x[c, o*s + r*d - p] for every output position o of the block, zero where the
// window leaves the input. The loops (cols_rows.h) are compiled once per ISA; im2col_loops()
// hands out the level's copy.
#pragma once
#include <algorithm>
#include <cstdint>

#include "kernels/conv/conv.h"

namespace gg::kernels::detail {

// The outputs o in [lo, hi) of n_out whose input o * s + off lies in [0, n_in).
inline void valid_range(int64_t off, int64_t s, int64_t n_in, int64_t n_out, int64_t& lo, int64_t& hi) {
  lo = off >= 0 ? 0 : (-off + s - 1) / s;
  hi = off >= n_in ? 0 : (n_in - 1 - off) / s + 1;
  lo = std::min(lo, n_out);
  hi = std::clamp(hi, lo, n_out);
}

// The sum of x[0, n), in 16-byte lanes (summed in a fixed order: the same for any thread count).
template <class T>
inline T row_sum(const T* x, int64_t n) {
  typedef T V __attribute__((vector_size(16), aligned(alignof(T))));
  constexpr int64_t L = 16 / sizeof(T);
  V acc{};
  int64_t i = 0;
  for (; i + L <= n; i += L) acc += *reinterpret_cast<const V*>(x + i);
  T s = 0;
  for (int64_t l = 0; l < L; ++l) s += acc[l];
  for (; i < n; ++i) s += x[i];
  return s;
}

// Elements a buffer of columns needs past the block's: im2col writes whole vectors (cols_rows.h).
template <class T>
constexpr int64_t kColsSlack = 64 / sizeof(T);

// One ISA's im2col and col2im for one element type.
template <class T>
struct Im2colLoops {
  // cols = the block's columns from x (Cg, in); cols has kColsSlack<T> elements of slack.
  void (*im2col)(const ConvGeom& g, int64_t Cg, const T* x, int64_t o0, int64_t o1, T* cols);
  // x (Cg, in) += the block's columns, back at the positions they were read from.
  void (*col2im_add)(const ConvGeom& g, int64_t Cg, const T* cols, int64_t o0, int64_t o1, T* x);
};

// Each ISA's loops, chosen by the argument's type (its value is unused).
Im2colLoops<float> im2col_loops_generic(float);
Im2colLoops<double> im2col_loops_generic(double);
#if GG_X86
Im2colLoops<float> im2col_loops_avx2(float);
Im2colLoops<double> im2col_loops_avx2(double);
Im2colLoops<float> im2col_loops_avx512(float);
Im2colLoops<double> im2col_loops_avx512(double);
#endif

// The loops of the level kernels/isa.h chose (read per call: a forced level applies at once).
template <class T>
Im2colLoops<T> im2col_loops();

}  // namespace gg::kernels::detail
