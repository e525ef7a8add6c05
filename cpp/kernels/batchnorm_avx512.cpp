// batchnorm_chunks.h compiled with AVX-512 (see CMakeLists.txt); chosen at run time.
#define GG_BN_ISA avx512
#include "kernels/batchnorm_chunks.h"
GG_BN_INSTANTIATE(float)
GG_BN_INSTANTIATE(double)
