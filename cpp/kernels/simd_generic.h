// Four lanes of GCC/Clang vector extensions (SSE2 on any x86-64, NEON on aarch64): the generic
// level's SIMD abstraction V, whose contract is at the top of vmath_impl.h. Include it only from
// translation units compiled without ISA flags.
#pragma once
#include <cstdint>
#include <cstring>

namespace gg::kernels::simd_generic {

// Comparisons give lanes of all ones or zeros, which `m ? a : b` selects by.
typedef float F4 __attribute__((vector_size(16)));
typedef int32_t I4 __attribute__((vector_size(16)));
typedef uint32_t U4 __attribute__((vector_size(16)));
typedef double D2 __attribute__((vector_size(16)));
typedef int64_t L2 __attribute__((vector_size(16)));

struct V {
  using F = F4;
  using M = I4;
  static constexpr int64_t W = 4;
  static U4 bits(F a) { return __builtin_bit_cast(U4, a); }
  static F from_bits(U4 b) { return __builtin_bit_cast(F, b); }
  static F set(float a) { return F{a, a, a, a}; }
  static F load(const float* p) {
    F v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static F loadn(const float* p, int64_t n, float fill) {
    F v = set(fill);
    for (int64_t i = 0; i < n && i < W; ++i) v[i] = p[i];
    return v;
  }
  static void store(float* p, F v) { std::memcpy(p, &v, sizeof v); }
  static void storen(float* p, F v, int64_t n) {
    for (int64_t i = 0; i < n && i < W; ++i) p[i] = v[i];
  }
  static F add(F a, F b) { return a + b; }
  static F sub(F a, F b) { return a - b; }
  static F mul(F a, F b) { return a * b; }
  static F div(F a, F b) { return a / b; }
  // Not necessarily fused: a generic x86-64 build has no FMA instruction.
  static constexpr bool kFused = false;
  static F fma(F a, F b, F c) { return a * b + c; }
  static F fms(F a, F b, F c) { return a * b - c; }
  static F fnma(F a, F b, F c) { return c - a * b; }
  static F min(F a, F b) { return a < b ? a : b; }
  static F max(F a, F b) { return a > b ? a : b; }
  static F abs(F a) { return from_bits(bits(a) & 0x7FFFFFFFu); }
  static F copysign(F a, F b) { return from_bits(bits(a) | (bits(b) & 0x80000000u)); }
  static M lt(F a, F b) { return a < b; }
  static M gt(F a, F b) { return a > b; }
  static M eq(F a, F b) { return a == b; }
  static M isnan(F a) { return a != a; }
  static M mor(M a, M b) { return a | b; }
  static F sel(M m, F a, F b) { return m ? a : b; }
  // 2^k from the low mantissa bits of k + 127 + 2^23 (no float-to-int conversion, which NaN
  // would make undefined).
  static F pow2(F k) { return from_bits((bits(k + 8388735.0f) & 0xFFu) << 23); }
  static F pow2_rounded(F t) { return from_bits((bits(t) + 127u) << 23); }
  static constexpr bool kScalef = false;
  static F scale2(F y, F k) { return y * pow2(k); }
  static bool all_le(F a, F b) {
    const M m = a <= b;
    return (m[0] & m[1] & m[2] & m[3]) != 0;
  }
  static constexpr bool kSplitsSubnormals = false;
  // lut8 is four scalar loads and there is no lut16: gelu keeps its table-free near path.
  static constexpr bool kLut8 = false, kLut16 = false;
  // Subtracting sqrt(1/2)'s bits puts the octave boundary at sqrt(1/2): the shifted exponent is e.
  static F split(F x, F& e) {
    const I4 k = __builtin_bit_cast(I4, bits(x) - 0x3F3504F3u) >> 23;  // arithmetic shift
    e = __builtin_convertvector(k, F);
    return from_bits(bits(x) - (__builtin_bit_cast(U4, k) << 23));  // unsigned: no overflow
  }
  static F index8(F v) { return from_bits(bits(v) >> 22); }
  static F lut8(const float* t, F i) {
    const U4 k = bits(i) & 7u;
    return F{t[k[0]], t[k[1]], t[k[2]], t[k[3]]};
  }
  static float hsum(F a) { return (a[0] + a[2]) + (a[1] + a[3]); }
  static float hmax(F a) {
    const float m0 = a[0] > a[2] ? a[0] : a[2], m1 = a[1] > a[3] ? a[1] : a[3];
    return m0 > m1 ? m0 : m1;
  }
  // For reductions (kernels/reduce_impl.h): any lane of a mask set.
  static bool any(M m) { return (m[0] | m[1] | m[2] | m[3]) != 0; }
};

// Two doubles, for the float64 reductions: the subset of V's contract they use.
struct VD {
  using F = D2;
  using M = L2;
  static constexpr int64_t W = 2;
  static F set(double a) { return F{a, a}; }
  static F load(const double* p) {
    F v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static F loadn(const double* p, int64_t n, double fill) {
    F v = set(fill);
    for (int64_t i = 0; i < n && i < W; ++i) v[i] = p[i];
    return v;
  }
  static void store(double* p, F v) { std::memcpy(p, &v, sizeof v); }
  static F add(F a, F b) { return a + b; }
  static F fma(F a, F b, F c) { return a * b + c; }
  static F min(F a, F b) { return a < b ? a : b; }
  static F max(F a, F b) { return a > b ? a : b; }
  static M lt(F a, F b) { return a < b; }
  static M gt(F a, F b) { return a > b; }
  static M eq(F a, F b) { return a == b; }
  static M isnan(F a) { return a != a; }
  static M mor(M a, M b) { return a | b; }
  static F sel(M m, F a, F b) { return m ? a : b; }
  static bool any(M m) { return (m[0] | m[1]) != 0; }
  static double hsum(F a) { return a[0] + a[1]; }
};

}  // namespace gg::kernels::simd_generic
