// The update loops compiled with avx2 flags (CMake gives *_avx2.cpp its own -m options);
// optim.cpp calls them only when the CPU supports avx2.
#include "kernels/optim_impl.h"

namespace gg::kernels::optim_detail {
IsaLoops loops_avx2() { return make_loops("avx2"); }
}  // namespace gg::kernels::optim_detail
