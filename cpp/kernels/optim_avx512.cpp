// The update loops compiled with avx512 flags (CMake gives *_avx512.cpp its own -m options);
// optim.cpp calls them only when the CPU supports avx512.
#include "kernels/optim_impl.h"

namespace gg::kernels::optim_detail {
IsaLoops loops_avx512() { return make_loops("avx512"); }
}  // namespace gg::kernels::optim_detail
