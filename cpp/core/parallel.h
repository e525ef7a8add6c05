// Thread settings and the one parallel-for used by every kernel.
// Work is split into one contiguous chunk per thread, so results (and reduction order)
// depend only on the thread count, never on timing. Below `grain` elements per thread the
// loop runs serially: small tensors pay no threading cost.
#pragma once
#include <algorithm>
#include <cstdint>
#include <omp.h>

namespace gg {

int get_num_threads();
void set_num_threads(int n);

// Elements of a bandwidth-bound loop below which a second thread does not pay.
constexpr int64_t kGrainElementwise = 1 << 16;

// Number of threads `n` items of work are split across.
inline int threads_for(int64_t n, int64_t grain) {
  if (n <= grain) return 1;
  return static_cast<int>(std::min<int64_t>(get_num_threads(), std::max<int64_t>(1, n / grain)));
}

// Size of each of the nt chunks [0, n) is split into.
inline int64_t chunk_size(int64_t n, int nt) { return (n + nt - 1) / nt; }

// f(begin, end) over [0, n) in threads_for(n, grain) contiguous chunks, one per thread. The
// chunks do not depend on how many threads OpenMP actually delivers (fewer when nested in
// another parallel region): each thread takes chunks t, t + delivered, ...
template <class F>
void parallel_for(int64_t n, int64_t grain, F&& f) {
  const int nt = threads_for(n, grain);
  if (nt <= 1) {
    if (n > 0) f(int64_t{0}, n);
    return;
  }
  const int64_t chunk = chunk_size(n, nt);
#pragma omp parallel num_threads(nt)
  {
    const int got = omp_get_num_threads();
    for (int c = omp_get_thread_num(); c < nt; c += got) {
      const int64_t b = std::min<int64_t>(n, c * chunk), e = std::min<int64_t>(n, b + chunk);
      if (b < e) f(b, e);
    }
  }
}

}  // namespace gg
