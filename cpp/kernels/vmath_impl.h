// The float32 vector math of vmath.h, written once over a SIMD abstraction V and compiled once
// per instruction set: vmath.cpp (generic: 4 lanes of GCC/Clang vector extensions),
// vmath_avx2.cpp (8 lanes), vmath_avx512.cpp (16 lanes). Each includer names its level's V
// (kernels/simd_generic.h, simd_avx2.h, simd_avx512.h, shared with the other per-ISA kernels) in its
// own namespace GG_VMATH_ISA, includes kernels/simd_pair.h (two V vectors as one, a template over
// V) and then this header, which includes nothing: no shared inline function is ever compiled with
// wider instructions than the CPU has.
//
// V provides: F (vector), M (mask), W (lanes); set, load, loadn(p, n, fill), store, storen(p, v, n);
// add sub mul div, fma(a, b, c) = a*b + c, fms(a, b, c) = a*b - c, fnma(a, b, c) = c - a*b (fused
// when kFused); min, max (both return the second operand when either is NaN, as the x86
// instructions do); abs, copysign(|a|, b) (a >= 0);
// lt gt eq isnan, sel(m, a, b) = m ? a : b, mor; all_le(a, b): every lane a <= b (false for NaN);
// pow2(k) = 2^k for integral k in [-126, 127], pow2_rounded(t) the same from t = k + 1.5 2^23 (the
// rounding below, exactly); scale2(y, k) = y 2^k for integral k in [-126, 127] (kScalef: for any
// k, rounded once: vscalefps); split(x, e) = m in [sqrt(1/2), sqrt(2)) with x = m 2^e (e integral,
// as a float) for a positive normal x (kSplitsSubnormals: for a subnormal x too); hsum, hmax;
// index8(v): the octave of v in [2, 32) and its first mantissa bit, 0 for [2, 3), 1 for [3, 4),
// 2 for [4, 6), ..., 7 for [24, 32) (an integer in the low 3 bits of an F's bits; the other bits
// are not cleared); lut8(t, i): t[i & 7] per lane, for a table t of 8 floats, 32-byte aligned
// (kLut8: one instruction); where kLut16, lut16(t, i): t[i & 15] per lane (i an F whose low bits
// are an integer), t 64-byte aligned, in one instruction.
//
// Accuracy (tests/test_vmath.py, every level): within 2 ulp for exp, log, log1p, expm1, tanh, erf,
// softplus and (1.8 with FMA; 2.2 generic) sigmoid; silu and gelu within 3 ulp where the result is
// normal. NaN propagates, overflow gives inf, subnormal results are produced (not flushed).
#ifndef GG_VMATH_ISA
#error "define GG_VMATH_ISA and V before including vmath_impl.h"
#endif

namespace gg::kernels::GG_VMATH_ISA {

using F = V::F;

constexpr float kInf = __builtin_inff();
constexpr float kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f, kLn2 = 0.693147180559945309f,
                kLog2e = 1.44269504088896341f;
// x + 1.5 * 2^23 - 1.5 * 2^23 rounds |x| < 2^22 to an integer (nearest, ties to even).
constexpr float kRound = 12582912.0f;

// The math, over a vector type V: Math<V> works on one vector, Math<Pair<V>> on two at a time
// (kernels/simd_pair.h), which the array loops use for their two independent dependency chains.
template <class V>
struct Math {
  using F = typename V::F;

  static F round_int(F x) { return V::sub(V::add(x, V::set(kRound)), V::set(kRound)); }

  // c[0] u^(N-1) + c[1] u^(N-2) + ... + c[N-1] by Horner's rule, one fused multiply-add a step.
  template <int N>
  static F horner(F u, const float (&c)[N]) {
    F p = V::set(c[0]);
    for (int j = 1; j < N; ++j) p = V::fma(p, u, V::set(c[j]));
    return p;
  }
  // The same with each lane's coefficients looked up at its index i in rows of L = 8 (lut8) or
  // 16 (lut16) entries: one polynomial per interval of a table.
  template <int N, int L>
  static F horner(F u, F i, const float (&c)[N][L]) {
    const auto at = [i](const float* t) {
      if constexpr (L == 16) return V::lut16(t, i);
      else return V::lut8(t, i);
    };
    F p = at(c[0]);
    for (int j = 1; j < N; ++j) p = V::fma(p, u, at(c[j]));
    return p;
  }

  // e^r - 1 - r over |r| <= ln2 / 2 as r^2 p(r) (Cephes' coefficients for exp): the shared core
  // of exp and expm1.
  static constexpr float kExpPoly[6] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                                        4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
  static F expm1_poly(F r) { return horner(r, kExpPoly); }
  static F expm1_reduced(F r) { return V::fma(expm1_poly(r), V::mul(r, r), r); }
  // e^r = 1 + r (1 + r q(r)): one operation fewer than 1 + expm1_reduced(r); the inner rounding,
  // times |r| <= 0.35, costs at most 0.2 ulp. q has one degree less than expm1's p: an error in it
  // counts r^2 / e^r-fold here (at most 0.17), r-fold in expm1 (fitted for this file as a weighted
  // least-squares fit in double, rounded to float from the highest degree down with the rest
  // refitted: 0.74 ulp in float for e^r, against 0.68 with p).
  static constexpr float kExpPoly5[5] = {1.3752837e-3f, 8.3661722e-3f, 4.1669212e-2f, 1.6666542e-1f,
                                         4.9999991e-1f};
  static F exp_reduced(F r) { return V::fma(V::fma(horner(r, kExpPoly5), r, V::set(1.0f)), r, V::set(1.0f)); }

  // Cody-Waite: x = k ln2 + r with |r| <= ln2 / 2 (ln2 in two parts, the first exact in k ln2);
  // t = k + bias + 1.5 2^23 (for pow2_rounded; bias an integer: it adds to the rounded k exactly).
  static F reduce(F x, F& k, F& t, float bias = 0.0f) {
    t = V::fma(x, V::set(kLog2e), V::set(kRound + bias));
    k = V::sub(t, V::set(kRound + bias));
    return V::fnma(k, V::set(kLn2Lo), V::fnma(k, V::set(kLn2Hi), x));
  }
  static F reduce(F x, F& k) {
    F t;
    return reduce(x, k, t);
  }

