// rnn_cells.h compiled with AVX2 + FMA (see CMakeLists.txt); chosen at run time (rnn.cpp).
#define GG_RNN_ISA avx2
#include "kernels/rnn_cells.h"
GG_RNN_INSTANTIATE(float)
GG_RNN_INSTANTIATE(double)
