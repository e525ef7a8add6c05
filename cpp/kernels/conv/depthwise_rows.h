// The depthwise loops over one plane copy (depthwise_plane.h), written once over GCC/Clang vector
// extensions of GG_DW_BYTES bytes and compiled once per instruction set: depthwise.cpp (generic,
// 16 bytes), depthwise_avx2.cpp (32), depthwise_avx512.cpp (64), each with its own flags and
// namespace GG_DW_ISA, and handed out as dw_loops_<GG_DW_ISA> (depthwise_plane.h). Nothing here is shared between the copies (everything sits in the
// namespace, and the header includes only depthwise_plane.h), so no inline function compiled
// with wider instructions than the CPU has can be picked by the linker.
//
// Outputs are computed a vector of the output width at a time, four vectors per block; a 3x3
// stride-1 undilated kernel (the usual depthwise layer) keeps its nine weights in registers. Lanes
// past the output width are computed on the copy's spare columns and dropped; sums that would
// carry them (scatter, weight) take the last partial vector's outputs one at a time instead, so a
// NaN or inf the windows never read cannot leak in.
#if !defined(GG_DW_ISA) || !defined(GG_DW_BYTES)
#error "define GG_DW_ISA (the namespace of this copy) and GG_DW_BYTES before including depthwise_rows.h"
#endif
#include "kernels/conv/depthwise_plane.h"

