// The transcendental arrays the recurrent cells' gate loops (rnn_cells.h) call: y = f(x), y may be
// x. Only <cstdint>, so that every ISA copy of the loops may include it.
#pragma once
#include <cstdint>

namespace gg::kernels {

template <class T>
struct RnnMath {
  void (*sigmoid)(const T* x, T* y, int64_t n);
  void (*tanh)(const T* x, T* y, int64_t n);
};

}  // namespace gg::kernels
