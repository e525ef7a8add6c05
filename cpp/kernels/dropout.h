// Dropout's mask, generated on the fly from Philox and never stored: the backward regenerates
// it from the same (seed, offset). Elements are grouped in blocks of 32 that use 8 Philox
// counters: element i uses word (i % 32) / 8 of counter offset + 8 * (i / 32) + i % 8. That
// order lets a SIMD kernel produce 8 adjacent elements from one register, and the mask is a
// pure function of (seed, offset, i): identical for every thread count and ISA.
#pragma once
#include <cstdint>

namespace gg::kernels {

// Philox counters one dropout call over n elements reserves.
inline uint64_t dropout_counters(int64_t n) { return static_cast<uint64_t>((n + 31) / 32) * 8; }

// Element i is dropped when (its Philox word >> 8) < threshold: probability threshold / 2^24.
inline uint32_t dropout_threshold(double p) {
  return static_cast<uint32_t>(p * 16777216.0 + 0.5);
}

// out[i] = kept(i) ? in[i] * scale : 0, with kept(i) as above. in and out may alias.
template <class T>
void dropout_apply(const T* in, T* out, int64_t n, uint64_t seed, uint64_t offset, uint32_t threshold, T scale);

#if GG_X86
// AVX2 bodies (dropout_avx2.cpp): whole blocks [block_begin, block_end).
void dropout_blocks_avx2(const float* in, float* out, int64_t block_begin, int64_t block_end, uint64_t seed,
                         uint64_t offset, uint32_t threshold, float scale);
void dropout_blocks_avx2(const double* in, double* out, int64_t block_begin, int64_t block_end, uint64_t seed,
                         uint64_t offset, uint32_t threshold, double scale);
#endif

}  // namespace gg::kernels
