// Dropout with AVX-512: Philox4x32-10 on 16 consecutive counters at once, i.e. two blocks of
// dropout.h's layout per pass (lanes 0-7: block b, lanes 8-15: block b + 1). Unsigned compares
// of the 16-bit halves give the keep masks as k-registers; multiplies by the masked scale apply them.
// Compiled with the AVX-512 flags (CMakeLists.txt), called only when the CPU has AVX-512 F/VL.
#include <immintrin.h>

#include "kernels/dropout.h"

namespace gg::kernels {

namespace {

// hi and lo 32-bit halves of a[i] * m for the 16 lanes (m's low 32 bits in every 64-bit lane).
inline void mulhilo(__m512i a, __m512i m, __m512i& hi, __m512i& lo) {
  const __m512i even = _mm512_mul_epu32(a, m);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
  lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
  hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
}

// Philox4x32-10 of counters ctr .. ctr + 15: word w of counter ctr + l lands in lane l of c[w].
inline void philox16(uint64_t seed, uint64_t ctr, __m512i c[4]) {
  alignas(64) uint32_t lo[16], hi[16];
  for (int l = 0; l < 16; ++l) {
    const uint64_t k = ctr + l;
    lo[l] = static_cast<uint32_t>(k);
    hi[l] = static_cast<uint32_t>(k >> 32);
  }
  c[0] = _mm512_load_si512(lo);
  c[1] = _mm512_load_si512(hi);
  c[2] = _mm512_setzero_si512();
  c[3] = _mm512_setzero_si512();
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53u), m1 = _mm512_set1_epi64(0xCD9E8D57u);
  for (int r = 0; r < 10; ++r) {
    __m512i hi0, lo0, hi1, lo1;
    mulhilo(c[0], m0, hi0, lo0);
    mulhilo(c[2], m1, hi1, lo1);
    // ternarylogic 0x96 is a three-way xor.
    c[0] = _mm512_ternarylogic_epi32(hi1, c[1], _mm512_set1_epi32(static_cast<int>(k0)), 0x96);
    c[2] = _mm512_ternarylogic_epi32(hi0, c[3], _mm512_set1_epi32(static_cast<int>(k1)), 0x96);
    c[1] = lo1;
    c[3] = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
}

template <bool kStream>
inline void store(float* out, __m512 v) {
  if constexpr (kStream) _mm512_stream_ps(out, v); else _mm512_storeu_ps(out, v);
}
template <bool kStream>
inline void store(double* out, __m512d v) {
  if constexpr (kStream) _mm512_stream_pd(out, v); else _mm512_storeu_pd(out, v);
}

// 16 adjacent elements, kept where the bit of `keep` is set.
template <bool kStream>
inline void apply16(const float* in, float* out, __mmask16 keep, float scale) {
  // x * (keep ? scale : 0), not a zeroing mask: a dropped NaN stays NaN, as in PyTorch (x * mask).
  store<kStream>(out, _mm512_mul_ps(_mm512_loadu_ps(in), _mm512_maskz_mov_ps(keep, _mm512_set1_ps(scale))));
}
template <bool kStream>
inline void apply16(const double* in, double* out, __mmask16 keep, double scale) {
  const __m512d s = _mm512_set1_pd(scale);
  store<kStream>(out, _mm512_mul_pd(_mm512_loadu_pd(in), _mm512_maskz_mov_pd(static_cast<__mmask8>(keep), s)));
  store<kStream>(out + 8, _mm512_mul_pd(_mm512_loadu_pd(in + 8), _mm512_maskz_mov_pd(static_cast<__mmask8>(keep >> 8), s)));
}

template <bool kStream, class T>
void block_pairs(const T* in, T* out, int64_t b, int64_t e, uint64_t seed, uint64_t offset, uint32_t threshold,
                 T scale) {
  const __m512i th = _mm512_set1_epi32(static_cast<int>(threshold)), low16 = _mm512_set1_epi32(0xFFFF);
  for (int64_t blk = b; blk + 1 < e; blk += 2) {
    __m512i c[4];
    philox16(seed, offset + 8 * static_cast<uint64_t>(blk), c);
    for (int w = 0; w < 4; ++w) {
      // Bit l of lo/hi: lane l's low/high half passes. Lanes 0-7 belong to block blk, 8-15 to blk + 1.
      const unsigned lo = _mm512_cmpge_epu32_mask(_mm512_and_si512(c[w], low16), th);
      const unsigned hi = _mm512_cmpge_epu32_mask(_mm512_srli_epi32(c[w], 16), th);
      const int64_t i = kDropoutBlock * blk + 16 * w;
      apply16<kStream>(in + i, out + i, static_cast<__mmask16>((lo & 0xFF) | (hi & 0xFF) << 8), scale);
      apply16<kStream>(in + i + kDropoutBlock, out + i + kDropoutBlock, static_cast<__mmask16>((lo >> 8) | (hi & 0xFF00)),
                       scale);
    }
  }
  if constexpr (kStream) _mm_sfence();  // streamed stores are visible before the threads join
}

template <class T>
void run(const T* in, T* out, int64_t b, int64_t e, uint64_t seed, uint64_t offset, uint32_t threshold, T scale,
         bool stream) {
  if (stream)
    block_pairs<true>(in, out, b, e, seed, offset, threshold, scale);
  else
    block_pairs<false>(in, out, b, e, seed, offset, threshold, scale);
}

}  // namespace

void dropout_block_pairs_avx512(const float* in, float* out, int64_t b, int64_t e, uint64_t seed, uint64_t offset,
                                uint32_t threshold, float scale, bool stream) {
  run(in, out, b, e, seed, offset, threshold, scale, stream);
}
void dropout_block_pairs_avx512(const double* in, double* out, int64_t b, int64_t e, uint64_t seed,
                                uint64_t offset, uint32_t threshold, double scale, bool stream) {
  run(in, out, b, e, seed, offset, threshold, scale, stream);
}

}  // namespace gg::kernels
