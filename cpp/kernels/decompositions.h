// The eigen-, singular-value and QR decompositions behind linalg.eigh, svd and qr
// (ops/decompositions.cpp), on one row-major matrix in double precision (the ops compute float32
// inputs in double and round the results once). Jacobi rotations for the two spectral problems:
// simple, accurate to the last bits for every matrix (small singular values included), and O(n³)
// per sweep with about 6–10 sweeps, so meant for the small and moderate matrices of a model, not
// for n in the thousands. Householder reflections for QR, with LAPACK's sign convention (R's
// diagonal is -sign(a_jj)·|column|), so Q and R match NumPy's and PyTorch's.
#pragma once
#include <cstdint>

namespace gg::kernels {

// The eigenvalues w (ascending) and orthonormal eigenvectors v (n x n, column j for w[j]) of the
// symmetric n x n matrix a, which is overwritten. Returns false for a with entries that are not
// finite.
bool symmetric_eigen(double* a, int64_t n, double* w, double* v);

// The thin SVD of the m x n matrix a (not modified), k = min(m, n): s (k, descending, >= 0), u
// (m x cu, cu >= k) and vt (cv x n, cv >= k). Columns of u and rows of vt past the rank, and the
// extra ones of a full SVD (cu = m, cv = n), complete orthonormal bases. Returns false for a
// with entries that are not finite.
bool singular_values(const double* a, int64_t m, int64_t n, double* s, double* u, int64_t cu, double* vt, int64_t cv);

// The QR factorisation of the m x n matrix a (overwritten), k = min(m, n): q (m x cq, cq = k or m)
// with orthonormal columns, r (k' x n upper triangular, k' = cq) with a = q·r. q may be null (mode
// 'r'): only r is formed.
void householder_qr(double* a, int64_t m, int64_t n, double* q, int64_t cq, double* r);

}  // namespace gg::kernels
