// Dense LU factorisation with partial pivoting, Cholesky factorisation and the triangular solves
// built on them, for the square
// row-major matrices of linear algebra ops (ops/linalg.cpp). Row-major keeps every inner loop a
// contiguous row update, which the compiler vectorises; one matrix is one task (batches are split
// across threads by the caller).
#pragma once
#include <cstdint>

namespace gg::kernels {

// Factors the n x n matrix a in place as P·a = L·U (L unit lower triangular below the diagonal,
// U on and above it). piv[i] is the row swapped with row i at step i. Returns the number of row
// swaps (the permutation's parity), or -1 - k when U's diagonal entry k is exactly zero (a
// singular matrix; the factorisation is still completed, so the determinant is 0).
template <class T>
int64_t lu_factor(T* a, int64_t n, int64_t* piv);

// Overwrites the n x k row-major b with A⁻¹·b, from lu_factor's result for A (non-singular).
template <class T>
void lu_solve(const T* lu, const int64_t* piv, int64_t n, T* b, int64_t k);

// Overwrites the n x k row-major b with A⁻¹·b for the n x n triangular A (its lower or upper
// triangle; unit: its diagonal is taken as ones and not read). A zero diagonal gives inf/nan.
template <class T>
void triangular_solve(const T* a, int64_t n, T* b, int64_t k, bool lower, bool unit);

// Factors the n x n symmetric positive-definite a in place as a = L·Lᵀ (only a's lower triangle is
// read; L, lower triangular with a positive diagonal, replaces it, and the strict upper triangle is
// zeroed). Returns -1, or i when the leading minor of order i + 1 is not positive-definite.
template <class T>
int64_t cholesky_factor(T* a, int64_t n);

}  // namespace gg::kernels
