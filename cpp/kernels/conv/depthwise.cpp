// Depthwise kernels (depthwise.h): per (sample, channel) plane, a padded, phase-split copy of the
// plane (depthwise_plane.h) read by the loops of the ISA in use (depthwise_rows.h). The input
// gradient of a stride-1 convolution is the forward loop over gy with the kernel flipped (a full
// correlation); other strides scatter into a copy's layout and read it back.
#include "kernels/conv/depthwise.h"

#include <algorithm>

#include "core/parallel.h"
#include "kernels/conv/depthwise_plane.h"
#include "kernels/conv/im2col.h"
#include "kernels/conv/scratch.h"
#include "kernels/isa.h"

// The generic copy of the loops (16-byte vectors: SSE2 on x86-64).
#define GG_DW_ISA generic
#define GG_DW_BYTES 16
#include "kernels/conv/depthwise_rows.h"

namespace gg::kernels::detail {

namespace {

// The level kernels/isa.h chose, read per call (a forced level applies at once); generic off x86.
Isa level() {
#if GG_X86
  return isa();
#else
  return Isa::Generic;
#endif
}

template <class T>
DwLoops<T> loops() {
#if GG_X86
  if (level() == Isa::Avx512) return dw_loops_avx512(T{});
  if (level() == Isa::Avx2) return dw_loops_avx2(T{});
#endif
  return dw_loops_generic(T{});
}

// The copy for reading a source (H, W) into outputs (oH, oW) with g's kernel and dilation; its
// rows leave room for whole vectors of the widest ISA (64 bytes) past the last output.
template <class T>
DwPlane make_plane(const ConvGeom& g, int64_t H, int64_t W, int64_t oH, int64_t oW, int64_t sH, int64_t sW,
                   int64_t pT, int64_t pL) {
  constexpr int64_t L = 64 / sizeof(T);
  DwPlane p{H, W, oH, oW, g.k[1], g.k[2], sH, sW, g.dil[1], g.dil[2], pT, pL, 0, 0};
  p.rows = oH > 0 ? (oH - 1) * sH + (p.kH - 1) * p.dH + 1 : 0;
  p.wq = (oW + L - 1) / L * L + (p.kW - 1) * p.dW / sW;
  return p;
}

template <class T>
DwPlane forward_plane(const ConvGeom& g) {
  return make_plane<T>(g, g.in[1], g.in[2], g.out[1], g.out[2], g.stride[1], g.stride[2], g.pad[1], g.pad[2]);
}

size_t copy_size(const DwPlane& p) { return static_cast<size_t>(p.rows * p.sW * p.wq); }

// d[0, n) = 0 in a loop that GCC keeps (the empty asm): as memset calls, the two short gaps of
// every row of copy_in took a third of its time.
template <class T>
inline void zero_gap(T* d, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    d[j] = T(0);
    asm("" : "+r"(j));
  }
}

// xq = the copy of plane src (depthwise_plane.h).
template <class T>
void copy_in(const DwPlane& p, const T* src, T* xq) {
  for (int64_t i = 0; i < p.rows; ++i) {
    const int64_t si = i - p.pT;
    for (int64_t q = 0; q < p.sW; ++q) {
      T* d = xq + (i * p.sW + q) * p.wq;
      int64_t lo = 0, hi = 0;  // columns j whose source column j * sW + q - pL is inside
      if (si >= 0 && si < p.H) valid_range(q - p.pL, p.sW, p.W, p.wq, lo, hi);
      zero_gap(d, lo);
      if (lo < hi) {
        const T* s = src + si * p.W + (lo * p.sW + q - p.pL);  // the source of column lo
        // an inline loop, not memmove: rows are short and a call each cost a fifth of a forward
        if (p.sW == 1)
          for (int64_t j = lo; j < hi; ++j) d[j] = s[j - lo];
        else
          for (int64_t j = lo; j < hi; ++j) d[j] = s[(j - lo) * p.sW];
      }
      zero_gap(d + hi, p.wq - hi);
    }
  }
}

// gx (H, W) = the source positions of a copy gq (the inverse of copy_in where it reads; zero
// where the windows never reach). Forward copies have pT, pL >= 0.
template <class T>
void copy_out(const DwPlane& p, const T* gq, T* gx) {
  for (int64_t i = 0; i < p.H; ++i) {
    T* d = gx + i * p.W;
    const int64_t r = i + p.pT;
    if (r >= p.rows) {
      std::fill(d, d + p.W, T(0));
      continue;
    }
    for (int64_t q = 0; q < p.sW; ++q) {
      // the columns j of phase q: j + pL = col * sW + q
      const int64_t j0 = ((q - p.pL) % p.sW + p.sW) % p.sW, col0 = (j0 + p.pL) / p.sW;
      const T* s = gq + (r * p.sW + q) * p.wq;
      for (int64_t j = j0, col = col0; j < p.W; j += p.sW, ++col) d[j] = col < p.wq ? s[col] : T(0);
    }
  }
}

// Planes (n, c) per task: enough work per thread for small images.
int64_t plane_grain(const ConvGeom& g) { return std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, g.out_size() * g.k_size())); }

}  // namespace

