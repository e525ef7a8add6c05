// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a counter-based
// generator. Random numbers are a pure function of (seed, counter), so element i of a draw
// depends only on (seed, offset, i): identical for any thread count, and regenerable later
// (dropout's backward) instead of stored.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>

#include "core/parallel.h"

namespace gg::kernels {

inline std::array<uint32_t, 4> philox(uint64_t seed, uint64_t counter) {
  std::array<uint32_t, 4> c{static_cast<uint32_t>(counter), static_cast<uint32_t>(counter >> 32), 0u, 0u};
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int r = 0; r < 10; ++r) {
    const uint64_t p0 = uint64_t{0xD2511F53u} * c[0], p1 = uint64_t{0xCD9E8D57u} * c[2];
    c = {static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k0, static_cast<uint32_t>(p1),
         static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k1, static_cast<uint32_t>(p0)};
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return c;
}

// Uniform in [0, 1) with the type's full mantissa.
inline float u01f(uint32_t x) { return static_cast<float>(x >> 8) * 0x1.0p-24f; }
inline double u01d(uint32_t hi, uint32_t lo) {
  return static_cast<double>(((uint64_t{hi} << 32) | lo) >> 11) * 0x1.0p-53;
}

// out[i] = lo + (hi - lo) * U_i, where U_i comes from counter offset + i.
template <class T>
void uniform(T* out, int64_t n, uint64_t seed, uint64_t offset, T lo, T hi) {
  parallel_for(n, 1 << 14, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const auto r = philox(seed, offset + static_cast<uint64_t>(i));
      const T u = sizeof(T) == 4 ? static_cast<T>(u01f(r[0])) : static_cast<T>(u01d(r[0], r[1]));
      out[i] = lo + (hi - lo) * u;
    }
  });
}

// Normal(mean, std) by Box-Muller; element i uses counter offset + i.
template <class T>
void normal(T* out, int64_t n, uint64_t seed, uint64_t offset, T mean, T std) {
  parallel_for(n, 1 << 13, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const auto r = philox(seed, offset + static_cast<uint64_t>(i));
      const double u1 = 1.0 - u01d(r[0], r[1]);  // (0, 1]: log is finite
      const double u2 = u01d(r[2], r[3]);
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
      out[i] = mean + std * static_cast<T>(z);
    }
  });
}

}  // namespace gg::kernels
