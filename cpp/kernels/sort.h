// Orderings of the rows of a contiguous (rows, R) block, as int64 positions within each row.
// The order is total: NaN sorts as the largest value (PyTorch's rule) and ties go by position,
// so every result is deterministic and a sort is stable whichever algorithm runs. Rows are
// independent: threads split them, each sorting (value, position) pairs of its row.
//   sort_rows:  idx (rows, R), the positions in ascending (descending) order
//   topk_rows:  idx (rows, k), the k largest (smallest) in order: a heap of k for small k, else
//               nth_element, then a sort of the k
//   kth_rows:   idx (rows,), the k-th smallest (0-based); `nan_wins`: a row holding a NaN gives its
//               first NaN (median's rule)
#pragma once
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/parallel.h"
#include "kernels/scan.h"

namespace gg::kernels {

// (value, position) pairs of a row, sorted in place: contiguous pairs keep the comparisons in cache.
template <class T>
using Entry = std::pair<T, int64_t>;

// The order of entries: ascending (descending) values, NaN largest, ties by position. Rows without
// NaN (checked once per row) take the plain comparison.
template <class T, bool Nan>
struct Order {
  bool descending;
  bool operator()(const Entry<T>& a, const Entry<T>& b) const {
    if constexpr (Nan) {
      const bool na = is_nan(a.first), nb = is_nan(b.first);
      if (na || nb) return na == nb ? a.second < b.second : (descending ? na : nb);
    }
    if (a.first == b.first) return a.second < b.second;
    return descending ? a.first > b.first : a.first < b.first;
  }
};

// f(entries, order) on each row's entries, with the row's comparison, rows split across threads.
template <class T, class F>
void for_rows(const T* x, int64_t rows, int64_t R, bool descending, F&& f) {
  parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(R, 1)), [&](int64_t b, int64_t e) {
    std::vector<Entry<T>> row(R);
    for (int64_t r = b; r < e; ++r) {
      bool nan = false;
      for (int64_t j = 0; j < R; ++j) {
        row[j] = {x[r * R + j], j};
        nan = nan || is_nan(row[j].first);
      }
      if (nan) f(r, row, Order<T, true>{descending});
      else f(r, row, Order<T, false>{descending});
    }
  });
}

template <class T>
void sort_rows(const T* x, int64_t* idx, int64_t rows, int64_t R, bool descending) {
  for_rows(x, rows, R, descending, [&](int64_t r, std::vector<Entry<T>>& row, auto order) {
    std::sort(row.begin(), row.end(), order);
    for (int64_t j = 0; j < R; ++j) idx[r * R + j] = row[j].second;
  });
}

// A few of many (k * 64 <= R): one pass keeping the k best in a heap whose top is the worst kept,
// so most entries cost one comparison; otherwise nth_element and a sort of the k.
template <class T, class Order>
void topk_heap(const T* x, int64_t* idx, int64_t R, int64_t k, Order order) {
  std::vector<Entry<T>> heap;
  heap.reserve(k);
  for (int64_t j = 0; j < R; ++j) {
    const Entry<T> e{x[j], j};
    if (static_cast<int64_t>(heap.size()) < k) {
      heap.push_back(e);
      std::push_heap(heap.begin(), heap.end(), order);
    } else if (order(e, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), order);
      heap.back() = e;
      std::push_heap(heap.begin(), heap.end(), order);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), order);
  for (int64_t j = 0; j < k; ++j) idx[j] = heap[j].second;
}

template <class T>
void topk_rows(const T* x, int64_t* idx, int64_t rows, int64_t R, int64_t k, bool largest) {
  if (k > 0 && k * 64 <= R) {
    parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 14) / R), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const T* row = x + r * R;
        if (std::any_of(row, row + R, [](T v) { return is_nan(v); }))
          topk_heap(row, idx + r * k, R, k, Order<T, true>{largest});
        else
          topk_heap(row, idx + r * k, R, k, Order<T, false>{largest});
      }
    });
    return;
  }
  for_rows(x, rows, R, largest, [&](int64_t r, std::vector<Entry<T>>& row, auto order) {
    if (k < R) std::nth_element(row.begin(), row.begin() + k, row.end(), order);
    std::sort(row.begin(), row.begin() + k, order);
    for (int64_t j = 0; j < k; ++j) idx[r * k + j] = row[j].second;
  });
}

template <class T>
void kth_rows(const T* x, int64_t* idx, int64_t rows, int64_t R, int64_t k, bool nan_wins) {
  for_rows(x, rows, R, false, [&](int64_t r, std::vector<Entry<T>>& row, auto order) {
    if (nan_wins) {
      auto nan = std::find_if(row.begin(), row.end(), [](const Entry<T>& v) { return is_nan(v.first); });
      if (nan != row.end()) {
        idx[r] = nan->second;
        return;
      }
    }
    std::nth_element(row.begin(), row.begin() + k, row.end(), order);
    idx[r] = row[k].second;
  });
}

}  // namespace gg::kernels
