"""The lecture's example: f(x, y) = x^2 + x*y + (x + y)^2, its gradients by backpropagation, and the
computational graph that autograd recorded.

By hand: df/dx = 2x + y + 2(x + y) = 4x + 3y and df/dy = x + 2(x + y) = 3x + 2y.
Run:  python examples/lecture_example.py  (render the graph: ... | dot -Tpng -o graph.png)
"""
import graphgrad as gg

x = gg.tensor(3.0, requires_grad=True)
y = gg.tensor(-2.0, requires_grad=True)
x.name, y.name = "x", "y"          # leaves are labelled by name in the drawing

f = x**2 + x * y + (x + y) ** 2
f.name = "f"
f.backward()                        # one reverse pass fills x.grad and y.grad

print(f"f(3, -2) = {f.item()}")
print(f"df/dx = {x.grad.item()}  (4x + 3y = {4 * 3 + 3 * -2})")
print(f"df/dy = {y.grad.item()}  (3x + 2y = {3 * 3 + 2 * -2})")
print()
print(gg.viz.to_dot(f))
