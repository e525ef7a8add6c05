// Fused scaled-dot-product attention on raw pointers: softmax(Q·Kᵀ·scale + mask)·V per batch-head,
// blocked over queries (kAttnBlockQ rows) and keys (kAttnBlockK columns) with an online softmax,
// so the extra memory is one kAttnBlockQ x kAttnBlockK block and a transposed copy of one head's
// keys (and in backward values) per task, never (L, S).
// Backward recomputes each block's probabilities from the saved row log-sum-exp (FlashAttention-2).
#pragma once
#include <cstdint>

namespace gg::kernels {

constexpr int64_t kAttnBlockQ = 64, kAttnBlockK = 256;

// Operands of one call. Q row i of batch-head b is q + q_off[b] + i * q_rs (elements contiguous), and so
// on for K, V; the additive mask (or null) entry (b, i, j) is mask[m_off[b] + i * m_rs + j * m_cs].
// causal masks key j > query i.
template <class T>
struct AttnArgs {
  int64_t BH, L, S, E, Ev;
  const T *q, *k, *v;
  const int64_t *q_off, *k_off, *v_off;
  int64_t q_rs, k_rs, v_rs;
  const T* mask;
  const int64_t* m_off;
  int64_t m_rs, m_cs;
  bool causal;
  T scale;
};

// out (BH, L, Ev) and lse (BH, L), both contiguous. A row whose keys are all masked gets zeros
// (and lse = -inf).
template <class T>
void attention_forward(const AttnArgs<T>& a, T* out, T* lse);
// dq (BH, L, E), dk (BH, S, E), dv (BH, S, Ev), contiguous and written (not accumulated).
template <class T>
void attention_backward(const AttnArgs<T>& a, const T* out, const T* dout, const T* lse, T* dq, T* dk, T* dv);

}  // namespace gg::kernels
