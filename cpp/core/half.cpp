#include "core/half.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define GG_F16C 1
#endif

namespace gg {

namespace {

#ifdef GG_F16C
bool has_f16c() {
  static const bool yes = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
  return yes;
}

__attribute__((target("avx,f16c"))) int64_t f16c_to_float(float* dst, const Half* src, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i))));
  return i;
}

__attribute__((target("avx,f16c"))) int64_t f16c_to_half(Half* dst, const float* src, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i),
                     _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
  return i;
}
#endif

}  // namespace

void convert_run(float* dst, const Half* src, int64_t n) {
  int64_t i = 0;
#ifdef GG_F16C
  if (has_f16c()) i = f16c_to_float(dst, src, n);
#endif
  for (; i < n; ++i) dst[i] = static_cast<float>(src[i]);
}

void convert_run(Half* dst, const float* src, int64_t n) {
  int64_t i = 0;
#ifdef GG_F16C
  if (has_f16c()) i = f16c_to_half(dst, src, n);
#endif
  for (; i < n; ++i) dst[i] = Half(src[i]);
}

}  // namespace gg
