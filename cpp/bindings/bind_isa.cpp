// The instruction-set dispatch (kernels/isa.h): which level runs, per kernel family, and a way
// for tests and benchmarks to force one.
#include <pybind11/stl.h>

#include <map>
#include <string>

#include "bindings/bindings.h"
#include "kernels/conv/conv.h"
#include "kernels/gemm/gemm.h"
#include "kernels/isa.h"
#include "kernels/map.h"
#include "kernels/optim.h"
#include "kernels/reduce.h"
#include "kernels/vmath.h"

namespace gg::bindings {

void bind_isa(py::module_& m) {
  m.def("_set_isa", &kernels::set_isa, py::arg("name"),
        "Force every kernel family to one instruction set: generic, avx2, avx512 or auto (the best this CPU "
        "runs). ValueError for a level this CPU cannot run.");
  m.def("_isa", [] { return std::string(kernels::isa_name(kernels::isa())); }, "The instruction set in use.");
  m.def("_best_isa", [] { return std::string(kernels::isa_name(kernels::best_isa())); },
        "The widest instruction set this CPU supports.");
  m.def("_kernel_isas", [] {
    const std::string level = kernels::isa_name(kernels::isa());
    return std::map<std::string, std::string>{
        {"gemm", kernels::gemm_kernel_name()},    {"vmath", kernels::vmath().name},
        {"softmax", kernels::vmath().name},       {"batchnorm", level},
        {"dropout", level},                       {"optim", kernels::optim_kernel_isa()},
        {"reduce", kernels::reduce_kernel_isa()}, {"elementwise", kernels::elementwise_isa()},
        {"conv", kernels::conv_kernel_isa()},    {"rnn", level}};
  }, "The instruction set each kernel family runs with.");
}

}  // namespace gg::bindings
