// Dropout kernel: the portable scalar body (the reference the SIMD bodies must match bit for
// bit) and the run-time choice between them.
#include "kernels/dropout.h"

#include <algorithm>

#include "core/parallel.h"
#include "kernels/isa.h"
#include "kernels/philox.h"

namespace gg::kernels {

namespace {

// Elements [i0, i1) of block `blk`, which starts at element 64 * blk.
template <class T>
void dropout_block_scalar(const T* in, T* out, int64_t blk, int64_t i0, int64_t i1, uint64_t seed, uint64_t offset,
                          uint32_t threshold, T scale) {
  uint32_t bits[kDropoutBlock];
  for (int l = 0; l < 8; ++l) {
    const auto r = philox(seed, offset + 8 * static_cast<uint64_t>(blk) + l);
    for (int w = 0; w < 4; ++w) {
      bits[16 * w + l] = r[w] & 0xFFFFu;
      bits[16 * w + 8 + l] = r[w] >> 16;
    }
  }
  for (int64_t i = i0; i < i1; ++i) out[i] = in[i] * (bits[i - kDropoutBlock * blk] >= threshold ? scale : T(0));
}

}  // namespace

template <class T>
void dropout_apply(const T* in, T* out, int64_t n, uint64_t seed, uint64_t offset, uint32_t threshold, T scale) {
  const int64_t blocks = (n + kDropoutBlock - 1) / kDropoutBlock, full = n / kDropoutBlock;
  // Outputs beyond the caches go straight to memory: a streaming store skips reading the
  // destination line first, one memory transfer instead of two.
  const bool stream = n * static_cast<int64_t>(sizeof(T)) >= (int64_t{8} << 20) &&
                      reinterpret_cast<uintptr_t>(out) % 64 == 0;
  parallel_for(blocks, kGrainElementwise / kDropoutBlock, [&](int64_t b, int64_t e) {
    const int64_t e_full = std::min(e, full);
#if GG_X86
    if (isa() == Isa::Avx512 && b + 1 < e_full) {
      dropout_block_pairs_avx512(in, out, b, e_full, seed, offset, threshold, scale, stream);
      b += (e_full - b) / 2 * 2;
    } else if (isa() == Isa::Avx2 && b < e_full) {
      dropout_blocks_avx2(in, out, b, e_full, seed, offset, threshold, scale, stream);
      b = e_full;
    }
#endif
    for (int64_t blk = b; blk < e; ++blk)
      dropout_block_scalar(in, out, blk, kDropoutBlock * blk, std::min(n, kDropoutBlock * (blk + 1)), seed, offset,
                           threshold, scale);
  });
}

template void dropout_apply<float>(const float*, float*, int64_t, uint64_t, uint64_t, uint32_t, float);
template void dropout_apply<double>(const double*, double*, int64_t, uint64_t, uint64_t, uint32_t, double);

}  // namespace gg::kernels
