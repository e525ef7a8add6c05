#include "kernels/isa.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"

namespace gg::kernels {

namespace {

bool cpu_can_run(Isa level) {
#if GG_X86
  __builtin_cpu_init();
  if (level == Isa::Avx512)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (level == Isa::Avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return level == Isa::Generic;
}

// false for an unknown name; "auto" is the best level.
bool parse(const std::string& name, Isa& level) {
  if (name == "auto") level = best_isa();
  else if (name == "generic") level = Isa::Generic;
  else if (name == "avx2") level = Isa::Avx2;
  else if (name == "avx512") level = Isa::Avx512;
  else return false;
  return true;
}

std::string runnable() {
  std::string s = "generic";
  for (Isa l : {Isa::Avx2, Isa::Avx512})
    if (cpu_can_run(l)) s += std::string(", ") + isa_name(l);
  return s;
}

Isa from_environment() {
  const Isa best = best_isa();
  const char* env = std::getenv("GRAPHGRAD_ISA");
  if (!env || !*env) return best;
  Isa level;
  if (!parse(env, level)) {
    std::fprintf(stderr, "graphgrad: GRAPHGRAD_ISA=%s is not one of generic, avx2, avx512, auto; using %s\n", env,
                 isa_name(best));
    return best;
  }
  if (!cpu_can_run(level)) {
    std::fprintf(stderr, "graphgrad: GRAPHGRAD_ISA=%s is not supported by this CPU; using %s\n", env, isa_name(best));
    return best;
  }
  return level;
}

std::atomic<Isa>& current() {
  static std::atomic<Isa> level{from_environment()};
  return level;
}

}  // namespace

Isa best_isa() {
  static const Isa best = cpu_can_run(Isa::Avx512) ? Isa::Avx512 : cpu_can_run(Isa::Avx2) ? Isa::Avx2 : Isa::Generic;
  return best;
}

Isa isa() { return current().load(std::memory_order_relaxed); }

const char* isa_name(Isa level) {
  switch (level) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    default: return "generic";
  }
}

void set_isa(const std::string& name) {
  Isa level;
  if (!parse(name, level))
    throw ValueError(msg("set_isa: unknown instruction set '", name, "' (expected generic, avx2, avx512 or auto)"));
  if (!cpu_can_run(level))
    throw ValueError(msg("set_isa: this CPU cannot run ", name, "; it runs ", runnable()));
  current().store(level, std::memory_order_relaxed);
}

}  // namespace gg::kernels
