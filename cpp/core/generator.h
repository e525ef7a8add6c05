// The global random generator: a seed and a running counter offset. Each draw reserves a range
// of counters, so draws never overlap and a fixed seed reproduces every draw.
#pragma once
#include <atomic>
#include <cstdint>

namespace gg {

struct Generator {
  std::atomic<uint64_t> seed{0x5eed5eedULL};
  std::atomic<uint64_t> offset{0};

  static Generator& global();
  void manual_seed(uint64_t s) {
    seed = s;
    offset = 0;
  }
  // Reserves n counters; returns the first.
  uint64_t reserve(uint64_t n) { return offset.fetch_add(n); }
};

}  // namespace gg
