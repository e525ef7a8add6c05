// Portable micro-kernels in GCC/Clang vector extensions: 16-byte vectors become SSE2 on x86-64
// and NEON on aarch64 (wider with GRAPHGRAD_NATIVE). A 4 x 8 fp32 (4 x 4 fp64) tile, 8 vector
// accumulators, fits the 16 registers of SSE2. Partial vectors go lane by lane.
#include "kernels/gemm/microkernel.h"

namespace gg::kernels::gemm_detail {
namespace {

template <class Scalar, class Vec>
struct Vec16 {
  using T = Scalar;
  using V = Vec;
  static constexpr int W = 16 / sizeof(T);
  static V zero() { return V{}; }
  static V set1(T x) { return V{} + x; }
  static V bcast(const T* p) { return V{} + *p; }
  static V load(const T* p) {
    V v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
  }
  static V loadn(const T* p, int n) {
    V v{};
    for (int i = 0; i < n; ++i) v[i] = p[i];
    return v;
  }
  static void store(T* p, V v) { __builtin_memcpy(p, &v, sizeof v); }
  static void storen(T* p, V v, int n) {
    for (int i = 0; i < n; ++i) p[i] = v[i];
  }
  static V mul(V a, V b) { return a * b; }
  static V fma(V a, V b, V c) { return a * b + c; }
  static T hsum(V v) {
    T s = v[0];
    for (int i = 1; i < W; ++i) s += v[i];
    return s;
  }
};

typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));

}  // namespace

const MicroKernel<float>& generic_f32() {
  static const auto k = make_micro_kernel<Vec16<float, f32x4>, 4, 2>("generic", 128, 256, 4096);
  return k;
}
const MicroKernel<double>& generic_f64() {
  static const auto k = make_micro_kernel<Vec16<double, f64x2>, 4, 2>("generic", 64, 256, 2048);
  return k;
}

}  // namespace gg::kernels::gemm_detail
