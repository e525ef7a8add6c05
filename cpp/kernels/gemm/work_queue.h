// How the tasks of one GEMM (core/parallel.h's parallel_tasks, one per thread) share units of
// work (gemm.cpp). Built for a 2-core machine shared with other jobs, where a thread may start
// late or lose its core for a scheduler time slice: each task starts with an equal contiguous
// share, takes blocks of it from the front, and once done takes units from the back of another
// task's share, so a delayed thread hands its work over instead of holding everyone up. Which
// task computes a unit never changes what is computed, so results do not depend on it.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

namespace gg::kernels::gemm_detail {

// [begin, end) of part t of n units split into parts (the first n % parts get one more).
inline std::pair<int64_t, int64_t> split(int64_t n, int parts, int t) {
  const int64_t q = n / parts, r = n % parts;
  const int64_t b = t * q + std::min<int64_t>(t, r);
  return {b, b + q + (t < r)};
}

// Units [0, n), n < 2^32, shared by `tasks` tasks as described above.
class WorkQueue {
 public:
  WorkQueue(int64_t n, int tasks) : ranges_(tasks) {
    for (int t = 0; t < tasks; ++t) {
      const auto [lo, hi] = split(n, tasks, t);
      ranges_[t].store(pack(lo, hi), std::memory_order_relaxed);
    }
  }

  // Next units for task `self`: up to `block` from the front of its own share, else half of what
  // is left of another share (at most `block`) from its back. Empty when none is left anywhere.
  std::pair<int64_t, int64_t> claim(int self, int64_t block) {
    const int tasks = int(ranges_.size());
    for (int i = 0; i < tasks; ++i) {
      std::atomic<uint64_t>& range = ranges_[(self + i) % tasks];
      const bool own = i == 0;
      for (uint64_t r = range.load(std::memory_order_relaxed);;) {
        const int64_t lo = int64_t(r >> 32), hi = int64_t(r & 0xffffffffu);
        if (lo >= hi) break;
        const int64_t take = own ? std::min(block, hi - lo) : std::clamp<int64_t>((hi - lo) / 2, 1, block);
        const auto got = own ? std::pair{lo, lo + take} : std::pair{hi - take, hi};
        if (range.compare_exchange_weak(r, own ? pack(lo + take, hi) : pack(lo, hi - take),
                                        std::memory_order_relaxed))
          return got;
      }
    }
    return {0, 0};
  }

 private:
  // [lo, hi) in one word, so that the owner and a thief agree through one compare-and-swap.
  static uint64_t pack(int64_t lo, int64_t hi) { return uint64_t(lo) << 32 | uint64_t(hi); }
  std::vector<std::atomic<uint64_t>> ranges_;
};

}  // namespace gg::kernels::gemm_detail
