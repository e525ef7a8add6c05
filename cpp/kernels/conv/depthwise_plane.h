// The geometry of one depthwise plane as the per-ISA loops (depthwise_rows.h) see it: plain data,
// no functions, so that every ISA's copy can include it.
//
// The loops read a padded, phase-split copy of the source plane (depthwise.cpp makes it): row i,
// phase q, column j of the copy, at xq[(i * sW + q) * wq + j], holds src[i - pT][j * sW + q - pL]
// (zero outside the source). Output (oh, ow) and tap (kh, kw) then read row oh * sH + kh * dH,
// phase (kw * dW) % sW, column ow + (kw * dW) / sW: consecutive outputs read consecutive elements
// for every stride, so the loops vectorise along the output width; wq leaves room for whole
// vectors past the last output (their lanes are computed and dropped).
#pragma once
#include <cstdint>

namespace gg::kernels::detail {

struct DwPlane {
  int64_t H, W;            // source plane
  int64_t oH, oW;          // output plane
  int64_t kH, kW, sH, sW, dH, dW;
  int64_t pT, pL;          // zero padding in front (negative: the source is cropped)
  int64_t rows, wq;        // the copy: rows x sW phases x wq
};

// One ISA's loops over a plane copy xq (see above), for one element type.
template <class T>
struct DwLoops {
  int64_t lanes;  // of the weight accumulators
  // y (oH, oW) = bias + sum_taps w[kh, kW] * xq[...].
  void (*forward)(const DwPlane& p, const T* xq, const T* w, T bias, T* y);
  // The adjoint: gq (the copy's layout) += w[tap] * gy at the positions forward reads.
  void (*scatter)(const DwPlane& p, const T* gy, const T* w, T* gq);
  // acc (kH * kW vectors of `lanes`, then kH * kW tail sums) += the weight gradient's terms
  // gy[oh, ow] * xq[...] of one plane.
  void (*weight)(const DwPlane& p, const T* xq, const T* gy, T* acc);
};

// Each ISA's loops, chosen by the argument's type (its value is unused).
DwLoops<float> dw_loops_generic(float);
DwLoops<double> dw_loops_generic(double);
#if GG_X86
DwLoops<float> dw_loops_avx2(float);
DwLoops<double> dw_loops_avx2(double);
DwLoops<float> dw_loops_avx512(float);
DwLoops<double> dw_loops_avx512(double);
#endif

}  // namespace gg::kernels::detail
