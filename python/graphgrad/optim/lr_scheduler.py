"""Learning-rate schedules (PyTorch's ``torch.optim.lr_scheduler``) and the lecture's two decays.

A scheduler sets ``group['lr']`` of every parameter group of its optimizer; call ``step()`` once
per epoch (or per iteration), after ``optimizer.step()``. Like PyTorch's, the built-in schedules
are chainable: each ``step`` derives the new lr from the group's current one, so two schedulers
on the same optimizer compose. ``get_last_lr()`` returns the lrs last set.

The lecture's schedules, by name:
    ``linear_decay(eta0, T)``:      η_t = η0·(1 − t/T) for t ≤ T, then 0       → ``LinearDecayLR``
    ``exponential_decay(eta0, T)``: η_t = η0·e^(−t/T)                          → ``ExponentialDecayLR``
"""
import math
import warnings
from bisect import bisect_right
from collections import Counter

from .optimizer import Optimizer

__all__ = ["LRScheduler", "LambdaLR", "StepLR", "MultiStepLR", "LinearLR", "ExponentialLR", "CosineAnnealingLR",
           "LinearDecayLR", "ExponentialDecayLR", "linear_decay", "exponential_decay"]


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
