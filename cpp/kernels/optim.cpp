// Group walking, threading, per-tensor scalars and instruction-set dispatch for the fused
// optimizer updates (the loops themselves are in optim_impl.h). Also the generic build of the
// loops, which every CPU can run.
#include "kernels/optim.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/parallel.h"
#include "kernels/isa.h"
#include "kernels/optim_impl.h"

namespace gg::kernels {

namespace optim_detail {

IsaLoops loops_generic() { return make_loops("generic"); }

namespace {

// The loops of the level kernels/isa.h chose (read per step: a forced level applies at once).
// Each table is built on first use only: loops_avx512() itself runs AVX-512 instructions.
const IsaLoops& loops() {
#ifdef GG_X86
  if (isa() == Isa::Avx512) {
    static const IsaLoops avx512 = loops_avx512();
    return avx512;
  }
  if (isa() == Isa::Avx2) {
    static const IsaLoops avx2 = loops_avx2();
    return avx2;
  }
#endif
  static const IsaLoops generic = loops_generic();
  return generic;
}

template <class T> const UpdateLoops<T>& loops_for();
template <> const UpdateLoops<float>& loops_for<float>() { return loops().f32; }
template <> const UpdateLoops<double>& loops_for<double>() { return loops().f64; }

// Start of each slot in the group's index space [0, total); the last entry is the total.
template <class T>
std::vector<int64_t> slot_starts(const std::vector<OptimSlot<T>>& slots) {
  std::vector<int64_t> start(slots.size() + 1, 0);
  for (size_t k = 0; k < slots.size(); ++k) start[k + 1] = start[k] + slots[k].numel;
  return start;
}

// Calls f(slot, b, e) on the part of each slot inside [b, e) of the group's index space.
template <class F>
void pieces_in(const std::vector<int64_t>& start, int64_t b, int64_t e, F& f) {
  // The last slot starting at or before b (empty slots share their start with the next one).
  size_t k = static_cast<size_t>(std::upper_bound(start.begin(), start.end(), b) - start.begin()) - 1;
  for (; b < e; ++k) {
    const int64_t hi = std::min(e, start[k + 1]);
    if (hi > b) f(k, b - start[k], hi - start[k]);
    b = hi;
  }
}

// Elements of a group below which its update runs on one thread. Lower than kGrainElementwise:
// a training step's gradients were just written by every thread (each its tiles of a weight
// gradient), so one thread alone pulls half of them from the other cores' caches. Xeon, AVX-512,
// 784-128-10 MLP step (101,770 parameters, SGD) at 2 threads: the update 48-49 µs on one thread,
// 21-27 µs split in two (at 64 K a thread it stayed on one).
constexpr int64_t kGrainUpdate = 1 << 14;

// The group's elements as one index space, one contiguous chunk per thread: one fork/join per
// step however many tensors the group has, and many small tensors thread as well as one big one.
template <class T, class F>
void for_each_piece(const std::vector<OptimSlot<T>>& slots, F&& f) {
  const std::vector<int64_t> start = slot_starts(slots);
  parallel_for(start.back(), kGrainUpdate, [&](int64_t b, int64_t e) { pieces_in(start, b, e, f); });
}

// Runs loop(slot, b, e, scalars[k]) over the group with per-slot scalars.
template <class T, class S, class Loop>
void run(const std::vector<OptimSlot<T>>& slots, const std::vector<S>& scalars, Loop loop) {
  for_each_piece(slots, [&](size_t k, int64_t b, int64_t e) { loop(slots[k], b, e, scalars[k]); });
}

template <class T, class S, class Make>
std::vector<S> per_slot(const std::vector<OptimSlot<T>>& slots, Make make) {
  std::vector<S> out;
  out.reserve(slots.size());
  for (const auto& s : slots) out.push_back(make(s));
  return out;
}

}  // namespace
}  // namespace optim_detail

using namespace optim_detail;

template <class T>
void sgd_step(const std::vector<OptimSlot<T>>& slots, const SgdArgs& a) {
  auto sc = per_slot<T, SgdScalars<T>>(slots, [&](const OptimSlot<T>& s) {
    return SgdScalars<T>{T(a.lr), T(a.momentum), T(1 - a.dampening), T(a.weight_decay), T(a.lr * a.l1),
                         a.nesterov, s.step == 1};
  });
  run(slots, sc, loops_for<T>().sgd);
}

template <class T>
void adam_step(const std::vector<OptimSlot<T>>& slots, const AdamArgs& a) {
  auto sc = per_slot<T, AdamScalars<T>>(slots, [&](const OptimSlot<T>& s) {
    const double bc1 = 1 - std::pow(a.beta1, double(s.step)), bc2 = 1 - std::pow(a.beta2, double(s.step));
    const bool decoupled = a.decoupled_weight_decay && a.weight_decay != 0;
    return AdamScalars<T>{T(1 - a.beta1),    T(a.beta2),          T(1 - a.beta2),
                          T(a.eps),          T(a.weight_decay),   T(1 - a.lr * a.weight_decay),
                          T(a.lr * a.l1),    T(a.lr / bc1),       T(std::sqrt(bc2)),
                          decoupled};
  });
  run(slots, sc, loops_for<T>().adam);
}

template <class T>
void adagrad_step(const std::vector<OptimSlot<T>>& slots, const AdagradArgs& a) {
  auto sc = per_slot<T, AdagradScalars<T>>(slots, [&](const OptimSlot<T>& s) {
    const double clr = a.lr / (1 + double(s.step - 1) * a.lr_decay);
    return AdagradScalars<T>{T(clr), T(a.weight_decay), T(a.eps), T(a.lr * a.l1)};
  });
  run(slots, sc, loops_for<T>().adagrad);
}

template <class T>
void adadelta_step(const std::vector<OptimSlot<T>>& slots, const AdadeltaArgs& a) {
  auto sc = per_slot<T, AdadeltaScalars<T>>(slots, [&](const OptimSlot<T>&) {
    return AdadeltaScalars<T>{T(a.lr), T(a.rho), T(1 - a.rho), T(a.eps), T(a.weight_decay), T(a.lr * a.l1)};
  });
  run(slots, sc, loops_for<T>().adadelta);
}

template <class T>
void rmsprop_step(const std::vector<OptimSlot<T>>& slots, const RmspropArgs& a) {
  auto sc = per_slot<T, RmspropScalars<T>>(slots, [&](const OptimSlot<T>&) {
    return RmspropScalars<T>{T(a.lr),  T(a.alpha),        T(1 - a.alpha),   T(a.eps),
                             T(a.weight_decay), T(a.momentum), T(a.lr * a.l1)};
  });
  run(slots, sc, loops_for<T>().rmsprop);
}

template <class T>
void adamax_step(const std::vector<OptimSlot<T>>& slots, const AdamaxArgs& a) {
  auto sc = per_slot<T, AdamaxScalars<T>>(slots, [&](const OptimSlot<T>& s) {
    const double clr = a.lr / (1 - std::pow(a.beta1, double(s.step)));
    return AdamaxScalars<T>{T(1 - a.beta1), T(a.beta2), T(a.eps), T(a.weight_decay), T(a.lr * a.l1), T(clr)};
  });
  run(slots, sc, loops_for<T>().adamax);
}

template <class T>
void radam_step(const std::vector<OptimSlot<T>>& slots, const RadamArgs& a) {
  auto sc = per_slot<T, RadamScalars<T>>(slots, [&](const OptimSlot<T>& s) {
    const double t = double(s.step), bc1 = 1 - std::pow(a.beta1, t), bc2 = 1 - std::pow(a.beta2, t);
    // the length of the approximated simple moving average, and its limit
    const double rho_inf = 2 / (1 - a.beta2) - 1, rho_t = rho_inf - 2 * t * std::pow(a.beta2, t) / bc2;
    const double rect = rho_t > 5.0 ? std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf /
                                                ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0.0;
    return RadamScalars<T>{T(1 - a.beta1), T(a.beta2), T(1 - a.beta2), T(a.eps), T(a.weight_decay),
                           T(1 - a.lr * a.weight_decay), T(a.lr * a.l1), T(bc1), T(a.lr), T(std::sqrt(bc2)),
                           T(rect), a.decoupled_weight_decay && a.weight_decay != 0};
  });
  run(slots, sc, loops_for<T>().radam);
}

template <class T>
void nadam_step(const std::vector<OptimSlot<T>>& slots, const NadamArgs& a, const std::vector<double>& mu_products) {
  size_t k = 0;
  auto sc = per_slot<T, NadamScalars<T>>(slots, [&](const OptimSlot<T>& s) {
    const double t = double(s.step), prod = mu_products[k++];
    const double mu = a.beta1 * (1 - 0.5 * std::pow(0.96, t * a.momentum_decay));
    const double mu_next = a.beta1 * (1 - 0.5 * std::pow(0.96, (t + 1) * a.momentum_decay));
    return NadamScalars<T>{T(1 - a.beta1), T(a.beta2), T(1 - a.beta2), T(a.eps), T(a.weight_decay),
                           T(1 - a.lr * a.weight_decay), T(a.lr * a.l1), T(1 - std::pow(a.beta2, t)),
                           T(-a.lr * (1 - mu) / (1 - prod)), T(-a.lr * mu_next / (1 - prod * mu_next)),
                           a.decoupled_weight_decay && a.weight_decay != 0};
  });
  run(slots, sc, loops_for<T>().nadam);
}

// Elements per block of the norm: partial sums per fixed block (not per thread) make the result
// independent of the thread count.
constexpr int64_t kNormBlock = 1 << 14;

template <class T>
double group_norm_pow(const std::vector<OptimSlot<T>>& slots, double p) {
  const std::vector<int64_t> start = slot_starts(slots);
  const int64_t nblocks = (start.back() + kNormBlock - 1) / kNormBlock;
  std::vector<double> partial(static_cast<size_t>(nblocks), 0.0);
  const bool inf = std::isinf(p);
  parallel_for(nblocks, kGrainElementwise / kNormBlock, [&](int64_t bb, int64_t be) {
    for (int64_t blk = bb; blk < be; ++blk) {
      double acc = 0;
      auto add = [&](size_t k, int64_t b, int64_t e) {
        const T* x = slots[k].param;
        if (inf)
          for (int64_t i = b; i < e; ++i) acc = std::max(acc, double(std::abs(x[i])));
        else if (p == 2)
          for (int64_t i = b; i < e; ++i) acc += double(x[i]) * double(x[i]);
        else
          for (int64_t i = b; i < e; ++i) acc += std::pow(double(std::abs(x[i])), p);
      };
      pieces_in(start, blk * kNormBlock, std::min(start.back(), (blk + 1) * kNormBlock), add);
      partial[size_t(blk)] = acc;
    }
  });
  double out = 0;
  for (double v : partial) out = inf ? std::max(out, v) : out + v;
  return out;
}

template <class T>
void group_scale(const std::vector<OptimSlot<T>>& slots, double c) {
  const T ct = T(c);
  for_each_piece(slots, [&](size_t k, int64_t b, int64_t e) {
    T* x = slots[k].param;
    for (int64_t i = b; i < e; ++i) x[i] *= ct;
  });
}

template <class T>
void group_clamp(const std::vector<OptimSlot<T>>& slots, double lo, double hi) {
  const T l = T(lo), h = T(hi);
  for_each_piece(slots, [&](size_t k, int64_t b, int64_t e) {
    T* x = slots[k].param;
    for (int64_t i = b; i < e; ++i) x[i] = x[i] < l ? l : (x[i] > h ? h : x[i]);
  });
}

template <class T>
void group_fill(const std::vector<OptimSlot<T>>& slots, double value) {
  const T v = T(value);
  for_each_piece(slots, [&](size_t k, int64_t b, int64_t e) { std::fill(slots[k].param + b, slots[k].param + e, v); });
}

const char* optim_kernel_isa() { return loops().name; }

#define GG_OPTIM_INSTANTIATE(T)                                                          \
  template void sgd_step<T>(const std::vector<OptimSlot<T>>&, const SgdArgs&);           \
  template void adam_step<T>(const std::vector<OptimSlot<T>>&, const AdamArgs&);         \
  template void adagrad_step<T>(const std::vector<OptimSlot<T>>&, const AdagradArgs&);   \
  template void adadelta_step<T>(const std::vector<OptimSlot<T>>&, const AdadeltaArgs&); \
  template void rmsprop_step<T>(const std::vector<OptimSlot<T>>&, const RmspropArgs&);   \
  template void adamax_step<T>(const std::vector<OptimSlot<T>>&, const AdamaxArgs&);     \
  template void radam_step<T>(const std::vector<OptimSlot<T>>&, const RadamArgs&);       \
  template void nadam_step<T>(const std::vector<OptimSlot<T>>&, const NadamArgs&, const std::vector<double>&); \
  template double group_norm_pow<T>(const std::vector<OptimSlot<T>>&, double);           \
  template void group_scale<T>(const std::vector<OptimSlot<T>>&, double);                \
  template void group_clamp<T>(const std::vector<OptimSlot<T>>&, double, double);        \
  template void group_fill<T>(const std::vector<OptimSlot<T>>&, double);
GG_OPTIM_INSTANTIATE(float)
GG_OPTIM_INSTANTIATE(double)
#undef GG_OPTIM_INSTANTIATE

}  // namespace gg::kernels
