// Elementwise maps over raw memory: one functor per op, one template per arity. The output is
// always contiguous; inputs are strided (broadcast axes have stride 0). Contiguous and scalar
// operands take dedicated inner loops that the compiler vectorizes.
//
// Only the loop over one run of elements is a template (Run1/Run2/Run3 below: one compiled loop
// per element function and dtypes). The driver that splits a shape into runs and the runs across
// threads is compiled once (map.cpp) and calls the loop through a pointer: inlined into every op,
// dtype and fast path, it made the elementwise op files the slowest units of the build (issue 20).
//
// Per ISA: the dense loops (contiguous or single-valued operands) of maps to float32/float64 are
// compiled twice from the one body, for the baseline and as a GCC target("avx2,fma") clone (the
// default-target functor inlines into the wider caller), and the map picks one by kernels::isa()
// once per call. Strided runs, integer maps and comparisons (bool results) stay generic, and the
// AVX-512 level runs the AVX2 clone: these loops are bound by memory, not by the vector width,
// and each clone costs build time (issue 20): binary_ops.cpp compiles in 14.6 CPU s with the
// AVX2 clones (12.9 without), and an AVX-512 clone and cloned comparisons made that 1.6x.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/shape.h"
#include "kernels/isa.h"

namespace gg::kernels {

namespace detail {

// One run of n elements: p[0] the output (contiguous), p[k] input k, s[k] its stride in elements
// (0: one repeated value); f the element function.
using RunFn = void (*)(const void* f, char* const* p, const int64_t* s, int64_t n);

// Calls `run` over runs covering `shape` for `k` operands (the output and k - 1 inputs, k <= 4):
// base pointers, element strides of the inputs (already broadcast), element sizes of all.
void map_runs(int k, const Shape& shape, char* const* base, const Shape* const* strides, const size_t* itemsize,
              RunFn run, const void* f);

template <class T>
char* bytes(const T* p) { return reinterpret_cast<char*>(const_cast<T*>(p)); }

#define GG_MAP_INLINE __attribute__((always_inline)) inline

// What the dense loops load an input of type T as: a bool as its byte, which GCC vectorizes (a
// loop reading `bool` stays scalar: it has no vector type for it) and which holds 0 or 1.
template <class T>
using Lane = std::conditional_t<std::is_same_v<T, bool>, unsigned char, T>;
template <class T>
const Lane<T>* lanes(const char* p) { return reinterpret_cast<const Lane<T>*>(p); }

// Each RunK has dense(): the loops the ISA clones vectorize, false when the strides are not
// theirs; and strided(): the general loop, compiled once (noinline keeps it out of the clones).
// Both work on a local copy of the functor: read through the pointer, its captures (a clamp's
// bounds, add_'s alpha) might alias the output, and GCC reloaded them per element and left
// their loops scalar.
template <class O, class A, class F>
struct Run1 {
  static GG_MAP_INLINE bool dense(const void* fp, char* const* p, const int64_t* s, int64_t n) {
    const F f = *static_cast<const F*>(fp);
    O* o = reinterpret_cast<O*>(p[0]);
    const auto* x = lanes<A>(p[1]);
    if (s[1] != 1) return false;
    for (int64_t i = 0; i < n; ++i) o[i] = f(static_cast<A>(x[i]));
    return true;
  }
  [[gnu::noinline]] static void strided(const void* fp, char* const* p, const int64_t* s, int64_t n) {
    const F f = *static_cast<const F*>(fp);
    O* o = reinterpret_cast<O*>(p[0]);
    const A* x = reinterpret_cast<const A*>(p[1]);
    const int64_t sx = s[1];
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i * sx]);
  }
};

template <class O, class A, class B, class F>
struct Run2 {
  static GG_MAP_INLINE bool dense(const void* fp, char* const* p, const int64_t* s, int64_t n) {
    const F f = *static_cast<const F*>(fp);
    O* o = reinterpret_cast<O*>(p[0]);
    const auto* x = lanes<A>(p[1]);
    const auto* y = lanes<B>(p[2]);
    const int64_t sx = s[1], sy = s[2];
    if (sx == 1 && sy == 1) {
      for (int64_t i = 0; i < n; ++i) o[i] = f(static_cast<A>(x[i]), static_cast<B>(y[i]));
    } else if (sx == 1 && sy == 0) {
      const B yv = static_cast<B>(*y);
      for (int64_t i = 0; i < n; ++i) o[i] = f(static_cast<A>(x[i]), yv);
    } else if (sx == 0 && sy == 1) {
      const A xv = static_cast<A>(*x);
      for (int64_t i = 0; i < n; ++i) o[i] = f(xv, static_cast<B>(y[i]));
    } else {
      return false;
    }
    return true;
  }
  [[gnu::noinline]] static void strided(const void* fp, char* const* p, const int64_t* s, int64_t n) {
    const F f = *static_cast<const F*>(fp);
    O* o = reinterpret_cast<O*>(p[0]);
    const A* x = reinterpret_cast<const A*>(p[1]);
    const B* y = reinterpret_cast<const B*>(p[2]);
    const int64_t sx = s[1], sy = s[2];
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i * sx], y[i * sy]);
  }
};

