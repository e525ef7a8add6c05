// The fused passes of a recurrent layer. Per direction: the input projection of every step is one
// GEMM (x·W_ihᵀ with the biases as its C); then each step is split into fixed chunks of hidden
// units, each item computing its units' columns of the recurrent GEMM h·W_hhᵀ and then their
// gates (kernels/rnn.h), with one barrier per step (run_phases: one fork-join for all steps).
// Backward walks the steps in reverse, each item writing its units' gate gradients and its
// partial dh_prev = dgates[:, its units]·W_hh[its units], which the next step's items sum in
// chunk order for their units. Every weight gradient is one GEMM over all steps.
//
// The partition into chunks depends only on the layer's shape, never on the thread count, so
// results are bitwise equal for any count; a step below kChunkMacs is one chunk (a second
// thread costs more than it saves there). Without it, a step's GEMM (20x200·200x800 for the word language
// model's LSTM) is below the GEMM's own per-thread threshold and the second core idled through
// the whole recurrence.
//
// Hidden states are read from the output rows of the previous step (or h0) and written to the
// current step's rows, so tasks never race on a state buffer; h_n and c_n are gathered once at
// the end from each row's last step.
#include "ops/rnn_fused.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "core/cpu_relax.h"
#include "core/parallel.h"
#include "kernels/gemm/gemm.h"
#include "kernels/rnn.h"

namespace gg::rnn_detail {

namespace {

// Multiply-adds of a step's recurrent GEMM from which it is split into chunks of hidden units.
constexpr int64_t kChunkMacs = 1 << 19;
constexpr int64_t kMaxChunks = 4;
// Chunk boundaries are multiples of this many units: a chunk's G*units GEMM columns are then a
// multiple of the AVX2 micro-kernel's 16 for LSTM (G = 4) and of 8 otherwise.
constexpr int64_t chunk_align(int64_t G) { return G == 4 ? 4 : 8; }

// fn(phase, k) for every phase in [0, nphases) and chunk k in [0, K), each item starting only
// when every item of the phase before is done (a step's states need all of the previous step's
// units). One fork-join for the whole sequence: threads claim items in order and wait for the
// phase before by spinning, instead of the pool's workers going to sleep after every step and
// being woken (a futex wake and a vCPU wake-up, tens of microseconds, against the ~30 µs a
// step of the word language model's LSTM takes on two threads). A thread only ever waits for
// items claimed before its own by threads running them, so whichever threads show up (one: the
// caller runs everything in order) it cannot deadlock. On a shared machine a thread may be
// descheduled for milliseconds while holding an item; a thread that has waited kSoloSpins for the
// phase before finishes the pass alone (the others stop claiming), so a pass pays for one such
// stall, not one per step. An exception skips the remaining items and is rethrown.
template <class F>
void run_phases(int64_t nphases, int K, F&& fn) {
  constexpr int kSoloSpins = 4096;  // pause instructions, ~100 µs on Zen 3: several steps' work
  const int64_t total = nphases * K;
  std::atomic<int64_t> next{0}, done{0};
  std::atomic<int> solo{-1};  // the task left to claim items alone, once set
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  parallel_tasks(std::min(K, get_num_threads()), [&](int task) {
    for (;;) {
      const int alone = solo.load(std::memory_order_relaxed);
      if (alone >= 0 && alone != task) return;
      const int64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= total) return;
      for (int spins = 0; done.load(std::memory_order_acquire) < i / K * K; ++spins) {
        if (spins < kSoloSpins) {
          cpu_relax();
        } else {
          int none = -1;
          solo.compare_exchange_strong(none, task, std::memory_order_relaxed);
          std::this_thread::yield();
        }
      }
      if (!failed.load(std::memory_order_relaxed)) {
        try {
          fn(i / K, static_cast<int>(i % K));
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          failed.store(true, std::memory_order_relaxed);
        }
      }
      done.fetch_add(1, std::memory_order_release);
    }
  });
  if (error) std::rethrow_exception(error);
}

// The k + 1 boundaries of split_point (rnn_fused.h).
std::vector<int64_t> aligned_split(int64_t n, int64_t k, int64_t align) {
  std::vector<int64_t> at;
  for (int64_t c = 0; c <= k; ++c) at.push_back(split_point(n, k, align, c));
  return at;
}

// The fixed chunks of hidden units and the gate order within them. Chunk k's units [at[k],
// at[k+1]) keep every gate's columns together: gate q of unit u is column G*at[k] + q*(at[k+1] -
// at[k]) + (u - at[k]), so a chunk is G*(its units) contiguous columns, its recurrent GEMM one
// call, and its gate kernel the layer's own kernel with H = its units. The forward's first phase
// reorders the weights' gate rows to match, chunk by chunk, and their gradients are put back.
struct GateOrder {
  std::vector<int64_t> at;
  std::vector<int64_t> src;  // reordered row p is PyTorch's gate row src[p]; empty: the same order

