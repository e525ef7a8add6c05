// The gate kernels' dispatch: the copy of rnn_cells.h for the ISA level kernels/isa.h chose, read
// per call (a forced level applies at once), with the transcendental arrays: vmath's float32
// ones, or libm in float64 (the precision path for gradient checks).
#include "kernels/rnn.h"

#include <cmath>
#include <type_traits>

#include "kernels/isa.h"
#include "kernels/vmath.h"

#define GG_RNN_ISA generic
#include "kernels/rnn_cells.h"
GG_RNN_INSTANTIATE(float)
GG_RNN_INSTANTIATE(double)
#undef GG_RNN_ISA

// The other copies (rnn_avx2.cpp, rnn_avx512.cpp), declared here.
#define GG_RNN_DECLARE(ns)                                                                                     \
  namespace gg::kernels::ns {                                                                                 \
  template <class T>                                                                                          \
  void lstm_cell_forward(const RnnMath<T>&, int64_t, T*, int64_t, const T*, T*, T*);                          \
  template <class T>                                                                                          \
  void lstm_cell_backward(const RnnMath<T>&, int64_t, const T*, const T*, const T*, const T*, T*, T*, T*, T*); \
  template <class T>                                                                                          \
  void gru_cell_forward(const RnnMath<T>&, int64_t, T*, const T*, int64_t, const T*, T*, T*);                 \
  template <class T>                                                                                          \
  void gru_cell_backward(int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);                        \
  template <class T>                                                                                          \
  void rnn_cell_forward(const RnnMath<T>&, int64_t, T*, bool);                                                \
  template <class T>                                                                                          \
  void rnn_cell_backward(int64_t, const T*, const T*, T*, bool);                                              \
  template <class T>                                                                                          \
  void accumulate(T*, const T*, int64_t);                                                                     \
  }
#if GG_X86
GG_RNN_DECLARE(avx2)
GG_RNN_DECLARE(avx512)
#endif

namespace gg::kernels {

namespace {

void sigmoid_f32(const float* x, float* y, int64_t n) { vmath().unary.sigmoid(x, y, n); }
void tanh_f32(const float* x, float* y, int64_t n) { vmath().unary.tanh(x, y, n); }
void sigmoid_f64(const double* x, double* y, int64_t n) {
  for (int64_t j = 0; j < n; ++j) y[j] = 1.0 / (1.0 + std::exp(-x[j]));
}
void tanh_f64(const double* x, double* y, int64_t n) {
  for (int64_t j = 0; j < n; ++j) y[j] = std::tanh(x[j]);
}

template <class T>
const RnnMath<T>& math() {
  static const RnnMath<T> m = [] {
    if constexpr (std::is_same_v<T, float>) return RnnMath<float>{sigmoid_f32, tanh_f32};
    else return RnnMath<double>{sigmoid_f64, tanh_f64};
  }();
  return m;
}

// Returns the level's copy of a gate loop called with the arguments.
#if GG_X86
#define GG_RNN_CALL(fn, ...)                                             \
  do {                                                                   \
    if (isa() == Isa::Avx512) return avx512::fn<T>(__VA_ARGS__);         \
    if (isa() == Isa::Avx2) return avx2::fn<T>(__VA_ARGS__);             \
    return generic::fn<T>(__VA_ARGS__);                                  \
  } while (0)
#else
#define GG_RNN_CALL(fn, ...) return generic::fn<T>(__VA_ARGS__)
#endif

}  // namespace

template <class T>
void lstm_cell_forward(int64_t H, T* gates, int64_t ld, const T* c_prev, T* c, T* m) {
  GG_RNN_CALL(lstm_cell_forward, math<T>(), H, gates, ld, c_prev, c, m);
}
template <class T>
void lstm_cell_backward(int64_t H, const T* gates, const T* c, const T* c_prev, const T* dm, T* dc, T* dgates,
                        T* m_out, T* tmp) {
  GG_RNN_CALL(lstm_cell_backward, math<T>(), H, gates, c, c_prev, dm, dc, dgates, m_out, tmp);
}
template <class T>
void gru_cell_forward(int64_t H, T* gx, const T* gh, int64_t ld, const T* h_prev, T* h, T* hn) {
  GG_RNN_CALL(gru_cell_forward, math<T>(), H, gx, gh, ld, h_prev, h, hn);
}
template <class T>
void gru_cell_backward(int64_t H, const T* gates, const T* hn, const T* h_prev, const T* dh, T* dgx, T* dgh,
                       T* dh_prev) {
  GG_RNN_CALL(gru_cell_backward, H, gates, hn, h_prev, dh, dgx, dgh, dh_prev);
}
template <class T>
void rnn_cell_forward(int64_t H, T* pre, bool relu) {
  GG_RNN_CALL(rnn_cell_forward, math<T>(), H, pre, relu);
}
template <class T>
void rnn_cell_backward(int64_t H, const T* h, const T* dh, T* dpre, bool relu) {
  GG_RNN_CALL(rnn_cell_backward, H, h, dh, dpre, relu);
}
template <class T>
void accumulate(T* y, const T* x, int64_t n) {
  GG_RNN_CALL(accumulate, y, x, n);
}
#undef GG_RNN_CALL

#define GG_RNN_KERNELS(T)                                                                                   \
  template void lstm_cell_forward<T>(int64_t, T*, int64_t, const T*, T*, T*);                               \
  template void lstm_cell_backward<T>(int64_t, const T*, const T*, const T*, const T*, T*, T*, T*, T*);     \
  template void gru_cell_forward<T>(int64_t, T*, const T*, int64_t, const T*, T*, T*);                      \
  template void gru_cell_backward<T>(int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);          \
  template void rnn_cell_forward<T>(int64_t, T*, bool);                                                     \
  template void rnn_cell_backward<T>(int64_t, const T*, const T*, T*, bool);                                \
  template void accumulate<T>(T*, const T*, int64_t);
GG_RNN_KERNELS(float)
GG_RNN_KERNELS(double)
#undef GG_RNN_KERNELS

}  // namespace gg::kernels
