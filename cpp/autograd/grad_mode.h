// Thread-local grad mode: when off (no_grad), ops record no graph at all.
#pragma once
#include <atomic>

#include "core/tls.h"

namespace gg {

struct GradMode {
  static bool is_enabled() { return enabled; }
  static void set_enabled(bool on) { enabled = on; }

 private:
  // Read by every op: inline, one load from the thread pointer instead of a call (constant-
  // initialised, so no TLS wrapper function guards the read).
  static inline thread_local bool enabled GG_FAST_TLS = true;
};

// Anomaly detection (PyTorch's set_detect_anomaly), process-wide: when on, every gradient a node
// returns is checked for NaN and a NaN is a GraphError naming the node.
struct AnomalyMode {
  static bool is_enabled() { return enabled.load(std::memory_order_relaxed); }
  static void set_enabled(bool on) { enabled.store(on, std::memory_order_relaxed); }

 private:
  static inline std::atomic<bool> enabled{false};  // read for every gradient
};

// RAII: sets grad mode for a scope and restores it after.
class GradModeGuard {
 public:
  explicit GradModeGuard(bool on) : prev_(GradMode::is_enabled()) { GradMode::set_enabled(on); }
  ~GradModeGuard() { GradMode::set_enabled(prev_); }
  GradModeGuard(const GradModeGuard&) = delete;
  GradModeGuard& operator=(const GradModeGuard&) = delete;

 private:
  bool prev_;
};

}  // namespace gg
