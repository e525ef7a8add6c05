"""Learning-rate schedules (PyTorch's ``torch.optim.lr_scheduler``) and the lecture's two decays.

A scheduler sets ``group['lr']`` of every parameter group of its optimizer; call ``step()`` once
per epoch (or per iteration), after ``optimizer.step()``. Like PyTorch's, the built-in schedules
are chainable: each ``step`` derives the new lr from the group's current one, so two schedulers
on the same optimizer compose. ``get_last_lr()`` returns the lrs last set.

Per epoch: StepLR, MultiStepLR, ExponentialLR, LinearLR, ConstantLR, PolynomialLR, LambdaLR,
MultiplicativeLR, CosineAnnealingLR, CosineAnnealingWarmRestarts. Per batch: CyclicLR and
OneCycleLR (which also cycle momentum, or Adam's β1). On a metric: ReduceLROnPlateau
(``step(metrics)``). Combinations: SequentialLR (one after another, at milestones) and
ChainedScheduler (together). ``state_dict()`` leaves out the optimizer and functions (lambdas,
scale_fn): they are given again at construction.

The lecture's schedules, by name:
    ``linear_decay(eta0, T)``:      η_t = η0·(1 − t/T) for t ≤ T, then 0       → ``LinearDecayLR``
    ``exponential_decay(eta0, T)``: η_t = η0·e^(−t/T)                          → ``ExponentialDecayLR``
"""
import math
import warnings
from bisect import bisect_right
from collections import Counter

from .optimizer import Optimizer

__all__ = ["LRScheduler", "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR",
           "ExponentialLR", "PolynomialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR",
           "OneCycleLR", "ReduceLROnPlateau", "SequentialLR", "ChainedScheduler", "LinearDecayLR",
           "ExponentialDecayLR", "linear_decay", "exponential_decay"]


def linear_decay(eta0, T):
    """The lecture's linear decay as a function of the step t: η0·(1 − t/T), held at 0 after T."""
    if not T > 0:
        raise ValueError(f"linear_decay: T must be > 0, got {T}")
    return lambda t: eta0 * (1.0 - min(t, T) / T)


def exponential_decay(eta0, T):
    """The lecture's exponential decay as a function of the step t: η0·e^(−t/T)."""
    if not T > 0:
        raise ValueError(f"exponential_decay: T must be > 0, got {T}")
    return lambda t: eta0 * math.exp(-t / T)


class LRScheduler:
    """Base class: keeps ``base_lrs`` (each group's ``initial_lr``) and ``last_epoch``; ``step`` applies ``get_lr``."""

    # True only during the step the constructor takes: chainable schedules then keep the lrs as they
    # are, so that a scheduler built to resume (last_epoch >= 0) does not advance one step too far.
    _is_initial = False

    def __init__(self, optimizer, last_epoch=-1):
        _check_optimizer(type(self).__name__, optimizer)
        self.optimizer = optimizer
        groups = optimizer.param_groups
        if last_epoch == -1:
            for g in groups:
                g.setdefault("initial_lr", g["lr"])
        elif any("initial_lr" not in g for g in groups):
            raise KeyError(f"{type(self).__name__}: resuming at last_epoch={last_epoch} needs 'initial_lr' in every "
                           "parameter group (set by the first scheduler)")
        self.base_lrs = [g["initial_lr"] for g in groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self):
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            del self._is_initial  # back to the class's False, and not part of the state

    def get_lr(self):
        """The lr of every group at ``self.last_epoch`` (called by ``step``)."""
        raise NotImplementedError

    def step(self, epoch=None):
        """Advances one epoch (call it after ``optimizer.step()``) and sets each group's lr to ``get_lr()``.

        ``epoch`` (deprecated, as in PyTorch): jump to that epoch, using the closed form where the
        schedule has one.
        """
        self._step_count += 1
        if epoch is not None:
            warnings.warn(f"{type(self).__name__}.step(epoch) is deprecated (as in PyTorch): call step() without "
                          "arguments", UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            closed = getattr(self, "_get_closed_form_lr", None)
            values = closed() if closed is not None else self.get_lr()
        self._set_lrs(values)

    def _set_lrs(self, values):
        for g, lr in zip(self.optimizer.param_groups, values):
            g["lr"] = lr
        self._last_lr = self._lrs()

    def get_last_lr(self):
        """The lr of every parameter group after the last ``step``."""
        return list(self._last_lr)

    def _lrs(self):
        return [g["lr"] for g in self.optimizer.param_groups]

    # Functions (LambdaLR's lambdas, CyclicLR's scale_fn) are not state: they are given again at construction.
    _not_state = ("optimizer", "lr_lambdas")

    def state_dict(self):
        """The scheduler's state (epoch counters, base lrs, ...) without the optimizer and functions."""
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items() if k not in self._not_state}

    def load_state_dict(self, state_dict):
        """Restores a state from ``state_dict()``."""
        self.__dict__.update({k: v for k, v in state_dict.items() if k not in self._not_state})


