// AVX2 + FMA (8 floats per vector): the avx2 level's SIMD abstraction V, whose contract is at the
// top of vmath_impl.h. Include it only from translation units compiled with AVX2 + FMA flags, so
// that no inline function of it is ever compiled for a CPU without them.
#pragma once
#include <immintrin.h>

#include <cstdint>

namespace gg::kernels::simd_avx2 {

struct V {
  using F = __m256;
  using M = __m256;
  static constexpr int64_t W = 8;
  static __m256i mask(int64_t n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static F set(float a) { return _mm256_set1_ps(a); }
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static F loadn(const float* p, int64_t n, float fill) {
    const __m256i m = mask(n);
    return _mm256_blendv_ps(set(fill), _mm256_maskload_ps(p, m), _mm256_castsi256_ps(m));
  }
  static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
  static void storen(float* p, F v, int64_t n) { _mm256_maskstore_ps(p, mask(n), v); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F div(F a, F b) { return _mm256_div_ps(a, b); }
  static constexpr bool kFused = true;
  static F fma(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
  static F fms(F a, F b, F c) { return _mm256_fmsub_ps(a, b, c); }
  static F fnma(F a, F b, F c) { return _mm256_fnmadd_ps(a, b, c); }
  static F min(F a, F b) { return _mm256_min_ps(a, b); }
  static F max(F a, F b) { return _mm256_max_ps(a, b); }
  static F abs(F a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
  static F copysign(F a, F b) { return _mm256_or_ps(a, _mm256_and_ps(b, _mm256_set1_ps(-0.0f))); }
  static M lt(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
  static M gt(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static M eq(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
  static M isnan(F a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
  static M mor(M a, M b) { return _mm256_or_ps(a, b); }
  static F sel(M m, F a, F b) { return _mm256_blendv_ps(b, a, m); }
  static F pow2(F k) {
    const __m256i e = _mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
  }
  // The low bits of t = k + 1.5 2^23 are k + 2^22; the shift drops the 2^22 and the exponent bits.
  static F pow2_rounded(F t) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(127)), 23));
  }
  static constexpr bool kScalef = false;
  static F scale2(F y, F k) { return _mm256_mul_ps(y, pow2(k)); }
  static bool all_le(F a, F b) { return _mm256_movemask_ps(_mm256_cmp_ps(a, b, _CMP_LE_OQ)) == 0xFF; }
  static constexpr bool kSplitsSubnormals = false;
  // Subtracting sqrt(1/2)'s bits puts the octave boundary at sqrt(1/2): the shifted exponent is e.
  static F split(F x, F& e) {
    const __m256i b = _mm256_castps_si256(x);
    const __m256i k = _mm256_srai_epi32(_mm256_sub_epi32(b, _mm256_set1_epi32(0x3F3504F3)), 23);
    e = _mm256_cvtepi32_ps(k);
    return _mm256_castsi256_ps(_mm256_sub_epi32(b, _mm256_slli_epi32(k, 23)));
  }
  static F index8(F v) { return _mm256_castsi256_ps(_mm256_srli_epi32(_mm256_castps_si256(v), 22)); }
  // vpermps reads the low 3 bits of each index.
  static F lut8(const float* t, F i) { return _mm256_permutevar8x32_ps(_mm256_load_ps(t), _mm256_castps_si256(i)); }
  // No 16-entry lookup: two vpermps and a blend made vmath's tables slower than their 8-entry forms.
  static constexpr bool kLut8 = true, kLut16 = false;
  static float hsum(F a) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
  }
  static float hmax(F a) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
  }
  // For reductions (kernels/reduce_impl.h): any lane of a mask set.
  static bool any(M m) { return _mm256_movemask_ps(m) != 0; }
};

// Four doubles, for the float64 reductions: the subset of V's contract they use.
struct VD {
  using F = __m256d;
  using M = __m256d;
  static constexpr int64_t W = 4;
  static __m256i mask(int64_t n) { return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3)); }
  static F set(double a) { return _mm256_set1_pd(a); }
  static F load(const double* p) { return _mm256_loadu_pd(p); }
  static F loadn(const double* p, int64_t n, double fill) {
    const __m256i m = mask(n);
    return _mm256_blendv_pd(set(fill), _mm256_maskload_pd(p, m), _mm256_castsi256_pd(m));
  }
  static void store(double* p, F v) { _mm256_storeu_pd(p, v); }
  static F add(F a, F b) { return _mm256_add_pd(a, b); }
  static F fma(F a, F b, F c) { return _mm256_fmadd_pd(a, b, c); }
  static F min(F a, F b) { return _mm256_min_pd(a, b); }
  static F max(F a, F b) { return _mm256_max_pd(a, b); }
  static M lt(F a, F b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
  static M gt(F a, F b) { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
  static M eq(F a, F b) { return _mm256_cmp_pd(a, b, _CMP_EQ_OQ); }
  static M isnan(F a) { return _mm256_cmp_pd(a, a, _CMP_UNORD_Q); }
  static M mor(M a, M b) { return _mm256_or_pd(a, b); }
  static F sel(M m, F a, F b) { return _mm256_blendv_pd(b, a, m); }
  static bool any(M m) { return _mm256_movemask_pd(m) != 0; }
  static double hsum(F a) {
    const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
  }
};

}  // namespace gg::kernels::simd_avx2
