// Vectorizable float32 exp (and sigmoid and tanh built on it). std::exp is an opaque libm call, so a loop over it stays scalar
// (GCC maps it to the vector libm only under -ffast-math, which we do not use). This is the
// classic Cody-Waite range reduction, exp(x) = 2^k exp(r) with |r| <= ln2/2, and a degree-6
// polynomial for exp(r) (Cephes' coefficients): within 2 ulp of the correctly rounded result,
// with branch-free code the compiler turns into SIMD. NaN propagates, overflow gives inf and
// underflow 0 (subnormal results are flushed, below 1.2e-38).
#pragma once
#include <cstdint>
#include <limits>

namespace gg::kernels {

inline float exp_f32(float x) {
  constexpr float kMax = 88.72283f, kMin = -87.33654f;
  const float xc = x > kMax ? kMax : (x < kMin ? kMin : x);  // NaN passes through
  // Round to nearest by adding and subtracting 1.5 * 2^23 (floorf would not vectorize: GCC
  // keeps it scalar under the default -ftrapping-math).
  constexpr float kRound = 12582912.0f;
  const float k = (xc * 1.44269504088896341f + kRound) - kRound;
  const float r = xc - k * 0.693359375f - k * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r * r + r + 1.0f;
  // 2^k from its exponent bits; k is in [-126, 128] after clamping, split in two halves so
  // both factors stay normal.
  const int32_t ki = static_cast<int32_t>(k);
  const int32_t k1 = ki / 2, k2 = ki - k1;
  const uint32_t b1 = static_cast<uint32_t>(k1 + 127) << 23, b2 = static_cast<uint32_t>(k2 + 127) << 23;
  const float s1 = __builtin_bit_cast(float, b1), s2 = __builtin_bit_cast(float, b2);
  const float y = er * s1 * s2;
  return x > kMax ? std::numeric_limits<float>::infinity() : (x < kMin ? 0.0f : y);
}

// 1 / (1 + e^-x): within a few ulp; 0 below x = -87 (where the true value is subnormal).
inline float sigmoid_f32(float x) { return 1.0f / (1.0f + exp_f32(-x)); }

// tanh from exp: 1 - 2 / (e^{2|x|} + 1) with x's sign, which loses relative precision as x -> 0,
// so below |x| = 0.625 Cephes' odd polynomial instead (both computed, one selected: no branch).
inline float tanh_f32(float x) {
  const float a = x < 0 ? -x : x;
  const float big = 1.0f - 2.0f / (exp_f32(2.0f * a) + 1.0f);
  const float z = x * x;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  const float small = p * z * x + x;
  return a < 0.625f ? small : (x < 0 ? -big : big);
}

}  // namespace gg::kernels

namespace gg::kernels {

// y[i] = f(x[i]) for float32, compiled for AVX-512, AVX2 and baseline and chosen at load time.
void exp_f32_array(const float* x, float* y, int64_t n);
void sigmoid_f32_array(const float* x, float* y, int64_t n);
void tanh_f32_array(const float* x, float* y, int64_t n);

}  // namespace gg::kernels
