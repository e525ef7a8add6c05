#include "kernels/isa.h"

#include <cstdlib>
#include <string>

namespace gg::kernels {

Isa simd_level() {
  static const Isa level = [] {
    const char* env = std::getenv("GRAPHGRAD_SIMD");
    const std::string cap = env ? env : "";
#if GG_X86
    if (cap != "baseline" && cap != "avx2" && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"))
      return Isa::Avx512;
    if (cap != "baseline" && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::Avx2;
#endif
    return Isa::Baseline;
  }();
  return level;
}

}  // namespace gg::kernels
