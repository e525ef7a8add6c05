// Orderings of the rows of a contiguous (rows, R) block, as int64 positions within each row.
// The order is total: NaN sorts as the largest value (PyTorch's rule) and ties go by position,
// so every result is deterministic and a sort is stable whichever algorithm runs. Rows are
// independent: threads split them.
//   sort_rows:  idx (rows, R), the positions in ascending (descending) order
//   topk_rows:  idx (rows, k), the k largest (smallest) in order: nth_element, then a sort of k
//   kth_rows:   idx (rows,), the k-th smallest (0-based); `nan_wins`: a row holding a NaN gives its
//               first NaN (median's rule)
#pragma once
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/parallel.h"
#include "kernels/scan.h"

namespace gg::kernels {

template <class T>
struct RowOrder {
  const T* x;
  bool descending;
  bool operator()(int64_t i, int64_t j) const {
    const T a = x[i], b = x[j];
    const bool na = is_nan(a), nb = is_nan(b);
    if (na || nb) {
      if (na == nb) return i < j;
      return descending ? na : nb;
    }
    if (a == b) return i < j;
    return descending ? a > b : a < b;
  }
};

template <class F>
void for_rows(int64_t rows, int64_t R, F&& f) {
  parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(R, 1)), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) f(r);
  });
}

template <class T>
void sort_rows(const T* x, int64_t* idx, int64_t rows, int64_t R, bool descending) {
  for_rows(rows, R, [&](int64_t r) {
    int64_t* p = idx + r * R;
    std::iota(p, p + R, int64_t{0});
    std::sort(p, p + R, RowOrder<T>{x + r * R, descending});
  });
}

template <class T>
void topk_rows(const T* x, int64_t* idx, int64_t rows, int64_t R, int64_t k, bool largest) {
  for_rows(rows, R, [&](int64_t r) {
    std::vector<int64_t> p(R);
    std::iota(p.begin(), p.end(), int64_t{0});
    const RowOrder<T> order{x + r * R, largest};
    if (k < R) std::nth_element(p.begin(), p.begin() + k, p.end(), order);
    std::sort(p.begin(), p.begin() + k, order);
    std::copy(p.begin(), p.begin() + k, idx + r * k);
  });
}

template <class T>
void kth_rows(const T* x, int64_t* idx, int64_t rows, int64_t R, int64_t k, bool nan_wins) {
  for_rows(rows, R, [&](int64_t r) {
    const T* row = x + r * R;
    if (nan_wins) {
      const T* nan = std::find_if(row, row + R, [](T v) { return is_nan(v); });
      if (nan != row + R) {
        idx[r] = nan - row;
        return;
      }
    }
    std::vector<int64_t> p(R);
    std::iota(p.begin(), p.end(), int64_t{0});
    std::nth_element(p.begin(), p.begin() + k, p.end(), RowOrder<T>{row, false});
    idx[r] = p[k];
  });
}

}  // namespace gg::kernels
