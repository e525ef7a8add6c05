// The pass of a single step (a cell, or a layer of one step) in one parallel job: each task takes
// a fixed chunk of hidden units and computes their rows of every gate, bias + x·W_ihᵀ + h·W_hhᵀ
// (GEMVs at batch 1, reading each weight row once), then their gates and states. fused_forward's
// passes take two jobs for it, the input projection and the recurrent product, with a join
// between (and the gate kernels after the second on one thread), where a cell is little more
// than its two products (an LSTMCell(200, 200)'s 640 KB weights each). LSTMCell(200, 200) at
// batch 1, 2 threads, two jobs -> one, fastest of 40 blocks of 100 steps in alternating processes
// on a loaded 2-vCPU Xeon: 23.0-25.5 -> 20.4-22.4 µs.
//
// The chunks depend only on the layer's shape, so results are bitwise equal for any thread count;
// with the pool dealing the same tasks to the same threads, each core's chunks of the weights
// stay in its L2 from step to step. Each gate element is summed in fused_forward's order
// (biases, then x·W_ihᵀ, then h·W_hhᵀ), so the two passes agree bit for bit.
#include <algorithm>

#include "core/parallel.h"
#include "kernels/gemm/gemm.h"
#include "kernels/rnn.h"
#include "ops/rnn_fused.h"

namespace gg::rnn_detail {

namespace {

// Weight bytes (W_ih and W_hh together) per chunk, at most kMaxStepChunks chunks. A chunk costs
// its 2G GEMM calls and G gate calls: LSTMCell(200, 200) in 4 chunks of 256 KB (the GEMM's share
// of a GEMV per thread) took 158,200 instructions a step, in 2 of 640 KB 150,300, and on two
// threads medians of 18.0 vs 16.9 µs (alternating processes, loaded machine).
constexpr int64_t kStepBytesPerChunk = 512 << 10;
constexpr int64_t kMaxStepChunks = 4;

}  // namespace

template <class T>
void step_forward(const Geometry& g, const T* x, const T* h0, const T* c0, const DirWeights& w, T* res, Saved& saved,
                  DType dt) {
  const int64_t G = g.G, H = g.H, GH = g.GH(), I = g.I, B = g.B;
  const int64_t K = std::clamp<int64_t>(GH * (I + H) * int64_t{sizeof(T)} / kStepBytesPerChunk, 1, kMaxStepChunks);
  const bool gated = g.lstm() || g.gru();
  // LSTM's and GRU's pre-activations (saved: the gates' activations, and LSTM's c or GRU's
  // h·W_hnᵀ + b_hn); an Elman cell's are its output rows, activated in place.
  Tensor gates_t = gated ? Tensor::empty({B, GH}, dt) : Tensor(), aux_t = gated ? Tensor::empty({B, H}, dt) : Tensor();
  Tensor gh_t = g.gru() ? Tensor::empty({B, GH}, dt) : Tensor();  // GRU: h·W_hhᵀ + b_hh apart
  T* out = res;
  T* pre = gated ? gates_t.data<T>() : out;
  T* rec = g.gru() ? gh_t.data<T>() : pre;  // C of h·W_hhᵀ
  T* aux = gated ? aux_t.data<T>() : nullptr;
  T *hn = res + g.hn_at(), *cn = g.lstm() ? res + g.cn_at() : nullptr;
  const T *wih = w.w_ih.data<T>(), *whh = w.w_hh.data<T>();
  const T *bi = ptr<T>(w.b_ih), *bo = ptr<T>(w.b_hh);
  const bool relu = g.mode == RnnMode::Relu;
  auto chunk = [&](int k) {
    const int64_t u0 = split_point(H, K, 8, k), hc = split_point(H, K, 8, k + 1) - u0;
    if (hc == 0) return;
    for (int64_t q = 0; q < G; ++q) {
      const int64_t j0 = q * H + u0;
      if (g.bias) {
        for (int64_t b = 0; b < B; ++b)
          for (int64_t j = j0; j < j0 + hc; ++j) {
            pre[b * GH + j] = bi[j] + (g.gru() ? T(0) : bo[j]);
            if (g.gru()) rec[b * GH + j] = bo[j];
          }
      } else if (g.gru() && h0 == nullptr) {
        for (int64_t b = 0; b < B; ++b) std::fill_n(rec + b * GH + j0, hc, T(0));
      }
      kernels::gemm(false, true, B, hc, I, T(1), x, I, wih + j0 * I, I, T(g.bias ? 1 : 0), pre + j0, GH);
      if (h0)
        kernels::gemm(false, true, B, hc, H, T(1), h0, H, whh + j0 * H, H, T(g.bias || !g.gru() ? 1 : 0), rec + j0,
                      GH);
    }
    for (int64_t b = 0; b < B; ++b) {
      T* ob = out + b * H + u0;
      if (g.lstm()) {
        // A zero initial state: c_n's row, zero-filled, stands for it until it is written.
        T* cb = cn + b * H + u0;
        if (!c0) std::fill_n(cb, hc, T(0));
        kernels::lstm_cell_forward(hc, pre + b * GH + u0, H, c0 ? c0 + b * H + u0 : cb, aux + b * H + u0, ob);
        std::copy_n(aux + b * H + u0, hc, cb);
      } else if (g.gru()) {
        T* hb = hn + b * H + u0;  // as c_n's row above
        if (!h0) std::fill_n(hb, hc, T(0));
        kernels::gru_cell_forward(hc, pre + b * GH + u0, rec + b * GH + u0, H, h0 ? h0 + b * H + u0 : hb, ob,
                                  aux + b * H + u0);
      } else {
        kernels::rnn_cell_forward(hc, ob, relu);
      }
      std::copy_n(ob, hc, hn + b * H + u0);
    }
  };
  if (std::min<int64_t>(K, get_num_threads()) <= 1) {
    for (int k = 0; k < K; ++k) chunk(k);
  } else {
    parallel_tasks(static_cast<int>(K), chunk);
  }
  saved.gates[0] = std::move(gates_t);
  saved.aux[0] = std::move(aux_t);
}

#define GG_RNN_STEP(T)                                                                                           \
  template void step_forward<T>(const Geometry&, const T*, const T*, const T*, const DirWeights&, T*, Saved&, DType);
GG_RNN_STEP(float)
GG_RNN_STEP(double)
#undef GG_RNN_STEP

}  // namespace gg::rnn_detail
