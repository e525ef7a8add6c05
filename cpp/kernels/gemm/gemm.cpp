// GEMM dispatch. Until the packed micro-kernels land this runs the reference kernel.
#include "kernels/gemm/gemm.h"

#include "kernels/ref/gemm_ref.h"

namespace gg::kernels {

void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
          const float* B, int64_t ldb, float beta, float* C, int64_t ldc) {
  ref::gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, double alpha, const double* A, int64_t lda,
          const double* B, int64_t ldb, double beta, double* C, int64_t ldc) {
  ref::gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
const char* gemm_kernel_name() { return "generic"; }
bool gemm_set_kernel(const std::string& name) { return name == "auto" || name == "generic"; }

}  // namespace gg::kernels
