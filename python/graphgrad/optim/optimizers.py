"""SGD, Adagrad, Adadelta, RMSprop, Adam, AdamW, Adamax, RAdam and NAdam: PyTorch's algorithms and
defaults, fused in C++.

Every optimizer also takes ``l1=λ``: a decoupled L1 step θ ← θ − lr·λ·sign(θ) on the parameter
before the update (the subgradient of λ‖θ‖₁ applied like AdamW's decoupled weight decay; the
lecture's "L1 weight decay"). ``weight_decay`` is PyTorch's L2 term added to the gradient
(decoupled in AdamW). See docs/optimizers.md for the lecture's notation beside PyTorch's.
"""
import math
import numbers

import numpy as np

from .. import _core
from .._tensor import float32, full_like, tensor
from .optimizer import Optimizer, _require


def _number(group, name):
    v = group[name]
    _require(isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v),
             f"{name} must be a finite number, got {v!r}")
    return float(v)


def _at_least(group, name, low=0.0):
    _require(_number(group, name) >= low, f"Invalid {name}: {group[name]} (must be >= {low})")


def _positive(group, name):
    _require(_number(group, name) > 0, f"Invalid {name}: {group[name]} (must be > 0)")


def _common(group):
    _at_least(group, "lr")
    _at_least(group, "weight_decay")
    _at_least(group, "l1")


# The fused kernels take their arguments positionally, in the binding's order (params, grads,
# states, steps, then the hyperparameters): keywords cost pybind11 a name match each (~3 µs a step).


class SGD(Optimizer):
    r"""Stochastic gradient descent with optional momentum and Nesterov momentum (PyTorch's form).

    With g = ∇E(θ) + weight_decay·θ, PyTorch's update is

        b_t = μ·b_{t−1} + (1 − dampening)·g     (b_1 = g)
        θ ← θ − lr·b_t                           (Nesterov: θ ← θ − lr·(g + μ·b_t))

    The lecture writes momentum with the learning rate inside the velocity:

        u_t = γ·u_{t−1} + η·∇E,   θ ← θ − u_t

    which is the same trajectory at constant learning rate (u_t = η·b_t, γ = μ, no dampening).
    Nesterov's look-ahead evaluates the gradient at θ − γ·u_{t−1}; PyTorch's (and our) form is the
    equivalent rewrite in terms of the current parameters: step along g + μ·b_t.
    """

    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, *, l1=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, l1=l1))

    def _check(self, group):
        _common(group)
        _at_least(group, "momentum")
        _number(group, "dampening")
        _require(not group["nesterov"] or (group["momentum"] > 0 and group["dampening"] == 0),
                 "Nesterov momentum requires a momentum > 0 and zero dampening")

    def _buffer_names(self, group):
        return ("momentum_buffer" if group["momentum"] != 0 else None,)

    def _new_buffer(self, name, p, group, state):
        # For SGD, step counts the momentum buffer's age: a buffer created now (also when momentum
        # is switched on mid-training) starts as a copy of the gradient, as in PyTorch.
        state["step"] = 0
        return super()._new_buffer(name, p, group, state)

    def _update(self, group, params, grads, buffers, steps):
        _core._sgd_step(params, grads, buffers, steps, group["lr"], group["momentum"], group["dampening"],
                        group["weight_decay"], bool(group["nesterov"]), group["l1"])


