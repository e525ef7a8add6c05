// Two vectors of a level's V (kernels/simd_generic.h, simd_avx2.h, simd_avx512.h) as one value of
// twice the lanes, each operation applied to both halves back to back: vmath's long dependency
// chains (an exponential, a division, a polynomial) then come two at a time, which the
// out-of-order core overlaps within its small floating-point scheduler window (Zen 2: about 10%
// fewer cycles for exp, 15% for sigmoid and gelu). The contract of V (vmath_impl.h's top) less
// loadn, storen, hsum and hmax: the loops finish on single vectors.
#pragma once
#include <cstdint>

namespace gg::kernels {

template <class B>
struct Pair {
  struct F {
    typename B::F a, b;
  };
  struct M {
    typename B::M a, b;
  };
  static constexpr int64_t W = 2 * B::W;
  static constexpr bool kFused = B::kFused, kScalef = B::kScalef, kSplitsSubnormals = B::kSplitsSubnormals,
                        kLut8 = B::kLut8, kLut16 = B::kLut16;

  static F set(float v) { return {B::set(v), B::set(v)}; }
  static F load(const float* p) { return {B::load(p), B::load(p + B::W)}; }
  static void store(float* p, F v) {
    B::store(p, v.a);
    B::store(p + B::W, v.b);
  }
  static F abs(F x) { return {B::abs(x.a), B::abs(x.b)}; }
  static F pow2(F k) { return {B::pow2(k.a), B::pow2(k.b)}; }
  static F pow2_rounded(F t) { return {B::pow2_rounded(t.a), B::pow2_rounded(t.b)}; }
  static F index8(F x) { return {B::index8(x.a), B::index8(x.b)}; }
  static M isnan(F x) { return {B::isnan(x.a), B::isnan(x.b)}; }
#define GG_PAIR_OP(R, name) \
  static R name(F x, F y) { return {B::name(x.a, y.a), B::name(x.b, y.b)}; }
  GG_PAIR_OP(F, add)
  GG_PAIR_OP(F, sub)
  GG_PAIR_OP(F, mul)
  GG_PAIR_OP(F, div)
  GG_PAIR_OP(F, min)
  GG_PAIR_OP(F, max)
  GG_PAIR_OP(F, copysign)
  GG_PAIR_OP(F, scale2)
  GG_PAIR_OP(M, lt)
  GG_PAIR_OP(M, gt)
  GG_PAIR_OP(M, eq)
#undef GG_PAIR_OP
  static F fma(F x, F y, F z) { return {B::fma(x.a, y.a, z.a), B::fma(x.b, y.b, z.b)}; }
  static F fms(F x, F y, F z) { return {B::fms(x.a, y.a, z.a), B::fms(x.b, y.b, z.b)}; }
  static F fnma(F x, F y, F z) { return {B::fnma(x.a, y.a, z.a), B::fnma(x.b, y.b, z.b)}; }
  static M mor(M x, M y) { return {B::mor(x.a, y.a), B::mor(x.b, y.b)}; }
  static F sel(M m, F x, F y) { return {B::sel(m.a, x.a, y.a), B::sel(m.b, x.b, y.b)}; }
  static bool all_le(F x, F y) { return B::all_le(x.a, y.a) && B::all_le(x.b, y.b); }
  static F split(F x, F& e) { return {B::split(x.a, e.a), B::split(x.b, e.b)}; }
  static F lut8(const float* t, F i) { return {B::lut8(t, i.a), B::lut8(t, i.b)}; }
  static F lut16(const float* t, F i) { return {B::lut16(t, i.a), B::lut16(t, i.b)}; }  // where B has it
};

}  // namespace gg::kernels