namespace gg::kernels::detail::GG_DW_ISA {

namespace {

template <class T>
struct VecOf {
  typedef T type __attribute__((vector_size(GG_DW_BYTES)));
};
template <class T>
using Vec = typename VecOf<T>::type;
template <class T>
constexpr int64_t kLanes = GG_DW_BYTES / sizeof(T);

template <class T>
inline Vec<T> load(const T* p) {
  Vec<T> v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
template <class T>
inline void store(T* p, Vec<T> v) { __builtin_memcpy(p, &v, sizeof v); }
template <class T>
inline Vec<T> splat(T s) { return Vec<T>{} + s; }

// Where tap (kh, kw) of output (0, 0) reads in the copy.
inline int64_t tap_offset(const DwPlane& p, int64_t kh, int64_t kw) {
  const int64_t c = kw * p.dW;
  return kh * p.dH * p.sW * p.wq + (c % p.sW) * p.wq + c / p.sW;
}

inline bool is_3x3_unit(const DwPlane& p) {
  return p.kH == 3 && p.kW == 3 && p.sH == 1 && p.sW == 1 && p.dH == 1 && p.dW == 1;
}

// acc[u] += the taps of U output vectors whose first element reads src (any kernel).
template <int U, class T>
inline void taps_any(const DwPlane& p, const T* src, const T* w, Vec<T>* acc) {
  constexpr int64_t L = kLanes<T>;
  for (int64_t kh = 0; kh < p.kH; ++kh)
    for (int64_t kw = 0; kw < p.kW; ++kw) {
      const T* s = src + tap_offset(p, kh, kw);
      const Vec<T> wv = splat(w[kh * p.kW + kw]);
      for (int u = 0; u < U; ++u) acc[u] += wv * load(s + u * L);
    }
}

// The same for 3x3 stride 1: rs elements per row of the copy, the weights in wv.
template <int U, class T>
inline void taps_3x3(int64_t rs, const T* src, const Vec<T>* wv, Vec<T>* acc) {
  constexpr int64_t L = kLanes<T>;
  for (int kh = 0; kh < 3; ++kh)
    for (int kw = 0; kw < 3; ++kw)
      for (int u = 0; u < U; ++u) acc[u] += wv[kh * 3 + kw] * load(src + kh * rs + kw + u * L);
}

// Stores the outputs [ow, ow + U * L) of a row of oW that exist.
template <int U, class T>
inline void store_outputs(T* yr, int64_t ow, int64_t oW, const Vec<T>* acc) {
  constexpr int64_t L = kLanes<T>;
  for (int u = 0; u < U; ++u) {
    const int64_t o = ow + u * L;
    if (o + L <= oW) {
      store(yr + o, acc[u]);
    } else {
      T t[L];
      store(t, acc[u]);
      for (int64_t i = 0; o + i < oW; ++i) yr[o + i] = t[i];
    }
  }
}

template <int U, bool k3x3, class T>
inline void forward_block(const DwPlane& p, const T* src, const T* w, const Vec<T>* wv, T bias, T* yr, int64_t ow) {
  Vec<T> acc[U];
  for (int u = 0; u < U; ++u) acc[u] = splat(bias);
  if constexpr (k3x3)
    taps_3x3<U>(p.wq, src + ow, wv, acc);
  else
    taps_any<U>(p, src + ow, w, acc);
  store_outputs<U>(yr, ow, p.oW, acc);
}

template <bool k3x3, class T>
void forward_rows(const DwPlane& p, const T* xq, const T* w, T bias, T* y) {
  constexpr int64_t L = kLanes<T>;
  Vec<T> wv[9];
  if constexpr (k3x3)
    for (int r = 0; r < 9; ++r) wv[r] = splat(w[r]);
  const int64_t nv = (p.oW + L - 1) / L;
  for (int64_t oh = 0; oh < p.oH; ++oh) {
    const T* src = xq + oh * p.sH * p.sW * p.wq;
    T* yr = y + oh * p.oW;
    int64_t v = 0;
    for (; v + 4 <= nv; v += 4) forward_block<4, k3x3>(p, src, w, wv, bias, yr, v * L);
    for (; v < nv; ++v) forward_block<1, k3x3>(p, src, w, wv, bias, yr, v * L);
  }
}

template <class T>
void forward(const DwPlane& p, const T* xq, const T* w, T bias, T* y) {
  if (is_3x3_unit(p))
    forward_rows<true>(p, xq, w, bias, y);
  else
    forward_rows<false>(p, xq, w, bias, y);
}

template <class T>
void scatter(const DwPlane& p, const T* gy, const T* w, T* gq) {
  constexpr int64_t L = kLanes<T>;
  const int64_t full = p.oW / L * L;
  for (int64_t oh = 0; oh < p.oH; ++oh) {
    const T* gr = gy + oh * p.oW;
    T* base = gq + oh * p.sH * p.sW * p.wq;
    for (int64_t kh = 0; kh < p.kH; ++kh)
      for (int64_t kw = 0; kw < p.kW; ++kw) {
        T* d = base + tap_offset(p, kh, kw);
        const T wt = w[kh * p.kW + kw];
        const Vec<T> wv = splat(wt);
        for (int64_t ow = 0; ow < full; ow += L) store(d + ow, load(d + ow) + wv * load(gr + ow));
        for (int64_t ow = full; ow < p.oW; ++ow) d[ow] += wt * gr[ow];
      }
  }
}

// Weight-gradient sums of taps [r0, r0 + R) over the plane's full output vectors into acc (R
// vectors), R = 9 for 3x3 stride 1 (the copy read once per output vector), else one tap at a time
// with four partial sums.
// The 3x3 stride-1 path also takes each row's last partial vector: its gy lanes through a
// zero-padded copy (gy's row may end the array), the products of the lanes past the row dropped
// by a select (not a multiply by zero: an inf or NaN no window reads must not leak in). One
// output at a time, that tail had been most of the work at 16 lanes (oW 56: 8 of 56 outputs, 9
// scalar taps each): (8, 64, 56, 56) fwd + bwd at AVX-512 took 7.26 ms against AVX2's 4.95 (one
// thread, in-process, interleaved medians), 6.53 against 5.83 after.
template <class T>
void weight_3x3(const DwPlane& p, const T* xq, const T* gy, T* acc) {
  constexpr int64_t L = kLanes<T>;
  const int64_t full = p.oW / L * L, rem = p.oW - full;
  Vec<T> lane;
  for (int64_t i = 0; i < L; ++i) lane[i] = T(i);
  const auto inside = lane < splat(T(rem));
  Vec<T> a[9];
  for (int r = 0; r < 9; ++r) a[r] = load(acc + r * L);
  for (int64_t oh = 0; oh < p.oH; ++oh) {
    const T* src = xq + oh * p.wq;
    const T* gr = gy + oh * p.oW;
    for (int64_t ow = 0; ow < full; ow += L) {
      const Vec<T> g = load(gr + ow);
      for (int kh = 0; kh < 3; ++kh)
        for (int kw = 0; kw < 3; ++kw) a[kh * 3 + kw] += g * load(src + kh * p.wq + kw + ow);
    }
    if (rem == 0) continue;
    T t[L] = {};
    for (int64_t i = 0; i < rem; ++i) t[i] = gr[full + i];
    const Vec<T> g = load(t);
    for (int kh = 0; kh < 3; ++kh)
      for (int kw = 0; kw < 3; ++kw) a[kh * 3 + kw] += inside ? g * load(src + kh * p.wq + kw + full) : Vec<T>{};
  }
  for (int r = 0; r < 9; ++r) store(acc + r * L, a[r]);
}

template <class T>
void weight_any(const DwPlane& p, const T* xq, const T* gy, T* acc) {
  constexpr int64_t L = kLanes<T>;
  const int64_t full = p.oW / L * L;
  for (int64_t kh = 0; kh < p.kH; ++kh)
    for (int64_t kw = 0; kw < p.kW; ++kw) {
      const T* src = xq + tap_offset(p, kh, kw);
      Vec<T> a0 = load(acc + (kh * p.kW + kw) * L), a1{}, a2{}, a3{};
      for (int64_t oh = 0; oh < p.oH; ++oh) {
        const T* s = src + oh * p.sH * p.sW * p.wq;
        const T* gr = gy + oh * p.oW;
        int64_t ow = 0;
        for (; ow + 4 * L <= full; ow += 4 * L) {
          a0 += load(gr + ow) * load(s + ow);
          a1 += load(gr + ow + L) * load(s + ow + L);
          a2 += load(gr + ow + 2 * L) * load(s + ow + 2 * L);
          a3 += load(gr + ow + 3 * L) * load(s + ow + 3 * L);
        }
        for (; ow < full; ow += L) a0 += load(gr + ow) * load(s + ow);
      }
      store(acc + (kh * p.kW + kw) * L, (a0 + a1) + (a2 + a3));
    }
}

template <class T>
void weight(const DwPlane& p, const T* xq, const T* gy, T* acc) {
  constexpr int64_t L = kLanes<T>;
  if (is_3x3_unit(p)) return weight_3x3(p, xq, gy, acc);
  weight_any(p, xq, gy, acc);
  // the last partial vector of each row, one output at a time
  const int64_t full = p.oW / L * L, KS = p.kH * p.kW;
  if (full == p.oW) return;
  T* tail = acc + KS * L;
  for (int64_t kh = 0; kh < p.kH; ++kh)
    for (int64_t kw = 0; kw < p.kW; ++kw) {
      const T* src = xq + tap_offset(p, kh, kw);
      T s = 0;
      for (int64_t oh = 0; oh < p.oH; ++oh)
        for (int64_t ow = full; ow < p.oW; ++ow) s += gy[oh * p.oW + ow] * src[oh * p.sH * p.sW * p.wq + ow];
      tail[kh * p.kW + kw] += s;
    }
}

template <class T>
DwLoops<T> loops() {
  return {kLanes<T>, forward<T>, scatter<T>, weight<T>};
}

}  // namespace

}  // namespace gg::kernels::detail::GG_DW_ISA

#define GG_DW_CAT2(a, b) a##b
#define GG_DW_CAT(a, b) GG_DW_CAT2(a, b)
namespace gg::kernels::detail {
DwLoops<float> GG_DW_CAT(dw_loops_, GG_DW_ISA)(float) { return GG_DW_ISA::loops<float>(); }
DwLoops<double> GG_DW_CAT(dw_loops_, GG_DW_ISA)(double) { return GG_DW_ISA::loops<double>(); }
}  // namespace gg::kernels::detail
#undef GG_DW_CAT
#undef GG_DW_CAT2
