// Per-thread scratch that grows and is kept: im2col columns are megabytes, and a fresh buffer
// per call would be page-faulted in every time.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <new>

namespace gg::kernels::detail {

template <class T, int Slot = 0>
T* conv_scratch(size_t n) {
  struct Buffer {
    void* p = nullptr;
    size_t cap = 0;
    ~Buffer() { std::free(p); }
  };
  static thread_local Buffer buf;
  const size_t bytes = n * sizeof(T);
  if (bytes > buf.cap) {
    const size_t cap = (bytes + 4095) / 4096 * 4096;
    std::free(buf.p);
    buf.p = std::aligned_alloc(64, cap);
    buf.cap = buf.p ? cap : 0;
    if (!buf.p) throw std::bad_alloc();
  }
  return static_cast<T*>(buf.p);
}

}  // namespace gg::kernels::detail
