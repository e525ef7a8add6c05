// Dense linear algebra on batches of square matrices (linalg.cpp), through one LU factorisation
// with partial pivoting (kernels/linalg.h): PyTorch's linalg.solve, inv, det and slogdet. Batch
// dimensions broadcast; float32 and float64. Backward and tangent rules are written with these
// same ops, so they differentiate again (Newton steps and Hessian-vector products through them).
#pragma once
#include <utility>

#include "core/tensor.h"

namespace gg {

// X with A·X = B: A (*, n, n), B (*, n, k). A ValueError names a singular matrix.
Tensor linalg_solve(const Tensor& a, const Tensor& b);
// A⁻¹ of A (*, n, n); a ValueError for a singular matrix.
Tensor linalg_inv(const Tensor& a);
// det(A) of A (*, n, n): 0 for a singular matrix (whose gradient, adj(A)ᵀ, is not computed: its
// backward raises).
Tensor linalg_det(const Tensor& a);
// (sign, log|det A|): sign is 0 and the logarithm -inf for a singular matrix; only the logarithm
// has a gradient, A⁻ᵀ.
std::pair<Tensor, Tensor> linalg_slogdet(const Tensor& a);
// L with A = L·Lᵀ for A (*, n, n) symmetric positive-definite (its lower triangle is read); a
// ValueError names a matrix that is not positive-definite.
Tensor linalg_cholesky(const Tensor& a);
// X with A·X = B for A (*, n, n) triangular (upper or lower; unitriangular: ones on the diagonal,
// not read) and B (*, n, k).
Tensor linalg_solve_triangular(const Tensor& a, const Tensor& b, bool upper, bool unitriangular);

}  // namespace gg
