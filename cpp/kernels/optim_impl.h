// The per-element update loops, written once and compiled once per instruction set (included by
// optim.cpp, optim_avx2.cpp and optim_avx512.cpp, each with its own compiler flags). Everything
// here has internal linkage (anonymous namespace): the linker can never mix up the AVX-512
// instantiation with the generic one.
//
// Each loop is one pass over param, grad and state. Options that are constant over a call
// (weight decay on/off, Nesterov, ...) are loop-invariant selects, which GCC turns into blends, so
// the loop stays vectorized; options that add a memory stream (momentum buffers, amsgrad's max,
// centered RMSprop's average) are template parameters, so a disabled stream is never touched.
// Operation order mirrors PyTorch's single-tensor implementation (comments name each call).
#pragma once
#include <cmath>

#include "kernels/optim_isa.h"

namespace gg::kernels::optim_detail {
namespace {

template <class T>
inline T sign_of(T x) { return static_cast<T>(x > T(0)) - static_cast<T>(x < T(0)); }

// torch.lerp: the formula switches at w = 0.5 to keep the result exact at both ends.
template <class T>
inline T lerp(T self, T end, T w) { return w < T(0.5) ? self + w * (end - self) : end - (end - self) * (T(1) - w); }

// Every algorithm's L2 weight decay and L1 step on element (pi, g): returns the gradient plus
// weight_decay·θ (grad.add(param, alpha=weight_decay)) when wd, and takes θ -= lr·l1·sign(θ) when l1.
template <class T, class C>
inline T decayed_grad(T& pi, T g, const C& c, bool wd, bool l1) {
  const T gi = wd ? g + c.weight_decay * pi : g;
  pi = l1 ? pi - c.lr_l1 * sign_of(pi) : pi;
  return gi;
}

// The Adam family's form: decoupled (AdamW) shrinks θ first (param.mul_(1 - lr * weight_decay)),
// coupled (Adam) is the L2 term above; never both.
template <class T, class C>
inline T adam_decayed_grad(T& pi, T g, const C& c, bool coupled, bool l1) {
  pi = c.decoupled ? pi * c.decay : pi;
  return decayed_grad(pi, g, c, coupled, l1);
}

// The Adam family's two moments of element i: exp_avg.lerp_(grad, 1 - beta1) and
// exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2); returns the new first moment, v the second.
template <class T, class C>
inline T moments(T* __restrict m1, T* __restrict m2, int64_t i, T gi, const C& c, T& v) {
  const T m = lerp(m1[i], gi, c.lerp_w);
  m1[i] = m;
  v = m2[i] * c.beta2 + c.one_minus_beta2 * gi * gi;
  m2[i] = v;
  return m;
}

template <class T, bool MOMENTUM>
void sgd_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const SgdScalars<T>& sc) {
  const SgdScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict buf = s.state[0];
  const bool wd = c.weight_decay != T(0), l1 = c.lr_l1 != T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i];
    T d = decayed_grad(pi, g[i], c, wd, l1);
    if constexpr (MOMENTUM) {
      // first step: buf = clone(d); later buf.mul_(momentum).add_(d, alpha=1 - dampening)
      const T bi = c.first ? d : buf[i] * c.momentum + c.damp1 * d;
      buf[i] = bi;
      d = c.nesterov ? d + c.momentum * bi : bi;
    }
    p[i] = pi - c.lr * d;  // param.add_(d, alpha=-lr)
  }
}

template <class T, bool AMSGRAD>
void adam_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const AdamScalars<T>& sc) {
  const AdamScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict m1 = s.state[0];
  T* __restrict m2 = s.state[1];
  T* __restrict m2max = s.state[2];
  const bool coupled = !c.decoupled && c.weight_decay != T(0), l1 = c.lr_l1 != T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i], v;
    const T gi = adam_decayed_grad(pi, g[i], c, coupled, l1);
    const T m = moments(m1, m2, i, gi, c, v);
    T vh = v;
    if constexpr (AMSGRAD) {
      vh = m2max[i] > v ? m2max[i] : v;  // torch.maximum(max_exp_avg_sq, exp_avg_sq)
      m2max[i] = vh;
    }
    const T denom = std::sqrt(vh) / c.bc2_sqrt + c.eps;
    p[i] = pi - c.step_size * m / denom;  // param.addcdiv_(exp_avg, denom, value=-step_size)
  }
}

template <class T>
void adagrad_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const AdagradScalars<T>& sc) {
  const AdagradScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict sum = s.state[0];
  const bool wd = c.weight_decay != T(0), l1 = c.lr_l1 != T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i];
    const T gi = decayed_grad(pi, g[i], c, wd, l1);
    const T acc = sum[i] + gi * gi;  // state_sum.addcmul_(grad, grad, value=1)
    sum[i] = acc;
    const T std_ = std::sqrt(acc) + c.eps;
    p[i] = pi - c.clr * gi / std_;  // param.addcdiv_(grad, std, value=-clr)
  }
}

template <class T>
void adadelta_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const AdadeltaScalars<T>& sc) {
  const AdadeltaScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict sq = s.state[0];
  T* __restrict acc = s.state[1];
  const bool wd = c.weight_decay != T(0), l1 = c.lr_l1 != T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i];
    const T gi = decayed_grad(pi, g[i], c, wd, l1);
    const T v = sq[i] * c.rho + c.one_minus_rho * gi * gi;  // square_avg.mul_(rho).addcmul_(g, g, 1 - rho)
    sq[i] = v;
    const T std_ = std::sqrt(v + c.eps);
    const T delta = std::sqrt(acc[i] + c.eps) / std_ * gi;  // acc_delta.add(eps).sqrt_().div_(std).mul_(g)
    acc[i] = acc[i] * c.rho + c.one_minus_rho * delta * delta;
    p[i] = pi - c.lr * delta;
  }
}