class Adagrad(Optimizer):
    r"""Adagrad: per-coordinate steps scaled by the accumulated squared gradients.

    The lecture's form: G_t = G_{t−1} + g_t ⊙ g_t,  θ ← θ − η / (√G_t + ε) ⊙ g_t.
    PyTorch's adds a decaying learning rate η_t = lr / (1 + (t − 1)·lr_decay) and starts G at
    ``initial_accumulator_value``.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10,
                 *, l1=0.0):
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, eps=eps, l1=l1))

    def _check(self, group):
        _common(group)
        _at_least(group, "lr_decay")
        _at_least(group, "initial_accumulator_value")
        _positive(group, "eps")

    def _buffer_names(self, group):
        return ("sum",)

    def _new_buffer(self, name, p, group, state):
        return full_like(p, group["initial_accumulator_value"])

    def _update(self, group, params, grads, buffers, steps):
        _core._adagrad_step(params, grads, buffers, steps, group["lr"], group["lr_decay"], group["weight_decay"],
                            group["eps"], group["l1"])


class Adadelta(Optimizer):
    r"""Adadelta: Adagrad's sum replaced by decaying averages, and units fixed by the update's own average.

        E[g²]_t  = ρ·E[g²]_{t−1} + (1 − ρ)·g_t²
        Δθ_t     = √(E[Δθ²]_{t−1} + ε) / √(E[g²]_t + ε) · g_t
        E[Δθ²]_t = ρ·E[Δθ²]_{t−1} + (1 − ρ)·Δθ_t²
        θ ← θ − lr·Δθ_t          (lr = 1 is the original algorithm)

    This is Zeiler's Adadelta (2012), as PyTorch implements it. The lecture's slide titled
    "Adadelta" writes E[g²]_t = ρ·E[g²]_{t−1} + (1 − ρ)·g_t², θ ← θ − η·g_t / √(E[g²]_t + ε): that
    is RMSprop's update, ``gg.optim.RMSprop(params, lr=η, alpha=ρ, eps=ε)``; Zeiler's second
    average, E[Δθ²], is what replaces the learning rate η here.
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, *, l1=0.0):
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, l1=l1))

    def _check(self, group):
        _common(group)
        _require(0.0 <= _number(group, "rho") <= 1.0, f"Invalid rho: {group['rho']} (must be in [0, 1])")
        _positive(group, "eps")

    def _buffer_names(self, group):
        return ("square_avg", "acc_delta")

    def _update(self, group, params, grads, buffers, steps):
        _core._adadelta_step(params, grads, buffers, steps, group["lr"], group["rho"], group["eps"],
                             group["weight_decay"], group["l1"])


class RMSprop(Optimizer):
    r"""RMSprop: steps divided by a decaying root-mean-square of the gradients.

    With g_t = ∇E(θ) + weight_decay·θ:

        v_t = α·v_{t−1} + (1 − α)·g_t²
        centered: v̂_t = v_t − m_t², with m_t = α·m_{t−1} + (1 − α)·g_t (the gradient's running mean)
        θ ← θ − lr·g_t / (√v̂_t + ε)
        with momentum μ:  b_t = μ·b_{t−1} + g_t / (√v̂_t + ε),  θ ← θ − lr·b_t
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False,
                 *, l1=0.0):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                                      centered=centered, l1=l1))

    def _check(self, group):
        _common(group)
        _at_least(group, "alpha")
        _positive(group, "eps")
        _at_least(group, "momentum")

    def _buffer_names(self, group):
        return ("square_avg", "momentum_buffer" if group["momentum"] > 0 else None,
                "grad_avg" if group["centered"] else None)

    def _update(self, group, params, grads, buffers, steps):
        _core._rmsprop_step(params, grads, buffers, steps, group["lr"], group["alpha"], group["eps"],
                            group["weight_decay"], group["momentum"], group["l1"])


class Adam(Optimizer):
    r"""Adam: momentum on the gradient and on its square, with bias correction.

        m_t = β₁·m_{t−1} + (1 − β₁)·g_t,      v_t = β₂·v_{t−1} + (1 − β₂)·g_t²
        θ ← θ − lr/(1 − β₁ᵗ) · m_t / (√v_t / √(1 − β₂ᵗ) + ε)
        amsgrad: v_t replaced by max(v_1..v_t) in the denominator.

    ``weight_decay`` adds weight_decay·θ to g_t (L2); AdamW instead shrinks θ ← θ·(1 − lr·weight_decay).
    """

    _decoupled = False

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *, l1=0.0):
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, l1=l1))

    def _check(self, group):
        _common(group)
        _positive(group, "eps")
        betas = group["betas"]
        _require(isinstance(betas, (tuple, list)) and len(betas) == 2, f"betas must be a pair, got {betas!r}")
        for i, b in enumerate(betas):
            _require(isinstance(b, numbers.Real) and 0.0 <= b < 1.0, f"Invalid beta parameter at index {i}: {b!r} "
                     "(must be in [0, 1))")

    def _buffer_names(self, group):
        return ("exp_avg", "exp_avg_sq", "max_exp_avg_sq" if group["amsgrad"] else None)

    def _update(self, group, params, grads, buffers, steps):
        b1, b2 = group["betas"]
        _core._adam_step(params, grads, buffers, steps, group["lr"], b1, b2, group["eps"], group["weight_decay"],
                         self._decoupled, group["l1"])


class _AdamFamily(Optimizer):
    """Adamax, RAdam and NAdam: betas, eps and the Adam family's checks and two moment buffers."""

    def _check(self, group):
        Adam._check(self, group)

    def _buffer_names(self, group):
        return ("exp_avg", "exp_avg_sq")


