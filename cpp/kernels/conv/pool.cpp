// Pooling kernels (pool.h).
#include "kernels/conv/pool.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

double divisor(const PoolAxis& h, const PoolAxis& w, double override_, int64_t oh, int64_t ow) {
  return override_ > 0 ? override_ : h.div[oh] * w.div[ow];
}

}  // namespace

template <class T>
void max_pool_forward(int64_t planes, const PoolAxis& h, const PoolAxis& w, const T* x, T* y, int64_t* idx) {
  const int64_t IS = h.in * w.in, OS = h.out * w.out;
  for_planes(planes, window_work(h) * window_work(w), [&](int64_t p) {
    const T* xp = x + p * IS;
    for (int64_t oh = 0; oh < h.out; ++oh)
      for (int64_t ow = 0; ow < w.out; ++ow) {
        T best = -std::numeric_limits<T>::infinity();
        int64_t arg = -1;
        for (int64_t i = 0; i < h.count[oh]; ++i) {
          const int64_t ih = h.first[oh] + i * h.step;
          for (int64_t j = 0; j < w.count[ow]; ++j) {
            const int64_t at = ih * w.in + w.first[ow] + j * w.step;
            const T v = xp[at];
            if (v > best || std::isnan(v) || arg < 0) best = v, arg = at;
          }
        }
        y[p * OS + oh * w.out + ow] = best;
        idx[p * OS + oh * w.out + ow] = arg;
      }
  });
}

template <class T>
void avg_pool_forward(int64_t planes, const PoolAxis& h, const PoolAxis& w, double divisor_override, const T* x, T* y) {
  const int64_t IS = h.in * w.in, OS = h.out * w.out;
  for_planes(planes, window_work(h) * window_work(w), [&](int64_t p) {
    const T* xp = x + p * IS;
    for (int64_t oh = 0; oh < h.out; ++oh)
      for (int64_t ow = 0; ow < w.out; ++ow) {
        T s = 0;
        for (int64_t i = 0; i < h.count[oh]; ++i) {
          const T* xr = xp + (h.first[oh] + i) * w.in + w.first[ow];
          for (int64_t j = 0; j < w.count[ow]; ++j) s += xr[j];
        }
        y[p * OS + oh * w.out + ow] = static_cast<T>(s / divisor(h, w, divisor_override, oh, ow));
      }
  });
}

template <class T>
void avg_pool_backward(int64_t planes, const PoolAxis& h, const PoolAxis& w, double divisor_override, const T* gy,
                       T* gx) {
  const int64_t IS = h.in * w.in, OS = h.out * w.out;
  for_planes(planes, window_work(h) * window_work(w), [&](int64_t p) {
    T* xp = gx + p * IS;
    std::fill(xp, xp + IS, T(0));
    for (int64_t oh = 0; oh < h.out; ++oh)
      for (int64_t ow = 0; ow < w.out; ++ow) {
        const T v = static_cast<T>(gy[p * OS + oh * w.out + ow] / divisor(h, w, divisor_override, oh, ow));
        for (int64_t i = 0; i < h.count[oh]; ++i) {
          T* xr = xp + (h.first[oh] + i) * w.in + w.first[ow];
          for (int64_t j = 0; j < w.count[ow]; ++j) xr[j] += v;
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
