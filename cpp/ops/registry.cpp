#include "ops/registry.h"

namespace gg::registry {

namespace {
std::vector<OpDef>& table() {
  static std::vector<OpDef> t;  // built during static initialisation, read-only afterwards
  return t;
}
}  // namespace

const std::vector<OpDef>& all() { return table(); }

Registrar::Registrar(OpDef def) { table().push_back(std::move(def)); }

}  // namespace gg::registry
