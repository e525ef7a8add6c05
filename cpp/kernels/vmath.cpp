#include "kernels/vmath.h"

namespace gg::kernels {

// One source, three ISA builds picked by the loader (GCC's target_clones): the baseline x86-64
// build cannot vectorize exp_f32's selects, AVX2 and AVX-512 run it at memory speed. Not under
// ThreadSanitizer: the clones' ifunc resolver runs before TSan's runtime is up and crashes.
#if defined(GG_X86) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define GG_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define GG_CLONES
#endif

GG_CLONES void exp_f32_array(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = exp_f32(x[i]);
}
GG_CLONES void sigmoid_f32_array(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = sigmoid_f32(x[i]);
}
GG_CLONES void tanh_f32_array(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = tanh_f32(x[i]);
}

}  // namespace gg::kernels
