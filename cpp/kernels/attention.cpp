// Tasks: forward over (batch-head, query block), independent; backward over batch-heads, each
// owning its dK and dV, so no task writes another's memory and results do not depend on the
// thread count. GEMMs inside a task run serially (core/parallel.h).
#include "kernels/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/parallel.h"
#include "kernels/gemm/gemm.h"
#include "kernels/vmath.h"

namespace gg::kernels {

namespace {

void exp_inplace(float* x, int64_t n) { vmath().unary.exp(x, x, n); }
void exp_inplace(double* x, int64_t n) {
  for (int64_t j = 0; j < n; ++j) x[j] = std::exp(x[j]);
}

// Adds the mask and the causal -inf to the scores of query rows [i0, i0 + nq) x keys [j0, j0 + nk).
template <class T>
void mask_block(const AttnArgs<T>& a, int64_t b, int64_t i0, int64_t nq, int64_t j0, int64_t nk, T* s) {
  constexpr T ninf = -std::numeric_limits<T>::infinity();
  for (int64_t r = 0; r < nq; ++r) {
    T* row = s + r * nk;
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

template <class T>
void forward_block(const AttnArgs<T>& a, int64_t b, int64_t i0, T* out, T* lse) {
  constexpr T ninf = -std::numeric_limits<T>::infinity();
  const int64_t nq = std::min(kAttnBlockQ, a.L - i0), Ev = a.Ev;
  const T* Q = a.q + a.q_off[b] + i0 * a.q_rs;
  T* O = out + (b * a.L + i0) * Ev;
  std::vector<T> s(static_cast<size_t>(nq * kAttnBlockK)), m(nq, ninf), l(nq, T(0));
  std::fill_n(O, nq * Ev, T(0));
  const int64_t kend = key_end(a, i0, nq);
  for (int64_t j0 = 0; j0 < kend; j0 += kAttnBlockK) {
    const int64_t nk = std::min(kAttnBlockK, kend - j0);
    gemm(false, true, nq, nk, a.E, a.scale, Q, a.q_rs, a.k + a.k_off[b] + j0 * a.k_rs, a.k_rs, T(0), s.data(), nk);
    mask_block(a, b, i0, nq, j0, nk, s.data());
    for (int64_t r = 0; r < nq; ++r) {
      T* row = s.data() + r * nk;
      T mnew = m[r];
#pragma omp simd reduction(max : mnew)
      for (int64_t c = 0; c < nk; ++c) mnew = std::max(mnew, row[c]);
      if (mnew == ninf) {  // every key so far masked: contributes nothing
        std::fill_n(row, nk, T(0));
        continue;
      }
      for (int64_t c = 0; c < nk; ++c) row[c] -= mnew;
      exp_inplace(row, nk);
      T sum = 0;
#pragma omp simd reduction(+ : sum)
      for (int64_t c = 0; c < nk; ++c) sum += row[c];
      const T alpha = m[r] == ninf ? T(0) : std::exp(m[r] - mnew);
      if (alpha != T(1))
        for (int64_t e = 0; e < Ev; ++e) O[r * Ev + e] *= alpha;
      l[r] = l[r] * alpha + sum;
      m[r] = mnew;
    }
    gemm(false, false, nq, Ev, nk, T(1), s.data(), nk, a.v + a.v_off[b] + j0 * a.v_rs, a.v_rs, T(1), O, Ev);
  }
  for (int64_t r = 0; r < nq; ++r) {
    const T inv = l[r] > T(0) ? T(1) / l[r] : T(0);
    for (int64_t e = 0; e < Ev; ++e) O[r * Ev + e] *= inv;
    lse[b * a.L + i0 + r] = l[r] > T(0) ? m[r] + std::log(l[r]) : ninf;
  }
}

template <class T>
void backward_head(const AttnArgs<T>& a, int64_t b, const T* out, const T* dout, const T* lse, T* dq, T* dk, T* dv) {
  constexpr T ninf = -std::numeric_limits<T>::infinity();
  const int64_t L = a.L, E = a.E, Ev = a.Ev;
  const T *K = a.k + a.k_off[b], *V = a.v + a.v_off[b];
  T *dK = dk + b * a.S * E, *dV = dv + b * a.S * Ev;
  std::fill_n(dK, a.S * E, T(0));
  std::fill_n(dV, a.S * Ev, T(0));
  std::vector<T> di(L), p(static_cast<size_t>(kAttnBlockQ * kAttnBlockK)), dp(p.size());
  for (int64_t i = 0; i < L; ++i) {  // D_i = dO_i · O_i
    T acc = 0;
#pragma omp simd reduction(+ : acc)
    for (int64_t e = 0; e < Ev; ++e) acc += dout[(b * L + i) * Ev + e] * out[(b * L + i) * Ev + e];
    di[i] = acc;
  }
  for (int64_t i0 = 0; i0 < L; i0 += kAttnBlockQ) {
    const int64_t nq = std::min(kAttnBlockQ, L - i0);
    const T* Q = a.q + a.q_off[b] + i0 * a.q_rs;
    const T* dO = dout + (b * L + i0) * Ev;
    T* dQ = dq + (b * L + i0) * E;
    std::fill_n(dQ, nq * E, T(0));
    const int64_t kend = key_end(a, i0, nq);
    for (int64_t j0 = 0; j0 < kend; j0 += kAttnBlockK) {
      const int64_t nk = std::min(kAttnBlockK, kend - j0);
      gemm(false, true, nq, nk, E, a.scale, Q, a.q_rs, K + j0 * a.k_rs, a.k_rs, T(0), p.data(), nk);
      mask_block(a, b, i0, nq, j0, nk, p.data());
      for (int64_t r = 0; r < nq; ++r) {
        T* row = p.data() + r * nk;
        const T ls = lse[b * L + i0 + r];
        if (ls == ninf) {
          std::fill_n(row, nk, T(0));
          continue;
        }
        for (int64_t c = 0; c < nk; ++c) row[c] -= ls;
        exp_inplace(row, nk);
      }
      gemm(true, false, nk, Ev, nq, T(1), p.data(), nk, dO, Ev, T(1), dV + j0 * Ev, Ev);
      gemm(false, true, nq, nk, Ev, T(1), dO, Ev, V + j0 * a.v_rs, a.v_rs, T(0), dp.data(), nk);
      for (int64_t r = 0; r < nq; ++r)
        for (int64_t c = 0; c < nk; ++c) dp[r * nk + c] = p[r * nk + c] * (dp[r * nk + c] - di[i0 + r]);
      gemm(false, false, nq, E, nk, a.scale, dp.data(), nk, K + j0 * a.k_rs, a.k_rs, T(1), dQ, E);
      gemm(true, false, nk, E, nq, a.scale, dp.data(), nk, Q, a.q_rs, T(1), dK + j0 * E, E);
    }
  }
}

}  // namespace

template <class T>
void attention_forward(const AttnArgs<T>& a, T* out, T* lse) {
  const int64_t nb = (a.L + kAttnBlockQ - 1) / kAttnBlockQ;
  const int64_t tasks = a.BH * nb;
  const int nt = static_cast<int>(std::min<int64_t>(tasks, 4 * get_num_threads()));
  parallel_tasks(nt, [&](int t) {
    for (int64_t w = t; w < tasks; w += nt) forward_block(a, w / nb, (w % nb) * kAttnBlockQ, out, lse);
  });
}

template <class T>
void attention_backward(const AttnArgs<T>& a, const T* out, const T* dout, const T* lse, T* dq, T* dk, T* dv) {
  const int nt = static_cast<int>(std::min<int64_t>(a.BH, 4 * get_num_threads()));
  parallel_tasks(nt, [&](int t) {
    for (int64_t b = t; b < a.BH; b += nt) backward_head(a, b, out, dout, lse, dq, dk, dv);
  });
}

template void attention_forward<float>(const AttnArgs<float>&, float*, float*);
template void attention_forward<double>(const AttnArgs<double>&, double*, double*);
template void attention_backward<float>(const AttnArgs<float>&, const float*, const float*, const float*, float*,
                                        float*, float*);
template void attention_backward<double>(const AttnArgs<double>&, const double*, const double*, const double*,
                                         double*, double*, double*);

}  // namespace gg::kernels
