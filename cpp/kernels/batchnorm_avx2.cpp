// batchnorm_chunks.h compiled with AVX2 + FMA (see CMakeLists.txt); chosen at run time.
#define GG_BN_ISA avx2
#include "kernels/batchnorm_chunks.h"
GG_BN_INSTANTIATE(float)
GG_BN_INSTANTIATE(double)
