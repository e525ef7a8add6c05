#include "core/generator.h"

namespace gg {

Generator& Generator::global() {
  static Generator g;
  return g;
}

}  // namespace gg
