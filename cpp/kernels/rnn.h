// Pointwise gate math of the recurrent cells, one batch row at a time (the GEMMs around it are
// the op's, in ops/rnn.cpp). Gate layouts are PyTorch's: LSTM [i f g o], GRU [r z n], each block
// H wide. A forward kernel overwrites the gates' pre-activations with their activations, which
// is what its backward reads. float32 uses the vectorized sigmoid/tanh of vmath.h; the loops run
// compiled for the ISA level kernels/isa.h chose (rnn_cells.h).
#pragma once
#include <cstdint>

namespace gg::kernels {

// LSTM step. gates (4 blocks of H, ld apart: ld = H is the layout above, a larger ld H units of
// each block of a wider row): pre-activations in, activations out. c = f*c_prev + i*g, m = o*tanh(c).
template <class T>
void lstm_cell_forward(int64_t H, T* gates, int64_t ld, const T* c_prev, T* c, T* m);
// Given dm = dL/dm and dc (in: dL/dc from later steps; out: dL/dc_prev), writes the gradients of
// the gate pre-activations (4H). m_out (H, or null) receives m = o*tanh(c), recomputed; tmp is H wide.
template <class T>
void lstm_cell_backward(int64_t H, const T* gates, const T* c, const T* c_prev, const T* dm, T* dc, T* dgates,
                        T* m_out, T* tmp);

// GRU step. gx (3 blocks of H, ld apart, as LSTM's gates): x·W_ihᵀ + b_ih in, [r z n] out; gh
// (alike): h_prev·W_hhᵀ + b_hh. r, z = σ(gx + gh), n = tanh(gx_n + r*gh_n), h = (1-z)*n + z*h_prev;
// hn receives gh_n.
template <class T>
void gru_cell_forward(int64_t H, T* gx, const T* gh, int64_t ld, const T* h_prev, T* h, T* hn);
// Writes the gradients of gx's and gh's pre-activations (3H each) and dh_prev's direct part dh*z.
template <class T>
void gru_cell_backward(int64_t H, const T* gates, const T* hn, const T* h_prev, const T* dh, T* dgx, T* dgh,
                       T* dh_prev);

// Elman step: h = tanh(pre) or relu(pre), in place; backward from h itself.
template <class T>
void rnn_cell_forward(int64_t H, T* pre, bool relu);
template <class T>
void rnn_cell_backward(int64_t H, const T* h, const T* dh, T* dpre, bool relu);

// y[j] += x[j] for j < n (the passes' sums of partial gradients).
template <class T>
void accumulate(T* y, const T* x, int64_t n);

}  // namespace gg::kernels
