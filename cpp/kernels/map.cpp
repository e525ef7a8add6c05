// The one driver of kernels/map.h's elementwise maps, compiled once for every op and dtype.
#include "kernels/map.h"

#include <algorithm>
#include <array>

#include "core/parallel.h"
#include "core/strided_loop.h"

namespace gg::kernels::detail {

namespace {

// General layouts: the shared strided loop, each operand with its own byte strides.
template <size_t K>
void strided_runs(const Shape& shape, char* const* base, const Shape* const* strides, const size_t* itemsize,
                  RunFn run, const void* f) {
  std::array<char*, K> b;
  std::array<Shape, K> st;
  for (size_t k = 0; k < K; ++k) {
    b[k] = base[k];
    st[k] = byte_strides(k == 0 ? contiguous_strides(shape) : *strides[k - 1], itemsize[k]);
  }
  for_each_strided<K>(shape, b, st, [&](std::array<char*, K> p, const std::array<int64_t, K>& s, int64_t m) {
    std::array<int64_t, K> es;
    for (size_t k = 0; k < K; ++k) es[k] = s[k] / static_cast<int64_t>(itemsize[k]);
    run(f, p.data(), es.data(), m);
  });
}

}  // namespace

void map_runs(int k, const Shape& shape, char* const* base, const Shape* const* strides, const size_t* itemsize,
              RunFn run, const void* f) {
  // Fast path without the general strided machinery: every input dense in the output's layout
  // or a single repeated value (scalars: the per-op overhead matters).
  const int64_t n = numel_of(shape);
  const Shape dense = contiguous_strides(shape);
  std::array<int64_t, 4> step{1, 0, 0, 0};  // elements per output element: 1 dense, 0 repeated
  bool fast = true;
  for (int i = 1; i < k && fast; ++i) {
    const Shape& s = *strides[i - 1];
    if (n <= 1 || std::all_of(s.begin(), s.end(), [](int64_t v) { return v == 0; })) step[i] = 0;
    else if (s == dense) step[i] = 1;
    else fast = false;
  }
  if (!fast) {
    if (k == 2) return strided_runs<2>(shape, base, strides, itemsize, run, f);
    if (k == 3) return strided_runs<3>(shape, base, strides, itemsize, run, f);
    return strided_runs<4>(shape, base, strides, itemsize, run, f);
  }
  if (n == 0) return;
  parallel_for(n, kGrainElementwise, [&](int64_t lo, int64_t hi) {
    std::array<char*, 4> p{};
    for (int i = 0; i < k; ++i) p[i] = base[i] + lo * step[i] * static_cast<int64_t>(itemsize[i]);
    run(f, p.data(), step.data(), hi - lo);
  });
}

}  // namespace gg::kernels::detail

namespace gg::kernels {

const char* elementwise_isa() {
#if GG_X86
  if (isa() != Isa::Generic) return isa_name(Isa::Avx2);  // the AVX-512 level runs the AVX2 clones (map.h)
#endif
  return isa_name(Isa::Generic);
}

}  // namespace gg::kernels
