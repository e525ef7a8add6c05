"""Loss modules: each wraps its nn.functional loss with the reduction and options."""
from ..._core import Tensor
from .. import functional as F
from .module import Module


class _Loss(Module):
    """A loss function as a module: forward(input, target) calls the functional form with the
    reduction and options given at construction (keyword-only, as in functional.py)."""

    _fn = None

    def __init__(self, *, reduction="mean", **options):
        super().__init__()
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"{type(self).__name__}: reduction must be 'none', 'mean' or 'sum', got {reduction!r}")
        self.reduction, self.options = reduction, options

    def forward(self, input, target):
        """The loss of ``input`` against ``target`` with this module's reduction ('mean', 'sum' or 'none')."""
        return type(self)._fn(input, target, reduction=self.reduction, **self.options)

    def extra_repr(self):
        return ", ".join([f"reduction={self.reduction!r}"] + [f"{k}={v!r}" for k, v in self.options.items()
                                                               if not isinstance(v, Tensor)])

class CrossEntropyLoss(_Loss):
    """F.cross_entropy as a module; ``weight`` (per class) is kept as a buffer, as in PyTorch."""

    def __init__(self, weight=None, *, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction=reduction, ignore_index=ignore_index, label_smoothing=label_smoothing)
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        """F.cross_entropy(input, target): input (N, C) logits or (C,), target (N,) class indices or (N, C) probabilities.
        """
        return F.cross_entropy(input, target, self.weight, reduction=self.reduction, **self.options)

class NLLLoss(_Loss):
    """-weight[target[n]] * input[n, target[n]] averaged (or summed): input (N, C) log-probabilities,
    target (N,) class indices; ``weight`` (per class) is kept as a buffer, as in PyTorch."""

    def __init__(self, weight=None, *, ignore_index=-100, reduction="mean"):
        super().__init__(reduction=reduction, ignore_index=ignore_index)
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        """The loss of input (N, C) log-probabilities at target (N,) class indices."""
        return F.nll_loss(input, target, self.weight, reduction=self.reduction, **self.options)

class MSELoss(_Loss):
    """mean((input - target)^2): the squared error; input and target of the same (broadcastable) shape."""
    _fn = staticmethod(F.mse_loss)

class L1Loss(_Loss):
    """mean(|input - target|): the absolute error; input and target of the same (broadcastable) shape."""
    _fn = staticmethod(F.l1_loss)

class SmoothL1Loss(_Loss):
    """0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta, with d = input - target; any shape."""
    _fn = staticmethod(F.smooth_l1_loss)

    def __init__(self, *, reduction="mean", beta=1.0):
        super().__init__(reduction=reduction, beta=beta)

class HuberLoss(_Loss):
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta), with d = input - target; any shape."""
    _fn = staticmethod(F.huber_loss)

    def __init__(self, *, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction, delta=delta)

class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits, -[y log sigma(x) + (1 - y) log(1 - sigma(x))], without overflow; any shape."""
    _fn = staticmethod(F.binary_cross_entropy_with_logits)

    def __init__(self, *, weight=None, reduction="mean", pos_weight=None):
        super().__init__(reduction=reduction, weight=weight, pos_weight=pos_weight)
