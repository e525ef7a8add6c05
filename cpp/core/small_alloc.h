// Thread-local free lists for the small fixed-size objects every op makes and frees: tensor
// impls, storages and graph nodes (allocated with std::allocate_shared and SmallAllocator). A
// scalar expression's forward and backward free some 40 of them at once; glibc's per-thread
// cache keeps 7 blocks per size, so most frees took its slow path (a third of the lecture
// example's malloc/free cost, callgrind). The common case (a block on the list, room on the
// list) is inline: the size class is then a constant, and a pop or push is a few instructions
// instead of a call (the lecture example's 36 allocations and frees: ~1,400 -> ~500
// instructions).
#pragma once
#include <cstddef>

#include "core/tls.h"

namespace gg::small {

namespace detail {

constexpr size_t kGranule = 64, kClasses = 8;  // blocks of 64, 128, ..., 512 bytes
constexpr unsigned kKeep = 256;                // per class and thread: a few graphs' worth

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPool = false;  // reuse would hide use-after-free from ASan
#else
constexpr bool kPool = true;
#endif

struct Block {
  Block* next;
};

// Trivially destructible, so that objects freed by other thread-local destructors after the
// thread's flush (small_alloc.cpp) still find it (and then go straight to operator delete).
// Defined inline with a constant initialiser: every use is one load from the thread pointer,
// no TLS wrapper call.
struct Lists {
  Block* head[kClasses];
  unsigned count[kClasses];
  bool closed;
};
inline thread_local Lists lists GG_FAST_TLS{};

constexpr size_t class_of(size_t nbytes) { return (nbytes - 1) / kGranule; }

void* allocate_slow(size_t nbytes);            // an empty list, or no pooling: a fresh block
void deallocate_slow(void* p, size_t nbytes);  // a full or closed list, or no pooling

}  // namespace detail

// Throws std::bad_alloc.
inline void* allocate(size_t nbytes) {
  using namespace detail;
  const size_t c = class_of(nbytes);
  if (kPool && c < kClasses) {
    Lists& l = lists;
    if (Block* b = l.head[c]) {
      l.head[c] = b->next;
      --l.count[c];
      return b;
    }
  }
  return allocate_slow(nbytes);
}

// nbytes as given to allocate.
inline void deallocate(void* p, size_t nbytes) {
  using namespace detail;
  const size_t c = class_of(nbytes);
  if (kPool && c < kClasses) {
    Lists& l = lists;
    if (!l.closed && l.count[c] < kKeep) {
      auto* b = static_cast<Block*>(p);
      b->next = l.head[c];
      l.head[c] = b;
      ++l.count[c];
      return;
    }
  }
  deallocate_slow(p, nbytes);
}

}  // namespace gg::small

namespace gg {

template <class T>
struct SmallAllocator {
  using value_type = T;
  SmallAllocator() = default;
  template <class U>
  SmallAllocator(const SmallAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(small::allocate(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { small::deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const SmallAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const SmallAllocator<U>&) const { return false; }
};

}  // namespace gg
