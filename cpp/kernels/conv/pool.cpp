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

template <class T>
void max_pool_forward(int64_t planes, const PoolAxis& ha, const PoolAxis& wa, const T* x, T* y, int64_t* idx) {
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
