"""Newton's method without the Hessian: Hessian-vector products, Newton-CG and L-BFGS.

The lecture ends asking whether Newton's method can work for deep learning when the Hessian
(n x n for n parameters) is infeasible. Newton-CG never forms it: conjugate gradient needs only
products H·v, and each costs about as much as one more backward pass (reverse over reverse).

1. The lecture's f(x, y) = x² + xy + (x + y)²: gradient (4x + 3y, 3x + 2y), Hessian
   [[4, 3], [3, 2]] — indefinite (eigenvalues 3 ± √10), so f has a saddle at the origin and no
   minimum. One plain Newton step from anywhere lands exactly on that saddle. Newton-CG notices
   the negative curvature, damps, and keeps going downhill.
2. Rosenbrock from (−1.2, 1): gradient descent, momentum, Adam, L-BFGS and Newton-CG side by side.
3. A small MLP trained with Newton-CG (and Adam for comparison).

Run:  python examples/newton.py
"""
import numpy as np

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd.functional import hessian, hvp


def lecture_f(p):
    x, y = p[0], p[1]
    return x ** 2 + x * y + (x + y) ** 2


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def grad_of(f, p):
    (g,) = gg.autograd.grad([f(p)], [p])
    return g


# ---- 1. the lecture's f ---------------------------------------------------------------------
print("1. f(x, y) = x^2 + xy + (x + y)^2")
p0 = gg.tensor([1.0, 1.0], dtype=gg.float64, requires_grad=True)
H = hessian(lecture_f, p0)
g = grad_of(lecture_f, p0)
print(f"   at (1, 1): f = {lecture_f(p0).item():.1f}, gradient {g.numpy()} (4x+3y, 3x+2y = [7, 5])")
print(f"   Hessian {H.numpy().tolist()}, eigenvalues {np.round(np.linalg.eigvalsh(H.numpy()), 3)}: indefinite")
_, Hv = hvp(lecture_f, p0, gg.tensor([1.0, 0.0], dtype=gg.float64))
print(f"   H·e1 by a Hessian-vector product (no H formed): {Hv.numpy()}")
newton = p0.detach().numpy() - np.linalg.solve(H.numpy(), g.numpy())
print(f"   one plain Newton step: (1, 1) -> {np.round(newton, 12) + 0.0}, the saddle (f = 0, gradient 0):"
      " Newton only solves gradient = 0, it cannot tell a saddle from a minimum")
p = p0.detach().clone().requires_grad_(True)
opt = gg.optim.NewtonCG([p])
for k in range(4):
    opt.step(lambda: lecture_f(p))
    print(f"   Newton-CG step {k + 1}: p = {np.round(p.detach().numpy(), 3)}, f = {lecture_f(p).item():.4g}, "
          f"negative curvature seen: {opt.state[p]['negative_curvature']}, damping {opt.state[p]['damping']:.3g}")
print("   -> CG stops where pᵀHp <= 0, the damping is raised past that curvature and the line search")
print("      keeps f decreasing: away from the saddle (f is unbounded below along that direction).")


# ---- 2. Rosenbrock ---------------------------------------------------------------------------
def run(make_opt, steps, closure_calls_backward):
    p = gg.tensor([-1.2, 1.0], dtype=gg.float64, requires_grad=True)
    opt = make_opt([p])
    evals = [0]

    def closure():
        evals[0] += 1
        if closure_calls_backward:
            opt.zero_grad()
        loss = rosenbrock(p)
        if closure_calls_backward:
            loss.backward()
        return loss
    for it in range(1, steps + 1):
        opt.step(closure)
        if np.linalg.norm(grad_of(rosenbrock, p).numpy()) < 1e-8:
            break
    return it, evals[0], p.detach().numpy(), rosenbrock(p).item(), np.linalg.norm(grad_of(rosenbrock, p).numpy())


print("\n2. Rosenbrock from (-1.2, 1), minimum at (1, 1); stop at |grad| < 1e-8")
print(f"   {'method':<34}{'steps':>7}{'f evals':>9}   {'final point':<26}{'f':>11}{'|grad|':>11}")
methods = [
    ("gradient descent lr=1e-3", lambda ps: gg.optim.SGD(ps, lr=1e-3), 5000, True),
    ("momentum 0.9 lr=1e-4", lambda ps: gg.optim.SGD(ps, lr=1e-4, momentum=0.9), 5000, True),
    ("Adam lr=0.02", lambda ps: gg.optim.Adam(ps, lr=0.02), 5000, True),
    ("L-BFGS (strong Wolfe), 1 iter/step", lambda ps: gg.optim.LBFGS(ps, max_iter=1, line_search_fn="strong_wolfe",
                                                                          tolerance_grad=1e-12, tolerance_change=1e-15),
     500, True),
    ("Newton-CG (hvp, damping, Armijo)", lambda ps: gg.optim.NewtonCG(ps), 500, False),
]
for name, make_opt, steps, bw in methods:
    it, evals, x, f, gn = run(make_opt, steps, bw)
    print(f"   {name:<34}{it:>7}{evals:>9}   {np.array2string(x, precision=6):<26}{f:>11.3g}{gn:>11.2g}")
print("   (first-order methods stop at their step budget; Newton-CG's f evals include line-search trials,")
print("    and each of its steps also ran a few Hessian-vector products inside CG)")


# ---- 3. a small MLP --------------------------------------------------------------------------
print("\n3. A 2-16-2 tanh MLP on the XOR of the signs of two coordinates (200 points)")
rng = np.random.default_rng(0)
xn = rng.standard_normal((200, 2))
x, labels = gg.tensor(xn.astype(np.float32)), gg.tensor((xn[:, 0] * xn[:, 1] > 0).astype(np.int64))


def train(make_opt, steps):
    gg.manual_seed(0)
    model = gg.nn.Sequential(gg.nn.Linear(2, 16), gg.nn.Tanh(), gg.nn.Linear(16, 2))
    params = list(model.parameters())
    opt = make_opt(params)
    history = []

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), labels)
        if not isinstance(opt, gg.optim.NewtonCG):
            loss.backward()
        return loss
    for _ in range(steps):
        history.append(opt.step(closure).item())
    with gg.no_grad():
        acc = (model(x).argmax(dim=1).numpy() == labels.numpy()).mean()
    return history, acc


for name, make_opt, steps in [("Newton-CG", lambda ps: gg.optim.NewtonCG(ps, max_cg_iter=30), 30),
                              ("Adam lr=0.05", lambda ps: gg.optim.Adam(ps, lr=0.05), 30),
                              ("Adam lr=0.05, 300 steps", lambda ps: gg.optim.Adam(ps, lr=0.05), 300)]:
    history, acc = train(make_opt, steps)
    marks = ", ".join(f"{history[i]:.3f}" for i in (0, 4, 9, 19) if i < len(history))
    print(f"   {name:<24} loss at steps 1/5/10/20: {marks}; after {steps}: {history[-1]:.4f}, "
          f"train accuracy {acc:.2f}")
