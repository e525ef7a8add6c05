// Plain loops the compiler vectorizes (no selects but relu's); the transcendental functions
// are vmath's float32 arrays, or libm in float64 (the precision path for gradient checks). The
// backward loops read and write a dozen arrays, too many for GCC's run-time alias checks (it left
// them scalar: 5% of an LSTM layer's fwd+bwd in perf), so they say `omp simd`: no two of them
// overlap but dc, read and written at the same index.
#include "kernels/rnn.h"

#include <cmath>

#include "kernels/vmath.h"

namespace gg::kernels {

namespace {

void sigmoid_(float* x, int64_t n) { vmath().unary.sigmoid(x, x, n); }
void sigmoid_(double* x, int64_t n) {
  for (int64_t j = 0; j < n; ++j) x[j] = 1.0 / (1.0 + std::exp(-x[j]));
}
void tanh_to(const float* x, float* y, int64_t n) { vmath().unary.tanh(x, y, n); }
void tanh_to(const double* x, double* y, int64_t n) {
  for (int64_t j = 0; j < n; ++j) y[j] = std::tanh(x[j]);
}

}  // namespace

template <class T>
void lstm_cell_forward(int64_t H, T* gates, const T* c_prev, T* c, T* m) {
  sigmoid_(gates, 2 * H);
  tanh_to(gates + 2 * H, gates + 2 * H, H);
  sigmoid_(gates + 3 * H, H);
  const T *i = gates, *f = gates + H, *g = gates + 2 * H, *o = gates + 3 * H;
  for (int64_t j = 0; j < H; ++j) c[j] = f[j] * c_prev[j] + i[j] * g[j];
  tanh_to(c, m, H);
  for (int64_t j = 0; j < H; ++j) m[j] *= o[j];
}

template <class T>
void lstm_cell_backward(int64_t H, const T* gates, const T* c, const T* c_prev, const T* dm, T* dc, T* dgates,
                        T* m_out, T* tmp) {
  const T *i = gates, *f = gates + H, *g = gates + 2 * H, *o = gates + 3 * H;
  T *di = dgates, *df = dgates + H, *dg = dgates + 2 * H, *dout = dgates + 3 * H;
  tanh_to(c, tmp, H);
#pragma omp simd
  for (int64_t j = 0; j < H; ++j) {
    const T tc = tmp[j];
    const T dcj = dc[j] + dm[j] * o[j] * (T(1) - tc * tc);
    dout[j] = dm[j] * tc * o[j] * (T(1) - o[j]);
    di[j] = dcj * g[j] * i[j] * (T(1) - i[j]);
    df[j] = dcj * c_prev[j] * f[j] * (T(1) - f[j]);
    dg[j] = dcj * i[j] * (T(1) - g[j] * g[j]);
    dc[j] = dcj * f[j];
  }
  if (m_out)
    for (int64_t j = 0; j < H; ++j) m_out[j] = o[j] * tmp[j];
}

template <class T>
void gru_cell_forward(int64_t H, T* gx, const T* gh, const T* h_prev, T* h, T* hn) {
  for (int64_t j = 0; j < 2 * H; ++j) gx[j] += gh[j];
  sigmoid_(gx, 2 * H);
  const T *r = gx, *z = gx + H;
  T* n = gx + 2 * H;
  for (int64_t j = 0; j < H; ++j) {
    hn[j] = gh[2 * H + j];
    n[j] += r[j] * hn[j];
  }
  tanh_to(n, n, H);
  for (int64_t j = 0; j < H; ++j) h[j] = n[j] + z[j] * (h_prev[j] - n[j]);
}

template <class T>
void gru_cell_backward(int64_t H, const T* gates, const T* hn, const T* h_prev, const T* dh, T* dgx, T* dgh,
                       T* dh_prev) {
  const T *r = gates, *z = gates + H, *n = gates + 2 * H;
#pragma omp simd
  for (int64_t j = 0; j < H; ++j) {
    const T dn = dh[j] * (T(1) - z[j]) * (T(1) - n[j] * n[j]);
    const T dz = dh[j] * (h_prev[j] - n[j]) * z[j] * (T(1) - z[j]);
    const T dr = dn * hn[j] * r[j] * (T(1) - r[j]);
    dgx[j] = dgh[j] = dr;
    dgx[H + j] = dgh[H + j] = dz;
    dgx[2 * H + j] = dn;
    dgh[2 * H + j] = dn * r[j];
    dh_prev[j] = dh[j] * z[j];
  }
}

template <class T>
void rnn_cell_forward(int64_t H, T* pre, bool relu) {
  if (!relu) return tanh_to(pre, pre, H);
  for (int64_t j = 0; j < H; ++j) pre[j] = pre[j] > T(0) ? pre[j] : T(0);
}

template <class T>
void rnn_cell_backward(int64_t H, const T* h, const T* dh, T* dpre, bool relu) {
  if (relu)
    for (int64_t j = 0; j < H; ++j) dpre[j] = h[j] > T(0) ? dh[j] : T(0);
  else
    for (int64_t j = 0; j < H; ++j) dpre[j] = dh[j] * (T(1) - h[j] * h[j]);
}

#define GG_RNN_KERNELS(T)                                                                                   \
  template void lstm_cell_forward<T>(int64_t, T*, const T*, T*, T*);                                        \
  template void lstm_cell_backward<T>(int64_t, const T*, const T*, const T*, const T*, T*, T*, T*, T*);     \
  template void gru_cell_forward<T>(int64_t, T*, const T*, const T*, T*, T*);                               \
  template void gru_cell_backward<T>(int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);          \
  template void rnn_cell_forward<T>(int64_t, T*, bool);                                                     \
  template void rnn_cell_backward<T>(int64_t, const T*, const T*, T*, bool);
GG_RNN_KERNELS(float)
GG_RNN_KERNELS(double)
#undef GG_RNN_KERNELS

}  // namespace gg::kernels