  // 2^k = p1 p2 in two normal factors for k in [-150, 127], so that a subnormal result rounds
  // once, at the last multiplication.
  static void pow2_parts(F k, F& p1, F& p2) {
    const F k1 = round_int(V::mul(k, V::set(0.5f)));
    p1 = V::pow2(k1);
    p2 = V::pow2(V::sub(k, k1));
  }

  // e^x = e^r 2^k for |x| <= 87 (or NaN), where the result and 2^k are normal: nothing checked.
  static F exp_ordinary(F x) {
    F k, t;
    const F er = exp_reduced(reduce(x, k, t));
    if constexpr (V::kScalef) return V::scale2(er, k);
    return V::mul(er, V::pow2_rounded(t));
  }

  // e^x. With vscalefps, x clamped to [-104, 89] (NaN passes; below, the result rounds to 0, above
  // it overflows) is the whole story. Elsewhere the ordinary case when every lane has |x| <= 87
  // (one branch per vector); otherwise x is clamped to [-104, ln FLT_MAX] and 2^k split in two
  // normal factors, so that a subnormal result rounds once, at the last multiplication.
  static F exp(F x) {
    if constexpr (V::kScalef) return exp_ordinary(V::min(V::set(89.0f), V::max(V::set(-104.0f), x)));
    if (V::all_le(V::abs(x), V::set(87.0f))) return exp_ordinary(x);
    constexpr float kMax = 88.72283172607421875f;
    F k, p1, p2;
    const F r = reduce(V::min(V::set(kMax), V::max(V::set(-104.0f), x)), k);
    pow2_parts(k, p1, p2);
    const F er = exp_reduced(r);
    return V::sel(V::gt(x, V::set(kMax)), V::set(kInf), V::mul(V::mul(er, p1), p2));
  }

  // 2^32 m e^(s + s_lo) with m = mh + ml (|ml| <= |mh| / 2), for s in [-105.2, 0] (not checked)
  // and |s_lo| <= ulp(s): the factor 2^32 keeps the result normal for |m| >= 2^-6, so 2^k is one
  // factor. e^r = 1 + q is applied as mh + (ml + m q): neither e^r nor m is rounded on its own.
  static F exp_scaled(F s, F s_lo, F mh, F ml) {
    F k, t;
    const F r = V::add(reduce(s, k, t, 32.0f), s_lo);
    const F y = V::add(mh, V::fma(V::add(mh, ml), expm1_reduced(r), ml));
    if constexpr (V::kScalef) return V::scale2(y, V::add(k, V::set(32.0f)));
    return V::mul(y, V::pow2_rounded(t));
  }

  // e^x - 1 = 2 (2^(k-1) expm1(r) + 2^(k-1) - 1/2): exact for k = 0 (r = x), no cancellation
  // elsewhere, and 2^(k-1) stays normal for x in [-18, ln FLT_MAX] (below -18 it is -1 anyway).
  static F expm1(F x) {
    constexpr float kMax = 88.72283172607421875f;
    const F xc = V::min(V::set(kMax), V::max(V::set(-18.0f), x));
    F k;
    const F r = reduce(xc, k);
    const F h = V::pow2(V::sub(k, V::set(1.0f)));
    const F y = V::mul(V::set(2.0f), V::fma(h, expm1_reduced(r), V::sub(h, V::set(0.5f))));
    return V::sel(V::gt(x, V::set(kMax)), V::set(kInf), y);
  }

  // log x = e ln2 + log m, m in [sqrt(1/2), sqrt(2)), log(1 + f) = f - f^2/2 + f^3 p(f) (Cephes'
  // coefficients). When every lane is positive, normal and finite (the common case: one branch per
  // vector), that is all; otherwise subnormal inputs are scaled by 2^23 first (unless V::split
  // handles them) and 0, inf, negative and NaN lanes are set apart.
  static constexpr float kLogPoly[9] = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f,
                                        -1.2420140846e-1f, 1.4249322787e-1f, -1.6668057665e-1f,
                                        2.0000714765e-1f,  -2.4999993993e-1f, 3.3333331174e-1f};
  static F log(F x) {
    constexpr float kMinNormal = 1.17549435e-38f;
    // x + (x - x) is x where x is finite and NaN at inf and NaN: one comparison tests both ends.
    const bool plain = V::all_le(V::set(kMinNormal), V::add(x, V::sub(x, x)));
    F xs = x, e0 = V::set(0.0f);
    if (!V::kSplitsSubnormals && !plain) {
      const auto sub = V::lt(x, V::set(kMinNormal));
      xs = V::sel(sub, V::mul(x, V::set(8388608.0f)), x);
      e0 = V::sel(sub, V::set(23.0f), V::set(0.0f));
    }
    F e;
    const F m = V::split(xs, e);
    if (!plain) e = V::sub(e, e0);
    const F f = V::sub(m, V::set(1.0f)), z = V::mul(f, f);
    F y = V::fma(z, V::fma(horner(f, kLogPoly), f, V::set(-0.5f)), f);
    y = V::fma(e, V::set(kLn2), y);
    if (plain) return y;
    y = V::sel(V::eq(x, V::set(kInf)), x, y);
    y = V::sel(V::eq(x, V::set(0.0f)), V::set(-kInf), y);
    return V::sel(V::mor(V::lt(x, V::set(0.0f)), V::isnan(x)), V::set(__builtin_nanf("")), y);
  }

  // log(1 + x) = log u + (x - (u - 1)) / u with u = 1 + x rounded: the second term is the
  // first-order correction for u's rounding (it is x itself when u == 1).
  static F log1p(F x) {
    const F u = V::add(x, V::set(1.0f));
    const F c = V::div(V::sub(x, V::sub(u, V::set(1.0f))), u);
    const F y = V::add(log(u), c);
    return V::sel(V::eq(x, V::set(kInf)), x, V::sel(V::eq(u, V::set(0.0f)), V::set(-kInf), y));
  }

