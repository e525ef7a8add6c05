#include "core/small_alloc.h"

#include <new>

namespace gg::small::detail {

namespace {

// Gives the thread's pooled blocks back at its exit, and closes its lists.
struct Flush {
  bool armed = false;
  ~Flush() {
    lists.closed = true;
    for (size_t c = 0; c < kClasses; ++c)
      while (Block* b = lists.head[c]) {
        lists.head[c] = b->next;
        ::operator delete(b);
      }
  }
};
thread_local Flush flush GG_FAST_TLS;

}  // namespace

void* allocate_slow(size_t nbytes) {
  const size_t c = class_of(nbytes);
  if (!kPool || c >= kClasses) return ::operator new(nbytes);
  flush.armed = true;  // the first use constructs it: its destructor then runs at thread exit
  return ::operator new((c + 1) * kGranule);
}

void deallocate_slow(void* p, size_t nbytes) { ::operator delete(p); }

}  // namespace gg::small::detail
