// Pooling kernels (pool.h).
#include "kernels/conv/pool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "core/parallel.h"

namespace gg::kernels {

namespace {

// Planes per thread chunk: about 32 K elements of work each, so small maps stay on one thread.
int64_t grain(int64_t work_per_plane) { return std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, work_per_plane)); }

int64_t window_work(const PoolAxis& a) {
  int64_t s = 0;
  for (int64_t c : a.count) s += c;
  return s;
}

template <class F>
void for_planes(int64_t planes, int64_t work, F&& f) {
  parallel_for(planes, grain(work), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) f(p);
  });
}

}  // namespace

// The windows' arrays as raw pointers: read through the axes, every store to y or idx (an int64_t*)
// could alias them, and the compiler would reload them for each element.
struct Windows {
  const int64_t *first, *count;
  const double* div;
  int64_t step, in, out;
  explicit Windows(const PoolAxis& a)
      : first(a.first.data()), count(a.count.data()), div(a.div.data()), step(a.step), in(a.in), out(a.out) {}
};

namespace {

// The window size k when an axis's windows tile it: kernel == stride, no padding or dilation,
// floor mode (output o reads [o k, o k + k)); 0 otherwise.
int64_t tile_size(const PoolAxis& a) {
  const int64_t k = a.count.empty() ? 0 : a.count[0];
  if (a.step != 1 || k < 1) return 0;
  for (int64_t o = 0; o < a.out; ++o)
    if (a.first[o] != o * k || a.count[o] != k) return 0;
  return k;
}

// The general loop's choice in a window: the first maximum, or the last NaN.
template <class T>
void max_step(T v, int64_t at, T& best, int64_t& arg) {
  if (v > best || v != v) best = v, arg = at;
}

// One output row of 2 x 2 tiles from input rows r0 and r1 (index base for r0[0]): four outputs at
// a time in GCC vector extensions (SSE2 in the generic build), each row's eight values split into
// even and odd columns, selects instead of branches (which random data mispredicts: 25 ns per
// output with them, as slow as the general loop).
template <class T>
void max_pool_2x2_row(const T* r0, const T* r1, int64_t W, int64_t oW, int64_t base, T* y, int64_t* idx) {
  using I = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  typedef T V __attribute__((vector_size(4 * sizeof(T))));
  typedef I M __attribute__((vector_size(4 * sizeof(T))));
  int64_t ow = 0;
  for (; ow + 4 <= oW; ow += 4) {
    V a, b, c, d;
    __builtin_memcpy(&a, r0 + 2 * ow, sizeof(V)), __builtin_memcpy(&b, r0 + 2 * ow + 4, sizeof(V));
    __builtin_memcpy(&c, r1 + 2 * ow, sizeof(V)), __builtin_memcpy(&d, r1 + 2 * ow + 4, sizeof(V));
    const V cand[4] = {__builtin_shufflevector(a, b, 0, 2, 4, 6), __builtin_shufflevector(a, b, 1, 3, 5, 7),
                       __builtin_shufflevector(c, d, 0, 2, 4, 6), __builtin_shufflevector(c, d, 1, 3, 5, 7)};
    V best = cand[0];
    M arg = {0, 0, 0, 0};
    for (int q = 1; q < 4; ++q) {
      const M take = (cand[q] > best) | (cand[q] != cand[q]);
      best = take ? cand[q] : best;
      arg = take ? M{q, q, q, q} : arg;
    }
    __builtin_memcpy(y + ow, &best, sizeof(V));
    for (int l = 0; l < 4; ++l) idx[ow + l] = base + 2 * (ow + l) + (arg[l] >> 1) * W + (arg[l] & 1);
  }
  for (; ow < oW; ++ow) {
    T best = r0[2 * ow];
    int64_t arg = base + 2 * ow;
    max_step(r0[2 * ow + 1], base + 2 * ow + 1, best, arg);
    max_step(r1[2 * ow], base + W + 2 * ow, best, arg);
    max_step(r1[2 * ow + 1], base + W + 2 * ow + 1, best, arg);
    y[ow] = best, idx[ow] = arg;
  }
}

// Max pooling over kh x kw tiles (kernel == stride, MaxPool2d(2) of every CNN): no per-output
// window lookups, and 2 x 2 tiles four outputs at a time.
template <class T>
void max_pool_tiles(int64_t planes, const PoolAxis& ha, const PoolAxis& wa, int64_t kh, int64_t kw, const T* x, T* y,
                    int64_t* idx) {
  const int64_t W = wa.in, oH = ha.out, oW = wa.out, IS = ha.in * W, OS = oH * oW;
  for_planes(planes, OS * kh * kw, [&](int64_t p) {
    const T* xp = x + p * IS;
    for (int64_t oh = 0; oh < oH; ++oh) {
      const int64_t base = oh * kh * W;
      T* yr = y + p * OS + oh * oW;
      int64_t* ir = idx + p * OS + oh * oW;
      if (kh == 2 && kw == 2) {
        max_pool_2x2_row(xp + base, xp + base + W, W, oW, base, yr, ir);
        continue;
      }
      for (int64_t ow = 0; ow < oW; ++ow) {
        T best = xp[base + ow * kw];
        int64_t arg = base + ow * kw;
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t j = i == 0; j < kw; ++j) max_step(xp[base + i * W + ow * kw + j], base + i * W + ow * kw + j, best, arg);
        yr[ow] = best, ir[ow] = arg;
      }
    }
  });
}

