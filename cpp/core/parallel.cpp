#include "core/parallel.h"

#include <stdexcept>

namespace gg {

namespace {
int& thread_setting() {
  static int n = omp_get_max_threads();
  return n;
}
}  // namespace

int get_num_threads() { return thread_setting(); }

void set_num_threads(int n) {
  if (n < 1) throw std::invalid_argument("set_num_threads: expected a positive thread count, got " + std::to_string(n));
  thread_setting() = n;
}

}  // namespace gg
