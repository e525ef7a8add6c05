// im2col / col2im for one sample, one group of a convolution (see conv.h) and one block [o0, o1)
// of its flat output positions. The block's columns are (Cg * kD * kH * kW) rows of o1 - o0: row
// (c, r) holds x[c, o*s + r*d - p] for every output position o of the block, zero where the
// window leaves the input.
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

// Calls f(row, src, j, off, a, b, lo, hi) for each row (c, r) of the block's columns and each
// output row (od, oh) that meets [o0, o1): its positions ow in [a, b) belong to the block, at
// column j + ow; src is the index in x of the input row that (od, oh) reads (-1 when it is
// padding), off = kw * dil - pad, and [lo, hi) the ow whose input column ow * s + off lies
// inside the input.
template <class F>
void for_each_col_row(const ConvGeom& g, int64_t Cg, int64_t o0, int64_t o1, F&& f) {
  const int64_t D = g.in[0], H = g.in[1], W = g.in[2], oH = g.out[1], oW = g.out[2];
  const int64_t q0 = o0 / oW, q1 = (o1 + oW - 1) / oW;  // output rows od * oH + oh of the block
  int64_t row = 0;
  for (int64_t c = 0; c < Cg; ++c)
    for (int64_t kd = 0; kd < g.k[0]; ++kd)
      for (int64_t kh = 0; kh < g.k[1]; ++kh)
        for (int64_t kw = 0; kw < g.k[2]; ++kw, ++row) {
          const int64_t off = kw * g.dil[2] - g.pad[2];
          int64_t lo, hi;
          valid_range(off, g.stride[2], W, oW, lo, hi);
          for (int64_t q = q0; q < q1; ++q) {
            const int64_t od = q / oH, oh = q % oH;
            const int64_t id = od * g.stride[0] + kd * g.dil[0] - g.pad[0];
            const int64_t ih = oh * g.stride[1] + kh * g.dil[1] - g.pad[1];
            const bool inside = id >= 0 && id < D && ih >= 0 && ih < H;
            const int64_t src = inside ? ((c * D + id) * H + ih) * W : -1;
            const int64_t j = q * oW - o0;
            f(row, src, j, off, std::max<int64_t>(0, -j), std::min(oW, o1 - o0 - j), lo, hi);
          }
        }
}

template <class T>
void im2col(const ConvGeom& g, int64_t Cg, const T* x, int64_t o0, int64_t o1, T* cols) {
  const int64_t nb = o1 - o0, s = g.stride[2];
  for_each_col_row(g, Cg, o0, o1,
                   [&](int64_t row, int64_t src, int64_t j, int64_t off, int64_t a, int64_t b, int64_t lo, int64_t hi) {
    T* dst = cols + row * nb + j;
    if (src < 0) {
      std::fill(dst + a, dst + b, T(0));
      return;
    }
    const int64_t l = std::clamp(lo, a, b), h = std::clamp(hi, l, b);
    const int64_t base = src + off;  // input index of ow = 0 (may be negative: only [l, h) is read)
    std::fill(dst + a, dst + l, T(0));
    if (s == 1)  // an inline loop, not memmove: rows are short
      for (int64_t ow = l; ow < h; ++ow) dst[ow] = x[base + ow];
    else
      for (int64_t ow = l; ow < h; ++ow) dst[ow] = x[base + ow * s];
    std::fill(dst + h, dst + b, T(0));
  });
}

// x (Cg, in) += the block's columns, back at the positions they were read from.
template <class T>
void col2im_add(const ConvGeom& g, int64_t Cg, const T* cols, int64_t o0, int64_t o1, T* x) {
  const int64_t nb = o1 - o0, s = g.stride[2];
  for_each_col_row(g, Cg, o0, o1,
                   [&](int64_t row, int64_t src, int64_t j, int64_t off, int64_t a, int64_t b, int64_t lo, int64_t hi) {
    if (src < 0) return;
    const int64_t l = std::clamp(lo, a, b), h = std::clamp(hi, l, b);
    const T* cr = cols + row * nb + j;
    const int64_t base = src + off;
    if (s == 1)
      for (int64_t ow = l; ow < h; ++ow) x[base + ow] += cr[ow];
    else
      for (int64_t ow = l; ow < h; ++ow) x[base + ow * s] += cr[ow];
  });
}

}  // namespace gg::kernels::detail