// Average pooling over kh x kw tiles, summed in the general loop's order.
template <class T, int KW>
void avg_pool_tiles(int64_t planes, const PoolAxis& ha, const PoolAxis& wa, int64_t kh, int64_t kw_, double d, const T* x,
                    T* y) {
  const int64_t kw = KW > 0 ? KW : kw_, W = wa.in, oH = ha.out, oW = wa.out, IS = ha.in * W, OS = oH * oW;
  for_planes(planes, OS * kh * kw, [&](int64_t p) {
    const T* xp = x + p * IS;
    T* yp = y + p * OS;
    for (int64_t oh = 0; oh < oH; ++oh)
      for (int64_t ow = 0; ow < oW; ++ow) {
        T s = 0;
        for (int64_t i = 0; i < kh; ++i) {
          const T* xr = xp + (oh * kh + i) * W + ow * kw;
          for (int64_t j = 0; j < kw; ++j) s += xr[j];
        }
        yp[oh * oW + ow] = static_cast<T>(s / d);
      }
  });
}

}  // namespace

template <class T>
void max_pool_forward(int64_t planes, const PoolAxis& ha, const PoolAxis& wa, const T* x, T* y, int64_t* idx) {
  if (const int64_t kh = tile_size(ha), kw = tile_size(wa); kh > 0 && kw > 0)
    return max_pool_tiles<T>(planes, ha, wa, kh, kw, x, y, idx);
  const Windows h(ha), w(wa);
  const int64_t IS = h.in * w.in, OS = h.out * w.out;
  for_planes(planes, window_work(ha) * window_work(wa), [&](int64_t p) {
    const T* xp = x + p * IS;
    T* yp = y + p * OS;
    int64_t* ip = idx + p * OS;
    for (int64_t oh = 0; oh < h.out; ++oh) {
      const int64_t h0 = h.first[oh], hn = h.count[oh];
      for (int64_t ow = 0; ow < w.out; ++ow) {
        const int64_t w0 = w.first[ow], wn = w.count[ow];
        T best = -std::numeric_limits<T>::infinity();
        int64_t arg = -1;
        for (int64_t i = 0; i < hn; ++i) {
          const int64_t row = (h0 + i * h.step) * w.in;
          for (int64_t j = 0; j < wn; ++j) {
            const int64_t at = row + w0 + j * w.step;
            const T v = xp[at];
            if (v > best || std::isnan(v) || arg < 0) best = v, arg = at;
          }
        }
        yp[oh * w.out + ow] = best;
        ip[oh * w.out + ow] = arg;
      }
    }
  });
}

