// The one instruction-set dispatch of every kernel family (GEMM, vmath, softmax/cross-entropy, reductions,
// elementwise maps, batchnorm, dropout, optimizer updates, the recurrent gates). Kernels with per-ISA translation units (*_avx2.cpp,
// *_avx512.cpp, compiled with their own flags) read isa() on every call, so a level forced at run
// time (tests, benchmarks) takes effect at once; one wheel runs on every x86-64.
#pragma once
#include <string>

namespace gg::kernels {

enum class Isa { Generic, Avx2, Avx512 };

// The level in use: the widest this CPU supports, unless GRAPHGRAD_ISA=generic|avx2|avx512 (read
// once, at first use) or set_isa narrowed it. An unknown or unsupported GRAPHGRAD_ISA prints a
// warning naming the level that runs instead.
Isa isa();
// The widest level this CPU supports.
Isa best_isa();
const char* isa_name(Isa level);
// Force a level: "generic", "avx2", "avx512" or "auto" (the best). Throws ValueError for an
// unknown name or a level this CPU cannot run, naming the levels it can.
void set_isa(const std::string& name);

}  // namespace gg::kernels
