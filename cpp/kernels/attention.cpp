// Tasks: forward over (batch-head, run of query blocks), backward over batch-heads, each owning
// its dK and dV, so no task writes another's memory; a block's arithmetic depends only on its
// place, never on which task or thread computes it, so results do not depend on the thread
// count. GEMMs inside a task run serially (core/parallel.h).
//
// Q·Kᵀ and dO·Vᵀ contract the contiguous axis of both operands, and the GEMM's B operand must
// be contiguous along N: the GEMM would pack (transpose) a panel of K for every query block. A
// task transposes its head's keys (and, in backward, values) once instead, into rows of stride
// attn_row_ld, and the GEMMs read them in place.
#include "kernels/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/parallel.h"
#include "kernels/gemm/gemm.h"
#include "kernels/transpose4x4.h"
#include "kernels/vmath.h"

namespace gg::kernels {

namespace {

// The row loops of the blocked softmax: float32 through vmath's SIMD lines (the generic flags this
// file is compiled with leave std::exp scalar and a float max or sum unvectorized), float64 scalar.
float row_max(const float* x, int64_t n) { return vmath().max(x, n); }
double row_max(const double* x, int64_t n) {
  double m = -std::numeric_limits<double>::infinity();
  for (int64_t j = 0; j < n; ++j) m = std::max(m, x[j]);
  return m;
}
// x = e^{x - shift}; returns the sum.
float row_exp(float* x, int64_t n, float shift) { return vmath().exp_shifted(x, x, n, shift, 1.0f); }
double row_exp(double* x, int64_t n, double shift) {
  double sum = 0;
  for (int64_t j = 0; j < n; ++j) sum += x[j] = std::exp(x[j] - shift);
  return sum;
}
void row_scale(float* x, int64_t n, float c) { vmath().scale(x, n, c); }
void row_scale(double* x, int64_t n, double c) {
  for (int64_t j = 0; j < n; ++j) x[j] *= c;
}
float row_dot(const float* x, const float* y, int64_t n) { return vmath().dot(x, y, n); }
double row_dot(const double* x, const double* y, int64_t n) {
  double acc = 0;
  for (int64_t j = 0; j < n; ++j) acc += x[j] * y[j];
  return acc;
}
// dp = p (dp - d): the softmax's backward of one row, d = dO_i . O_i.
void row_softmax_grad(const float* p, float* dp, int64_t n, float d) { vmath().softmax_backward(p, dp, dp, n, d, false); }
void row_softmax_grad(const double* p, double* dp, int64_t n, double d) {
  for (int64_t j = 0; j < n; ++j) dp[j] = p[j] * (dp[j] - d);
}

// y[c * ldy + r] = x[r * rsx + c] for r < rows, c < cols: 4 x 4 blocks transposed in registers
// (8 shuffles for 16 values, as the GEMM's packing; element by element it cost as much as the
// GEMM's packing of 4 times as many panels), in runs of 64 rows so that the rows read and the y
// lines written stay in L1.
template <class T>
void transpose(const T* x, int64_t rsx, int64_t rows, int64_t cols, T* y, int64_t ldy) {
  constexpr int64_t kRun = 64;
  for (int64_t r0 = 0; r0 < rows; r0 += kRun) {
    const int64_t r1 = std::min(rows, r0 + kRun);
    int64_t c = 0;
    for (; c + 4 <= cols; c += 4) {
      int64_t r = r0;
      for (; r + 4 <= r1; r += 4) transpose4x4(x + r * rsx + c, rsx, y + c * ldy + r, ldy);
      for (; r < r1; ++r)
        for (int q = 0; q < 4; ++q) y[(c + q) * ldy + r] = x[r * rsx + c + q];
    }
    for (; c < cols; ++c)
      for (int64_t r = r0; r < r1; ++r) y[c * ldy + r] = x[r * rsx + c];
  }
}

// n elements of per-thread scratch, kept between calls so that its pages are faulted in once.
template <class T>
T* task_scratch(size_t n) {
  static thread_local std::vector<T> buf;
  if (buf.size() < n) buf.resize(n);
  return buf.data();
}

// Adds the mask and the causal -inf to the scores of query rows [i0, i0 + nq) x keys [j0, j0 + nk)
// (row r of the block at s + r * lds).
template <class T>
void mask_block(const AttnArgs<T>& a, int64_t b, int64_t i0, int64_t nq, int64_t j0, int64_t nk, T* s, int64_t lds) {
  constexpr T ninf = -std::numeric_limits<T>::infinity();
  for (int64_t r = 0; r < nq; ++r) {
    T* row = s + r * lds;
    const int64_t i = i0 + r;
    if (a.mask) {
      const T* m = a.mask + a.m_off[b] + i * a.m_rs + j0 * a.m_cs;
      for (int64_t c = 0; c < nk; ++c) row[c] += m[c * a.m_cs];
    }
    if (a.causal)
      for (int64_t c = std::max<int64_t>(0, i + 1 - j0); c < nk; ++c) row[c] = ninf;
  }
}

// Keys a query block [i0, i0 + nq) can see.
template <class T>
int64_t key_end(const AttnArgs<T>& a, int64_t i0, int64_t nq) {
  return a.causal ? std::min(a.S, i0 + nq) : a.S;
}

// Query block [i0, i0 + kAttnBlockQ) of batch-head b, from the head's transposed keys kt (E x
// keys, row stride ldk). s: the block's scores, row stride lds: a kAttnBlockQ x kAttnBlockK block
// reused for each key block, or (keep) the block's rows of the kept probabilities, all keys. m, l:
// kAttnBlockQ; mb: kAttnBlockQ x (key blocks) when keeping.
template <class T>
void forward_block(const AttnArgs<T>& a, int64_t b, int64_t i0, const T* kt, int64_t ldk, T* s, int64_t lds, bool keep,
                   T* m, T* l, T* mb, T* out, T* lse) {
  constexpr T ninf = -std::numeric_limits<T>::infinity();
  const int64_t nq = std::min(kAttnBlockQ, a.L - i0), Ev = a.Ev;
  const T* Q = a.q + a.q_off[b] + i0 * a.q_rs;
  T* O = out + (b * a.L + i0) * Ev;
  std::fill_n(m, nq, ninf);
  std::fill_n(l, nq, T(0));
  const int64_t kend = key_end(a, i0, nq), nkb = (kend + kAttnBlockK - 1) / kAttnBlockK;
  if (kend == 0) std::fill_n(O, nq * Ev, T(0));
  for (int64_t j0 = 0; j0 < kend; j0 += kAttnBlockK) {
    const int64_t nk = std::min(kAttnBlockK, kend - j0);
    T* sb = keep ? s + j0 : s;
    gemm(false, false, nq, nk, a.E, a.scale, Q, a.q_rs, kt + j0, ldk, T(0), sb, lds);
    mask_block(a, b, i0, nq, j0, nk, sb, lds);
    for (int64_t r = 0; r < nq; ++r) {
      T* row = sb + r * lds;
      const T mnew = std::max(m[r], row_max(row, nk));
      if (keep) mb[r * nkb + j0 / kAttnBlockK] = mnew;
      if (mnew == ninf) {  // every key so far masked: contributes nothing
        std::fill_n(row, nk, T(0));
        continue;
      }
      const T sum = row_exp(row, nk, mnew);
      if (m[r] != ninf) {  // rescale what earlier key blocks summed (O is overwritten at j0 = 0)
        const T alpha = std::exp(m[r] - mnew);
        row_scale(O + r * Ev, Ev, alpha);
        l[r] = l[r] * alpha + sum;
      } else {
        l[r] = sum;
      }
      m[r] = mnew;
    }
    gemm(false, false, nq, Ev, nk, T(1), sb, lds, a.v + a.v_off[b] + j0 * a.v_rs, a.v_rs, T(j0 > 0), O, Ev);
  }
  for (int64_t r = 0; r < nq; ++r) {
    const T inv = l[r] > T(0) ? T(1) / l[r] : T(0);
    row_scale(O + r * Ev, Ev, inv);
    lse[b * a.L + i0 + r] = l[r] > T(0) ? m[r] + std::log(l[r]) : ninf;
    if (keep)  // each key block's e^{s - max so far} becomes e^{s - lse}
      for (int64_t j = 0; j < nkb; ++j) {
        const T mj = mb[r * nkb + j];
        row_scale(s + r * lds + j * kAttnBlockK, std::min(kAttnBlockK, kend - j * kAttnBlockK),
                  mj == ninf ? T(0) : std::exp(mj - m[r]) * inv);
      }
  }
}

// Query blocks [qb0, qb1) of batch-head b; probs: the kept probabilities, or null.
template <class T>
void forward_run(const AttnArgs<T>& a, int64_t b, int64_t qb0, int64_t qb1, T* out, T* lse, T* probs) {
  const int64_t ldk = attn_row_ld<T>(a.S), lds = attn_row_ld<T>(kAttnBlockK), ldp = ldk;
  const int64_t nkb = (a.S + kAttnBlockK - 1) / kAttnBlockK;
  T* kt = task_scratch<T>(static_cast<size_t>(a.E * ldk + kAttnBlockQ * (lds + 2 + nkb)));
  T *s = kt + a.E * ldk, *m = s + kAttnBlockQ * lds, *l = m + kAttnBlockQ, *mb = l + kAttnBlockQ;
  const int64_t i1 = std::min(a.L, qb1 * kAttnBlockQ);
  transpose(a.k + a.k_off[b], a.k_rs, key_end(a, int64_t{0}, i1), a.E, kt, ldk);
  for (int64_t i0 = qb0 * kAttnBlockQ; i0 < i1; i0 += kAttnBlockQ) {
    if (probs)
      forward_block(a, b, i0, kt, ldk, probs + (b * a.L + i0) * ldp, ldp, true, m, l, mb, out, lse);
    else
      forward_block(a, b, i0, kt, ldk, s, lds, false, m, l, mb, out, lse);
  }
}

// Batch-head b; probs: the probabilities forward kept, or null (recomputed per block).
template <class T>
void backward_head(const AttnArgs<T>& a, int64_t b, const T* out, const T* dout, const T* lse, const T* probs, T* dq,
                   T* dk, T* dv) {
  constexpr T ninf = -std::numeric_limits<T>::infinity();
  const int64_t L = a.L, E = a.E, Ev = a.Ev, keys = key_end(a, int64_t{0}, L);
  const int64_t ldk = attn_row_ld<T>(a.S), lds = attn_row_ld<T>(kAttnBlockK), ldp = ldk;
  const T *K = a.k + a.k_off[b], *V = a.v + a.v_off[b];
  T *dK = dk + b * a.S * E, *dV = dv + b * a.S * Ev;
  T* kt = task_scratch<T>(static_cast<size_t>((E + Ev) * ldk + 2 * kAttnBlockQ * lds + L));
  T *vt = kt + E * ldk, *ps = vt + Ev * ldk, *dp = ps + kAttnBlockQ * lds, *di = dp + kAttnBlockQ * lds;
  if (!probs) transpose(K, a.k_rs, keys, E, kt, ldk);
  transpose(V, a.v_rs, keys, Ev, vt, ldk);
  std::fill_n(dK, a.S * E, T(0));
  std::fill_n(dV, a.S * Ev, T(0));
  for (int64_t i = 0; i < L; ++i) di[i] = row_dot(dout + (b * L + i) * Ev, out + (b * L + i) * Ev, Ev);  // dO_i · O_i
  for (int64_t i0 = 0; i0 < L; i0 += kAttnBlockQ) {
    const int64_t nq = std::min(kAttnBlockQ, L - i0);
    const T* Q = a.q + a.q_off[b] + i0 * a.q_rs;
    const T* dO = dout + (b * L + i0) * Ev;
    T* dQ = dq + (b * L + i0) * E;
    const int64_t kend = key_end(a, i0, nq);
    if (kend == 0) std::fill_n(dQ, nq * E, T(0));
    for (int64_t j0 = 0; j0 < kend; j0 += kAttnBlockK) {
      const int64_t nk = std::min(kAttnBlockK, kend - j0);
      const T* p = ps;
      int64_t ld = lds;
      if (probs) {
        p = probs + (b * L + i0) * ldp + j0, ld = ldp;
      } else {
        gemm(false, false, nq, nk, E, a.scale, Q, a.q_rs, kt + j0, ldk, T(0), ps, lds);
        mask_block(a, b, i0, nq, j0, nk, ps, lds);
        for (int64_t r = 0; r < nq; ++r) {
          T* row = ps + r * lds;
          const T ls = lse[b * L + i0 + r];
          if (ls == ninf)
            std::fill_n(row, nk, T(0));
          else
            row_exp(row, nk, ls);
        }
      }
      gemm(true, false, nk, Ev, nq, T(1), p, ld, dO, Ev, T(1), dV + j0 * Ev, Ev);
      gemm(false, false, nq, nk, Ev, T(1), dO, Ev, vt + j0, ldk, T(0), dp, lds);
      for (int64_t r = 0; r < nq; ++r) row_softmax_grad(p + r * ld, dp + r * lds, nk, di[i0 + r]);
      gemm(false, false, nq, E, nk, a.scale, dp, lds, K + j0 * a.k_rs, a.k_rs, T(j0 > 0), dQ, E);
      gemm(true, false, nk, E, nq, a.scale, dp, lds, Q, a.q_rs, T(1), dK + j0 * E, E);
    }
  }
}

// Runs f(w) for w in [0, n) as parallel tasks claimed one at a time (a loaded vCPU takes fewer).
template <class F>
void for_each_task(int64_t n, F&& f) {
  const int nt = static_cast<int>(std::min<int64_t>(n, 1 << 20));
  parallel_tasks(nt, [&](int t) {
    for (int64_t w = t; w < n; w += nt) f(w);
  });
}

}  // namespace

template <class T>
void attention_forward(const AttnArgs<T>& a, T* out, T* lse, T* probs) {
  // Enough runs of query blocks per head for 4 tasks a thread, so that a late thread still gets a share.
  const int64_t nb = (a.L + kAttnBlockQ - 1) / kAttnBlockQ;
  const int64_t runs = std::clamp<int64_t>((4 * get_num_threads() + a.BH - 1) / a.BH, 1, nb);
  const int64_t per = (nb + runs - 1) / runs;
  for_each_task(a.BH * runs, [&](int64_t w) {
    const int64_t qb0 = (w % runs) * per;
    if (qb0 < nb) forward_run(a, w / runs, qb0, std::min(nb, qb0 + per), out, lse, probs);
  });
}

template <class T>
void attention_backward(const AttnArgs<T>& a, const T* out, const T* dout, const T* lse, const T* probs, T* dq, T* dk,
                        T* dv) {
  for_each_task(a.BH, [&](int64_t b) { backward_head(a, b, out, dout, lse, probs, dq, dk, dv); });
}

template void attention_forward<float>(const AttnArgs<float>&, float*, float*, float*);
template void attention_forward<double>(const AttnArgs<double>&, double*, double*, double*);
template void attention_backward<float>(const AttnArgs<float>&, const float*, const float*, const float*, const float*,
                                        float*, float*, float*);
template void attention_backward<double>(const AttnArgs<double>&, const double*, const double*, const double*,
                                         const double*, double*, double*, double*);

}  // namespace gg::kernels
