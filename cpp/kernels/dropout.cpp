// Dropout kernel: the portable scalar body (also the reference the AVX2 body must match
// bit for bit) and the run-time choice between them.
#include "kernels/dropout.h"

#include "core/parallel.h"
#include "kernels/philox.h"

namespace gg::kernels {

namespace {

// Elements [i0, i1) of block `blk`, which starts at element 32 * blk.
template <class T>
void dropout_block_scalar(const T* in, T* out, int64_t blk, int64_t i0, int64_t i1, uint64_t seed, uint64_t offset,
                          uint32_t threshold, T scale) {
  uint32_t words[32];
  for (int l = 0; l < 8; ++l) {
    const auto r = philox(seed, offset + 8 * static_cast<uint64_t>(blk) + l);
    for (int w = 0; w < 4; ++w) words[8 * w + l] = r[w];
  }
  for (int64_t i = i0; i < i1; ++i) {
    const bool keep = (words[i - 32 * blk] >> 8) >= threshold;
    out[i] = keep ? in[i] * scale : T(0);
  }
}

bool has_avx2() {
#if GG_X86
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
#else
  return false;
#endif
}

}  // namespace

template <class T>
void dropout_apply(const T* in, T* out, int64_t n, uint64_t seed, uint64_t offset, uint32_t threshold, T scale) {
  const int64_t blocks = (n + 31) / 32, full = n / 32;
  parallel_for(blocks, kGrainElementwise / 32, [&](int64_t b, int64_t e) {
    const int64_t e_full = std::min(e, full);
#if GG_X86
    if (has_avx2() && b < e_full) {
      dropout_blocks_avx2(in, out, b, e_full, seed, offset, threshold, scale);
      b = e_full;
    }
#endif
    for (int64_t blk = b; blk < e; ++blk)
      dropout_block_scalar(in, out, blk, 32 * blk, std::min(n, 32 * blk + 32), seed, offset, threshold, scale);
  });
}

template void dropout_apply<float>(const float*, float*, int64_t, uint64_t, uint64_t, uint32_t, float);
template void dropout_apply<double>(const double*, double*, int64_t, uint64_t, uint64_t, uint32_t, double);

}  // namespace gg::kernels