  static int64_t chunks(const Geometry& g) {
    return g.B * g.GH() * g.P >= kChunkMacs ? std::clamp<int64_t>(g.H / 8, 1, kMaxChunks) : 1;
  }
  // Whether the order is PyTorch's, without building it.
  static bool keeps_order(const Geometry& g) { return g.G == 1 || chunks(g) == 1; }

  explicit GateOrder(const Geometry& g) {
    const int64_t k = chunks(g);
    at = aligned_split(g.H, k, chunk_align(g.G));
    if (k == 1 || g.G == 1) return;
    for (int64_t c = 0; c < k; ++c)
      for (int64_t q = 0; q < g.G; ++q)
        for (int64_t u = at[c]; u < at[c + 1]; ++u) src.push_back(q * g.H + u);
  }
  int count() const { return static_cast<int>(at.size()) - 1; }
  bool same() const { return src.empty(); }

  // PyTorch's gate row of the passes' row p.
  int64_t row(int64_t p) const { return same() ? p : src[p]; }
  // Chunk k's rows [G*at[k], G*at[k+1]) of `from` (gate rows of `cols`) in the passes' order.
  template <class T>
  void gather_chunk(int k, int64_t G, int64_t cols, const T* from, T* to) const {
    for (int64_t p = G * at[k]; p < G * at[k + 1]; ++p) std::copy_n(from + src[p] * cols, cols, to + p * cols);
  }
  // The gradient of a gate-row weight of `shape` from `fill`, which writes it in the reordered
  // rows (into a row-major buffer of that shape).
  template <class T, class F>
  Tensor gradient(const Shape& shape, DType dt, F&& fill) const {
    Tensor r = Tensor::empty(shape, dt);
    if (same()) {
      fill(r.data<T>());
      return r;
    }
    Tensor tmp = Tensor::empty(shape, dt);
    fill(tmp.data<T>());
    const int64_t cols = shape.size() == 2 ? shape[1] : 1;
    parallel_for(static_cast<int64_t>(src.size()), std::max<int64_t>(1, kGrainElementwise / cols),
                 [&](int64_t p0, int64_t p1) {
                   for (int64_t p = p0; p < p1; ++p)
                     std::copy_n(tmp.data<T>() + p * cols, cols, r.data<T>() + src[p] * cols);
                 });
    return r;
  }
};

// Writes n rows of `row` (len) into dst (ld), or zeros when row is null.
template <class T>
void fill_rows(T* dst, int64_t n, int64_t len, int64_t ld, const T* row) {
  for (int64_t r = 0; r < n; ++r) {
    if (row) std::copy_n(row, len, dst + r * ld);
    else std::fill_n(dst + r * ld, len, T(0));
  }
}

// wt (K, N) columns [r0, r1) = rows [r0, r1) of w (N, K), transposed in blocks so that neither
// side is walked with a large stride.
template <class T>
void transpose_rows(const T* w, int64_t N, int64_t K, int64_t r0, int64_t r1, T* wt) {
  constexpr int64_t blk = 32;
  for (int64_t b0 = r0; b0 < r1; b0 += blk)
    for (int64_t c0 = 0; c0 < K; c0 += blk)
      for (int64_t r = b0; r < std::min(r1, b0 + blk); ++r)
        for (int64_t c = c0; c < std::min(K, c0 + blk); ++c) wt[c * N + r] = w[r * K + c];
}

// C[:, j0:j0+nc] (n rows, ldc) += h (n, K; lda) · w[j0:j0+nc]ᵀ for w (N, K): a chunk's columns of
// one step's recurrent (or projection) GEMM. Over several steps it reads wᵀ (wt, (K, N)),
// transposed once per pass: the GEMM's direct path reads a row-major B in place but would pack a
// transposed one again at every step. A single step (a cell, wt null) calls the GEMM as linear's
// x·wᵀ does, its matrix-vector form at batch 1 (measured with callgrind: 330k instructions for the
// 1x200·(800x200)ᵀ product against 515k as w·hᵀ, N = 1).
template <class T>
struct StepGemm {
  const T* w;
  int64_t N, K;
  const T* wt;
  void operator()(int64_t n, const T* h, int64_t lda, T beta, T* C, int64_t ldc, int64_t j0, int64_t nc) const {
    if (wt) kernels::gemm(false, false, n, nc, K, T(1), h, lda, wt + j0, N, beta, C + j0, ldc);
    else kernels::gemm(false, true, n, nc, K, T(1), h, lda, w + j0 * K, K, beta, C + j0, ldc);
  }
};

// The step before t in direction d (-1 at its first step) and how many of step t's rows continue
// from it (the rest start from the initial state: a reverse pass over packed rows).
struct Prev {
  int64_t t, rows;
};
Prev prev_step(const Geometry& g, int64_t d, int64_t t) {
  const int64_t p = d == 0 ? t - 1 : t + 1;
  if (p < 0 || p >= g.T) return {-1, 0};
  return {p, std::min(g.bs[t], g.bs[p])};
}

// Copies each batch row's state after its last step (first, in reverse) from the per-row buffer
// src (ld, at column col) to dst (B, width).
template <class T>
void gather_final(const Geometry& g, int64_t d, const T* src, int64_t ld, int64_t col, int64_t width, T* dst) {
  int64_t t = g.T - 1;
  for (int64_t b = 0; b < g.B; ++b) {
    while (g.bs[t] <= b) --t;  // the last step row b takes part in
    std::copy_n(src + (g.off[d == 0 ? t : 0] + b) * ld + col, width, dst + b * width);
  }
}

// out (GH, P) = the sum over the rows of dghᵀ · h_prev, the gradient of W_hh (gate rows in the
// passes' order). When every step has all B rows (no packing), the previous states of the steps
// but the first in direction d are the output rows one step away, read in place (stride ld),
// and the first step's are h0 (zeros when absent: no term). Otherwise they are gathered first.
template <class T>
void w_hh_gradient(const Geometry& g, int64_t d, const T* dgh, const T* res, const T* h0d, T* out) {
  const int64_t GH = g.GH(), P = g.P, B = g.B, N = g.N, ld = g.ld();
  if (std::all_of(g.bs.begin(), g.bs.end(), [&](int64_t b) { return b == B; })) {
    const int64_t first = d == 0 ? 0 : N - B;  // the rows of the step that starts from h0
    const int64_t rest = d == 0 ? B : 0;       // the first row of the other steps
    const int64_t src = d == 0 ? 0 : B;        // and of the states they start from
    kernels::gemm(true, false, GH, P, N - B, T(1), dgh + rest * GH, GH, res + src * ld + d * P, ld, T(0), out, P);
    if (h0d) kernels::gemm(true, false, GH, P, B, T(1), dgh + first * GH, GH, h0d, P, T(1), out, P);
    return;
  }
  std::vector<T> hp(static_cast<size_t>(N * P));
  for (int64_t t = 0; t < g.T; ++t)
    for (int64_t b = 0; b < g.bs[t]; ++b) {
      const int64_t p = g.prev_row(d, t, b);
      const T* h = p >= 0 ? res + p * ld + d * P : h0d ? h0d + b * P : nullptr;
      T* dst = hp.data() + (g.off[t] + b) * P;
      if (h) std::copy_n(h, P, dst);
      else std::fill_n(dst, P, T(0));
    }
  kernels::gemm(true, false, GH, P, N, T(1), dgh, GH, hp.data(), P, T(0), out, P);
}

}  // namespace

