// The leaf loops of the batch-norm kernels. They see a contiguous (N, C, L) block as an (N, CL)
// row-major matrix (CL = C * L; column j belongs to channel j / L) and work on one block of
// columns [j0, j0 + w), all N rows, with per-column coefficients (batchnorm.cpp expands the
// per-channel ones). The inner loops run along the columns of a row: contiguous, elementwise,
// vectorized, for (N, C) and (N, C, L) alike. This header is compiled once per ISA (batchnorm.cpp:
// generic, batchnorm_avx2.cpp, batchnorm_avx512.cpp), each in its own namespace; it includes
// nothing, so no shared inline function is ever compiled with wider instructions than the CPU has.
#ifndef GG_BN_ISA
#error "define GG_BN_ISA (the namespace of this copy) before including batchnorm_chunks.h"
#endif
#include <cstdint>

namespace gg::kernels::GG_BN_ISA {

// Widest column block a leaf takes (its accumulators live on the stack, in L1).
constexpr int64_t kBlockCols = 1024;
// Rows whose sums are formed in T before they are added into double: short float partial sums
// stay accurate, and the hot loop runs at full float vector width.
constexpr int64_t kRowBlock = 64;

// With u = P - pc[j] and q = Q if given, else u:  s1[j] += sum_n q,  s2[j] += sum_n u * q.
// Batch statistics: P = x, pc = a shift, no Q (sums of u and u^2). Backward: P = x, pc = mean,
// Q = g (sums of g and g * (x - mean)). Column j's result depends only on column j's data.
template <class T>
void sums_block(const T* __restrict P, const T* __restrict pc, const T* __restrict Q, int64_t N, int64_t CL,
                int64_t j0, int64_t w, double* __restrict s1, double* __restrict s2) {
  T a1[kBlockCols], a2[kBlockCols];
  for (int64_t nb = 0; nb < N; nb += kRowBlock) {
    const int64_t ne = N - nb < kRowBlock ? N : nb + kRowBlock;
    for (int64_t j = 0; j < w; ++j) a1[j] = a2[j] = T(0);
    int64_t n = nb;
    // Four rows per sweep: the accumulators are loaded and stored once per four rows.
    for (; n + 4 <= ne; n += 4) {
      const T *p0 = P + n * CL + j0, *p1 = p0 + CL, *p2 = p1 + CL, *p3 = p2 + CL;
      if (Q) {
        const T *q0 = Q + n * CL + j0, *q1 = q0 + CL, *q2 = q1 + CL, *q3 = q2 + CL;
        for (int64_t j = 0; j < w; ++j) {
          const T u0 = p0[j] - pc[j], u1 = p1[j] - pc[j], u2 = p2[j] - pc[j], u3 = p3[j] - pc[j];
          a1[j] += (q0[j] + q1[j]) + (q2[j] + q3[j]);
          a2[j] += (u0 * q0[j] + u1 * q1[j]) + (u2 * q2[j] + u3 * q3[j]);
        }
      } else {
        for (int64_t j = 0; j < w; ++j) {
          const T u0 = p0[j] - pc[j], u1 = p1[j] - pc[j], u2 = p2[j] - pc[j], u3 = p3[j] - pc[j];
          a1[j] += (u0 + u1) + (u2 + u3);
          a2[j] += (u0 * u0 + u1 * u1) + (u2 * u2 + u3 * u3);
        }
      }
    }
    for (; n < ne; ++n) {
      const T* p = P + n * CL + j0;
      const T* q = Q ? Q + n * CL + j0 : nullptr;
      for (int64_t j = 0; j < w; ++j) {
        const T u = p[j] - pc[j], qv = q ? q[j] : u;
        a1[j] += qv;
        a2[j] += u * qv;
      }
    }
    for (int64_t j = 0; j < w; ++j) {
      s1[j] += static_cast<double>(a1[j]);
      s2[j] += static_cast<double>(a2[j]);
    }
  }
}

// out = a[j] * (P - pc[j]) + d[j], plus b[j] * Q when Q is given. Forward: P = x, pc = mean,
// a = gamma * invstd, d = beta. Training backward: P = x, pc = mean, Q = g (see batchnorm.cpp).
template <class T>
void affine_block(const T* __restrict P, const T* __restrict pc, const T* __restrict Q, T* __restrict out, int64_t N,
                  int64_t CL, int64_t j0, int64_t w, const T* __restrict a, const T* __restrict b,
                  const T* __restrict d) {
  for (int64_t n = 0; n < N; ++n) {
    const T* p = P + n * CL + j0;
    T* o = out + n * CL + j0;
    if (Q) {
      const T* q = Q + n * CL + j0;
      for (int64_t j = 0; j < w; ++j) o[j] = a[j] * (p[j] - pc[j]) + b[j] * q[j] + d[j];
    } else {
      for (int64_t j = 0; j < w; ++j) o[j] = a[j] * (p[j] - pc[j]) + d[j];
    }
  }
}

}  // namespace gg::kernels::GG_BN_ISA

#define GG_BN_INSTANTIATE(T)                                                                                    \
  template void gg::kernels::GG_BN_ISA::sums_block<T>(const T*, const T*, const T*, int64_t, int64_t, int64_t,  \
                                                      int64_t, double*, double*);                              \
  template void gg::kernels::GG_BN_ISA::affine_block<T>(const T*, const T*, const T*, T*, int64_t, int64_t,     \
                                                        int64_t, int64_t, const T*, const T*, const T*);
