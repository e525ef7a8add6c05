// Fused scaled-dot-product attention on raw pointers: softmax(Q·Kᵀ·scale + mask)·V per batch-head,
// blocked over queries (kAttnBlockQ rows) and keys (kAttnBlockK columns) with an online softmax,
// so the extra memory is one kAttnBlockQ x kAttnBlockK block and a transposed copy of one head's
// keys (and in backward values) per task, and (L, S) only within the bound of attn_keeps_probs.
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

// Row stride of the kernel's buffers of rows of n elements (the kept probabilities below, n = S):
// whole cache lines plus one, so that a walk down a column (the GEMM's transposed operand)
// spreads over L1's sets (rows of 256 floats would all fall in 4 of its 64 sets).
template <class T>
constexpr int64_t attn_row_ld(int64_t n) {
  constexpr int64_t line = 64 / sizeof(T);
  return (n + line - 1) / line * line + line;
}

// Whether forward keeps the probabilities for backward, which then skips recomputing Q·Kᵀ, the
// mask and the exp (a fifth of its multiply-adds): when they take at most twice the memory of q,
// k and v together (self-attention up to S = 6 E or so; beyond, memory stays O(block)).
inline bool attn_keeps_probs(int64_t L, int64_t S, int64_t E, int64_t Ev, int64_t ldp) {
  return L * ldp <= 2 * (L * E + S * E + S * Ev);
}

// out (BH, L, Ev) and lse (BH, L), both contiguous. A row whose keys are all masked gets zeros
// (and lse = -inf). probs (BH, L, attn_row_ld<T>(S)) receives softmax(Q·Kᵀ·scale + mask) unless
// null (entries of keys a causal row does not see are left unwritten).
template <class T>
void attention_forward(const AttnArgs<T>& a, T* out, T* lse, T* probs);
// dq (BH, L, E), dk (BH, S, E), dv (BH, S, Ev), contiguous and written (not accumulated); probs:
// forward's, or null.
template <class T>
void attention_backward(const AttnArgs<T>& a, const T* out, const T* dout, const T* lse, const T* probs, T* dq, T* dk,
                        T* dv);

}  // namespace gg::kernels
