// Which SIMD copy of a kernel to run. Kernels with per-ISA translation units (*_avx2.cpp,
// *_avx512.cpp, compiled with their own flags) ask this once; one wheel runs on every x86-64.
#pragma once

namespace gg::kernels {

enum class Isa { Baseline, Avx2, Avx512 };

// The widest level the CPU supports. The environment variable GRAPHGRAD_SIMD=baseline|avx2
// narrows it (read once), which is how the tests check every copy against the same reference.
Isa simd_level();

}  // namespace gg::kernels
