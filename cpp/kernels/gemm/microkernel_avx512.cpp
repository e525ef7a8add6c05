// AVX-512 micro-kernels. Zen 4/5 and Skylake-X class cores: 32 zmm registers hold a 12 x 32 fp32
// (12 x 16 fp64) accumulator tile, 24 registers, plus the B row and the A broadcast; masked
// loads/stores make edge tiles free of scalar loops.
#include <immintrin.h>

#include "kernels/gemm/microkernel.h"

namespace gg::kernels::gemm_detail {
namespace {

struct F32x16 {
  using T = float;
  using V = __m512;
  static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(T x) { return _mm512_set1_ps(x); }
  static V bcast(const T* p) { return _mm512_set1_ps(*p); }
  static V load(const T* p) { return _mm512_loadu_ps(p); }
  static V loadn(const T* p, int n) { return _mm512_maskz_loadu_ps(__mmask16((1u << n) - 1), p); }
  static void store(T* p, V v) { _mm512_storeu_ps(p, v); }
  static void storen(T* p, V v, int n) { _mm512_mask_storeu_ps(p, __mmask16((1u << n) - 1), v); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static T hsum(V v) { return _mm512_reduce_add_ps(v); }
};

struct F64x8 {
  using T = double;
  using V = __m512d;
  static constexpr int W = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V set1(T x) { return _mm512_set1_pd(x); }
  static V bcast(const T* p) { return _mm512_set1_pd(*p); }
  static V load(const T* p) { return _mm512_loadu_pd(p); }
  static V loadn(const T* p, int n) { return _mm512_maskz_loadu_pd(__mmask8((1u << n) - 1), p); }
  static void store(T* p, V v) { _mm512_storeu_pd(p, v); }
  static void storen(T* p, V v, int n) { _mm512_mask_storeu_pd(p, __mmask8((1u << n) - 1), v); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static T hsum(V v) { return _mm512_reduce_add_pd(v); }
};

}  // namespace

// Blocking (mc, kc, nc) measured on Zen 5 (48 KB L1, 1 MB L2), single thread, thread CPU time:
// 220-245 GFLOP/s fp32 for n = 512..2048 over kc 384-1024 and mc 24-192, best at kc 512, mc 48.
// Tiles 8 x 48, 14 x 32 and 6 x 64 measured within the same +-3%.
const MicroKernel<float>& avx512_f32() {
  // The GEMV dot tiles are AVX2's (8 lanes): rows of B 800 bytes long (an LSTMCell(200, 200)'s)
  // start 32 bytes off a cache line every other row, where a 64-byte load spans two lines, and each
  // C element's lanes are summed in fewer steps. Xeon (Sapphire Rapids class), 1 thread, thread CPU
  // time, builds alternating, 16 -> 8 lanes: 1x200·(800x200)ᵀ 9.05-9.08 -> 8.07-8.16 µs (2 threads
  // 6.45-7.11 -> 5.72-6.12), 1x784·(128x784)ᵀ 5.6 -> 4.15 µs; 1x1024·(1024x1024)ᵀ and
  // 1x512·(2048x512)ᵀ (beyond L2) unchanged.
  static const auto k = make_micro_kernel<F32x16, 12, 2>("avx512", 48, 512, 4096, avx2_f32().dot);
  return k;
}
const MicroKernel<double>& avx512_f64() {
  static const auto k = make_micro_kernel<F64x8, 12, 2>("avx512", 48, 512, 2048);
  return k;
}

}  // namespace gg::kernels::gemm_detail
