// Memory for tensor storage: 64-byte aligned blocks, huge pages from 2 MB. Freed blocks of 64 KB
// and more go to a bounded cache and are handed out again for the same rounded size. A training
// loop allocates the same shapes every step, and glibc otherwise gives the top of its heap back
// to the kernel after each step and faults it in again, zeroed, in the next (a 784-128-10 MLP
// step spent ~10% in clear_page, perf). Freed memory that the cache does not keep goes to free().
#pragma once
#include <cstddef>

namespace gg::memory {

void* allocate(size_t nbytes);            // throws std::bad_alloc
void release(void* p, size_t nbytes);     // nbytes as given to allocate
size_t cached_bytes();                    // held by the cache, not in use
void empty_cache();                       // frees every cached block

}  // namespace gg::memory
