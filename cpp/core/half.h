// The 16-bit storage floats: IEEE float16 and bfloat16 (float32's top half). They hold values;
// arithmetic converts them to float32 (kernels never instantiate them). Conversions round to
// nearest even; NaN stays (a quiet) NaN, out-of-range values become ±inf.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace gg {

namespace half_bits {

inline uint32_t of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float from(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

inline uint16_t float_to_half(float f) {
  const uint32_t x = of(f), sign = (x >> 16) & 0x8000u, ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00u | ((ax >> 13) & 0x3ffu));  // NaN, quieted
  if (ax >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // >= 65520 rounds to inf
  if (ax < 0x38800000u) {
    // Below 2^-14 the result is a multiple of 2^-24: adding 0.5 (whose ulp is 2^-24) rounds to
    // nearest even in the FPU, and the low bits of the sum are the half's mantissa.
    return static_cast<uint16_t>(sign | (of(from(ax) + 0.5f) - 0x3f000000u));
  }
  // Rebias the exponent (127 -> 15) and round the 13 dropped bits to nearest even; a carry
  // moves into the exponent correctly.
  return static_cast<uint16_t>(sign | ((ax - 0x38000000u + 0xfffu + ((ax >> 13) & 1u)) >> 13));
}

inline float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16, em = h & 0x7fffu;
  if (em >= 0x7c00u) return from(sign | 0x7f800000u | ((em & 0x3ffu) << 13));  // inf, NaN
  if (em < 0x0400u) return from(sign | of(static_cast<float>(em) * 5.9604644775390625e-8f));  // zero, subnormal: em·2^-24
  return from(sign | ((em << 13) + 0x38000000u));
}

inline uint16_t float_to_bfloat16(float f) {
  const uint32_t x = of(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // NaN, quieted
  return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

inline float bfloat16_to_float(uint16_t b) { return from(static_cast<uint32_t>(b) << 16); }

}  // namespace half_bits

// A value type over 16 bits: constructible from any number (through float, as PyTorch does) and
// convertible to float, so that the casting copies of core/strided_copy.h take it like any type.
template <uint16_t (*Encode)(float), float (*Decode)(uint16_t)>
struct Float16Storage {
  uint16_t bits;
  Float16Storage() = default;
  template <class T, class = std::enable_if_t<std::is_arithmetic_v<T>>>
  explicit Float16Storage(T v) : bits(Encode(static_cast<float>(v))) {}
  template <uint16_t (*E)(float), float (*D)(uint16_t)>
  explicit Float16Storage(Float16Storage<E, D> v) : bits(Encode(static_cast<float>(v))) {}
  operator float() const { return Decode(bits); }
};

using Half = Float16Storage<&half_bits::float_to_half, &half_bits::half_to_float>;
using BFloat16 = Float16Storage<&half_bits::float_to_bfloat16, &half_bits::bfloat16_to_float>;
static_assert(sizeof(Half) == 2 && sizeof(BFloat16) == 2, "16-bit storage floats");

// Contiguous runs between float16 and float32: F16C's vcvtph2ps/vcvtps2ph where the CPU has it
// (checked once), the bit arithmetic above otherwise. Both give the same bits.
void convert_run(float* dst, const Half* src, int64_t n);
void convert_run(Half* dst, const float* src, int64_t n);

}  // namespace gg
