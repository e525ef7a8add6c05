"""Optimizers that use curvature: Hessian-free Newton-CG and L-BFGS.

Both work on the parameters as one flat vector (the concatenation of every parameter, like
PyTorch's LBFGS) and take a closure that re-evaluates the loss. Vector arithmetic is graphgrad
ops on whole vectors; the Python loops run over iterations, never over elements.
"""
import math

from .. import _core
from ..autograd import enable_grad, grad, keep_graph_in_closure, no_grad
from .optimizer import Optimizer, _require


def _flat(tensors):
    return _core.cat([t.reshape(-1) for t in tensors], 0)


def _dot(a, b):
    return float((a * b).sum().item())


def _norm(a):
    return math.sqrt(_dot(a, a))


def _max_abs(a):
    return float(_core.abs(a).max().item())


def _single_group(opt):
    if len(opt.param_groups) != 1:
        raise ValueError(f"{type(opt).__name__} doesn't support per-parameter options (parameter groups)")
    return opt.param_groups[0]


def _add_step(params, step, d):
    """params += step * d, with d flat."""
    with no_grad():
        offset = 0
        for p in params:
            n = p.numel()
            p.add_(d[offset:offset + n].reshape(tuple(p.shape)), alpha=step)
            offset += n


class NewtonCG(Optimizer):
    """Hessian-free Newton: each step solves (H + λI)·d = −g approximately by conjugate gradient,
    where every product H·p is a Hessian-vector product (reverse over reverse through the
    closure's graph, never forming H), then moves along d.

    - ``damping`` λ (Levenberg–Marquardt): adapted from the ratio ρ of actual to predicted
      decrease (λ·3/2 when ρ < 1/4, λ·2/3 when ρ > 3/4) unless ``adapt_damping=False``.
    - at most ``max_cg_iter`` CG iterations, stopped early at the relative residual
      min(1/2, √‖g‖) (superlinear convergence near the minimum).
    - negative curvature: CG stops at a direction p with pᵀ(H + λI)p ≤ 0, where the quadratic
      model has no minimum (plain Newton would head for a saddle or a maximum). λ is then raised
      past that curvature and CG restarts (at most ``max_damping_retries`` times; after that the
      step is the CG iterate so far, or −g).
    - ``line_search_fn="armijo"``: backtracking from ``lr`` until f decreases by c1·t·gᵀd.

    ``step(closure)``: the closure returns the loss with its graph; it need not call backward,
    and may (``opt.zero_grad(); loss = f(); loss.backward(); return loss``, PyTorch's habit).
    """

    def __init__(self, params, lr=1.0, damping=1e-4, max_cg_iter=50, line_search_fn="armijo",
                 adapt_damping=True, tolerance_grad=1e-10, max_ls=20, max_damping_retries=10):
        super().__init__(params, dict(lr=lr, damping=damping, max_cg_iter=max_cg_iter, line_search_fn=line_search_fn,
                                      adapt_damping=adapt_damping, tolerance_grad=tolerance_grad, max_ls=max_ls,
                                      max_damping_retries=max_damping_retries))
        _single_group(self)

    def _check(self, group):
        _require(group["lr"] > 0, f"NewtonCG: invalid learning rate {group['lr']}")
        _require(group["damping"] >= 0, f"NewtonCG: invalid damping {group['damping']}")
        _require(int(group["max_cg_iter"]) >= 1, f"NewtonCG: max_cg_iter must be >= 1, got {group['max_cg_iter']}")
        _require(group["line_search_fn"] in (None, "armijo"),
                 f"NewtonCG: line_search_fn must be None or 'armijo', got {group['line_search_fn']!r}")
        _require(int(group["max_ls"]) >= 1, f"NewtonCG: max_ls must be >= 1, got {group['max_ls']}")
        _require(int(group["max_damping_retries"]) >= 0,
                 f"NewtonCG: max_damping_retries must be >= 0, got {group['max_damping_retries']}")

    def _evaluate(self, closure):
        with no_grad(), keep_graph_in_closure():
            return float(closure().item())

    def step(self, closure):
        if closure is None:
            raise ValueError("NewtonCG.step: a closure that returns the loss is required")
        group = _single_group(self)
        params = group["params"]
        state = self.state.get(params[0])
        if state is None:
            state = self.state[params[0]] = {"step": 0, "damping": float(group["damping"])}
        lam = state["damping"]

        with enable_grad():
            with keep_graph_in_closure():  # the closure may call loss.backward(), PyTorch's habit
                loss = closure()
            grads = grad([loss], params, create_graph=True, allow_unused=True)
            gvec = _flat([_core._full(tuple(p.shape), 0.0, p.dtype) if g is None else g
                          for g, p in zip(grads, params)])
        with no_grad():
            g = gvec.detach()
        gnorm = _norm(g)
        state["grad_norm"] = gnorm
        if gnorm <= group["tolerance_grad"]:
            return loss

        def hvp(v):
            if not gvec.requires_grad:  # the loss is linear in the parameters: H = 0
                return _core._full(tuple(v.shape), 0.0, v.dtype)
            with enable_grad():
                hs = grad([gvec], params, [v], retain_graph=True, allow_unused=True)
            return _flat([_core._full(tuple(p.shape), 0.0, p.dtype) if h is None else h.detach()
                          for h, p in zip(hs, params)])

        d, pred, curvature = self._cg(g, gnorm, hvp, lam, int(group["max_cg_iter"]))
        state["negative_curvature"] = curvature is not None
        for _ in range(int(group["max_damping_retries"])):
            if curvature is None:
                break
            # pᵀHp/‖p‖² = curvature ≤ −λ: a λ of twice |curvature| makes that direction convex.
            lam = max(2.0 * lam, -2.0 * curvature, 1e-8)
            d, pred, curvature = self._cg(g, gnorm, hvp, lam, int(group["max_cg_iter"]))
        f0, gd = float(loss.item()), _dot(g, d)
        t = float(group["lr"])
        _add_step(params, t, d)
        f_new = self._evaluate(closure)
        if group["line_search_fn"] == "armijo":
            for _ in range(int(group["max_ls"]) - 1):
                if f_new <= f0 + 1e-4 * t * gd:  # also false for NaN: back off
                    break
                _add_step(params, -0.5 * t, d)
                t *= 0.5
                f_new = self._evaluate(closure)
        if group["adapt_damping"]:
            # ρ = actual / predicted decrease for the step t·d of the quadratic model q(s) = gᵀs + ½sᵀHs.
            predicted = t * gd + t * t * (pred - gd)
            rho = (f_new - f0) / predicted if predicted < 0 else -1.0
            if rho < 0.25:
                lam = max(lam, 1e-8) * 1.5
            elif rho > 0.75:
                lam *= 2.0 / 3.0
            state["damping"] = lam
        state["step"] += 1
        return loss

    @staticmethod
    def _cg(g, gnorm, hvp, lam, max_iter):
        """Approximately solves (H + λI)d = −g. Returns d, the undamped model q(d) = gᵀd + ½dᵀHd,
        and the curvature pᵀHp/‖p‖² of the direction where negative curvature stopped it (else None)."""
        with no_grad():
            d = g * 0.0
            r = -g
            p = r
            rr = gnorm * gnorm
            tol = min(0.5, math.sqrt(gnorm)) * gnorm
            dHd = 0.0
            for i in range(max_iter):
                Hp = hvp(p)
                pHp = _dot(p, Hp)
                pp = _dot(p, p)
                if pHp + lam * pp <= 0:
                    if i == 0:  # steepest descent; the line search decides how far
                        return p, _dot(g, p), pHp / pp
                    return d, _dot(g, d) + 0.5 * dHd, pHp / pp
                alpha = rr / (pHp + lam * pp)
                # dᵀHd of the updated iterate, from the conjugacy of the directions.
                dHd += 2 * alpha * _dot(d, Hp) + alpha * alpha * pHp
                d = d + p * alpha
                r = r - (Hp + p * lam) * alpha
                rr_new = _dot(r, r)
                if math.sqrt(rr_new) <= tol:
                    break
                p = r + p * (rr_new / rr)
                rr = rr_new
            return d, _dot(g, d) + 0.5 * dHd, None


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clipped to the bounds."""
    lo, hi = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 * d1 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(pos, lo), hi)
    return (lo + hi) / 2.0


def _strong_wolfe(obj, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """Line search for the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5 and 3.6), as
    PyTorch's. ``obj(t)`` returns (loss, flat gradient) at x + t·d."""
    d_norm = _max_abs(d)
    f_new, g_new = obj(t)
    evals, gtd_new = 1, _dot(g_new, d)
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done, it = False, 0
    while it < max_ls:
        if f_new > f + c1 * t * gtd or (it > 1 and f_new >= f_prev) or gtd_new >= 0:
            bracket, bf, bg, bgtd = [t_prev, t], [f_prev, f_new], [g_prev, g_new], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bf, bg, bgtd, done = [t], [f_new], [g_new], [gtd_new], True
            break
        lo_step, hi_step = t + 0.01 * (t - t_prev), t * 10
        t_prev, t = t, _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(lo_step, hi_step))
        f_prev, g_prev, gtd_prev = f_new, g_new, gtd_new
        f_new, g_new = obj(t)
        evals, gtd_new, it = evals + 1, _dot(g_new, d), it + 1
    if it == max_ls:
        bracket, bf, bg, bgtd = [0.0, t], [f, f_new], [g, g_new], [gtd, gtd_new]

    # Zoom: shrink the bracket until a point satisfies the conditions.
    insuf_progress = False
    low, high = (0, 1) if bf[0] <= bf[-1] else (1, 0)
    while not done and it < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bf[0], bgtd[0], bracket[1], bf[1], bgtd[1])
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            # Too close to an end: move away unless the last step already did.
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                t = max(bracket) - eps if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = obj(t)
        evals, gtd_new, it = evals + 1, _dot(g_new, d), it + 1
        if f_new > f + c1 * t * gtd or f_new >= bf[low]:
            bracket[high], bf[high], bg[high], bgtd[high] = t, f_new, g_new, gtd_new
            low, high = (0, 1) if bf[0] <= bf[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bf[high], bg[high], bgtd[high] = bracket[low], bf[low], bg[low], bgtd[low]
            bracket[low], bf[low], bg[low], bgtd[low] = t, f_new, g_new, gtd_new
    return bf[low], bg[low], bracket[low], evals


class LBFGS(Optimizer):
    """L-BFGS with PyTorch's interface and algorithm: ``step(closure)`` where the closure clears
    the gradients, computes the loss, calls ``backward()`` and returns the loss."""

    def __init__(self, params, lr=1.0, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        super().__init__(params, dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                                      tolerance_change=tolerance_change, history_size=history_size,
                                      line_search_fn=line_search_fn))
        _single_group(self)

    def _check(self, group):
        _require(group["lr"] > 0, f"LBFGS: invalid learning rate {group['lr']}")
        for k in ("max_iter", "max_eval", "history_size"):
            _require(int(group[k]) >= 1, f"LBFGS: {k} must be >= 1, got {group[k]}")
        _require(group["line_search_fn"] in (None, "strong_wolfe"),
                 f"LBFGS: line_search_fn must be None or 'strong_wolfe', got {group['line_search_fn']!r}")

    def _flat_grad(self, params):
        return _flat([_core._full(tuple(p.shape), 0.0, p.dtype) if p.grad is None else p.grad for p in params])

    def step(self, closure):
        if closure is None:
            raise ValueError("LBFGS.step: a closure that re-evaluates the loss is required")
        group = _single_group(self)
        params = group["params"]
        lr, max_iter, max_eval = group["lr"], int(group["max_iter"]), int(group["max_eval"])
        tol_grad, tol_change, history = group["tolerance_grad"], group["tolerance_change"], int(group["history_size"])

        def evaluate():
            with enable_grad():
                return closure()

        state = self.state.get(params[0])
        if state is None:
            state = self.state[params[0]] = {"func_evals": 0, "n_iter": 0}
        orig_loss = evaluate()
        loss = float(orig_loss.item())
        evals = 1
        state["func_evals"] += 1
        with no_grad():
            flat_grad = self._flat_grad(params)
        if _max_abs(flat_grad) <= tol_grad:
            return orig_loss

        d, t = state.get("d"), state.get("t")
        old_dirs, old_stps, ro = state.get("old_dirs", []), state.get("old_stps", []), state.get("ro", [])
        H_diag, prev_flat_grad = state.get("H_diag", 1.0), state.get("prev_flat_grad")
        n_iter = 0
        with no_grad():
            while n_iter < max_iter:
                n_iter += 1
                state["n_iter"] += 1
                if state["n_iter"] == 1:
                    d, old_dirs, old_stps, ro, H_diag = -flat_grad, [], [], [], 1.0
                else:
                    y, s = flat_grad - prev_flat_grad, d * t
                    ys = _dot(y, s)
                    if ys > 1e-10:  # keep the pair only when the curvature condition holds
                        if len(old_dirs) == history:
                            old_dirs.pop(0), old_stps.pop(0), ro.pop(0)
                        old_dirs.append(y), old_stps.append(s), ro.append(1.0 / ys)
                        H_diag = ys / _dot(y, y)
                    # Two-loop recursion: d = −H⁻¹g from the stored pairs.
                    al = [0.0] * len(old_dirs)
                    q = -flat_grad
                    for i in range(len(old_dirs) - 1, -1, -1):
                        al[i] = _dot(old_stps[i], q) * ro[i]
                        q = q - old_dirs[i] * al[i]
                    d = q * H_diag
                    for i in range(len(old_dirs)):
                        be = _dot(old_dirs[i], d) * ro[i]
                        d = d + old_stps[i] * (al[i] - be)
                prev_flat_grad, prev_loss = _core.clone(flat_grad), loss
                t = min(1.0, 1.0 / float(_core.abs(flat_grad).sum().item())) * lr if state["n_iter"] == 1 else lr
                gtd = _dot(flat_grad, d)
                if gtd > -tol_change:  # not a descent direction any more
                    break

                if group["line_search_fn"] == "strong_wolfe":
                    x0 = [_core.clone(p.detach()) for p in params]

                    def obj(step):
                        _add_step(params, step, d)
                        f = float(evaluate().item())
                        g = self._flat_grad(params)
                        for p, x in zip(params, x0):
                            p.copy_(x)
                        return f, g
                    loss, flat_grad, t, ls_evals = _strong_wolfe(obj, t, d, loss, flat_grad, gtd)
                    _add_step(params, t, d)
                else:
                    _add_step(params, t, d)
                    ls_evals = 0
                    if n_iter != max_iter:
                        loss = float(evaluate().item())
                        flat_grad = self._flat_grad(params)
                        ls_evals = 1
                evals += ls_evals
                state["func_evals"] += ls_evals
                if n_iter == max_iter or evals >= max_eval:
                    break
                if _max_abs(flat_grad) <= tol_grad:
                    break
                if _max_abs(d) * abs(t) <= tol_change or abs(loss - prev_loss) < tol_change:
                    break
        state.update(d=d, t=t, old_dirs=old_dirs, old_stps=old_stps, ro=ro, H_diag=H_diag,
                     prev_flat_grad=prev_flat_grad)
        return orig_loss
