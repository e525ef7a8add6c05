// depthwise_rows.h compiled with AVX-512 (see CMakeLists.txt); chosen at run time.
#define GG_DW_ISA avx512
#define GG_DW_BYTES 64
#include "kernels/conv/depthwise_rows.h"
