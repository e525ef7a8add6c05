// Memory relations between tensors, for writes that must not read what they overwrite
// (x[1:] = x[:-1], y.copy_(y.flip(0))) or write one location through several elements.
#pragma once
#include "core/tensor.h"

namespace gg {

// Whether a and b may share memory: their byte extents intersect (conservative: interleaved
// views of one buffer count as overlapping). Foreign memory is compared by address, so two
// tensors over one NumPy array are seen too.
bool may_overlap(const Tensor& a, const Tensor& b);

// Whether several elements of t are one memory location: an axis of size > 1 with stride 0, as
// expand() makes (PyTorch checks the same and refuses to write such a tensor).
bool has_internal_overlap(const Tensor& t);
// RuntimeError naming `op` when t has internal overlap: writing it would be order-dependent.
void check_no_internal_overlap(const Tensor& t, const char* op);

}  // namespace gg