def _check_optimizer(name, optimizer):
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{name}: expected an Optimizer, got {type(optimizer).__name__}")


def _per_group(name, what, optimizer, value):
    """``value`` for each parameter group: a scalar for all, or a list with one per group."""
    n = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(f"{name}: expected {n} values of {what} (one per parameter group), got {len(value)}")
        return list(value)
    return [value] * n


def _lambdas(name, optimizer, lr_lambda):
    fns = _per_group(name, "lr_lambda", optimizer, lr_lambda)
    for f in fns:
        if not callable(f):
            raise TypeError(f"{name}: lr_lambda must be a function, got {type(f).__name__}")
    return fns


class LambdaLR(LRScheduler):
    """lr = base_lr · lr_lambda(epoch); one function for all groups or a list with one per group."""

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.lr_lambdas = _lambdas(type(self).__name__, optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        return [base * f(self.last_epoch) for base, f in zip(self.base_lrs, self.lr_lambdas)]


class StepLR(LRScheduler):
    """Multiply the lr by ``gamma`` every ``step_size`` epochs: lr = base_lr · gamma^⌊epoch/step_size⌋.

    >>> opt = gg.optim.SGD([gg.zeros(1, requires_grad=True)], lr=0.1)
    >>> sched = gg.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.1, 0.1, 0.05, 0.05, 0.025]
    """

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        if not (isinstance(step_size, int) and step_size > 0):
            raise ValueError(f"StepLR: step_size must be a positive integer, got {step_size!r}")
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._lrs()
        return [lr * self.gamma for lr in self._lrs()]

    def _get_closed_form_lr(self):
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Multiply the lr by ``gamma`` at each milestone: lr = base_lr · gamma^(milestones passed)."""

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        milestones = list(milestones)
        if milestones != sorted(milestones):
            raise ValueError(f"MultiStepLR: milestones must be increasing, got {milestones}")
        self.milestones, self.gamma = Counter(milestones), gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch not in self.milestones:
            return self._lrs()
        return [lr * self.gamma ** self.milestones[self.last_epoch] for lr in self._lrs()]

    def _get_closed_form_lr(self):
        n = bisect_right(sorted(self.milestones.elements()), self.last_epoch)
        return [base * self.gamma**n for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """lr = base_lr · gamma^epoch."""

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._is_initial:
            return self._lrs()
        return [lr * self.gamma for lr in self._lrs()]

    def _get_closed_form_lr(self):
        return [base * self.gamma**self.last_epoch for base in self.base_lrs]


class LinearLR(LRScheduler):
    """Scale the lr linearly from ``start_factor`` to ``end_factor`` over ``total_iters`` epochs, then hold."""

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1):
        if not 0 < start_factor <= 1 or not 0 <= end_factor <= 1:
            raise ValueError(f"LinearLR: start_factor must be in (0, 1] and end_factor in [0, 1], got "
                             f"{start_factor} and {end_factor}")
        if not (isinstance(total_iters, int) and total_iters > 0):
            raise ValueError(f"LinearLR: total_iters must be a positive integer, got {total_iters!r}")
        self.start_factor, self.end_factor, self.total_iters = start_factor, end_factor, total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return [lr * self.start_factor for lr in self._lrs()]
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._lrs()
        d = self.end_factor - self.start_factor
        f = 1.0 + d / (self.total_iters * self.start_factor + (self.last_epoch - 1) * d)
        return [lr * f for lr in self._lrs()]

    def _get_closed_form_lr(self):
        f = self.start_factor + (self.end_factor - self.start_factor) * min(self.total_iters, self.last_epoch) / \
            self.total_iters
        return [base * f for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    """lr = eta_min + (base_lr − eta_min)·(1 + cos(π·epoch/T_max))/2 (SGDR without restarts; period 2·T_max)."""

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not T_max > 0:
            raise ValueError(f"CosineAnnealingLR: T_max must be > 0, got {T_max}")
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t, T, lo = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return self._lrs()
        if self._step_count == 1 and t > 0:  # constructed to resume at last_epoch: closed form
            return [lo + (base - lo) * (1 + math.cos(t * math.pi / T)) / 2 for base in self.base_lrs]
        if (t - 1 - T) % (2 * T) == 0:  # the minimum: the recursive ratio below would divide by zero
            return [lr + (base - lo) * (1 - math.cos(math.pi / T)) / 2 for lr, base in zip(self._lrs(), self.base_lrs)]
        ratio = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
        return [ratio * (lr - lo) + lo for lr in self._lrs()]

    def _get_closed_form_lr(self):
        lo = self.eta_min
        return [lo + (base - lo) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2 for base in self.base_lrs]


class MultiplicativeLR(LRScheduler):
    """Multiply each group's lr by ``lr_lambda(epoch)`` every epoch (one function, or a list with one per group).

    lr_epoch = lr_(epoch−1) · lr_lambda(epoch); the lr at construction is the starting point.
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.lr_lambdas = _lambdas(type(self).__name__, optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._is_initial:
            return self._lrs()
        return [lr * f(self.last_epoch) for lr, f in zip(self._lrs(), self.lr_lambdas)]


class ConstantLR(LRScheduler):
    """Multiply the lr by ``factor`` for the first ``total_iters`` epochs, then restore it.

    lr = base_lr · factor for epoch < total_iters, base_lr after.
    """

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        if not 0 <= factor <= 1:
            raise ValueError(f"ConstantLR: factor must be in [0, 1], got {factor}")
        self.factor, self.total_iters = factor, total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return [lr * self.factor for lr in self._lrs()]
        if self.last_epoch != self.total_iters:
            return self._lrs()
        return [lr * (1.0 / self.factor) for lr in self._lrs()]

    def _get_closed_form_lr(self):
        f = self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor)
        return [base * f for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    """lr = base_lr · (1 − min(epoch, total_iters)/total_iters)^power: a polynomial decay to 0 at ``total_iters``."""

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        self.total_iters, self.power = total_iters, power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._lrs()
        t, T = self.last_epoch, self.total_iters
        f = ((1.0 - t / T) / (1.0 - (t - 1) / T)) ** self.power
        return [lr * f for lr in self._lrs()]

    def _get_closed_form_lr(self):
        f = (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters) ** self.power
        return [base * f for base in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    """SGDR: cosine annealing from base_lr to ``eta_min`` over T_i epochs, then a restart; T_0 first, T_i·T_mult after.

    lr = eta_min + (base_lr − eta_min)·(1 + cos(π·T_cur/T_i))/2, T_cur the epochs since the last
    restart. ``step(epoch)`` takes a fractional epoch (e.g. ``epoch + batch / n_batches`` per batch).
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        if not (isinstance(T_0, int) and T_0 > 0):
            raise ValueError(f"CosineAnnealingWarmRestarts: T_0 must be a positive integer, got {T_0!r}")
        if not (isinstance(T_mult, int) and T_mult >= 1):
            raise ValueError(f"CosineAnnealingWarmRestarts: T_mult must be an integer >= 1, got {T_mult!r}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(f"CosineAnnealingWarmRestarts: eta_min must be a float or int, got {eta_min!r}")
        self.T_0, self.T_i, self.T_mult, self.eta_min = T_0, T_0, T_mult, eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        lo = self.eta_min
        return [lo + (base - lo) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2 for base in self.base_lrs]

    def step(self, epoch=None):
        """Advances one epoch, or, given ``epoch`` (fractional allowed), sets the schedule to that point."""
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur += 1
            if self.T_cur >= self.T_i:
                self.T_cur, self.T_i = self.T_cur % self.T_i, self.T_i * self.T_mult
        elif epoch < 0:
            raise ValueError(f"CosineAnnealingWarmRestarts: epoch must be >= 0, got {epoch}")
        elif epoch >= self.T_0:
            if self.T_mult == 1:
                self.T_cur = epoch % self.T_0
            else:  # the number n of restarts so far: T_0·(T_mult^n − 1)/(T_mult − 1) <= epoch
                n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                self.T_i = self.T_0 * self.T_mult**n
        else:
            self.T_i, self.T_cur = self.T_0, epoch
        self.last_epoch = math.floor(epoch)
        self._set_lrs(self.get_lr())


def _set_momentum(group, use_beta1, momentum):
    if use_beta1:  # Adam's β1 plays momentum's part
        group["betas"] = (momentum, *group["betas"][1:])
    else:
        group["momentum"] = momentum


class _CyclesMomentum(LRScheduler):
    """Shared by CyclicLR and OneCycleLR: momentum (or Adam's β1) cycled inversely to the lr."""

    def _init_momentum(self, optimizer, cycle_momentum, base_momentum, max_momentum, last_epoch):
        name = type(self).__name__
        self.cycle_momentum = cycle_momentum
        if not cycle_momentum:
            return None, None
        if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
            raise ValueError(f"{name}: cycle_momentum=True needs an optimizer with momentum or betas, got "
                             f"{type(optimizer).__name__}")
        self.use_beta1 = "betas" in optimizer.defaults
        base = _per_group(name, "base_momentum", optimizer, base_momentum)
        top = _per_group(name, "max_momentum", optimizer, max_momentum)
        if last_epoch == -1:
            for hi, lo, g in zip(top, base, optimizer.param_groups):
                _set_momentum(g, self.use_beta1, hi)
                g["max_momentum"], g["base_momentum"] = hi, lo
        return base, top


class CyclicLR(_CyclesMomentum):
    """Cyclical learning rates (Smith, 2017): the lr goes from ``base_lr`` up to ``max_lr`` in ``step_size_up``
    steps and back in ``step_size_down``; step it after every batch.

    Policies (``mode``): "triangular" (constant amplitude), "triangular2" (amplitude halved every
    cycle), "exp_range" (amplitude scaled by gamma^iteration); or a custom ``scale_fn`` of the cycle
    number or of the iteration (``scale_mode``). With ``cycle_momentum``, momentum (or Adam's β1)
    goes the other way, from ``max_momentum`` down to ``base_momentum``.
    """

    _not_state = LRScheduler._not_state + ("_scale_fn_custom", "_scale_fn_ref")

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_fn=None, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8,
                 max_momentum=0.9, last_epoch=-1):
        _check_optimizer("CyclicLR", optimizer)
        base_lrs = _per_group("CyclicLR", "base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, g in zip(base_lrs, optimizer.param_groups):
                g["lr"] = lr
        self.max_lrs = _per_group("CyclicLR", "max_lr", optimizer, max_lr)
        step_size_up = float(step_size_up)
        step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
        if not (step_size_up > 0 and step_size_down >= 0):  # PyTorch divides by zero at step_size_up=0
            raise ValueError(f"CyclicLR: step_size_up must be > 0 and step_size_down >= 0, got {step_size_up} and "
                             f"{step_size_down}")
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise ValueError(f"CyclicLR: mode must be 'triangular', 'triangular2' or 'exp_range' (or give scale_fn), "
                             f"got {mode!r}")
        if scale_fn is not None and scale_mode not in ("cycle", "iterations"):
            raise ValueError(f"CyclicLR: scale_mode must be 'cycle' or 'iterations', got {scale_mode!r}")
        self.mode, self.gamma, self.scale_mode = mode, gamma, scale_mode
        self._scale_fn_custom = scale_fn
        self._init_scale_fn()
        self.base_momentums, self.max_momentums = self._init_momentum(optimizer, cycle_momentum, base_momentum,
                                                                      max_momentum, last_epoch)
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _init_scale_fn(self):
        if self._scale_fn_custom is None:  # the built-in modes fix scale_mode, as in PyTorch
            self.scale_mode = "iterations" if self.mode == "exp_range" else "cycle"

    def scale_fn(self, x):
        """The amplitude's scale at ``x`` (the cycle number or the iteration, by ``scale_mode``)."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma**x

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        up = x / self.step_ratio if x <= self.step_ratio else (x - 1) / (self.step_ratio - 1)
        scale = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        lrs = [lo + (hi - lo) * up * scale for lo, hi in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            for g, lo, hi in zip(self.optimizer.param_groups, self.base_momentums, self.max_momentums):
                _set_momentum(g, self.use_beta1, hi - (hi - lo) * up * scale)
        return lrs

    def load_state_dict(self, state_dict):
        """Restores a state from ``state_dict()`` (the scale_fn is the one given at construction)."""
        super().load_state_dict(state_dict)
        self._init_scale_fn()


def _anneal(strategy, start, end, pct):
    """From ``start`` (pct 0) to ``end`` (pct 1): half a cosine or a straight line."""
    if strategy == "cos":
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
    return (end - start) * pct + start


class OneCycleLR(_CyclesMomentum):
    """The 1cycle policy (Smith & Topin, 2018): the lr rises from max_lr/div_factor to ``max_lr`` over
    ``pct_start`` of the steps, then falls to max_lr/(div_factor·final_div_factor); step it after every batch.

    The length is ``total_steps``, or ``epochs · steps_per_epoch``; stepping past it raises
    ValueError. ``anneal_strategy`` is "cos" or "linear"; ``three_phase`` comes back down to the
    initial lr symmetrically before the final descent. With ``cycle_momentum``, momentum (or Adam's
    β1) goes inversely, between ``max_momentum`` and ``base_momentum``.
    """

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
                 anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0,
                 final_div_factor=1e4, three_phase=False, last_epoch=-1):
        _check_optimizer("OneCycleLR", optimizer)
        if total_steps is not None:
            if not (isinstance(total_steps, int) and total_steps > 0):
                raise ValueError(f"OneCycleLR: total_steps must be a positive integer, got {total_steps!r}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            for what, v in (("epochs", epochs), ("steps_per_epoch", steps_per_epoch)):
                if not (isinstance(v, int) and v > 0):
                    raise ValueError(f"OneCycleLR: {what} must be a positive integer, got {v!r}")
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("OneCycleLR: give total_steps, or epochs and steps_per_epoch")
        if not (isinstance(pct_start, float) and 0 <= pct_start <= 1):
            raise ValueError(f"OneCycleLR: pct_start must be a float in [0, 1], got {pct_start!r}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"OneCycleLR: anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}")
        self._anneal_func_type = anneal_strategy
        # Each phase: (last step, lr key at its start, at its end, momentum key at its start, at its end); the
        # keys name per-group values, so that a resumed optimizer carries them.
        up = float(pct_start * self.total_steps) - 1
        if three_phase:
            self._schedule_phases = [(up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                                     (float(2 * pct_start * self.total_steps) - 2, "max_lr", "initial_lr",
                                      "base_momentum", "max_momentum"),
                                     (self.total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
        else:
            self._schedule_phases = [(up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                                     (self.total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")]
        max_lrs = _per_group("OneCycleLR", "max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for top, g in zip(max_lrs, optimizer.param_groups):
                g["initial_lr"] = top / div_factor
                g["max_lr"] = top
                g["min_lr"] = g["initial_lr"] / final_div_factor
        self._init_momentum(optimizer, cycle_momentum, base_momentum, max_momentum, last_epoch)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t = self.last_epoch
        if t > self.total_steps:
            raise ValueError(f"OneCycleLR: stepped {t} times, past total_steps={self.total_steps} (construct it "
                             "with more total_steps, or epochs·steps_per_epoch, to train longer)")
        lrs = []
        for g in self.optimizer.param_groups:
            start = 0.0
            for i, (end, lr0, lr1, m0, m1) in enumerate(self._schedule_phases):
                if t <= end or i == len(self._schedule_phases) - 1:
                    pct = (t - start) / (end - start)
                    lrs.append(_anneal(self._anneal_func_type, g[lr0], g[lr1], pct))
                    if self.cycle_momentum:
                        _set_momentum(g, self.use_beta1, _anneal(self._anneal_func_type, g[m0], g[m1], pct))
                    break
                start = end
        return lrs


class ReduceLROnPlateau(LRScheduler):
    """Multiply the lr by ``factor`` when a metric has not improved for ``patience`` epochs: ``step(metrics)``.

    ``mode`` "min" (a loss) or "max" (an accuracy); an improvement beats the best so far by
    ``threshold``, relative (best·(1 ∓ threshold), ``threshold_mode="rel"``) or absolute
    (best ∓ threshold, "abs"). After a reduction, ``cooldown`` epochs are not counted. The lr never
    goes below ``min_lr`` (one for all groups or one per group), and a reduction smaller than ``eps``
    is skipped. It has no ``get_lr``: the lr depends on the metrics, not on the epoch.
    """

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
                 cooldown=0, min_lr=0, eps=1e-8):
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau: factor must be < 1.0, got {factor}")
        _check_optimizer("ReduceLROnPlateau", optimizer)
        self.factor, self.optimizer = factor, optimizer
        self.default_min_lr = None if isinstance(min_lr, (list, tuple)) else min_lr
        self.min_lrs = _per_group("ReduceLROnPlateau", "min_lr", optimizer, min_lr)
        self.patience, self.cooldown, self.eps = patience, cooldown, eps
        self.last_epoch = 0
        self._last_lr = self._lrs()
        self._init_is_better(mode, threshold, threshold_mode)
        self._reset()

    def _reset(self):
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    def step(self, metrics, epoch=None):
        """Records this epoch's ``metrics`` (a number or a one-element tensor) and reduces the lr if it has stalled."""
        current = float(metrics)
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn("ReduceLROnPlateau.step(metrics, epoch) is deprecated (as in PyTorch): leave out epoch",
                          UserWarning, stacklevel=2)
        self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best, self.num_bad_epochs = current, 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs in cooldown don't count
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0
        self._last_lr = self._lrs()

    def _reduce_lr(self):
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):  # a group was added since construction
            if self.default_min_lr is None:
                raise RuntimeError(f"ReduceLROnPlateau: the optimizer has {len(groups)} parameter groups, min_lrs "
                                   f"{len(self.min_lrs)}: set min_lrs to one per group")
            self.min_lrs = [self.default_min_lr] * len(groups)
        for g, lo in zip(groups, self.min_lrs):
            old = float(g["lr"])
            new = max(old * self.factor, lo)
            if old - new > self.eps:
                g["lr"] = new

    @property
    def in_cooldown(self):
        """Whether the scheduler is in the cooldown after a reduction (bad epochs are not counted)."""
        return self.cooldown_counter > 0

    def _is_better(self, a, best):
        if self.mode == "min":
            return a < best * (1.0 - self.threshold) if self.threshold_mode == "rel" else a < best - self.threshold
        return a > best * (self.threshold + 1.0) if self.threshold_mode == "rel" else a > best + self.threshold

    def _init_is_better(self, mode, threshold, threshold_mode):
        if mode not in ("min", "max"):
            raise ValueError(f"ReduceLROnPlateau: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}")
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode, self.threshold, self.threshold_mode = mode, threshold, threshold_mode

    def load_state_dict(self, state_dict):
        """Restores a state from ``state_dict()``."""
        super().load_state_dict(state_dict)
        self._init_is_better(self.mode, self.threshold, self.threshold_mode)


class _SchedulerList(LRScheduler):
    """Shared by SequentialLR and ChainedScheduler: checks the schedulers and saves their states with its own."""

    _not_state = ("optimizer", "_schedulers")

    def _check_schedulers(self, schedulers, optimizer):
        name = type(self).__name__
        if len(schedulers) < 1:
            raise ValueError(f"{name}: expected at least one scheduler, got none")
        for i, s in enumerate(schedulers):
            if not hasattr(s, "optimizer"):
                raise TypeError(f"{name}: the scheduler at index {i} ({type(s).__name__}) has no optimizer")
            if isinstance(s, ReduceLROnPlateau):
                raise ValueError(f"{name}: ReduceLROnPlateau (index {i}) cannot be combined: its step needs metrics")
            if s.optimizer is not optimizer:
                raise ValueError(f"{name}: the scheduler at index {i} ({type(s).__name__}) belongs to another "
                                 "optimizer; all must share one")

    def state_dict(self):
        """This scheduler's state, with each wrapped scheduler's ``state_dict()`` under ``_schedulers``."""
        state = super().state_dict()
        state["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict):
        """Restores a state from ``state_dict()``, the wrapped schedulers' included."""
        super().load_state_dict(state_dict)
        for s, sd in zip(self._schedulers, state_dict["_schedulers"]):
            s.load_state_dict(sd)


class SequentialLR(_SchedulerList):
    """Run ``schedulers`` one after another: the i-th from epoch ``milestones[i-1]`` on (each restarts at its
    epoch 0 there), e.g. a LinearLR warm-up followed by a CosineAnnealingLR."""

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        schedulers, milestones = list(schedulers), list(milestones)
        self._check_schedulers(schedulers, optimizer)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(f"SequentialLR: expected {len(schedulers) - 1} milestones (one fewer than the "
                             f"schedulers), got {len(milestones)}")
        self._schedulers, self._milestones = schedulers, milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        # Every scheduler stepped once when constructed: start the lrs over and undo those steps, then take
        # the initial step of the one that runs at epoch 0 only.
        for g in optimizer.param_groups:
            g["lr"] = g["initial_lr"]
        self.recursive_undo()
        first = schedulers[bisect_right(milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def recursive_undo(self, sched=None):
        """Takes back the constructor's step of every wrapped scheduler (nested SequentialLRs included)."""
        s = self if sched is None else sched
        if hasattr(s, "_schedulers"):
            for inner in s._schedulers:
                self.recursive_undo(inner)
        elif hasattr(s, "last_epoch"):
            s.last_epoch -= 1

    def step(self):
        """Advances one epoch: steps the scheduler whose turn it is (the next one starts at its epoch 0)."""
        self.last_epoch += 1
        i = bisect_right(self._milestones, self.last_epoch)
        s = self._schedulers[i]
        if i > 0 and self._milestones[i - 1] == self.last_epoch:
            s._update_lr(0)
        else:
            s.step()
        self._last_lr = s.get_last_lr()


class ChainedScheduler(_SchedulerList):
    """Step several chainable schedulers together: one ``step()`` steps each in order, so their factors
    multiply (e.g. a ConstantLR warm-up on top of an ExponentialLR)."""

    def __init__(self, schedulers, optimizer=None):
        schedulers = list(schedulers)
        if len(schedulers) < 1:
            raise ValueError("ChainedScheduler: expected at least one scheduler, got none")
        optimizer = optimizer or schedulers[0].optimizer
        self._check_schedulers(schedulers, optimizer)
        self._schedulers, self.optimizer = schedulers, optimizer
        self._last_lr = self._lrs()

    def step(self):
        """Steps every wrapped scheduler once, in order."""
        for s in self._schedulers:
            s.step()
        self._last_lr = self._lrs()


class LinearDecayLR(LambdaLR):
    """The lecture's linear decay on an optimizer: lr_t = lr_0·(1 − t/T) until step T, then 0."""

    def __init__(self, optimizer, T, last_epoch=-1):
        self.T = T
        super().__init__(optimizer, linear_decay(1.0, T), last_epoch)


class ExponentialDecayLR(LambdaLR):
    """The lecture's exponential decay on an optimizer: lr_t = lr_0·e^(−t/T)."""

    def __init__(self, optimizer, T, last_epoch=-1):
        self.T = T
        super().__init__(optimizer, exponential_decay(1.0, T), last_epoch)
