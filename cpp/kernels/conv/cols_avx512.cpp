// cols_rows.h compiled with AVX-512 (see CMakeLists.txt); chosen at run time.
#define GG_COLS_ISA avx512
#define GG_COLS_BYTES 64
#include "kernels/conv/cols_rows.h"
