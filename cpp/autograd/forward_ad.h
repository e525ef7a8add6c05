// Forward-mode AD state. A tensor's tangent lives in TensorImpl::fw_grad (a dual tensor); ops
// propagate tangents through their jvp rules (ops/record.h). Tangents exist only inside a dual
// level: leaving it clears every tangent given during it, as PyTorch's forward AD does. One
// level at a time (PyTorch supports no nesting either).
#pragma once
#include <cstdint>

#include "core/tensor.h"

namespace gg {

struct ForwardAD {
  // Opens a level and returns its id (> 0); a GraphError if one is already open.
  static uint64_t enter_level();
  // Closes the level: every tangent set during it is dropped.
  static void exit_level(uint64_t level);
  // The open level's id, 0 when none.
  static uint64_t current_level();
  // Gives `t` the tangent `tangent` (undefined: none) and remembers `t` for clearing at exit.
  static void set_tangent(const Tensor& t, const Tensor& tangent);
  // True on this thread while a jvp rule runs: its primal inputs still carry their tangents,
  // which must not propagate into the tangent computation (that would be forward-over-forward).
  static bool suspended();
};

// RAII: suspends tangent propagation on this thread for a scope.
class ForwardADSuspend {
 public:
  ForwardADSuspend();
  ~ForwardADSuspend();
  ForwardADSuspend(const ForwardADSuspend&) = delete;
  ForwardADSuspend& operator=(const ForwardADSuspend&) = delete;

 private:
  bool prev_;
};

// Whether `t` carries a tangent that ops must propagate.
inline bool has_tangent(const Tensor& t) {
  return t.defined() && t.impl()->fw_grad != nullptr && !ForwardAD::suspended();
}

}  // namespace gg
