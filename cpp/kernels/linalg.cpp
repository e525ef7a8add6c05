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
void lu_solve(const T* lu, const int64_t* piv, int64_t n, T* b, int64_t k) {
  for (int64_t i = 0; i < n; ++i)
    if (piv[i] != i)
      for (int64_t j = 0; j < k; ++j) std::swap(b[i * k + j], b[piv[i] * k + j]);
  for (int64_t i = 1; i < n; ++i) {  // L·y = P·b, L unit lower triangular
    T* bi = b + i * k;
    for (int64_t m = 0; m < i; ++m) {
      const T l = lu[i * n + m];
      const T* bm = b + m * k;
      for (int64_t j = 0; j < k; ++j) bi[j] -= l * bm[j];
    }
  }
  for (int64_t i = n - 1; i >= 0; --i) {  // U·x = y
    T* bi = b + i * k;
    for (int64_t m = i + 1; m < n; ++m) {
      const T u = lu[i * n + m];
      const T* bm = b + m * k;
      for (int64_t j = 0; j < k; ++j) bi[j] -= u * bm[j];
    }
    const T inv = T(1) / lu[i * n + i];
    for (int64_t j = 0; j < k; ++j) bi[j] *= inv;
  }
}

template int64_t lu_factor<float>(float*, int64_t, int64_t*);
template int64_t lu_factor<double>(double*, int64_t, int64_t*);
template void lu_solve<float>(const float*, const int64_t*, int64_t, float*, int64_t);
template void lu_solve<double>(const double*, const int64_t*, int64_t, double*, int64_t);

}  // namespace gg::kernels
