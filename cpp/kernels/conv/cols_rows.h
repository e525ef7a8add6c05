// The loop nest of im2col and col2im (im2col.h), written once over GCC/Clang vector extensions of
// GG_COLS_BYTES bytes and compiled once per instruction set: conv.cpp (generic, 16 bytes),
// cols_avx2.cpp (32), cols_avx512.cpp (64), each with its own flags and namespace GG_COLS_ISA,
// handed out as im2col_loops_<GG_COLS_ISA>. Nothing here is shared between the copies (all of it
// sits in the namespace, no std:: helper is used, and of im2col.h only ConvGeom's fields and the
// declarations), so no inline function compiled with wider instructions than the CPU has can be
// picked by the linker.
#if !defined(GG_COLS_ISA) || !defined(GG_COLS_BYTES)
#error "define GG_COLS_ISA (the namespace of this copy) and GG_COLS_BYTES before including cols_rows.h"
#endif
#include <cstdint>

#include "kernels/conv/im2col.h"

namespace gg::kernels::detail::GG_COLS_ISA {

namespace {

// Typed (unaligned) vector accesses of B bytes. GCC makes memset/memmove calls of plain loops
// (the empty asm keeps these loops), and after a call, or a memcpy-style access (which may alias
// anything), the loop nest reloaded every bound.
template <class T, int B>
struct VecOf {
  typedef T type __attribute__((vector_size(B), aligned(alignof(T))));
};

inline int64_t lo_of(int64_t a, int64_t b) { return a < b ? a : b; }
inline int64_t clamp_to(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

// dst[i, n) op= src[i, n) for pieces of B bytes while whole ones fit; returns where it stopped.
// Zero: dst = 0 (src unused); else dst = src, or += with Add.
template <int B, bool Zero, bool Add, class T>
inline int64_t run_pieces(T* __restrict dst, const T* __restrict src, int64_t i, int64_t n) {
  using V = typename VecOf<T, B>::type;
  constexpr int64_t L = B / sizeof(T);
  for (; i + L <= n; i += L) {
    V a{};
    if constexpr (!Zero) a = *reinterpret_cast<const V*>(src + i);
    if constexpr (Add) a += *reinterpret_cast<const V*>(dst + i);
    *reinterpret_cast<V*>(dst + i) = a;
    asm("" : "+r"(i));
  }
  return i;
}

// A row piece of tens of elements: GG_COLS_BYTES at a time, then at most one piece each of 32 and
// 16 bytes, then single elements.
template <bool Zero, bool Add, class T>
inline void piece(T* __restrict dst, const T* __restrict src, int64_t n) {
  int64_t i = run_pieces<GG_COLS_BYTES, Zero, Add>(dst, src, 0, n);
  if constexpr (GG_COLS_BYTES > 32) i = run_pieces<32, Zero, Add>(dst, src, i, lo_of(n, i + 32 / sizeof(T)));
  if constexpr (GG_COLS_BYTES > 16) i = run_pieces<16, Zero, Add>(dst, src, i, lo_of(n, i + 16 / sizeof(T)));
  constexpr int64_t L = 16 / sizeof(T);
#pragma GCC unroll 4
  for (int64_t t = 0; t < L - 1; ++t)
    if (i + t < n) dst[i + t] = Zero ? T(0) : Add ? dst[i + t] + src[i + t] : src[i + t];
}

// dst[0, n) = src[0, n) (or 0 with Zero) in whole vectors of GG_COLS_BYTES: up to a vector less one
// element past n is written too (and, copying, read). im2col writes its columns in address order,
// so what spills past a piece is overwritten by the pieces after it (or lands in the buffer's
// slack, kColsSlack<T>): one loop per piece instead of piece()'s cascade of tails.
template <bool Zero, class T>
inline void spill_row(T* __restrict dst, const T* __restrict src, int64_t n) {
  using V = typename VecOf<T, GG_COLS_BYTES>::type;
  constexpr int64_t L = GG_COLS_BYTES / sizeof(T);
  for (int64_t i = 0; i < n; i += L) {
    V a{};
    if constexpr (!Zero) a = *reinterpret_cast<const V*>(src + i);
    *reinterpret_cast<V*>(dst + i) = a;
    asm("" : "+r"(i));
  }
}

// m whole output rows of oW columns at cols (stride oW), from (ToCols) or back onto the input rows
// at x (stride step) that they read at columns [lo, hi) (the rest is padding).
template <bool ToCols, class XP, class CP>
inline void whole_rows(XP x, CP cols, int64_t m, int64_t step, int64_t oW, int64_t lo, int64_t hi) {
  for (int64_t t = 0; t < m; ++t, x += step, cols += oW) {
    if constexpr (ToCols) {
      spill_row<true>(cols, x, lo);
      spill_row<false>(cols + lo, x + lo, hi - lo);
      spill_row<true>(cols + hi, x, oW - hi);
    } else {
      piece<false, true>(x + lo, cols + lo, hi - lo);
    }
  }
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
  constexpr int64_t kLanes = GG_COLS_BYTES / sizeof(*x);
  const int64_t x_end = Cg * D * H * W;
  int64_t row = 0;
  for (int64_t c = 0; c < Cg; ++c)
    for (int64_t kd = 0; kd < g.k[0]; ++kd)
      for (int64_t kh = 0; kh < g.k[1]; ++kh)
        for (int64_t kw = 0; kw < g.k[2]; ++kw, ++row) {
          const int64_t off = kw * g.dil[2] - g.pad[2], ih_top = kh * g.dil[1] - g.pad[1];
          // the outputs [lo, hi) of a row whose input column ow * sW + off is inside (valid_range)
          const int64_t lo = lo_of(off >= 0 ? 0 : (-off + sW - 1) / sW, oW);
          const int64_t hi = clamp_to(off >= W ? 0 : (W - 1 - off) / sW + 1, lo, oW);
          // Input column ow * sW of input row (id, ih) is x[xc + (id * H + ih) * W + ow * sW]; position ow
          // of output row q is cols[j + ow]. Both may be negative before adding an ow in range.
          const int64_t xc = c * D * H * W + off;
          int64_t j = row * (o1 - o0) - first_a;
          int64_t id = od0 * sD + kd * g.dil[0] - g.pad[0], ih = oh0 * sH + ih_top;
          for (int64_t q = q0, oh = oh0; q < q1;) {
            // A run of m whole output rows, each reading its own input row (stride-1 columns):
            // the same pieces each, in a loop without the bookkeeping below. With spill_row, the
            // MNIST 32->64 layer's im2col (batch 64, one thread, thread CPU time, interleaved)
            // took 1.7 ms instead of 3.2-3.5 (AVX-512; 1.9 with 16-byte vectors), its col2im 2.2
            // instead of 3.9; the ResNet 3x3 layer's (batch 8) 2.3 and 2.4 instead of 3.0-4.6 and 4.4.
            if (sW == 1 && (q != q0 || first_a == 0) && id >= 0 && id < D && ih >= 0 && ih < H) {
              const int64_t m = lo_of(lo_of(q1 - (last_b == oW ? 0 : 1) - q, oH - oh), (H - 1 - ih) / sH + 1);
              const int64_t src = xc + (id * H + ih) * W, step = sH * W;
              if (m > 0 && (!ToCols || src + (m - 1) * step + hi + kLanes <= x_end)) {
                whole_rows<ToCols>(x + src, cols + j, m, step, oW, lo, hi);
                q += m, j += m * oW, ih += m * sH, oh += m;
                if (oh == oH) oh = 0, ih = ih_top, id += sD;
                continue;
              }
            }
            const int64_t a = q == q0 ? first_a : 0, b = q == q1 - 1 ? last_b : oW;
            if (id >= 0 && id < D && ih >= 0 && ih < H) {
              const int64_t l = clamp_to(lo, a, b), h = clamp_to(hi, l, b), src = xc + (id * H + ih) * W;
              if constexpr (ToCols) {
                spill_row<true>(cols + j + a, x, l - a);
                if (sW != 1)
                  for (int64_t ow = l; ow < h; ++ow) cols[j + ow] = x[src + ow * sW];
                else if (src + h + kLanes <= x_end)  // what spill_row reads past h is x's
                  spill_row<false>(cols + j + l, x + src + l, h - l);
                else
                  piece<false, false>(cols + j + l, x + src + l, h - l);
                spill_row<true>(cols + j + h, x, b - h);
              } else if (sW == 1) {
                piece<false, true>(x + src + l, cols + j + l, h - l);
              } else {
                for (int64_t ow = l; ow < h; ++ow) x[src + ow * sW] += cols[j + ow];
              }
            } else if constexpr (ToCols) {
              spill_row<true>(cols + j + a, x, b - a);
            }
            ++q, j += oW, ih += sH;
            if (++oh == oH) oh = 0, ih = ih_top, id += sD;
          }
        }
}

template <class T>
void im2col(const ConvGeom& g, int64_t Cg, const T* x, int64_t o0, int64_t o1, T* cols) {
  cols_pass<true>(g, Cg, x, o0, o1, cols);
}

template <class T>
void col2im_add(const ConvGeom& g, int64_t Cg, const T* cols, int64_t o0, int64_t o1, T* x) {
  cols_pass<false>(g, Cg, x, o0, o1, cols);
}

}  // namespace

}  // namespace gg::kernels::detail::GG_COLS_ISA

#define GG_COLS_CAT2(a, b) a##b
#define GG_COLS_CAT(a, b) GG_COLS_CAT2(a, b)
namespace gg::kernels::detail {
Im2colLoops<float> GG_COLS_CAT(im2col_loops_, GG_COLS_ISA)(float) {
  return {GG_COLS_ISA::im2col<float>, GG_COLS_ISA::col2im_add<float>};
}
Im2colLoops<double> GG_COLS_CAT(im2col_loops_, GG_COLS_ISA)(double) {
  return {GG_COLS_ISA::im2col<double>, GG_COLS_ISA::col2im_add<double>};
}
}  // namespace gg::kernels::detail
#undef GG_COLS_CAT
#undef GG_COLS_CAT2
