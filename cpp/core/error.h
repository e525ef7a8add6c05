// Typed errors. Bindings map them to Python: ValueError, TypeError, IndexError, RuntimeError,
// NotImplementedError. Messages name the op and the offending shapes or dtypes.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace gg {

struct ValueError : std::runtime_error { using std::runtime_error::runtime_error; };
struct TypeError : std::runtime_error { using std::runtime_error::runtime_error; };
struct IndexError : std::runtime_error { using std::runtime_error::runtime_error; };
struct GraphError : std::runtime_error { using std::runtime_error::runtime_error; };
struct NotImplemented : std::runtime_error { using std::runtime_error::runtime_error; };

// Concatenates anything streamable: msg("matmul: cannot multiply ", a, " by ", b).
template <class... A>
std::string msg(const A&... parts) {
  std::ostringstream os;
  (os << ... << parts);
  return os.str();
}

}  // namespace gg
