// Thread-local grad mode: when off (no_grad), ops record no graph at all.
#pragma once

namespace gg {

struct GradMode {
  static bool is_enabled();
  static void set_enabled(bool on);
};

// Anomaly detection (PyTorch's set_detect_anomaly), process-wide: when on, every gradient a node
// returns is checked for NaN and a NaN is a GraphError naming the node.
struct AnomalyMode {
  static bool is_enabled();
  static void set_enabled(bool on);
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