  // 1 / (1 + e^-x) from e = e^-|x| (never overflows): 1 / (1 + e) for x >= 0, e / (1 + e) below,
  // one true division (cheaper than refining a reciprocal estimate on Zen 2, and on Zen 4: rcp and
  // a Newton step measured 1.1-1.2x slower). 1 + e = d + d_lo rounds (d_lo = (1 - d) + e, exact);
  // y = n / d is then corrected by -y d_lo / d, with 1 / d ~ 0.957 - e / 2 (within 6%: the
  // correction is below 2^-24 y), which keeps sigmoid within 1.8 ulp with FMA (2.2 generic) and
  // silu, x times it, within 3.
  static F sigmoid(F x) {
    const F e = exp(V::sub(V::set(0.0f), V::abs(x)));
    const F d = V::add(V::set(1.0f), e);
    const F y = V::div(V::sel(V::lt(x, V::set(0.0f)), e, V::set(1.0f)), d);
    const F d_lo = V::add(V::sub(V::set(1.0f), d), e);
    return V::fnma(V::mul(y, d_lo), V::fnma(e, V::set(0.5f), V::set(0.957f)), y);
  }

  // 1 - 2 / (e^{2|x|} + 1) with x's sign (one true division, as in sigmoid; |x| clamped to 9.1,
  // where the result rounds to 1), and Cephes' odd polynomial below |x| = 0.625 (where the first
  // form loses relative precision).
  static constexpr float kTanhPoly[5] = {-5.70498872745e-3f, 2.06390887954e-2f, -5.37397155531e-2f,
                                         1.33314422036e-1f, -3.33332819422e-1f};
  // Where V has a 16-entry lookup (kLut16: one instruction): a polynomial of degree 7 in
  // u = |x| - c on each half-octave interval [0.09375, 0.125), [0.125, 0.1875), ..., [8, 12) (c its
  // midpoint), tanh's odd Taylor series on [0, 0.09375) and 1 from 12 on: no exponential, no
  // division. On Intel, 9 lookups and 8 multiply-adds a vector ran 1.4x faster than the formula
  // above, which waits on both; on AVX2, where a lookup takes three instructions, 1.8x slower.
  // Fitted for this file as a relative least-squares fit in double, coefficients rounded to float
  // from the highest degree down with the rest refitted, the lowest three then nudged by a few ulp
  // towards the smallest error: within 0.994 ulp over every float (tests/test_vmath.py holds it
  // to 2). index8(max(32 a, 2)) tells the intervals apart (an a below 1/16 is the first's), and
  // the NaN of min(12.5, NaN) comes through u.
  alignas(64) static constexpr float kTanhCenter[16] = {0.0f, 0.109375f, 0.15625f, 0.21875f, 0.3125f, 0.4375f, 0.625f, 0.875f, 1.25f, 1.75f, 2.5f, 3.5f, 5.0f, 7.0f, 10.0f, 12.0f};
  alignas(64) static constexpr float kTanhTable[8][16] = {  // [degree 7 - j][interval]
      {-0.053968254f, -0.044028062f, -0.03644809f, -0.022418076f, -0.00022078051f, 0.022490853f, 0.029550029f, 0.01115031f, -0.0044378876f, -0.001967224f, 6.197948e-05f, 4.1734827e-05f, 2.5711188e-06f, 4.747104e-08f, 1.6580948e-10f, 0.0f},
      {0.0f, -0.03896682f, -0.052341297f, -0.06526679f, -0.07238576f, -0.061630018f, -0.024047991f, 0.012975684f, 0.015081819f, 0.0020807646f, -0.000699544f, -0.00015693049f, -9.174118e-06f, -1.6873659e-07f, -6.1510586e-10f, 0.0f},
      {0.13333334f, 0.12016247f, 0.10724862f, 0.08498578f, 0.04550748f, -0.0061156023f, -0.0551434f, -0.058852173f, -0.01920518f, 0.003697438f, 0.002860425f, 0.00047211378f, 2.3979886e-05f, 4.3973694e-07f, 9.1632174e-10f, 0.0f},
      {0.0f, 0.07048775f, 0.09721122f, 0.12737426f, 0.15811734f, 0.1699959f, 0.1378957f, 0.06079545f, -0.012583712f, -0.023523135f, -0.008050725f, -0.0011975813f, -5.9826903e-05f, -1.0963814e-06f, -2.1302358e-09f, 0.0f},
      {-0.33333334f, -0.31765002f, -0.3018809f, -0.2736625f, -0.2195524f, -0.13617305f, -0.017831516f, 0.08180731f, 0.10831094f, 0.06292151f, 0.0170208f, 0.0024140088f, 0.000121073805f, 2.2183613e-06f, 5.690409e-09f, 0.0f},
      {0.0f, -0.10764801f, -0.15126753f, -0.20534264f, -0.27497146f, -0.3418538f, -0.38401493f, -0.35513183f, -0.23787157f, -0.107139975f, -0.026236122f, -0.003634275f, -0.00018168836f, -3.3283645e-06f, -8.710867e-09f, 0.0f},
      {1.0f, 0.9881319f, 0.9759779f, 0.95363456f, 0.9083668f, 0.8306101f, 0.69241905f, 0.5045169f, 0.28041488f, 0.1138121f, 0.026592229f, 0.0036408845f, 0.00018157971f, 3.326043e-06f, 8.1906295e-09f, 0.0f},
      {0.0f, 0.10894093f, 0.15499073f, 0.21532634f, 0.30270973f, 0.41157004f, 0.5545997f, 0.7039056f, 0.84828365f, 0.94137555f, 0.9866143f, 0.9981779f, 0.9999092f, 0.99999833f, 1.0f, 1.0f},
  };
  static F tanh_table(F x) {
    const F a = V::min(V::set(12.5f), V::abs(x));
    const F i = V::index8(V::max(V::mul(a, V::set(32.0f)), V::set(2.0f)));
    const F u = V::sub(a, V::lut16(kTanhCenter, i));
    return V::copysign(horner(u, i, kTanhTable), x);
  }
  static F tanh(F x) {
    if constexpr (V::kLut16) return tanh_table(x);
    const F a = V::abs(x), ac = V::min(V::set(9.1f), a);
    const F big = V::sub(V::set(1.0f), V::div(V::set(2.0f), V::add(exp_ordinary(V::add(ac, ac)), V::set(1.0f))));
    const F z = V::mul(x, x);
    const F small = V::fma(V::mul(horner(z, kTanhPoly), z), x, x);
    return V::sel(V::lt(a, V::set(0.625f)), small, V::copysign(big, x));
  }