template <class T>
void fused_forward(const Geometry& g, const T* x, const T* h0, const T* c0, const std::vector<DirWeights>& w,
                   T* res, Saved& saved, DType dt) {
  const int64_t G = g.G, GH = g.GH(), H = g.H, P = g.P, B = g.B, ld = g.ld();
  if (g.T == 1 && g.D == 1 && !g.proj && GateOrder::keeps_order(g))
    return step_forward(g, x, h0, c0, w[0], res, saved, dt);
  const bool relu = g.mode == RnnMode::Relu;
  const GateOrder order(g);
  const std::vector<T> zeros(static_cast<size_t>(std::max(H, P)), T(0));
  const int K = order.count();
  for (int64_t d = 0; d < g.D; ++d) {
    const DirWeights& dw = w[d];
    // The weights in the passes' gate order (PyTorch's own when the order is the same), filled by
    // the pass's first phase, and the recurrent ones transposed for the steps.
    const Tensor wih = order.same() ? dw.w_ih : Tensor::empty(dw.w_ih.shape(), dt);
    const Tensor whh = order.same() ? dw.w_hh : Tensor::empty(dw.w_hh.shape(), dt);
    std::vector<T> wt(static_cast<size_t>(g.T > 1 ? GH * P : 0)), hrt(static_cast<size_t>(g.proj && g.T > 1 ? P * H : 0));
    if (!hrt.empty()) transpose_rows(dw.w_hr.data<T>(), P, H, 0, P, hrt.data());
    const StepGemm<T> rec{whh.data<T>(), GH, P, wt.empty() ? nullptr : wt.data()};
    const StepGemm<T> prj{ptr<T>(dw.w_hr), P, H, hrt.empty() ? nullptr : hrt.data()};
    // The biases in the passes' order: b_ih + b_hh, the input projection's C; GRU's b_hn stays
    // inside r * (...), so its b_hh is added per step.
    std::vector<T> bx(static_cast<size_t>(g.bias ? GH : 0)), bh(bx.size());
    if (g.bias) {
      const T *bi = dw.b_ih.data<T>(), *bo = dw.b_hh.data<T>();
      for (int64_t p = 0; p < GH; ++p) {
        const int64_t q = order.row(p);
        bx[p] = bi[q] + (g.gru() ? T(0) : bo[q]);
        bh[p] = bo[q];
      }
    }
    Tensor gx_t = Tensor::empty({g.N, GH}, dt), aux_t, gh_t, m_t;
    T* gx = gx_t.data<T>();
    // Chunk k's rows of the reordered weights, its columns of W_hhᵀ and of the input projection of
    // every step: the first phase of the pass, so that a worker woken for the pass (not for each
    // of these pieces) shares them.
    auto project = [&](int k) {
      const int64_t j0 = G * order.at[k], cols = G * (order.at[k + 1] - order.at[k]);
      if (!order.same()) {
        order.gather_chunk(k, G, g.I, dw.w_ih.data<T>(), wih.data<T>());
        order.gather_chunk(k, G, P, dw.w_hh.data<T>(), whh.data<T>());
      }
      if (!wt.empty()) transpose_rows(whh.data<T>(), GH, P, j0, j0 + cols, wt.data());
      if (g.bias) fill_rows(gx + j0, g.N, cols, GH, bx.data() + j0);
      kernels::gemm(false, true, g.N, cols, g.I, T(1), x, g.I, wih.data<T>() + j0 * g.I, g.I, T(g.bias ? 1 : 0),
                    gx + j0, GH);
    };
    if (g.lstm() || g.gru()) aux_t = Tensor::empty({g.N, H}, dt);
    if (g.gru()) gh_t = Tensor::empty({B, GH}, dt);
    if (g.proj) m_t = Tensor::empty({B, H}, dt);
    T* aux = g.lstm() || g.gru() ? aux_t.data<T>() : nullptr;
    T* gh = g.gru() ? gh_t.data<T>() : nullptr;
    T* m = g.proj ? m_t.data<T>() : nullptr;
    const T* h0d = h0 ? h0 + d * B * P : nullptr;
    const T* c0d = c0 ? c0 + d * B * H : nullptr;
    // After the projection, per step one phase (two with a projection: then the output by chunks
    // of its columns).
    const int64_t phases = g.proj ? 2 : 1;
    const std::vector<int64_t> pcols = aligned_split(P, K, 8);
    run_phases(1 + g.T * phases, K, [&](int64_t ph, int k) {
      if (ph-- == 0) return project(k);
      const int64_t t = g.step(d, ph / phases), n = g.bs[t], o = g.off[t];
      T* out = res + o * ld + d * P;
      if (ph % phases == 1) {
        if (pcols[k + 1] > pcols[k]) prj(n, m, H, T(0), out, ld, pcols[k], pcols[k + 1] - pcols[k]);
        return;
      }
      const Prev pv = prev_step(g, d, t);
      const T* hp = pv.t >= 0 ? res + g.off[pv.t] * ld + d * P : nullptr;  // rows [0, pv.rows), stride ld
      const T* cp = pv.t >= 0 && aux ? aux + g.off[pv.t] * H : nullptr;
      T* gt = gx + o * GH;
      T* acc = g.gru() ? gh : gt;  // C of the recurrent GEMM
      const int64_t u0 = order.at[k], hc = order.at[k + 1] - u0, j0 = G * u0;
      if (g.gru()) fill_rows(acc + j0, n, G * hc, GH, g.bias ? bh.data() + j0 : nullptr);
      if (pv.rows > 0) rec(pv.rows, hp, ld, T(1), acc, GH, j0, G * hc);
      if (n > pv.rows && h0d) rec(n - pv.rows, h0d + pv.rows * P, P, T(1), acc + pv.rows * GH, GH, j0, G * hc);
      for (int64_t b = 0; b < n; ++b) {
        T* gr = gt + b * GH + j0;
        T* ob = out + b * ld;
        if (g.lstm()) {
          const T* cb = b < pv.rows ? cp + b * H : c0d ? c0d + b * H : zeros.data();
          kernels::lstm_cell_forward(hc, gr, hc, cb + u0, aux + (o + b) * H + u0, (g.proj ? m + b * H : ob) + u0);
        } else if (g.gru()) {
          const T* hb = b < pv.rows ? hp + b * ld : h0d ? h0d + b * P : zeros.data();
          kernels::gru_cell_forward(hc, gr, gh + b * GH + j0, hc, hb + u0, ob + u0, aux + (o + b) * H + u0);
        } else {
          kernels::rnn_cell_forward(hc, gr, relu);
          std::copy_n(gr, hc, ob + u0);
        }
      }
    });
    gather_final(g, d, res, ld, d * P, P, res + g.hn_at() + d * B * P);
    if (g.lstm()) gather_final(g, d, aux, H, 0, H, res + g.cn_at() + d * B * H);
    if (g.lstm() || g.gru()) saved.gates[d] = gx_t;
    saved.aux[d] = aux_t;
    if (!order.same()) saved.w_ih[d] = wih, saved.w_hh[d] = whh;
  }
}

