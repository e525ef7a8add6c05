// GEMM on raw row-major pointers (Goto/BLIS method; see gemm.cpp for the dispatch).
#pragma once
#include <cstdint>

namespace gg::kernels {

// C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C, all row-major.
// op(A) = A stored M x K (lda >= K), or with trans_a, A^T where A is stored K x M (lda >= M).
// Same for B (stored K x N, or N x K with trans_b). beta == 0 makes C write-only.
void gemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
          int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc);
void gemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, double alpha, const double* A,
          int64_t lda, const double* B, int64_t ldb, double beta, double* C, int64_t ldc);

// Name of the micro-kernel in use (kernels/isa.h chooses it): "avx512", "avx2" or "generic".
const char* gemm_kernel_name();

}  // namespace gg::kernels