  // erf z = z + z R(z^2) for |z| < 0.875 (R fitted by least squares in double for this file).
  static constexpr float kErfPoly[6] = {-6.2541629e-4f, 5.0423285e-3f,  -2.6798660e-2f,
                                        1.1282670e-1f,  -3.7612575e-1f, 1.2837917e-1f};
  static F erf_small(F z) { return V::fma(z, horner(V::mul(z, z), kErfPoly), z); }

  // erfc a for a >= 0.5 given a^2 = s + s_lo (s_lo the rounding error of s):
  // e^{-a^2} t Q(t), t = 1 / (1 + a/2), Q fitted in double for this file (relative 2e-8 on
  // [0.5, inf)); e^{-s_lo} = 1 - s_lo since |s_lo| <= ulp(s) / 2.
  static constexpr float kErfcPoly[11] = {2.6006870e-2f, -1.6917607e-1f, 3.8826308e-1f, -3.6202050e-1f,
                                          8.3265759e-2f, -4.3532021e-2f, 9.0461791e-2f, 1.7563894e-1f,
                                          2.4686700e-1f, 2.8209415e-1f,  2.8209480e-1f};
  static F erfc_big(F a, F s, F s_lo) {
    const F t = V::div(V::set(1.0f), V::fma(a, V::set(0.5f), V::set(1.0f)));
    const F q = horner(t, kErfcPoly);
    F e = exp(V::sub(V::set(0.0f), s));
    e = V::fnma(e, s_lo, e);
    return V::mul(e, V::mul(q, t));
  }

  // a b = hi + lo exactly, hi = a b rounded: one fused multiply-add where there is one, else
  // Dekker's product (each factor split in two 12-bit halves). Callers keep a b finite.
  static F mul_parts(F a, F b, F& lo) {
    const F hi = V::mul(a, b);
    if constexpr (V::kFused) {
      lo = V::fms(a, b, hi);
    } else {
      const auto split = [](F v, F& h) {
        const F c = V::mul(v, V::set(4097.0f));
        h = V::sub(c, V::sub(c, v));
        return V::sub(v, h);
      };
      F ah, bh;
      const F al = split(a, ah), bl = split(b, bh);
      lo = V::add(V::add(V::add(V::sub(V::mul(ah, bh), hi), V::mul(ah, bl)), V::mul(al, bh)), V::mul(al, bl));
    }
    return hi;
  }

  static F erf(F z) {
    const F a = V::min(V::set(20.0f), V::abs(z));
    F s_lo;
    const F s = mul_parts(a, a, s_lo);
    const F big = V::copysign(V::sub(V::set(1.0f), erfc_big(V::max(a, V::set(0.5f)), s, s_lo)), z);
    return V::sel(V::lt(a, V::set(0.875f)), erf_small(z), big);
  }

  // The lower normal tail Phi(-a) = e^{-a^2/2} G(a), a >= 0. G (a scaled Mills ratio: 1/2 at 0,
  // about 1 / (a sqrt(2 pi)) for large a) varies slowly, so that it is one polynomial in
  // u = a - c on each of the 8 intervals [0, .5), [.5, 1), [1, 2), [2, 3), [3, 5), [5, 7), [7, 11),
  // [11, 15) that index8(2 + 2a) tells apart, its constant term in two floats: G = hi + lo with
  // lo = c0_lo + u P(u) (fitted for this file as a relative minimax in double, coefficients rounded
  // to float one by one with the rest refitted; hi + lo within 0.45 2^-24 of G on every interval,
  // each fitted 1% beyond its ends for the rounding of 2 + 2a). Beyond 14.5, e^{-a^2/2} underflows.
  alignas(32) static constexpr float kGCenter[8] = {0.25f, 0.75f, 1.5f, 2.5f, 4.0f, 6.0f, 9.0f, 13.0f};
  alignas(32) static constexpr float kGHi[8] = {0.414032102f, 0.30023247f,   0.20578067f,   0.14133133f,
                                         0.094410643f, 0.0647793114f, 0.0437987894f, 0.0305094142f};
  alignas(32) static constexpr float kGLo[8] = {1.31594791e-09f,  -7.69566899e-09f, -3.07577719e-09f, 1.43844625e-09f,
                                         -1.69110204e-09f, 2.90567015e-09f,  -5.14371268e-10f, 3.43906348e-10f};
  alignas(32) static constexpr float kGPoly[8][8] = {  // P's coefficients, highest degree first
      {0.000315244601f, 9.65928266e-05f, 2.75215934e-05f, 3.30049511e-06f, 2.49690686e-07f, 1.51058401e-08f,
       6.86194768e-10f, 3.09147083e-11f},
      {-0.00154155458f, -0.000369441143f, -0.000105838684f, -1.48772851e-05f, -1.40239217e-06f, -1.10263606e-07f,
       -6.83127732e-09f, -4.20755292e-10f},
      {0.00561385322f, 0.00175236259f, 0.000368522626f, 6.23463857e-05f, 7.08884909e-06f, 7.47834918e-07f,
       6.07091195e-08f, 5.42275913e-09f},
      {-0.0150444591f, -0.00520417141f, -0.00126558042f, -0.000257369364f, -3.74690062e-05f, -5.22152868e-06f,
       -5.89417994e-07f, -7.32999723e-08f},
      {0.037251994f, 0.0143598467f, 0.00411032001f, 0.00101759797f, 0.00019275659f, 3.58426332e-05f,
       5.68803716e-06f, 9.86369173e-07f},
      {-0.0843027085f, -0.0366836376f, -0.0124970358f, -0.00383113138f, -0.000958736113f, -0.000241185131f,
       -5.41501213e-05f, -1.31896231e-05f},
      {0.170086771f, 0.084953256f, 0.0351868756f, 0.0136482259f, 0.00460589025f, 0.00159047381f, 0.000510081882f,
       0.000175409485f},
      {-0.295434266f, -0.173767939f, -0.0902712792f, -0.045613952f, -0.0212997142f, -0.0102663944f,
       -0.00475317985f, -0.00231989194f},
  };

