// AVX-512 (16 floats per vector, mask registers for selects and tails): the avx512 level's SIMD
// abstraction V, whose contract is at the top of vmath_impl.h. Include it only from translation
// units compiled with the AVX-512 flags, so that no inline function of it is ever compiled for a
// CPU without them.
#pragma once
#include <immintrin.h>

#include <cstdint>

namespace gg::kernels::simd_avx512 {

struct V {
  using F = __m512;
  using M = __mmask16;
  static constexpr int64_t W = 16;
  static M mask(int64_t n) { return static_cast<M>((1u << n) - 1u); }
  static F set(float a) { return _mm512_set1_ps(a); }
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static F loadn(const float* p, int64_t n, float fill) { return _mm512_mask_loadu_ps(set(fill), mask(n), p); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static void storen(float* p, F v, int64_t n) { _mm512_mask_storeu_ps(p, mask(n), v); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F div(F a, F b) { return _mm512_div_ps(a, b); }
  static constexpr bool kFused = true;
  static F fma(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F fms(F a, F b, F c) { return _mm512_fmsub_ps(a, b, c); }
  static F fnma(F a, F b, F c) { return _mm512_fnmadd_ps(a, b, c); }
  static F min(F a, F b) { return _mm512_min_ps(a, b); }
  static F max(F a, F b) { return _mm512_max_ps(a, b); }
  static F abs(F a) { return _mm512_abs_ps(a); }
  static F copysign(F a, F b) { return _mm512_or_ps(a, _mm512_and_ps(b, _mm512_set1_ps(-0.0f))); }
  static M lt(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
  static M gt(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
  static M eq(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
  static M isnan(F a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
  static M mor(M a, M b) { return static_cast<M>(a | b); }
  static F sel(M m, F a, F b) { return _mm512_mask_blend_ps(m, b, a); }
  static F pow2(F k) {
    const __m512i e = _mm512_add_epi32(_mm512_cvtps_epi32(k), _mm512_set1_epi32(127));
    return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
  }
  static F pow2_rounded(F t) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(_mm512_castps_si512(t), _mm512_set1_epi32(127)), 23));
  }
  static constexpr bool kScalef = true;
  static F scale2(F y, F k) { return _mm512_scalef_ps(y, k); }
  static bool all_le(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ) == 0xFFFF; }
  // vgetexpps / vgetmantps normalize subnormals themselves; m in [1, 2) is then halved above sqrt(2).
  static constexpr bool kSplitsSubnormals = true;
  static F split(F x, F& e) {
    const F m = _mm512_getmant_ps(x, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src);
    const M big = _mm512_cmp_ps_mask(m, set(1.41421356f), _CMP_GT_OQ);
    const F ex = _mm512_getexp_ps(x);
    e = _mm512_mask_add_ps(ex, big, ex, set(1.0f));
    return _mm512_mask_mul_ps(m, big, m, set(0.5f));
  }
  static F index8(F v) { return _mm512_castsi512_ps(_mm512_srli_epi32(_mm512_castps_si512(v), 22)); }
  // vpermps reads the low 4 bits of each index: the table is in both halves.
  static F lut8(const float* t, F i) {
    return _mm512_permutexvar_ps(_mm512_castps_si512(i), _mm512_broadcast_f32x8(_mm256_load_ps(t)));
  }
  // t[i & 15] per lane (a 64-byte aligned table of 16 floats): one vpermps.
  static constexpr bool kLut8 = true, kLut16 = true;
  static F lut16(const float* t, F i) { return _mm512_permutexvar_ps(_mm512_castps_si512(i), _mm512_load_ps(t)); }
  static float hsum(F a) { return _mm512_reduce_add_ps(a); }
  static float hmax(F a) { return _mm512_reduce_max_ps(a); }
  // For reductions (kernels/reduce_impl.h): any lane of a mask set.
  static bool any(M m) { return m != 0; }
};

// Eight doubles, for the float64 reductions: the subset of V's contract they use.
struct VD {
  using F = __m512d;
  using M = __mmask8;
  static constexpr int64_t W = 8;
  static M mask(int64_t n) { return static_cast<M>((1u << n) - 1u); }
  static F set(double a) { return _mm512_set1_pd(a); }
  static F load(const double* p) { return _mm512_loadu_pd(p); }
  static F loadn(const double* p, int64_t n, double fill) { return _mm512_mask_loadu_pd(set(fill), mask(n), p); }
  static void store(double* p, F v) { _mm512_storeu_pd(p, v); }
  static F add(F a, F b) { return _mm512_add_pd(a, b); }
  static F fma(F a, F b, F c) { return _mm512_fmadd_pd(a, b, c); }
  static F min(F a, F b) { return _mm512_min_pd(a, b); }
  static F max(F a, F b) { return _mm512_max_pd(a, b); }
  static M lt(F a, F b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
  static M gt(F a, F b) { return _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ); }
  static M eq(F a, F b) { return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ); }
  static M isnan(F a) { return _mm512_cmp_pd_mask(a, a, _CMP_UNORD_Q); }
  static M mor(M a, M b) { return static_cast<M>(a | b); }
  static F sel(M m, F a, F b) { return _mm512_mask_blend_pd(m, b, a); }
  static bool any(M m) { return m != 0; }
  static double hsum(F a) { return _mm512_reduce_add_pd(a); }
};

}  // namespace gg::kernels::simd_avx512
