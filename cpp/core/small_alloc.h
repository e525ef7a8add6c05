// Thread-local free lists for the small fixed-size objects every op makes and frees: tensor
// impls, storages and graph nodes (allocated with std::allocate_shared and SmallAllocator). A
// scalar expression's forward and backward free some 40 of them at once; glibc's per-thread
// cache keeps 7 blocks per size, so most frees took its slow path (a third of the lecture
// example's malloc/free cost, callgrind).
#pragma once
#include <cstddef>

namespace gg::small {

void* allocate(size_t nbytes);             // throws std::bad_alloc
void deallocate(void* p, size_t nbytes);   // nbytes as given to allocate

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