  // G(a) = hi + lo (returned: hi) for a in [0, 14.5].
  static F mills(F a, F& lo) {
    const F i = V::index8(V::fma(a, V::set(2.0f), V::set(2.0f)));
    const F u = V::sub(a, V::lut8(kGCenter, i));
    lo = V::fma(horner(u, i, kGPoly), u, V::lut8(kGLo, i));
    return V::lut8(kGHi, i);
  }

  // -a^2 / 2 = s + s_lo exactly (returned: s): the exponent amplifies an error in it a^2/2-fold.
  static F minus_half_square(F a, F& s_lo) { return mul_parts(V::mul(a, V::set(-0.5f)), a, s_lo); }

  // H(a) = G(a) e^{a/2} = hi + lo (returned: hi) for a in [0, 3]: one polynomial in u = a - 3/2, no
  // table. G falls four-fold over [0, 3], so that a polynomial for it in float would round its
  // large lo to an ulp of error; H stays within [0.41, 0.5], lo small. Fitted for this file as G was
  // (lo = c0_lo + u P(u), within 0.1 2^-24 of H).
  static constexpr float kHPoly[11] = {-1.28885702e-07f, 5.77229116e-07f, -1.75052412e-06f, 7.53469931e-06f,
                                       -3.26963127e-05f, 0.000130384055f, -0.000469184422f, 0.00193775957f,
                                       -0.00402310537f,  0.0333932154f,   0.0267145392f};
  // u P(u) = u E(u^2) + u^2 O(u^2) (E the even, O the odd coefficients): two chains of half the
  // length, which the exponential's long dependency chain otherwise waits on.
  static F mills_scaled(F a, F& lo) {
    const F u = V::sub(a, V::set(1.5f)), w = V::mul(u, u);
    F e = V::set(kHPoly[0]), o = V::set(kHPoly[1]);
    for (int j = 2; j < 10; j += 2) {
      e = V::fma(e, w, V::set(kHPoly[j]));
      o = V::fma(o, w, V::set(kHPoly[j + 1]));
    }
    e = V::fma(e, w, V::set(kHPoly[10]));
    lo = V::fma(u, e, V::fma(w, o, V::set(-8.604317e-09f)));
    return V::set(0.43563768f);
  }

  // G(a) for a in [0, 3] in one float (within 0.3 2^-24; its evaluation adds about an ulp where
  // lo is large, harmless in gelu_grad's sum), one table-free polynomial in u = a - 3/2.
  static constexpr float kGNear[13] = {1.26089674e-07f,  -5.65943424e-07f, 1.56111969e-06f,  -6.34180287e-06f,
                                       2.71177869e-05f,  -0.000102589867f, 0.000368319423f,  -0.00126588473f,
                                       0.00411044713f,   -0.0124970982f,   0.0351868421f,    -0.0902712718f,
                                       0.20578067f};
  static F mills_near(F a) { return horner(V::sub(a, V::set(1.5f)), kGNear); }

  // near(a) when every lane has a <= 3 (the common case: one branch per vector), else far(a) in
  // the lanes beyond 3, where near does not hold: far costs the table lookups. Either way a lane's
  // result depends on its own a only.
  template <class Near, class Far>
  static F near_or_far(F a, Near near, Far far) {
    const F p = near(a);  // lanes with a > 3 come out meaningless (maybe not finite): sel drops them
    if (V::all_le(a, V::set(3.0f))) return p;
    return V::sel(V::gt(a, V::set(3.0f)), far(a), p);
  }

  // 2^32 Phi(-a) for a in [0, 14.5]: e^{-a^2/2 - a/2} H(a) up to 3, e^{-a^2/2} G(a) beyond. The
  // exponent's two parts (-a/2 exact) are summed by Fast2Sum with -a^2/2 taken as the larger: exact
  // for a >= 1; below, where the order flips, the sum is off by at most 2^-26 (checked over every
  // float a), 0.25 ulp of e^t at most, and no ordering costs a min and a max.
  // 2^32 Phi(-a) for a in [0, 14.5] from G's table (the far path of normal_tail).
  static F normal_tail_far(F a) {
    F s_lo, g_lo;
    const F s = minus_half_square(a, s_lo), g = mills(a, g_lo);
    return exp_scaled(s, s_lo, g, g_lo);
  }

  static F normal_tail(F a) {
    const auto near = [](F a) {
      F s_lo, h_lo;
      const F s = minus_half_square(a, s_lo), b = V::mul(a, V::set(-0.5f));
      const F t = V::add(s, b);
      const F h = mills_scaled(a, h_lo);
      return exp_scaled(t, V::add(V::sub(b, V::sub(t, s)), s_lo), h, h_lo);
    };
    return near_or_far(a, near, [](F a) { return normal_tail_far(a); });
  }

