// The thread-locals read on every op (grad mode, the small-object free lists, ...) in the
// initial-exec TLS model. In a shared library the default (general-dynamic) model makes each read
// a call to __tls_get_addr: some 170 calls and 5% of the instructions of a scalar expression's
// forward and backward (callgrind). Initial-exec is one load from the thread pointer; its cost is
// that the module's whole TLS block (416 bytes today) comes from the static TLS surplus glibc
// keeps for dlopen'ed libraries (some 1.5 KB; PyTorch's libgomp takes 120 bytes of it): keep
// thread-locals small (a pointer to a lazily made object rather than the object).
#pragma once

#if defined(__GNUC__) && defined(__ELF__)
#define GG_FAST_TLS __attribute__((tls_model("initial-exec")))
#else
#define GG_FAST_TLS
#endif