template <class T>
Grads fused_backward(const Geometry& g, const T* gr, const T* x, const T* h0, const T* c0,
                     const std::vector<DirWeights>& w, const T* res, const Saved& saved, DType dt, bool want_dx) {
  const int64_t G = g.G, GH = g.GH(), H = g.H, P = g.P, B = g.B, N = g.N, ld = g.ld();
  const bool relu = g.mode == RnnMode::Relu;
  const GateOrder order(g);
  const int K = order.count();
  Grads r;
  r.dh0 = Tensor::empty({g.D, B, P}, dt);
  if (g.lstm()) r.dc0 = Tensor::empty({g.D, B, H}, dt);
  if (want_dx) r.dx = Tensor::empty({N, g.I}, dt);
  const std::vector<T> zeros(static_cast<size_t>(std::max(H, P)), T(0));
  for (int64_t d = 0; d < g.D; ++d) {
    const DirWeights& dw = w[d];
    const T* wih = order.same() ? dw.w_ih.data<T>() : saved.w_ih[d].data<T>();
    const T* whh = order.same() ? dw.w_hh.data<T>() : saved.w_hh[d].data<T>();
    // dh: the gradient reaching each batch row's state from the steps after the current one,
    // less the partials of the step processed last (rows [0, nlast)), which are summed as read.
    T* dh = r.dh0.data<T>() + d * B * P;
    std::copy_n(gr + g.hn_at() + d * B * P, B * P, dh);
    T* dc = g.lstm() ? r.dc0.data<T>() + d * B * H : nullptr;
    if (dc) std::copy_n(gr + g.cn_at() + d * B * H, B * H, dc);
    const T* gates = ptr<T>(saved.gates[d]);
    const T* aux = ptr<T>(saved.aux[d]);
    Tensor dg_t = Tensor::empty({N, GH}, dt), dgh_t, dtot_t = Tensor::empty({B, P}, dt), tmp_t, dm_t, dhs_t, m_t;
    Tensor part_t = Tensor::empty({2, K, B, P}, dt);  // two sets of per-chunk partials, by step parity
    // The biases' gradients, summed by the tasks over their columns as the rows are computed.
    std::vector<T> db(static_cast<size_t>(g.bias ? 2 * GH : 0), T(0));
    T* dg = dg_t.data<T>();
    if (g.gru()) dgh_t = Tensor::empty({N, GH}, dt);
    T* dgh = g.gru() ? dgh_t.data<T>() : dg;  // the gradient of h·W_hhᵀ + b_hh
    if (g.lstm()) tmp_t = Tensor::empty({B, H}, dt);
    if (g.proj) dm_t = Tensor::empty({B, H}, dt), dhs_t = Tensor::empty({N, P}, dt), m_t = Tensor::empty({N, H}, dt);
    T* dtot = dtot_t.data<T>();
    const T* h0d = h0 ? h0 + d * B * P : nullptr;
    const T* c0d = c0 ? c0 + d * B * H : nullptr;
    auto h_prev = [&](int64_t t, int64_t b) {
      const int64_t p = g.prev_row(d, t, b);
      return p >= 0 ? res + p * ld + d * P : h0d ? h0d + b * P : zeros.data();
    };
    T* part = part_t.data<T>();
    // dst[j0:j1] += row b of the partials `from` (a step's), in chunk order.
    auto add_partials = [&](const T* from, int64_t b, int64_t j0, int64_t j1, T* dst) {
      for (int k = 0; k < K; ++k) kernels::accumulate(dst + j0, from + (k * B + b) * P + j0, j1 - j0);
    };
    // Per step (s descending) one phase; with a projection two, the first by chunks of P's columns.
    const int64_t phases = g.proj ? 2 : 1;
    const std::vector<int64_t> pcols = aligned_split(P, K, 8);
    run_phases(g.T * phases, K, [&](int64_t ph, int k) {
      const int64_t s = g.T - 1 - ph / phases;
      const int64_t t = g.step(d, s), n = g.bs[t], o = g.off[t];
      const int64_t nlast = s + 1 < g.T ? g.bs[g.step(d, s + 1)] : 0;  // rows of the step processed last
      const T* prev = part + ((s + 1) % 2) * K * B * P;  // and their partials
      T* cur = part + (s % 2) * K * B * P;
      // Columns [j0, j1) of dtot = dL/dh for this step's rows. Rows the last step processed but
      // not this one (a reverse pass over packed rows) started there: dh is their dh0.
      auto total = [&](int64_t j0, int64_t j1) {
        for (int64_t b = 0; b < n; ++b) {
          const T* gob = gr + (o + b) * ld + d * P;
          for (int64_t j = j0; j < j1; ++j) dtot[b * P + j] = dh[b * P + j] + gob[j];
          if (b < nlast) add_partials(prev, b, j0, j1, dtot + b * P);
          if (!g.gru()) std::fill(dh + b * P + j0, dh + b * P + j1, T(0));  // GRU's rows get dh·z
        }
        for (int64_t b = n; b < nlast; ++b) add_partials(prev, b, j0, j1, dh + b * P);
      };
      if (ph % phases == 0 && g.proj) {  // dm needs all of dtot's columns: a phase of its own
        total(pcols[k], pcols[k + 1]);
        for (int64_t b = 0; b < n; ++b)
          std::copy(dtot + b * P + pcols[k], dtot + b * P + pcols[k + 1], dhs_t.data<T>() + (o + b) * P + pcols[k]);
        return;
      }
      const int64_t u0 = order.at[k], u1 = order.at[k + 1], hc = u1 - u0, j0 = G * u0;
      if (g.proj)  // dm[:, u0:u1] = dtot · W_hr[:, u0:u1]
        kernels::gemm(false, false, n, hc, P, T(1), dtot, P, dw.w_hr.data<T>() + u0, H, T(0), dm_t.data<T>() + u0, H);
      else
        total(u0, u1);
      for (int64_t b = 0; b < n; ++b) {
        const int64_t row = o + b;
        if (g.lstm()) {
          const int64_t p = g.prev_row(d, t, b);
          const T* cp = p >= 0 ? aux + p * H : c0d ? c0d + b * H : zeros.data();
          kernels::lstm_cell_backward(hc, gates + row * GH + j0, aux + row * H + u0, cp + u0,
                                      (g.proj ? dm_t.data<T>() + b * H : dtot + b * P) + u0, dc + b * H + u0,
                                      dg + row * GH + j0, g.proj ? m_t.data<T>() + row * H + u0 : nullptr,
                                      tmp_t.data<T>() + b * H + u0);
        } else if (g.gru()) {
          kernels::gru_cell_backward(hc, gates + row * GH + j0, aux + row * H + u0, h_prev(t, b) + u0,
                                     dtot + b * P + u0, dg + row * GH + j0, dgh + row * GH + j0, dh + b * P + u0);
        } else {
          kernels::rnn_cell_backward(hc, res + row * ld + d * P + u0, dtot + b * P + u0, dg + row * GH + j0, relu);
        }
        if (g.bias) {
          kernels::accumulate(db.data() + j0, dg + row * GH + j0, G * hc);
          if (g.gru()) kernels::accumulate(db.data() + GH + j0, dgh + row * GH + j0, G * hc);
        }
      }
      kernels::gemm(false, false, n, P, G * hc, T(1), dgh + o * GH + j0, GH, whh + j0 * P, P, T(0), cur + k * B * P,
                    P);
    });
    for (int64_t b = 0; b < g.bs[g.step(d, 0)]; ++b) add_partials(part, b, 0, P, dh + b * P);  // step s = 0's
    // Every weight's gradient as one GEMM over all N rows.
    std::vector<Tensor> gw;
    gw.push_back(order.gradient<T>({GH, g.I}, dt, [&](T* out) {
      kernels::gemm(true, false, GH, g.I, N, T(1), dg, GH, x, g.I, T(0), out, g.I);
    }));
    gw.push_back(order.gradient<T>({GH, P}, dt, [&](T* out) { w_hh_gradient(g, d, dgh, res, h0d, out); }));
    if (g.bias) {
      for (int k = 0; k < 2; ++k) {  // b_hh's gradient is b_ih's but in GRU
        const T* src = db.data() + (g.gru() ? k * GH : 0);
        gw.push_back(order.gradient<T>({GH}, dt, [&](T* out) { std::copy_n(src, GH, out); }));
      }
    }
    if (g.proj) {
      gw.push_back(Tensor::empty({P, H}, dt));
      kernels::gemm(true, false, P, H, N, T(1), dhs_t.data<T>(), P, m_t.data<T>(), H, T(0), gw.back().data<T>(), H);
    }
    r.dw.push_back(std::move(gw));
    if (want_dx)
      kernels::gemm(false, false, N, g.I, GH, T(1), dg, GH, wih, g.I, T(d > 0 ? 1 : 0), r.dx.data<T>(), g.I);
  }
  return r;
}

#define GG_RNN_FUSED(T)                                                                                       \
  template void fused_forward<T>(const Geometry&, const T*, const T*, const T*, const std::vector<DirWeights>&, \
                                 T*, Saved&, DType);                                                           \
  template Grads fused_backward<T>(const Geometry&, const T*, const T*, const T*, const T*,                    \
                                   const std::vector<DirWeights>&, const T*, const Saved&, DType, bool);
GG_RNN_FUSED(float)
GG_RNN_FUSED(double)
#undef GG_RNN_FUSED

}  // namespace gg::rnn_detail
