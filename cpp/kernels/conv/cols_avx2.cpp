// cols_rows.h compiled with AVX2 + FMA (see CMakeLists.txt); chosen at run time.
#define GG_COLS_ISA avx2
#define GG_COLS_BYTES 32
#include "kernels/conv/cols_rows.h"