template <class T, bool MOMENTUM, bool CENTERED>
void rmsprop_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const RmspropScalars<T>& sc) {
  const RmspropScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict sq = s.state[0];
  T* __restrict buf = s.state[1];
  T* __restrict gavg = s.state[2];
  const bool wd = c.weight_decay != T(0), l1 = c.lr_l1 != T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i];
    const T gi = decayed_grad(pi, g[i], c, wd, l1);
    const T v = sq[i] * c.alpha + c.one_minus_alpha * gi * gi;  // square_avg.mul_(alpha).addcmul_(g, g, 1 - alpha)
    sq[i] = v;
    T avg;
    if constexpr (CENTERED) {
      const T ga = lerp(gavg[i], gi, c.one_minus_alpha);  // grad_avg.lerp_(grad, 1 - alpha)
      gavg[i] = ga;
      avg = std::sqrt(v - ga * ga) + c.eps;  // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_().add_(eps)
    } else {
      avg = std::sqrt(v) + c.eps;
    }
    if constexpr (MOMENTUM) {
      const T bi = buf[i] * c.momentum + gi / avg;  // buf.mul_(momentum).addcdiv_(grad, avg)
      buf[i] = bi;
      p[i] = pi - c.lr * bi;
    } else {
      p[i] = pi - c.lr * gi / avg;  // param.addcdiv_(grad, avg, value=-lr)
    }
  }
}

template <class T>
void adamax_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const AdamaxScalars<T>& sc) {
  const AdamaxScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict m1 = s.state[0];
  T* __restrict u = s.state[1];
  const bool wd = c.weight_decay != T(0), l1 = c.lr_l1 != T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i];
    const T gi = decayed_grad(pi, g[i], c, wd, l1);
    const T m = lerp(m1[i], gi, c.lerp_w);  // exp_avg.lerp_(grad, 1 - beta1)
    m1[i] = m;
    const T decayed = u[i] * c.beta2, a = std::abs(gi) + c.eps;
    const T ui = decayed > a ? decayed : a;  // torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps))
    u[i] = ui;
    p[i] = pi - c.clr * (m / ui);  // param.addcdiv_(exp_avg, exp_inf, value=-clr)
  }
}

template <class T>
void radam_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const RadamScalars<T>& sc) {
  const RadamScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict m1 = s.state[0];
  T* __restrict m2 = s.state[1];
  const bool coupled = !c.decoupled && c.weight_decay != T(0), l1 = c.lr_l1 != T(0), rectified = c.rect > T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i], v;
    const T gi = adam_decayed_grad(pi, g[i], c, coupled, l1);
    const T step = moments(m1, m2, i, gi, c, v) / c.bc1 * c.lr;  // bias_corrected_exp_avg * lr
    // (* adaptive lr bc2^0.5 / (sqrt(v) + eps) * rect when rectified)
    p[i] = rectified ? pi - step * (c.bc2_sqrt / (std::sqrt(v) + c.eps)) * c.rect : pi - step;
  }
}

template <class T>
void nadam_loop(const OptimSlot<T>& s, int64_t b, int64_t e, const NadamScalars<T>& sc) {
  const NadamScalars<T> c = sc;  // a local copy: stores through p cannot alias it, so it stays in registers
  T* __restrict p = s.param;
  const T* __restrict g = s.grad;
  T* __restrict m1 = s.state[0];
  T* __restrict m2 = s.state[1];
  const bool coupled = !c.decoupled && c.weight_decay != T(0), l1 = c.lr_l1 != T(0);
  for (int64_t i = b; i < e; ++i) {
    T pi = p[i], v;
    const T gi = adam_decayed_grad(pi, g[i], c, coupled, l1);
    const T m = moments(m1, m2, i, gi, c, v);
    const T denom = std::sqrt(v / c.bc2) + c.eps;  // exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
    pi = pi + c.grad_coef * (gi / denom);          // param.addcdiv_(grad, denom, value=-lr (1 - mu) / (1 - mu_prod))
    p[i] = pi + c.avg_coef * (m / denom);          // and (exp_avg, denom, value=-lr mu_next / (1 - mu_prod_next))
  }
}

template <class T>
void sgd(const OptimSlot<T>& s, int64_t b, int64_t e, const SgdScalars<T>& c) {
  s.state[0] ? sgd_loop<T, true>(s, b, e, c) : sgd_loop<T, false>(s, b, e, c);
}
template <class T>
void adam(const OptimSlot<T>& s, int64_t b, int64_t e, const AdamScalars<T>& c) {
  s.state[2] ? adam_loop<T, true>(s, b, e, c) : adam_loop<T, false>(s, b, e, c);
}
template <class T>
void rmsprop(const OptimSlot<T>& s, int64_t b, int64_t e, const RmspropScalars<T>& c) {
  if (s.state[1])
    s.state[2] ? rmsprop_loop<T, true, true>(s, b, e, c) : rmsprop_loop<T, true, false>(s, b, e, c);
  else
    s.state[2] ? rmsprop_loop<T, false, true>(s, b, e, c) : rmsprop_loop<T, false, false>(s, b, e, c);
}

template <class T>
UpdateLoops<T> update_loops() {
  return {&sgd<T>, &adam<T>, &adagrad_loop<T>, &adadelta_loop<T>, &rmsprop<T>, &adamax_loop<T>, &radam_loop<T>,
          &nadam_loop<T>};
}

inline IsaLoops make_loops(const char* name) { return {name, update_loops<float>(), update_loops<double>()}; }

}  // namespace
}  // namespace gg::kernels::optim_detail
