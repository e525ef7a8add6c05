#include "kernels/linalg.h"

#include <cmath>
#include <utility>

namespace gg::kernels {

template <class T>
int64_t lu_factor(T* a, int64_t n, int64_t* piv) {
  int64_t swaps = 0, zero = -1;
  for (int64_t k = 0; k < n; ++k) {
    int64_t p = k;
    T best = std::abs(a[k * n + k]);
    for (int64_t i = k + 1; i < n; ++i) {
      const T v = std::abs(a[i * n + k]);
      if (v > best) best = v, p = i;
    }
    piv[k] = p;
    if (p != k) {
      ++swaps;
      for (int64_t j = 0; j < n; ++j) std::swap(a[k * n + j], a[p * n + j]);
    }
    const T d = a[k * n + k];
    if (d == T(0)) {  // the column below is zero too: nothing to eliminate
      if (zero < 0) zero = k;
      continue;
    }
    const T* rk = a + k * n;
    for (int64_t i = k + 1; i < n; ++i) {
      T* ri = a + i * n;
      const T l = ri[k] / d;
      ri[k] = l;
      for (int64_t j = k + 1; j < n; ++j) ri[j] -= l * rk[j];
    }
  }
  return zero < 0 ? swaps : -1 - zero;
}

template <class T>
void triangular_solve(const T* a, int64_t n, T* b, int64_t k, bool lower, bool unit) {
  // Row i of x is (b_i - Σ_m a_im x_m) / a_ii over the rows m solved before it: from the top for a
  // lower triangle, from the bottom for an upper one.
  for (int64_t step = 0; step < n; ++step) {
    const int64_t i = lower ? step : n - 1 - step;
    T* bi = b + i * k;
    for (int64_t m = lower ? 0 : i + 1; m < (lower ? i : n); ++m) {
      const T c = a[i * n + m];
      const T* bm = b + m * k;
      for (int64_t j = 0; j < k; ++j) bi[j] -= c * bm[j];
    }
    if (unit) continue;
    const T inv = T(1) / a[i * n + i];
    for (int64_t j = 0; j < k; ++j) bi[j] *= inv;
  }
}

template <class T>
void lu_solve(const T* lu, const int64_t* piv, int64_t n, T* b, int64_t k) {
  for (int64_t i = 0; i < n; ++i)
    if (piv[i] != i)
      for (int64_t j = 0; j < k; ++j) std::swap(b[i * k + j], b[piv[i] * k + j]);
  triangular_solve(lu, n, b, k, true, true);    // L·y = P·b, L unit lower triangular
  triangular_solve(lu, n, b, k, false, false);  // U·x = y
}

template <class T>
int64_t cholesky_factor(T* a, int64_t n) {
  // Row by row (Cholesky-Banachiewicz): each entry is a dot product of two rows already computed.
  for (int64_t i = 0; i < n; ++i) {
    T* li = a + i * n;
    for (int64_t j = 0; j <= i; ++j) {
      const T* lj = a + j * n;
      T s = li[j];
      for (int64_t m = 0; m < j; ++m) s -= li[m] * lj[m];
      if (j < i) {
        li[j] = s / lj[j];
      } else {
        if (!(s > T(0))) return i;  // also NaN
        li[i] = std::sqrt(s);
      }
    }
    for (int64_t j = i + 1; j < n; ++j) li[j] = T(0);
  }
  return -1;
}

template int64_t lu_factor<float>(float*, int64_t, int64_t*);
template int64_t lu_factor<double>(double*, int64_t, int64_t*);
template void lu_solve<float>(const float*, const int64_t*, int64_t, float*, int64_t);
template void lu_solve<double>(const double*, const int64_t*, int64_t, double*, int64_t);
template void triangular_solve<float>(const float*, int64_t, float*, int64_t, bool, bool);
template void triangular_solve<double>(const double*, int64_t, double*, int64_t, bool, bool);
template int64_t cholesky_factor<float>(float*, int64_t);
template int64_t cholesky_factor<double>(double*, int64_t);

}  // namespace gg::kernels