template <class T>
void avg_pool_forward(int64_t planes, const PoolAxis& ha, const PoolAxis& wa, double divisor_override, const T* x,
                      T* y) {
  if (const int64_t kh = tile_size(ha), kw = tile_size(wa); kh > 0 && kw > 0) {
    const double d = divisor_override > 0 ? divisor_override : ha.div[0] * wa.div[0];  // the same for every tile
    return kw == 2 ? avg_pool_tiles<T, 2>(planes, ha, wa, kh, kw, d, x, y)
                   : avg_pool_tiles<T, 0>(planes, ha, wa, kh, kw, d, x, y);
  }
  const Windows h(ha), w(wa);
  const int64_t IS = h.in * w.in, OS = h.out * w.out;
  for_planes(planes, window_work(ha) * window_work(wa), [&](int64_t p) {
    const T* xp = x + p * IS;
    T* yp = y + p * OS;
    for (int64_t oh = 0; oh < h.out; ++oh) {
      const int64_t h0 = h.first[oh], hn = h.count[oh];
      for (int64_t ow = 0; ow < w.out; ++ow) {
        const int64_t w0 = w.first[ow], wn = w.count[ow];
        T s = 0;
        for (int64_t i = 0; i < hn; ++i) {
          const T* xr = xp + (h0 + i) * w.in + w0;
          for (int64_t j = 0; j < wn; ++j) s += xr[j];
        }
        const double d = divisor_override > 0 ? divisor_override : h.div[oh] * w.div[ow];
        yp[oh * w.out + ow] = static_cast<T>(s / d);
      }
    }
  });
}

template <class T>
void avg_pool_backward(int64_t planes, const PoolAxis& ha, const PoolAxis& wa, double divisor_override, const T* gy,
                       T* gx) {
  const Windows h(ha), w(wa);
  const int64_t IS = h.in * w.in, OS = h.out * w.out;
  for_planes(planes, window_work(ha) * window_work(wa), [&](int64_t p) {
    T* xp = gx + p * IS;
    const T* gp = gy + p * OS;
    std::fill(xp, xp + IS, T(0));
    for (int64_t oh = 0; oh < h.out; ++oh) {
      const int64_t h0 = h.first[oh], hn = h.count[oh];
      for (int64_t ow = 0; ow < w.out; ++ow) {
        const int64_t w0 = w.first[ow], wn = w.count[ow];
        const double d = divisor_override > 0 ? divisor_override : h.div[oh] * w.div[ow];
        const T v = static_cast<T>(gp[oh * w.out + ow] / d);
        for (int64_t i = 0; i < hn; ++i) {
          T* xr = xp + (h0 + i) * w.in + w0;
          for (int64_t j = 0; j < wn; ++j) xr[j] += v;
        }
      }
    }
  });
}

template <class T>
void gather_planes(int64_t planes, int64_t in_plane, int64_t out_plane, const T* x, const int64_t* idx, T* y) {
  for_planes(planes, out_plane, [&](int64_t p) {
    const T* xp = x + p * in_plane;
    for (int64_t o = p * out_plane; o < (p + 1) * out_plane; ++o) y[o] = idx[o] < 0 ? T(0) : xp[idx[o]];
  });
}

template <class T>
void scatter_planes(int64_t planes, int64_t in_plane, int64_t out_plane, const T* g, const int64_t* idx, T* gx) {
  for_planes(planes, out_plane + in_plane, [&](int64_t p) {
    T* xp = gx + p * in_plane;
    std::fill(xp, xp + in_plane, T(0));
    for (int64_t o = p * out_plane; o < (p + 1) * out_plane; ++o)
      if (idx[o] >= 0) xp[idx[o]] += g[o];
  });
}

#define GG_POOL(T)                                                                                                \
  template void max_pool_forward<T>(int64_t, const PoolAxis&, const PoolAxis&, const T*, T*, int64_t*);          \
  template void avg_pool_forward<T>(int64_t, const PoolAxis&, const PoolAxis&, double, const T*, T*);            \
  template void avg_pool_backward<T>(int64_t, const PoolAxis&, const PoolAxis&, double, const T*, T*);           \
  template void gather_planes<T>(int64_t, int64_t, int64_t, const T*, const int64_t*, T*);                       \
  template void scatter_planes<T>(int64_t, int64_t, int64_t, const T*, const int64_t*, T*);
GG_POOL(float)
GG_POOL(double)
#undef GG_POOL

}  // namespace gg::kernels