  // Phi(-a) for a in [0, 3.75] with a 16-entry lookup per coefficient (V::kLut16): a polynomial
  // of degree 7 in v = 4a - k on each interval |4a - k| <= 1/2, k = 0..15, no exponential
  // (fitted for this file as a relative least-squares fit in double, coefficients rounded to float
  // from the highest degree down with the rest refitted; evaluated in float within 1.27 ulp of
  // Phi(-a) over every float a). Lanes beyond 3.875 come out meaningless (k wraps).
  alignas(64) static constexpr float kPhiTail[8][16] = {  // [degree 7 - j][k]
      {7.14232087e-08f, 5.70524534e-08f, 1.9702874e-08f, -2.10101199e-08f, -4.67831356e-08f, -4.95768937e-08f, -3.38257813e-08f, -1.11896901e-08f, 7.24267757e-09f, 1.60628364e-08f, 1.59613034e-08f, 1.09409211e-08f, 5.09793141e-09f, 8.27771185e-10f, -1.31100586e-09f, -1.84010618e-09f},
      {1.12984599e-09f, 4.69518369e-07f, 7.47195941e-07f, 7.3996614e-07f, 4.91376966e-07f, 1.41118093e-07f, -1.59245005e-07f, -3.18406705e-07f, -3.28661031e-07f, -2.41815826e-07f, -1.2557615e-07f, -2.94872784e-08f, 2.6721434e-08f, 4.6628319e-08f, 4.40064092e-08f, 3.23386189e-08f},
      {-9.74033901e-06f, -8.27233271e-06f, -4.47665434e-06f, 1.43651306e-07f, 3.93832806e-06f, 5.84684994e-06f, 5.7311363e-06f, 4.20994274e-06f, 2.19685626e-06f, 4.51008702e-07f, -6.50797745e-07f, -1.0964352e-06f, -1.08196718e-06f, -8.45278976e-07f, -5.65040352e-07f, -3.3394241e-07f},
      {1.3464245e-10f, -4.62170683e-05f, -7.87902463e-05f, -8.96020065e-05f, -7.87663666e-05f, -5.34176506e-05f, -2.37155873e-05f, 1.53568885e-06f, 1.75750483e-05f, 2.39732399e-05f, 2.31799531e-05f, 1.85703357e-05f, 1.29839818e-05f, 8.11692462e-06f, 4.59849844e-06f, 2.38073108e-06f},
      {0.00103891222f, 0.00094401394f, 0.000687627587f, 0.000343092775f, -2.37313836e-12f, -0.000267552357f, -0.000421606761f, -0.000463403558f, -0.000421804434f, -0.000335787336f, -0.000239644738f, -0.000155407572f, -9.23301777e-05f, -5.0528055e-05f, -2.55668765e-05f, -1.19942215e-05f},
      {-3.47743778e-11f, 0.00302084466f, 0.0055010207f, 0.00705790846f, 0.00756158493f, 0.00713473f, 0.00607113726f, 0.00471829111f, 0.00337443547f, 0.00223169429f, 0.00136939844f, 0.000781478011f, 0.000415485789f, 0.000206075187f, 9.54496718e-05f, 4.13198068e-05f},
      {-0.0997355729f, -0.096667029f, -0.0880163312f, -0.0752843544f, -0.0604926795f, -0.0456622727f, -0.0323794f, -0.0215693302f, -0.0134977419f, -0.00793491304f, -0.00438207528f, -0.00227339054f, -0.0011079621f, -0.000507262012f, -0.00021817068f, -8.81489177e-05f},
      {0.5f, 0.401293665f, 0.308537543f, 0.22662735f, 0.158655256f, 0.105649777f, 0.066807203f, 0.0400591567f, 0.0227501318f, 0.0122244731f, 0.00620966544f, 0.00297976332f, 0.00134989806f, 0.000577025057f, 0.000232629085f, 8.84172841e-05f},
  };
  // Where V's lookup of 16 is not one instruction but its lookup of 8 is (kLut8, AVX2): degree 8
  // in v = 2a - k on |2a - k| <= 1/2, k = 0..6 (fitted as kPhiTail, the lowest three coefficients
  // then nudged by a few ulp towards the smallest error: within 1.33 ulp for a <= 3.25; the
  // eighth interval's 2.3 ulp is left to the far path). AVX2, 1 thread, thread CPU time: gelu 64K
  // 27.6-28.1 µs, was 57.6-58.5 with two vpermps and a blend a lookup of kPhiTail (callgrind:
  // 518,300 -> 358,900 instructions).
  alignas(32) static constexpr float kPhiTail8[9][8] = {  // [degree 8 - j][k]
      {-4.969799e-07f, -1.3485504e-06f, -4.5147078e-07f, 6.784727e-07f, 4.3752516e-07f, -1.07963515e-07f, -1.6636227e-07f, 0.0f},
      {9.740811e-06f, 2.536852e-06f, -5.9113772e-06f, -4.33153e-06f, 8.832767e-07f, 2.0344814e-06f, 6.6568373e-07f, 0.0f},
      {-2.3725579e-07f, 4.7987687e-05f, 3.1498777e-05f, -1.0277094e-05f, -2.1084923e-05f, -8.021794e-06f, 1.7297931e-06f, 0.0f},
      {-0.0003116022f, -0.00014325352f, 0.00012601084f, 0.0001833945f, 7.03071e-05f, -2.0823196e-05f, -3.4624838e-05f, 0.0f},
      {-1.2856588e-08f, -0.0012606503f, -0.001260263f, -0.00037944588f, 0.0002812022f, 0.0003708784f, 0.00020774308f, 0.0f},
      {0.008311299f, 0.0055010207f, 9.82879e-10f, -0.0033728539f, -0.0033744357f, -0.001917158f, -0.00073864136f, 0.0f},
      {5.525963e-11f, 0.02200408f, 0.030246334f, 0.024284543f, 0.013497744f, 0.005477594f, 0.001661943f, 0.0f},
      {-0.19947115f, -0.17603268f, -0.12098537f, -0.0647588f, -0.026995484f, -0.008764151f, -0.0022159242f, 0.0f},
      {0.5f, 0.30853754f, 0.15865526f, 0.0668072f, 0.022750132f, 0.0062096654f, 0.001349898f, 0.0f},
  };
  // The limit of a up to which normal_tail_near holds.
  static constexpr float kNearTail = V::kLut16 ? 3.75f : 3.25f;
  static F normal_tail_near(F a) {
    constexpr float kScale = V::kLut16 ? 4.0f : 2.0f;
    const F t = V::mul(a, V::set(kScale)), r = V::add(t, V::set(kRound));  // r's low bits: k
    const F v = V::sub(t, V::sub(r, V::set(kRound)));                      // exact
    if constexpr (V::kLut16) return horner(v, r, kPhiTail);
    else return horner(v, r, kPhiTail8);
  }

  // x Phi(x) = max(x, 0) - |x| Phi(-|x|), from p = 2^32 Phi(-|x|), scaled back in the last, fused,
  // step so that a subnormal result rounds once. |x| is clamped to 14.5, which keeps gelu(inf) =
  // inf; gelu(-inf) is NaN, as PyTorch's (and x Phi(x)'s) -inf * 0.
  // Where V has a one-instruction lookup, |x| <= kNearTail takes normal_tail_near (no exponential:
  // 8 or 9 multiply-adds a vector instead of 29) and a vector with a lane beyond it also the far
  // path, in those lanes.
  static F gelu(F x) {
    const F a = V::min(V::set(14.5f), V::abs(x));
    // x - min(x, 0) is max(x, 0) exactly, but NaN for x = -inf, with no test of its own.
    const F pos = V::sub(x, V::min(x, V::set(0.0f)));
    if constexpr (V::kLut8) {
      const F y = V::fnma(a, normal_tail_near(a), pos);
      if (V::all_le(a, V::set(kNearTail))) return y;
      const F far = V::fnma(V::mul(a, normal_tail_far(a)), V::set(0x1p-32f), pos);
      return V::sel(V::gt(a, V::set(kNearTail)), far, y);
    }
    return V::fnma(V::mul(a, normal_tail(a)), V::set(0x1p-32f), pos);
  }
  static F silu(F x) { return V::mul(x, sigmoid(x)); }

