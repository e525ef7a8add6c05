// Dropout's mask, generated on the fly from Philox and never stored: the backward regenerates
// it from the same (seed, offset). A keep decision needs 16 random bits (p is resolved to
// 1/65536), so one Philox call (128 bits) serves 8 elements. Elements are grouped in blocks of
// 64 that use 8 counters:
//   element i, j = i % 64:  counter offset + 8 * (i / 64) + j % 8,  word j / 16,
//                           low 16 bits if (j % 16) < 8, else high 16 bits.
// That order gives a SIMD kernel 8 (AVX2) or 16 (AVX-512) adjacent elements per register, and
// the mask is a pure function of (seed, offset, i): identical for every thread count and ISA.
#pragma once
#include <cstdint>

namespace gg::kernels {

constexpr int64_t kDropoutBlock = 64;

// Philox counters one dropout call over n elements reserves.
inline uint64_t dropout_counters(int64_t n) {
  return static_cast<uint64_t>((n + kDropoutBlock - 1) / kDropoutBlock) * 8;
}

// Element i is dropped when its 16 random bits are < threshold: probability threshold / 65536.
inline uint32_t dropout_threshold(double p) { return static_cast<uint32_t>(p * 65536.0 + 0.5); }

// out[i] = kept(i) ? in[i] * scale : 0, with kept(i) as above.
template <class T>
void dropout_apply(const T* in, T* out, int64_t n, uint64_t seed, uint64_t offset, uint32_t threshold, T scale);

#if GG_X86
// SIMD bodies over whole blocks [block_begin, block_end); the AVX-512 one handles pairs of
// blocks and leaves a last odd block to the caller. `stream` asks for non-temporal stores
// (out must then be 64-byte aligned).
void dropout_block_pairs_avx512(const float* in, float* out, int64_t block_begin, int64_t block_end, uint64_t seed,
                                uint64_t offset, uint32_t threshold, float scale, bool stream);
void dropout_block_pairs_avx512(const double* in, double* out, int64_t block_begin, int64_t block_end,
                                uint64_t seed, uint64_t offset, uint32_t threshold, double scale, bool stream);
void dropout_blocks_avx2(const float* in, float* out, int64_t block_begin, int64_t block_end, uint64_t seed,
                         uint64_t offset, uint32_t threshold, float scale, bool stream);
void dropout_blocks_avx2(const double* in, double* out, int64_t block_begin, int64_t block_end, uint64_t seed,
                         uint64_t offset, uint32_t threshold, double scale, bool stream);
#endif

}  // namespace gg::kernels
