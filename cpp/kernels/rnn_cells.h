// The pointwise gate loops of the recurrent cells (kernels/rnn.h documents each), compiled once
// per ISA (rnn.cpp: generic, rnn_avx2.cpp, rnn_avx512.cpp), each copy in its own namespace, so
// that the loops vectorize at the level's width (compiled generic they ran SSE2: the LSTM
// backward loop was 4% of a word-language-model LSTM step at 1 thread). The transcendental arrays
// come in through RnnMath (vmath's dispatched float32 arrays, libm in float64); this header
// includes nothing else, so no shared inline function is compiled with wider instructions than
// the CPU has.
#ifndef GG_RNN_ISA
#error "define GG_RNN_ISA (the namespace of this copy) before including rnn_cells.h"
#endif
#include "kernels/rnn_math.h"

namespace gg::kernels::GG_RNN_ISA {

// sigmoid in place over the first two gate blocks (H each, ld apart). The arrays' lanes do not
// depend on where a call starts, so adjacent blocks (ld == H) take one call (a call's tail costs:
// two calls for LSTM's i and f took a 2-layer LSTM(200, 200) step 0.2% more instructions).
template <class T>
void sigmoid_two_blocks(const RnnMath<T>& f, T* x, int64_t H, int64_t ld) {
  if (ld == H) return f.sigmoid(x, x, 2 * H);
  f.sigmoid(x, x, H);
  f.sigmoid(x + ld, x + ld, H);
}

template <class T>
void lstm_cell_forward(const RnnMath<T>& f, int64_t H, T* gates, int64_t ld, const T* c_prev, T* c, T* m) {
  T *i = gates, *fg = gates + ld, *g = gates + 2 * ld, *o = gates + 3 * ld;
  sigmoid_two_blocks(f, gates, H, ld);
  f.tanh(g, g, H);
  f.sigmoid(o, o, H);
  for (int64_t j = 0; j < H; ++j) c[j] = fg[j] * c_prev[j] + i[j] * g[j];
  f.tanh(c, m, H);
  for (int64_t j = 0; j < H; ++j) m[j] *= o[j];
}

// The backward loops read and write a dozen arrays, too many for GCC's run-time alias checks (it
// left them scalar), so they say `omp simd`: no two of them overlap but dc, read and written at
// the same index.
template <class T>
void lstm_cell_backward(const RnnMath<T>& f, int64_t H, const T* gates, const T* c, const T* c_prev, const T* dm,
                        T* dc, T* dgates, T* m_out, T* tmp) {
  const T *i = gates, *fg = gates + H, *g = gates + 2 * H, *o = gates + 3 * H;
  T *di = dgates, *df = dgates + H, *dg = dgates + 2 * H, *dout = dgates + 3 * H;
  f.tanh(c, tmp, H);
#pragma omp simd
  for (int64_t j = 0; j < H; ++j) {
    const T tc = tmp[j];
    const T dcj = dc[j] + dm[j] * o[j] * (T(1) - tc * tc);
    dout[j] = dm[j] * tc * o[j] * (T(1) - o[j]);
    di[j] = dcj * g[j] * i[j] * (T(1) - i[j]);
    df[j] = dcj * c_prev[j] * fg[j] * (T(1) - fg[j]);
    dg[j] = dcj * i[j] * (T(1) - g[j] * g[j]);
    dc[j] = dcj * fg[j];
  }
  if (m_out)
    for (int64_t j = 0; j < H; ++j) m_out[j] = o[j] * tmp[j];
}

template <class T>
void gru_cell_forward(const RnnMath<T>& f, int64_t H, T* gx, const T* gh, int64_t ld, const T* h_prev, T* h, T* hn) {
  T *r = gx, *z = gx + ld, *n = gx + 2 * ld;
  for (int64_t q = 0; q < 2; ++q)
    for (int64_t j = 0; j < H; ++j) gx[q * ld + j] += gh[q * ld + j];
  sigmoid_two_blocks(f, gx, H, ld);  // r and z
  for (int64_t j = 0; j < H; ++j) {
    hn[j] = gh[2 * ld + j];
    n[j] += r[j] * hn[j];
  }
  f.tanh(n, n, H);
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
void rnn_cell_forward(const RnnMath<T>& f, int64_t H, T* pre, bool relu) {
  if (!relu) return f.tanh(pre, pre, H);
  for (int64_t j = 0; j < H; ++j) pre[j] = pre[j] > T(0) ? pre[j] : T(0);
}

template <class T>
void rnn_cell_backward(int64_t H, const T* h, const T* dh, T* dpre, bool relu) {
  if (relu)
    for (int64_t j = 0; j < H; ++j) dpre[j] = h[j] > T(0) ? dh[j] : T(0);
  else
    for (int64_t j = 0; j < H; ++j) dpre[j] = dh[j] * (T(1) - h[j] * h[j]);
}

template <class T>
void accumulate(T* y, const T* x, int64_t n) {
  for (int64_t j = 0; j < n; ++j) y[j] += x[j];
}

}  // namespace gg::kernels::GG_RNN_ISA

#define GG_RNN_INSTANTIATE(T)                                                                                    \
  namespace gg::kernels::GG_RNN_ISA {                                                                           \
  template void lstm_cell_forward<T>(const RnnMath<T>&, int64_t, T*, int64_t, const T*, T*, T*);                         \
  template void lstm_cell_backward<T>(const RnnMath<T>&, int64_t, const T*, const T*, const T*, const T*, T*, T*, \
                                      T*, T*);                                                                  \
  template void gru_cell_forward<T>(const RnnMath<T>&, int64_t, T*, const T*, int64_t, const T*, T*, T*);                \
  template void gru_cell_backward<T>(int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);              \
  template void rnn_cell_forward<T>(const RnnMath<T>&, int64_t, T*, bool);                                      \
  template void rnn_cell_backward<T>(int64_t, const T*, const T*, T*, bool);                                    \
  template void accumulate<T>(T*, const T*, int64_t);                                                           \
  }