template <class T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y) {
  const int64_t C = g.C, IS = g.in_size(), OS = g.out_size(), KS = g.k_size();
  if (OS == 0) return;
  const DwPlane p = forward_plane<T>(g);
  const DwLoops<T> k = loops<T>();
  parallel_for(g.N * C, plane_grain(g), [&](int64_t p0, int64_t p1) {
    T* xq = conv_scratch<T>(copy_size(p));
    for (int64_t pl = p0; pl < p1; ++pl) {
      const int64_t c = pl % C;
      copy_in(p, x + pl * IS, xq);
      k.forward(p, xq, w + c * KS, bias ? bias[c] : T(0), y + pl * OS);
    }
  });
}

template <class T>
void depthwise_backward_input(const ConvGeom& g, const T* gy, const T* w, T* gx) {
  const int64_t C = g.C, IS = g.in_size(), OS = g.out_size(), KS = g.k_size();
  if (IS == 0) return;
  const DwLoops<T> k = loops<T>();
  if (g.stride[1] == 1 && g.stride[2] == 1) {
    // gx = gy, padded by (k - 1) * dil - pad in front, correlated with the flipped kernel
    const DwPlane p = make_plane<T>(g, g.out[1], g.out[2], g.in[1], g.in[2], 1, 1,
                                    (g.k[1] - 1) * g.dil[1] - g.pad[1], (g.k[2] - 1) * g.dil[2] - g.pad[2]);
    T* flipped = conv_scratch<T, 1>(static_cast<size_t>(C * KS));
    for (int64_t c = 0; c < C; ++c) std::reverse_copy(w + c * KS, w + (c + 1) * KS, flipped + c * KS);
    parallel_for(g.N * C, plane_grain(g), [&](int64_t p0, int64_t p1) {
      T* gq = conv_scratch<T>(copy_size(p));
      for (int64_t pl = p0; pl < p1; ++pl) {
        copy_in(p, gy + pl * OS, gq);
        k.forward(p, gq, flipped + (pl % C) * KS, T(0), gx + pl * IS);
      }
    });
    return;
  }
  const DwPlane p = forward_plane<T>(g);
  parallel_for(g.N * C, plane_grain(g), [&](int64_t p0, int64_t p1) {
    T* gq = conv_scratch<T>(copy_size(p));
    for (int64_t pl = p0; pl < p1; ++pl) {
      std::fill(gq, gq + copy_size(p), T(0));
      k.scatter(p, gy + pl * OS, w + (pl % C) * KS, gq);
      copy_out(p, gq, gx + pl * IS);
    }
  });
}

template <class T>
void depthwise_backward_weight(const ConvGeom& g, const T* x, const T* gy, T* gw) {
  const int64_t C = g.C, IS = g.in_size(), OS = g.out_size(), KS = g.k_size();
  std::fill(gw, gw + C * KS, T(0));
  if (g.N == 0 || OS == 0) return;
  const DwPlane p = forward_plane<T>(g);
  const DwLoops<T> k = loops<T>();
  const int64_t A = KS * (k.lanes + 1);  // the accumulators: KS vectors, then KS tail sums
  // Channels split across threads; each channel sums its samples in order.
  parallel_for(C, std::max<int64_t>(1, plane_grain(g) / g.N), [&](int64_t c0, int64_t c1) {
    T* xq = conv_scratch<T>(copy_size(p) + static_cast<size_t>(A));
    T* acc = xq + copy_size(p);
    for (int64_t c = c0; c < c1; ++c) {
      std::fill(acc, acc + A, T(0));
      for (int64_t n = 0; n < g.N; ++n) {
        copy_in(p, x + (n * C + c) * IS, xq);
        k.weight(p, xq, gy + (n * C + c) * OS, acc);
      }
      for (int64_t r = 0; r < KS; ++r) {
        T s = 0;
        for (int64_t l = 0; l < k.lanes; ++l) s += acc[r * k.lanes + l];
        gw[c * KS + r] = s + acc[KS * k.lanes + r];
      }
    }
  });
}

#define GG_DEPTHWISE(T)                                                                             \
  template void depthwise_forward<T>(const ConvGeom&, const T*, const T*, const T*, T*);           \
  template void depthwise_backward_input<T>(const ConvGeom&, const T*, const T*, T*);              \
  template void depthwise_backward_weight<T>(const ConvGeom&, const T*, const T*, T*);
GG_DEPTHWISE(float)
GG_DEPTHWISE(double)
#undef GG_DEPTHWISE

}  // namespace gg::kernels::detail

namespace gg::kernels {

const char* conv_kernel_isa() { return isa_name(detail::level()); }

}  // namespace gg::kernels
