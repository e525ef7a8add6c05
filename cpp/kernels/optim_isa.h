// Internal interface between optim.cpp (group walking, threading, per-tensor scalars) and the
// per-ISA update loops (optim_impl.h compiled once per instruction set: optim.cpp for the
// generic, optim_avx2.cpp, optim_avx512.cpp). A loop updates elements [b, e) of one slot, with
// its per-tensor scalars already folded (bias corrections, decayed lr, ...), in the element type.
#pragma once
#include "kernels/optim.h"

namespace gg::kernels::optim_detail {

template <class T> struct SgdScalars { T lr, momentum, damp1, weight_decay, lr_l1; bool nesterov, first; };
template <class T> struct AdamScalars {
  T lerp_w, beta2, one_minus_beta2, eps, weight_decay, decay, lr_l1, step_size, bc2_sqrt;
  bool decoupled;
};
template <class T> struct AdagradScalars { T clr, weight_decay, eps, lr_l1; };
template <class T> struct AdadeltaScalars { T lr, rho, one_minus_rho, eps, weight_decay, lr_l1; };
template <class T> struct RmspropScalars { T lr, alpha, one_minus_alpha, eps, weight_decay, momentum, lr_l1; };
template <class T> struct AdamaxScalars { T lerp_w, beta2, eps, weight_decay, lr_l1, clr; };
// RAdam: rect > 0 selects the rectified adaptive step (rho_t > 5), else momentum SGD.
template <class T> struct RadamScalars {
  T lerp_w, beta2, one_minus_beta2, eps, weight_decay, decay, lr_l1, bc1, lr, bc2_sqrt, rect;
  bool decoupled;
};
template <class T> struct NadamScalars {
  T lerp_w, beta2, one_minus_beta2, eps, weight_decay, decay, lr_l1, bc2, grad_coef, avg_coef;
  bool decoupled;
};

template <class T>
struct UpdateLoops {
  void (*sgd)(const OptimSlot<T>&, int64_t b, int64_t e, const SgdScalars<T>&);
  void (*adam)(const OptimSlot<T>&, int64_t b, int64_t e, const AdamScalars<T>&);
  void (*adagrad)(const OptimSlot<T>&, int64_t b, int64_t e, const AdagradScalars<T>&);
  void (*adadelta)(const OptimSlot<T>&, int64_t b, int64_t e, const AdadeltaScalars<T>&);
  void (*rmsprop)(const OptimSlot<T>&, int64_t b, int64_t e, const RmspropScalars<T>&);
  void (*adamax)(const OptimSlot<T>&, int64_t b, int64_t e, const AdamaxScalars<T>&);
  void (*radam)(const OptimSlot<T>&, int64_t b, int64_t e, const RadamScalars<T>&);
  void (*nadam)(const OptimSlot<T>&, int64_t b, int64_t e, const NadamScalars<T>&);
};

struct IsaLoops {
  const char* name;
  UpdateLoops<float> f32;
  UpdateLoops<double> f64;
};

IsaLoops loops_generic();
#ifdef GG_X86
IsaLoops loops_avx2();
IsaLoops loops_avx512();
#endif

}  // namespace gg::kernels::optim_detail
