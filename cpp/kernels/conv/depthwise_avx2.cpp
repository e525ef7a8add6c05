// depthwise_rows.h compiled with AVX2 + FMA (see CMakeLists.txt); chosen at run time.
#define GG_DW_ISA avx2
#define GG_DW_BYTES 32
#include "kernels/conv/depthwise_rows.h"
