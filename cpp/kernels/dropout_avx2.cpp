// Dropout blocks with AVX2: Philox4x32-10 on 8 counters at once (one 32-bit lane each), so one
// pass through the rounds decides one 64-element block, laid out as dropout.h specifies.
// Compiled with -mavx2 (see CMakeLists.txt) and only called when the CPU has AVX2.
#include <immintrin.h>

#include "kernels/dropout.h"

namespace gg::kernels {

namespace {

// hi and lo 32-bit halves of a[i] * m for the 8 lanes (m's low 32 bits in every 64-bit lane).
inline void mulhilo(__m256i a, __m256i m, __m256i& hi, __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(a, m);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

// Philox4x32-10 of counters ctr .. ctr + 7: word w of counter ctr + l lands in lane l of c[w].
inline void philox8(uint64_t seed, uint64_t ctr, __m256i c[4]) {
  alignas(32) uint32_t lo[8], hi[8];
  for (int l = 0; l < 8; ++l) {
    const uint64_t k = ctr + l;
    lo[l] = static_cast<uint32_t>(k);
    hi[l] = static_cast<uint32_t>(k >> 32);
  }
  c[0] = _mm256_load_si256(reinterpret_cast<const __m256i*>(lo));
  c[1] = _mm256_load_si256(reinterpret_cast<const __m256i*>(hi));
  c[2] = _mm256_setzero_si256();
  c[3] = _mm256_setzero_si256();
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  const __m256i m0 = _mm256_set1_epi64x(0xD2511F53u), m1 = _mm256_set1_epi64x(0xCD9E8D57u);
  for (int r = 0; r < 10; ++r) {
    __m256i hi0, lo0, hi1, lo1;
    mulhilo(c[0], m0, hi0, lo0);
    mulhilo(c[2], m1, hi1, lo1);
    const __m256i n0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c[1]), _mm256_set1_epi32(static_cast<int>(k0)));
    const __m256i n2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c[3]), _mm256_set1_epi32(static_cast<int>(k1)));
    c[0] = n0;
    c[1] = lo1;
    c[2] = n2;
    c[3] = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
}

// All-ones lanes where the element is kept: bits >= threshold, as a signed compare on 16-bit
// values (threshold - 1 wraps to -1 when threshold is 0: everything kept).
inline __m256i keep_mask(__m256i bits, uint32_t threshold) {
  return _mm256_cmpgt_epi32(bits, _mm256_set1_epi32(static_cast<int>(threshold - 1)));
}

// Streaming stores: see dropout_avx512.cpp.
template <bool kStream>
inline void store8(float* out, __m256 v) {
  if constexpr (kStream) _mm256_stream_ps(out, v); else _mm256_storeu_ps(out, v);
}
template <bool kStream>
inline void store4(double* out, __m256d v) {
  if constexpr (kStream) _mm256_stream_pd(out, v); else _mm256_storeu_pd(out, v);
}

template <bool kStream>
inline void apply8(const float* in, float* out, __m256i keep, __m256 scale) {
  // x * (keep ? scale : 0), not a select: a dropped NaN stays NaN, as in PyTorch (x * mask).
  store8<kStream>(out, _mm256_mul_ps(_mm256_loadu_ps(in), _mm256_and_ps(_mm256_castsi256_ps(keep), scale)));
}

template <bool kStream>
inline void apply8(const double* in, double* out, __m256i keep, __m256d scale) {
  const __m256i k0 = _mm256_cvtepi32_epi64(_mm256_castsi256_si128(keep));
  const __m256i k1 = _mm256_cvtepi32_epi64(_mm256_extracti128_si256(keep, 1));
  store4<kStream>(out, _mm256_mul_pd(_mm256_loadu_pd(in), _mm256_and_pd(_mm256_castsi256_pd(k0), scale)));
  store4<kStream>(out + 4, _mm256_mul_pd(_mm256_loadu_pd(in + 4), _mm256_and_pd(_mm256_castsi256_pd(k1), scale)));
}

inline __m256 splat(float s) { return _mm256_set1_ps(s); }
inline __m256d splat(double s) { return _mm256_set1_pd(s); }

template <bool kStream, class T>
void blocks(const T* in, T* out, int64_t b, int64_t e, uint64_t seed, uint64_t offset, uint32_t threshold, T scale) {
  const auto vs = splat(scale);
  for (int64_t blk = b; blk < e; ++blk) {
    __m256i c[4];
    philox8(seed, offset + 8 * static_cast<uint64_t>(blk), c);
    for (int w = 0; w < 4; ++w) {
      const int64_t i = kDropoutBlock * blk + 16 * w;
      apply8<kStream>(in + i, out + i, keep_mask(_mm256_and_si256(c[w], _mm256_set1_epi32(0xFFFF)), threshold), vs);
      apply8<kStream>(in + i + 8, out + i + 8, keep_mask(_mm256_srli_epi32(c[w], 16), threshold), vs);
    }
  }
  if constexpr (kStream) _mm_sfence();
}

template <class T>
void run(const T* in, T* out, int64_t b, int64_t e, uint64_t seed, uint64_t offset, uint32_t threshold, T scale,
         bool stream) {
  if (stream)
    blocks<true>(in, out, b, e, seed, offset, threshold, scale);
  else
    blocks<false>(in, out, b, e, seed, offset, threshold, scale);
}

}  // namespace

void dropout_blocks_avx2(const float* in, float* out, int64_t b, int64_t e, uint64_t seed, uint64_t offset,
                         uint32_t threshold, float scale, bool stream) {
  run(in, out, b, e, seed, offset, threshold, scale, stream);
}
void dropout_blocks_avx2(const double* in, double* out, int64_t b, int64_t e, uint64_t seed, uint64_t offset,
                         uint32_t threshold, double scale, bool stream) {
  run(in, out, b, e, seed, offset, threshold, scale, stream);
}

}  // namespace gg::kernels
