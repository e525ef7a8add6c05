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

// Row pieces of tens of elements, 16 bytes at a time, through typed (unaligned) vector accesses.
// GCC makes memset/memmove calls of plain loops (the empty asm keeps these loops), and after a
// call, or a memcpy-style access (which may alias anything), the loop nest reloaded every bound.
template <class T>
struct Row16Of {
  typedef T type __attribute__((vector_size(16), aligned(alignof(T))));
};
template <class T>
using Row16 = typename Row16Of<T>::type;

template <class T>
inline void zero_row(T* dst, int64_t n) {
  constexpr int64_t L = 16 / sizeof(T);
  int64_t i = 0;
  for (; i + L <= n; i += L) {
    *reinterpret_cast<Row16<T>*>(dst + i) = Row16<T>{};
    asm("" : "+r"(i));
  }
#pragma GCC unroll 4
  for (int64_t t = 0; t < L - 1; ++t)
    if (i + t < n) dst[i + t] = T(0);
}

// dst[0, n) = src[0, n), or += with Add.
template <bool Add, class T>
inline void copy_row(T* __restrict dst, const T* __restrict src, int64_t n) {
  constexpr int64_t L = 16 / sizeof(T);
  int64_t i = 0;
  for (; i + L <= n; i += L) {
    Row16<T> a = *reinterpret_cast<const Row16<T>*>(src + i);
    if constexpr (Add) a += *reinterpret_cast<const Row16<T>*>(dst + i);
    *reinterpret_cast<Row16<T>*>(dst + i) = a;
    asm("" : "+r"(i));
  }
#pragma GCC unroll 4
  for (int64_t t = 0; t < L - 1; ++t)
    if (i + t < n) dst[i + t] = Add ? dst[i + t] + src[i + t] : src[i + t];
}

// The sum of x[0, n), in 16-byte lanes (summed in a fixed order: the same for any thread count).
template <class T>
inline T row_sum(const T* x, int64_t n) {
  constexpr int64_t L = 16 / sizeof(T);
  Row16<T> acc{};
  int64_t i = 0;
  for (; i + L <= n; i += L) acc += *reinterpret_cast<const Row16<T>*>(x + i);
  T s = 0;
  for (int64_t l = 0; l < L; ++l) s += acc[l];
  for (; i < n; ++i) s += x[i];
  return s;
}

// Walks the block's columns row (c, r) by row and, in each, output row (od, oh) by row: its
// positions ow in [a, b) belong to the block, and [l, h) of them read input column ow * sW + off
// of input row (c, id, ih); the rest, and every position of an input row outside the input, is
// padding. ToCols: cols = those inputs (zero for padding); otherwise x += cols at those inputs.
// One loop nest for both, without divisions or calls inside: 11-17% fewer instructions than a
// lambda per piece with std::fill/plain copy loops (callgrind, the MNIST 32->64 layer).
template <bool ToCols, class XP, class CP>
void cols_pass(const ConvGeom& g, int64_t Cg, XP x, int64_t o0, int64_t o1, CP cols) {
  const int64_t D = g.in[0], H = g.in[1], W = g.in[2], oH = g.out[1], oW = g.out[2];
  const int64_t sD = g.stride[0], sH = g.stride[1], sW = g.stride[2];
  const int64_t q0 = o0 / oW, q1 = (o1 + oW - 1) / oW, od0 = q0 / oH, oh0 = q0 % oH;
  const int64_t first_a = o0 - q0 * oW, last_b = o1 - (q1 - 1) * oW;
  int64_t row = 0;
  for (int64_t c = 0; c < Cg; ++c)
    for (int64_t kd = 0; kd < g.k[0]; ++kd)
      for (int64_t kh = 0; kh < g.k[1]; ++kh)
        for (int64_t kw = 0; kw < g.k[2]; ++kw, ++row) {
          const int64_t off = kw * g.dil[2] - g.pad[2], ih_top = kh * g.dil[1] - g.pad[1];
          int64_t lo, hi;
          valid_range(off, sW, W, oW, lo, hi);
          // Input column ow * sW of input row (id, ih) is x[xc + (id * H + ih) * W + ow * sW]; position ow
          // of output row q is cols[j + ow]. Both may be negative before adding an ow in range.
          const int64_t xc = c * D * H * W + off;
          int64_t j = row * (o1 - o0) - first_a;
          int64_t id = od0 * sD + kd * g.dil[0] - g.pad[0], ih = oh0 * sH + ih_top;
          for (int64_t q = q0, oh = oh0; q < q1; ++q, j += oW) {
            const int64_t a = q == q0 ? first_a : 0, b = q == q1 - 1 ? last_b : oW;
            if (id >= 0 && id < D && ih >= 0 && ih < H) {
              const int64_t l = std::clamp(lo, a, b), h = std::clamp(hi, l, b), src = xc + (id * H + ih) * W;
              if constexpr (ToCols) {
                zero_row(cols + j + a, l - a);
                if (sW == 1)
                  copy_row<false>(cols + j + l, x + src + l, h - l);
                else
                  for (int64_t ow = l; ow < h; ++ow) cols[j + ow] = x[src + ow * sW];
                zero_row(cols + j + h, b - h);
              } else if (sW == 1) {
                copy_row<true>(x + src + l, cols + j + l, h - l);
              } else {
                for (int64_t ow = l; ow < h; ++ow) x[src + ow * sW] += cols[j + ow];
              }
            } else if constexpr (ToCols) {
              zero_row(cols + j + a, b - a);
            }
            ih += sH;
            if (++oh == oH) oh = 0, ih = ih_top, id += sD;
          }
        }
}

// The block's columns from x (Cg, in).
template <class T>
void im2col(const ConvGeom& g, int64_t Cg, const T* x, int64_t o0, int64_t o1, T* cols) {
  cols_pass<true>(g, Cg, x, o0, o1, cols);
}

// x (Cg, in) += the block's columns, back at the positions they were read from.
template <class T>
void col2im_add(const ConvGeom& g, int64_t Cg, const T* cols, int64_t o0, int64_t o1, T* x) {
  cols_pass<false>(g, Cg, x, o0, o1, cols);
}

}  // namespace gg::kernels::detail