  // (log1p(e^{-|bx|}) + max(bx, 0)) / b, and x itself where bx > threshold.
  static F softplus(F x, float beta, float threshold) {
    const F b = V::set(beta), bx = V::mul(b, x);
    const F y = V::div(V::add(log1p(exp(V::sub(V::set(0.0f), V::abs(bx)))), V::max(bx, V::set(0.0f))), b);
    return V::sel(V::gt(bx, V::set(threshold)), x, y);
  }

  // d gelu / dx = Phi(x) + x phi(x), phi(x) = k e^{-x^2/2}: one exponential for both terms.
  static F gelu_grad(F x) {
    const F a = V::min(V::set(14.5f), V::abs(x));
    F s_lo;
    const F s = minus_half_square(a, s_lo);
    const F e = V::mul(exp_scaled(s, s_lo, V::set(1.0f), V::set(0.0f)), V::set(0x1p-32f));
    const F g = near_or_far(a, [](F a) { return mills_near(a); }, [](F a) {
      F lo;
      const F hi = mills(a, lo);
      return V::add(hi, lo);
    });
    const F p = V::mul(g, e);  // Phi(-|x|)
    const F cdf = V::sel(V::lt(x, V::set(0.0f)), p, V::sub(V::set(1.0f), p));
    return V::fma(V::mul(x, V::set(0.39894228040143268f)), e, cdf);
  }

  // d silu / dx = s (1 + x (1 - s)), s = sigmoid(x).
  static F silu_grad(F x) {
    const F s = sigmoid(x);
    return V::mul(s, V::fma(x, V::sub(V::set(1.0f), s), V::set(1.0f)));
  }
};

// ---- Array loops: pairs of vectors, then whole vectors, then one masked vector for the tail. ----

template <class Op>
void map(const float* x, float* y, int64_t n, Op op) {
  int64_t i = 0;
  for (; i + V::W <= n; i += V::W) V::store(y + i, op(V::load(x + i)));
  if (i < n) V::storen(y + i, op(V::loadn(x + i, n - i, 0.0f)), n - i);
}

// y = op(m, x) with m a Math: on two vectors at a time while they last. Every lane comes out the
// same either way (the paths a vector takes agree bit for bit: tests/test_vmath.py).
template <class Op>
void map_math(const float* x, float* y, int64_t n, Op op) {
  using P = Pair<V>;
  int64_t i = 0;
  for (; i + P::W <= n; i += P::W) P::store(y + i, op(Math<P>{}, P::load(x + i)));
  map(x + i, y + i, n - i, [op](F v) { return op(Math<V>{}, v); });
}

// y = g * op(m, x).
template <class Op>
void map_grad(const float* x, const float* g, float* y, int64_t n, Op op) {
  using P = Pair<V>;
  int64_t i = 0;
  for (; i + P::W <= n; i += P::W) P::store(y + i, P::mul(P::load(g + i), op(Math<P>{}, P::load(x + i))));
  for (; i + V::W <= n; i += V::W) V::store(y + i, V::mul(V::load(g + i), op(Math<V>{}, V::load(x + i))));
  if (i < n) {
    const F v = op(Math<V>{}, V::loadn(x + i, n - i, 0.0f));
    V::storen(y + i, V::mul(V::loadn(g + i, n - i, 0.0f), v), n - i);
  }
}

#define GG_VMATH_ARRAY(fn) \
  void fn##_array(const float* x, float* y, int64_t n) { map_math(x, y, n, [](auto m, auto v) { return m.fn(v); }); }
GG_VMATH_ARRAY(exp)
GG_VMATH_ARRAY(expm1)
GG_VMATH_ARRAY(log)
GG_VMATH_ARRAY(log1p)
GG_VMATH_ARRAY(sigmoid)
GG_VMATH_ARRAY(tanh)
GG_VMATH_ARRAY(erf)
GG_VMATH_ARRAY(gelu)
GG_VMATH_ARRAY(silu)
#undef GG_VMATH_ARRAY
void softplus_array(const float* x, float* y, int64_t n, float beta, float threshold) {
  map_math(x, y, n, [beta, threshold](auto m, auto v) { return m.softplus(v, beta, threshold); });
}
void gelu_backward(const float* x, const float* g, float* y, int64_t n) {
  map_grad(x, g, y, n, [](auto m, auto v) { return m.gelu_grad(v); });
}
void silu_backward(const float* x, const float* g, float* y, int64_t n) {
  map_grad(x, g, y, n, [](auto m, auto v) { return m.silu_grad(v); });
}

// ---- Lines of the softmax family (unit stride). ----
// A line's reductions keep four partial vectors: with one, every vector waits for the previous
// one's add or max, and a 1000-float line takes that latency 63 times over. The exponential sums
// stay on single vectors: on pairs they measured slower with AVX2 (exp_shifted 321 -> 356 ns a
// 1000-float line; its 16 registers spill) for 4% with AVX-512.

using Q = Pair<Pair<V>>;
inline F fold(Q::F v, F (*op)(F, F)) { return op(op(v.a.a, v.a.b), op(v.b.a, v.b.b)); }

float line_max(const float* x, int64_t n) {
  Q::F m4 = Q::set(-kInf);
  int64_t i = 0;
  for (; i + Q::W <= n; i += Q::W) m4 = Q::max(m4, Q::load(x + i));
  F m = fold(m4, V::max);
  for (; i + V::W <= n; i += V::W) m = V::max(m, V::load(x + i));
  if (i < n) m = V::max(m, V::loadn(x + i, n - i, -kInf));
  return V::hmax(m);
}

