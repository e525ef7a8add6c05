#include "core/small_alloc.h"
#include "core/tls.h"

#include <new>

namespace gg::small {

namespace {

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
// flush below still find it (and then go straight to operator delete).
struct Lists {
  Block* head[kClasses];
  unsigned count[kClasses];
  bool closed;
};
thread_local Lists lists GG_FAST_TLS{};

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

size_t class_of(size_t nbytes) { return (nbytes - 1) / kGranule; }

}  // namespace

void* allocate(size_t nbytes) {
  const size_t c = class_of(nbytes);
  if (!kPool || c >= kClasses) return ::operator new(nbytes);
  Lists& l = lists;
  if (Block* b = l.head[c]) {
    l.head[c] = b->next;
    --l.count[c];
    return b;
  }
  flush.armed = true;  // the first use constructs it: its destructor then runs at thread exit
  return ::operator new((c + 1) * kGranule);
}

void deallocate(void* p, size_t nbytes) {
  const size_t c = class_of(nbytes);
  Lists& l = lists;
  if (!kPool || c >= kClasses || l.closed || l.count[c] >= kKeep) return ::operator delete(p);
  auto* b = static_cast<Block*>(p);
  b->next = l.head[c];
  l.head[c] = b;
  ++l.count[c];
}

}  // namespace gg::small
