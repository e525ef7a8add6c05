// The spectral and orthogonal decompositions of linalg (decompositions.cpp): eigh, qr and svd of
// batches of real matrices, float32 (computed in double) and float64, each result a view of one
// buffer made by one node, differentiable twice.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.h"

namespace gg {

// {eigenvalues (*, n) ascending, eigenvectors (*, n, n)} of the symmetric A (*, n, n), from its
// lower (uplo "L") or upper ("U") triangle. The gradient is symmetric, as PyTorch's.
std::vector<Tensor> linalg_eigh(const Tensor& a, const std::string& uplo);
// {Q, R} of A (*, m, n) = Q·R; mode "reduced", "complete" or "r" (Q empty, not differentiable).
std::vector<Tensor> linalg_qr(const Tensor& a, const std::string& mode);
// {U, S, Vh} of A (*, m, n) = U·diag(S)·Vh, S descending; full_matrices: U (*, m, m), Vh (*, n, n).
std::vector<Tensor> linalg_svd(const Tensor& a, bool full_matrices);

}  // namespace gg