float line_sum(const float* x, int64_t n) {
  Q::F s4 = Q::set(0.0f);
  int64_t i = 0;
  for (; i + Q::W <= n; i += Q::W) s4 = Q::add(s4, Q::load(x + i));
  F s = fold(s4, V::add);
  for (; i + V::W <= n; i += V::W) s = V::add(s, V::load(x + i));
  if (i < n) s = V::add(s, V::loadn(x + i, n - i, 0.0f));
  return V::hsum(s);
}

float line_dot(const float* x, const float* y, int64_t n) {
  Q::F s4 = Q::set(0.0f);
  int64_t i = 0;
  for (; i + Q::W <= n; i += Q::W) s4 = Q::fma(Q::load(x + i), Q::load(y + i), s4);
  F s = fold(s4, V::add);
  for (; i + V::W <= n; i += V::W) s = V::fma(V::load(x + i), V::load(y + i), s);
  if (i < n) s = V::fma(V::loadn(x + i, n - i, 0.0f), V::loadn(y + i, n - i, 0.0f), s);
  return V::hsum(s);
}

// y = e^{x - shift} * scale (y may be null); returns the sum of e^{x - shift}.
float line_exp(const float* x, float* y, int64_t n, float shift, float scale) {
  const F sh = V::set(shift), sc = V::set(scale);
  F s = V::set(0.0f);
  int64_t i = 0;
  for (; i + V::W <= n; i += V::W) {
    const F e = Math<V>::exp(V::sub(V::load(x + i), sh));
    s = V::add(s, e);
    if (y) V::store(y + i, V::mul(e, sc));
  }
  if (i < n) {
    const F e = Math<V>::exp(V::sub(V::loadn(x + i, n - i, -kInf), sh));
    s = V::add(s, e);
    if (y) V::storen(y + i, V::mul(e, sc), n - i);
  }
  return V::hsum(s);
}

// Sum of e^{x - m} over the elements below m = max(x); *ties = how many equal m.
float line_exp_rest(const float* x, int64_t n, float m, float* ties) {
  const F mv = V::set(m);
  F s = V::set(0.0f), c = V::set(0.0f);
  auto step = [&](F v) {
    const auto eq = V::eq(v, mv);
    s = V::add(s, V::sel(eq, V::set(0.0f), Math<V>::exp(V::sub(v, mv))));
    c = V::add(c, V::sel(eq, V::set(1.0f), V::set(0.0f)));
  };
  int64_t i = 0;
  for (; i + V::W <= n; i += V::W) step(V::load(x + i));
  if (i < n) step(V::loadn(x + i, n - i, -kInf));
  *ties = V::hsum(c);
  return V::hsum(s);
}

// y = (x - a) - b.
void line_sub2(const float* x, float* y, int64_t n, float a, float b) {
  const F av = V::set(a), bv = V::set(b);
  map(x, y, n, [av, bv](F v) { return V::sub(V::sub(v, av), bv); });
}

void line_scale(float* y, int64_t n, float c) {
  const F cv = V::set(c);
  map(y, y, n, [cv](F v) { return V::mul(v, cv); });
}

// softmax: gx = y (g - acc); log_softmax: gx = g - e^y acc; on vectors of U (V or a pair).
template <class U>
typename U::F softmax_backward_step(typename U::F yv, typename U::F gv, float acc, bool log) {
  return log ? U::fnma(Math<U>::exp(yv), U::set(acc), gv) : U::mul(yv, U::sub(gv, U::set(acc)));
}

void softmax_line_backward(const float* y, const float* g, float* gx, int64_t n, float acc, bool log) {
  using P = Pair<V>;
  int64_t i = 0;
  for (; i + P::W <= n; i += P::W)
    P::store(gx + i, softmax_backward_step<P>(P::load(y + i), P::load(g + i), acc, log));
  for (; i + V::W <= n; i += V::W)
    V::store(gx + i, softmax_backward_step<V>(V::load(y + i), V::load(g + i), acc, log));
  if (i < n)
    V::storen(gx + i, softmax_backward_step<V>(V::loadn(y + i, n - i, 0.0f), V::loadn(g + i, n - i, 0.0f), acc, log),
              n - i);
}

// ---- In-place arithmetic. ----

template <class Op>
void arith_loop(float* y, const float* x, int64_t xs, int64_t n, Op op) {
  if (xs == 0) {
    const F xv = V::set(*x);
    map(y, y, n, [xv, op](F v) { return op(v, xv); });
    return;
  }
  int64_t i = 0;
  for (; i + V::W <= n; i += V::W) V::store(y + i, op(V::load(y + i), V::load(x + i)));
  if (i < n) V::storen(y + i, op(V::loadn(y + i, n - i, 0.0f), V::loadn(x + i, n - i, 1.0f)), n - i);
}

void arith(float* y, const float* x, int64_t xs, int64_t n, float a, Arith op) {
  const F av = V::set(a);
  switch (op) {
    case Arith::Axpy: return arith_loop(y, x, xs, n, [av](F u, F v) { return V::fma(av, v, u); });
    case Arith::Mul: return arith_loop(y, x, xs, n, [](F u, F v) { return V::mul(u, v); });
    case Arith::Div: return arith_loop(y, x, xs, n, [](F u, F v) { return V::div(u, v); });
  }
}

}  // namespace gg::kernels::GG_VMATH_ISA

#define GG_VMATH_TABLE(label)                                                                                    \
  {label,                                                                                                        \
   {GG_VMATH_ISA::exp_array, GG_VMATH_ISA::expm1_array, GG_VMATH_ISA::log_array, GG_VMATH_ISA::log1p_array,     \
    GG_VMATH_ISA::sigmoid_array, GG_VMATH_ISA::tanh_array, GG_VMATH_ISA::erf_array, GG_VMATH_ISA::gelu_array,  \
    GG_VMATH_ISA::silu_array},                                                                                   \
   GG_VMATH_ISA::softplus_array, GG_VMATH_ISA::gelu_backward, GG_VMATH_ISA::silu_backward,                     \
   GG_VMATH_ISA::line_max, GG_VMATH_ISA::line_sum, GG_VMATH_ISA::line_dot, GG_VMATH_ISA::line_exp,             \
   GG_VMATH_ISA::line_exp_rest, GG_VMATH_ISA::line_sub2, GG_VMATH_ISA::line_scale,                             \
   GG_VMATH_ISA::softmax_line_backward, GG_VMATH_ISA::arith}