template <class O, class A, class B, class C, class F>
struct Run3 {
  // Contiguous operands only (where's common case).
  static GG_MAP_INLINE bool dense(const void* fp, char* const* p, const int64_t* s, int64_t n) {
    const F f = *static_cast<const F*>(fp);
    O* o = reinterpret_cast<O*>(p[0]);
    const auto* x = lanes<A>(p[1]);
    const auto* y = lanes<B>(p[2]);
    const auto* z = lanes<C>(p[3]);
    if (s[1] != 1 || s[2] != 1 || s[3] != 1) return false;
    for (int64_t i = 0; i < n; ++i) o[i] = f(static_cast<A>(x[i]), static_cast<B>(y[i]), static_cast<C>(z[i]));
    return true;
  }
  [[gnu::noinline]] static void strided(const void* fp, char* const* p, const int64_t* s, int64_t n) {
    const F f = *static_cast<const F*>(fp);
    O* o = reinterpret_cast<O*>(p[0]);
    const A* x = reinterpret_cast<const A*>(p[1]);
    const B* y = reinterpret_cast<const B*>(p[2]);
    const C* z = reinterpret_cast<const C*>(p[3]);
    const int64_t sx = s[1], sy = s[2], sz = s[3];
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i * sx], y[i * sy], z[i * sz]);
  }
};

// The same body per ISA: only the target attribute differs.
template <class Run>
void run_generic(const void* f, char* const* p, const int64_t* s, int64_t n) {
  if (!Run::dense(f, p, s, n)) Run::strided(f, p, s, n);
}
#if GG_X86
template <class Run>
__attribute__((target("avx2,fma"))) void run_avx2(const void* f, char* const* p, const int64_t* s, int64_t n) {
  if (!Run::dense(f, p, s, n)) Run::strided(f, p, s, n);
}
#endif

// Maps with a float32/float64 result from floating-point or bool inputs (where's condition) get
// the clone.
template <class O, class... In>
constexpr bool kCloned = std::is_floating_point_v<O> && (... && (std::is_floating_point_v<In> || std::is_same_v<In, bool>));

// The run loop for the ISA level in use (kernels::isa(), read once per map call).
template <class Run, class O, class... In>
RunFn pick() {
#if GG_X86
  if constexpr (kCloned<O, In...>)
    if (isa() != Isa::Generic) return &run_avx2<Run>;
#endif
  return &run_generic<Run>;
}

}  // namespace detail

// The level the floating-point elementwise maps run at (for gg.config()): generic or avx2.
const char* elementwise_isa();

// out = f(a) with a strided over `shape`.
template <class O, class A, class F>
void map1(O* out, const Shape& shape, const A* a, const Shape& a_strides, F f) {
  char* const base[] = {detail::bytes(out), detail::bytes(a)};
  const Shape* const strides[] = {&a_strides};
  const size_t sizes[] = {sizeof(O), sizeof(A)};
  detail::map_runs(2, shape, base, strides, sizes, detail::pick<detail::Run1<O, A, F>, O, A>(), &f);
}

// out = f(a, b) over broadcast `shape`; a_strides/b_strides are already broadcast (0 = repeated).
template <class O, class A, class B, class F>
void map2(O* out, const Shape& shape, const A* a, const Shape& a_strides, const B* b, const Shape& b_strides, F f) {
  char* const base[] = {detail::bytes(out), detail::bytes(a), detail::bytes(b)};
  const Shape* const strides[] = {&a_strides, &b_strides};
  const size_t sizes[] = {sizeof(O), sizeof(A), sizeof(B)};
  detail::map_runs(3, shape, base, strides, sizes, detail::pick<detail::Run2<O, A, B, F>, O, A, B>(), &f);
}

// out = f(a, b, c) over broadcast `shape` (used by where and fused backward rules).
template <class O, class A, class B, class C, class F>
void map3(O* out, const Shape& shape, const A* a, const Shape& as, const B* b, const Shape& bs, const C* c,
          const Shape& cs, F f) {
  char* const base[] = {detail::bytes(out), detail::bytes(a), detail::bytes(b), detail::bytes(c)};
  const Shape* const strides[] = {&as, &bs, &cs};
  const size_t sizes[] = {sizeof(O), sizeof(A), sizeof(B), sizeof(C)};
  detail::map_runs(4, shape, base, strides, sizes, detail::pick<detail::Run3<O, A, B, C, F>, O, A, B, C>(), &f);
}

}  // namespace gg::kernels