class Adamax(_AdamFamily):
    r"""Adamax: Adam with the infinity norm, u_t = max(β₂·u_{t−1}, |g_t| + ε),
    θ ← θ − lr/(1 − β₁ᵗ) · m_t / u_t."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, *, l1=0.0):
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, l1=l1))

    def _buffer_names(self, group):
        return ("exp_avg", "exp_inf")

    def _update(self, group, params, grads, buffers, steps):
        b1, b2 = group["betas"]
        _core._adamax_step(params, grads, buffers, steps, group["lr"], b1, b2, group["eps"], group["weight_decay"],
                           group["l1"])


class RAdam(_AdamFamily):
    r"""Rectified Adam (Liu et al.): Adam's step times the variance rectification r_t while the
    approximated moving average's length ρ_t exceeds 5, plain momentum θ ← θ − lr·m_t/(1 − β₁ᵗ) before.
    ``decoupled_weight_decay`` shrinks θ as AdamW does."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled_weight_decay=False,
                 *, l1=0.0):
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      decoupled_weight_decay=bool(decoupled_weight_decay), l1=l1))

    def _update(self, group, params, grads, buffers, steps):
        b1, b2 = group["betas"]
        _core._radam_step(params, grads, buffers, steps, group["lr"], b1, b2, group["eps"], group["weight_decay"],
                          group["decoupled_weight_decay"], group["l1"])


class NAdam(_AdamFamily):
    r"""Adam with Nesterov momentum (Dozat), with the momentum schedule
    μ_t = β₁·(1 − ½·0.96^(t·momentum_decay)):
    θ ← θ − lr·(1 − μ_t)/(1 − Π_{i≤t} μ_i)·g_t/d_t − lr·μ_{t+1}/(1 − Π_{i≤t+1} μ_i)·m_t/d_t,
    d_t = √(v_t/(1 − β₂ᵗ)) + ε. Each parameter's state keeps the product (``mu_product``), as PyTorch's."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, l1=0.0):
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay,
                                      decoupled_weight_decay=bool(decoupled_weight_decay), l1=l1))

    def _check(self, group):
        super()._check(group)
        _at_least(group, "momentum_decay")

    def _update(self, group, params, grads, buffers, steps):
        b1, b2 = group["betas"]
        decay = group["momentum_decay"]
        # PyTorch multiplies the product into a 0-d float32 tensor (the default dtype's rounding)
        products = []
        for p, step in zip(params, steps):
            st = self.state[p]
            mu = b1 * (1.0 - 0.5 * 0.96 ** (step * decay))
            prod = float(np.float32(float(st.get("mu_product", 1.0))) * np.float32(mu))
            st["mu_product"] = tensor(prod, dtype=float32)
            products.append(prod)
        _core._nadam_step(params, grads, buffers, steps, products, group["lr"], b1, b2, group["eps"],
                          group["weight_decay"], decay, group["decoupled_weight_decay"], group["l1"])


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter): θ ← θ·(1 − lr·weight_decay) before Adam's step.

    Weight decay two ways: ``Adam(weight_decay=λ)`` adds λ·θ to the gradient, the gradient of the
    L2 penalty λ/2·‖θ‖², which Adam's per-coordinate scaling then divides like any gradient;
    ``AdamW(weight_decay=λ)`` shrinks θ directly, by the same factor for every coordinate whatever
    its gradient history (for plain SGD the two are the same). Default λ = 0.01, as in PyTorch.
    """

    _decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *, l1=0.0):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, l1=l1)
