// im2col / col2im for one sample and one group of a convolution (see conv.h). The columns are
// (Cg * kD * kH * kW) rows of oD * oH * oW: row (c, r) holds x[c, o*s + r*d - p] for every output
// position o, zero where the window leaves the input.
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

// Calls f(row, src, o, off, lo, hi) for each row (c, r) of the columns and each output row
// (od, oh): src is the index in x of the input row that (od, oh) reads (-1 when it is padding),
// o the index of the output row's first position, off = kw * dil - pad, and [lo, hi) the
// output columns whose input column ow * s + off lies inside the input.
template <class F>
void for_each_col_row(const ConvGeom& g, int64_t Cg, F&& f) {
  const int64_t D = g.in[0], H = g.in[1], W = g.in[2], oD = g.out[0], oH = g.out[1], oW = g.out[2];
  int64_t row = 0;
  for (int64_t c = 0; c < Cg; ++c)
    for (int64_t kd = 0; kd < g.k[0]; ++kd)
      for (int64_t kh = 0; kh < g.k[1]; ++kh)
        for (int64_t kw = 0; kw < g.k[2]; ++kw, ++row) {
          const int64_t off = kw * g.dil[2] - g.pad[2];
          int64_t lo, hi;
          valid_range(off, g.stride[2], W, oW, lo, hi);
          for (int64_t od = 0; od < oD; ++od) {
            const int64_t id = od * g.stride[0] + kd * g.dil[0] - g.pad[0];
            for (int64_t oh = 0; oh < oH; ++oh) {
              const int64_t ih = oh * g.stride[1] + kh * g.dil[1] - g.pad[1];
              const bool inside = id >= 0 && id < D && ih >= 0 && ih < H;
              const int64_t src = inside ? ((c * D + id) * H + ih) * W : -1;
              f(row, src, (od * oH + oh) * oW, off, lo, hi);
            }
          }
        }
}

template <class T>
void im2col(const ConvGeom& g, int64_t Cg, const T* x, T* cols) {
  const int64_t OS = g.out_size(), oW = g.out[2], s = g.stride[2];
  for_each_col_row(g, Cg, [&](int64_t row, int64_t src, int64_t o, int64_t off, int64_t lo, int64_t hi) {
    T* dst = cols + row * OS + o;
    if (src < 0) {
      std::fill(dst, dst + oW, T(0));
      return;
    }
    const int64_t base = src + off;  // input index of ow = 0 (may be negative: only [lo, hi) is read)
    std::fill(dst, dst + lo, T(0));
    if (s == 1)
      std::copy(x + base + lo, x + base + hi, dst + lo);
    else
      for (int64_t ow = lo; ow < hi; ++ow) dst[ow] = x[base + ow * s];
    std::fill(dst + hi, dst + oW, T(0));
  });
}

// x (Cg, in) = the sum of the columns back at the positions they were read from.
template <class T>
void col2im(const ConvGeom& g, int64_t Cg, const T* cols, T* x) {
  const int64_t OS = g.out_size(), s = g.stride[2];
  std::fill(x, x + Cg * g.in_size(), T(0));
  for_each_col_row(g, Cg, [&](int64_t row, int64_t src, int64_t o, int64_t off, int64_t lo, int64_t hi) {
    if (src < 0) return;
    const T* cr = cols + row * OS + o;
    const int64_t base = src + off;
    if (s == 1)
      for (int64_t ow = lo; ow < hi; ++ow) x[base + ow] += cr[ow];
    else
      for (int64_t ow = lo; ow < hi; ++ow) x[base + ow * s] += cr[ow];
  });
}

}  // namespace gg::kernels::detail
