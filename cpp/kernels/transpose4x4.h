// One 4 x 4 block transposed in registers, y[q][r] = x[r][q]: four row loads, eight shuffles, four
// row stores, in GCC's generic vector extensions (so it compiles for every ISA level). Shared by the
// GEMM's packing (gemm/microkernel.h) and attention's per-head key transposes (attention.cpp).
#pragma once
#include <cstdint>

namespace gg::kernels {

template <class T>
inline void transpose4x4(const T* x, int64_t ldx, T* y, int64_t ldy) {
  typedef T V4 __attribute__((vector_size(4 * sizeof(T))));
  V4 v[4];
  for (int q = 0; q < 4; ++q) __builtin_memcpy(&v[q], x + q * ldx, sizeof(V4));
  const V4 t0 = __builtin_shufflevector(v[0], v[1], 0, 4, 1, 5), t1 = __builtin_shufflevector(v[0], v[1], 2, 6, 3, 7);
  const V4 t2 = __builtin_shufflevector(v[2], v[3], 0, 4, 1, 5), t3 = __builtin_shufflevector(v[2], v[3], 2, 6, 3, 7);
  const V4 o[4] = {__builtin_shufflevector(t0, t2, 0, 1, 4, 5), __builtin_shufflevector(t0, t2, 2, 3, 6, 7),
                   __builtin_shufflevector(t1, t3, 0, 1, 4, 5), __builtin_shufflevector(t1, t3, 2, 3, 6, 7)};
  for (int q = 0; q < 4; ++q) __builtin_memcpy(y + q * ldy, &o[q], sizeof(V4));
}

}  // namespace gg::kernels
