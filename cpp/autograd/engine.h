// The reverse pass. Iterative (an explicit stack orders the graph; no recursion), so a graph
// of a million nodes works. Gradients arriving at a node are summed before it runs: the
// lecture's "sum over children", in one pass in reverse topological order.
#pragma once
#include <vector>

#include "core/tensor.h"

namespace gg {

// Accumulates d(roots)/d(leaf) into every leaf's .grad. `grads` are the seeds (one per root).
void run_backward(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads, bool retain_graph,
                  bool create_graph);
// One root (Tensor.backward); `grad` undefined for the implicit 1 of a one-element root.
void run_backward(const Tensor& root, const Tensor& grad, bool retain_graph, bool create_graph);

// Whether backward from `root` visits at most `max_visits` nodes (max_visits < Node::kLargeTree; a
// node reached by two paths counts twice) whose gradients have at most Node::kSmallElements
// elements each: a graph whose backward costs less than handing the GIL to another thread and
// taking it back. From the count each node keeps (Node::tree_size): no walk.
bool graph_within(const Tensor& root, int max_visits);

// Returns d(roots)/d(inputs) without touching any .grad; undefined where an input is unused
// (an error unless allow_unused).
std::vector<Tensor> run_grad(const std::vector<Tensor>& roots, const std::vector<Tensor>& grads,
                             const std::vector<Tensor>& inputs, bool retain_graph, bool create_graph,
                             bool allow_unused);

}  // namespace gg
