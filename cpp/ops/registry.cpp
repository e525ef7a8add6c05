#include "ops/registry.h"

namespace gg::registry {

namespace {
// Built during static initialisation, read-only afterwards.
template <class T>
std::vector<T>& table() {
  static std::vector<T> t;
  return t;
}
}  // namespace

const std::vector<OpDef>& all() { return table<OpDef>(); }
const std::vector<Overload>& overloads() { return table<Overload>(); }
const std::vector<Operator>& operators() { return table<Operator>(); }

Registrar::Registrar(OpDef def) { table<OpDef>().push_back(std::move(def)); }
Registrar::Registrar(Overload o) { table<Overload>().push_back(std::move(o)); }
Registrar::Registrar(Operator o) { table<Operator>().push_back(std::move(o)); }

}  // namespace gg::registry
