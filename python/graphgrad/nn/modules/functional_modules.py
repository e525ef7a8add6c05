"""Module forms of the activations in nn/functional_activation.py and the losses in
nn/functional_loss.py, as ``torch.nn`` names them."""
import inspect

from .. import functional_activation as A
from .. import functional as F
from .. import functional_loss as L
from .activation import _Activation
from .loss import _Loss
from .module import Module, Parameter
from ..._device import _as_device
from ..._tensor import full

__all__ = ["ReLU6", "Hardtanh", "Hardswish", "Hardsigmoid", "SELU", "CELU", "Mish", "Softsign", "Softmin", "GLU",
           "Threshold", "Tanhshrink", "Softshrink", "Hardshrink", "PReLU", "RReLU", "BCELoss", "KLDivLoss", "CosineSimilarity",
           "PairwiseDistance", "MarginRankingLoss", "CosineEmbeddingLoss", "TripletMarginLoss", "PoissonNLLLoss",
           "GaussianNLLLoss", "LogSigmoid", "Softmax2d", "SoftMarginLoss", "MultiLabelSoftMarginLoss",
           "HingeEmbeddingLoss", "MultiMarginLoss", "MultiLabelMarginLoss"]


def _activation(name, fn, **defaults):
    """A module class calling ``fn(input, **settings)``, whose settings (and PyTorch's ``inplace``,
    accepted and computed out of place) have the given defaults and may be passed positionally."""
    names = list(defaults)

    def __init__(self, *args, **kwargs):
        if len(args) > len(names):
            raise TypeError(f"{name}() takes at most {len(names)} positional arguments, got {len(args)}")
        settings = dict(defaults)
        settings.update(zip(names, args))
        for k in kwargs:
            if k not in defaults:
                raise TypeError(f"{name}() got an unexpected keyword argument {k!r}")
        settings.update(kwargs)
        _Activation.__init__(self, **settings)

    P = inspect.Parameter
    __init__.__signature__ = inspect.Signature([P("self", P.POSITIONAL_OR_KEYWORD)] + [
        P(k, P.POSITIONAL_OR_KEYWORD, default=v) for k, v in defaults.items()])
    return type(name, (_Activation,), {"_fn": staticmethod(fn), "__init__": __init__, "__doc__": fn.__doc__})


ReLU6 = _activation("ReLU6", A.relu6, inplace=False)
Hardtanh = _activation("Hardtanh", A.hardtanh, min_val=-1.0, max_val=1.0, inplace=False)
Hardswish = _activation("Hardswish", A.hardswish, inplace=False)
Hardsigmoid = _activation("Hardsigmoid", A.hardsigmoid, inplace=False)
SELU = _activation("SELU", A.selu, inplace=False)
CELU = _activation("CELU", A.celu, alpha=1.0, inplace=False)
Mish = _activation("Mish", A.mish, inplace=False)
Softsign = _activation("Softsign", A.softsign)
Softmin = _activation("Softmin", A.softmin, dim=None)
GLU = _activation("GLU", A.glu, dim=-1)
Threshold = _activation("Threshold", A.threshold, threshold=0.0, value=0.0, inplace=False)
Tanhshrink = _activation("Tanhshrink", A.tanhshrink)
Softshrink = _activation("Softshrink", A.softshrink, lambd=0.5)
Hardshrink = _activation("Hardshrink", A.hardshrink, lambd=0.5)
LogSigmoid = _activation("LogSigmoid", F.logsigmoid)


class Softmax2d(Module):
    """softmax over the channels of (N, C, H, W) or (C, H, W): at every position the C values sum to 1."""

    def forward(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected a 3-D or 4-D input, got shape {tuple(input.shape)}")
        return F.softmax(input, -3)


class PReLU(Module):
    """``prelu`` with a learnt slope for the negative part: one for all channels
    (``num_parameters=1``) or one per channel, initialised to ``init``."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        _as_device("PReLU", device)
        if not isinstance(num_parameters, int) or num_parameters < 1:
            raise ValueError(f"PReLU: num_parameters must be a positive int, got {num_parameters!r}")
        self.num_parameters = num_parameters
        self.weight = Parameter(full((num_parameters,), float(init), dtype=dtype))

    def forward(self, input):
        return A.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """``rrelu``: negative inputs scaled by a slope drawn from [lower, upper] per entry in training,
    by their mean in evaluation. ``inplace`` is accepted and computed out of place."""

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return A.rrelu(input, self.lower, self.upper, self.training)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}"


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities: -w [y log x + (1 - y) log(1 - x)]; input and target of one shape."""
    _fn = staticmethod(L.binary_cross_entropy)

    def __init__(self, weight=None, *, reduction="mean"):
        super().__init__(reduction=reduction, weight=weight)


class KLDivLoss(_Loss):
    """Kullback-Leibler divergence target * (log target - input), input given as log-probabilities;
    ``reduction='batchmean'`` divides the sum by the batch size (the true KL divergence).
    """
    _fn = staticmethod(L.kl_div)

    def __init__(self, *, reduction="mean", log_target=False):
        if reduction == "batchmean":  # only kl_div has it
            super().__init__(reduction="mean", log_target=log_target)
            self.reduction = "batchmean"
        else:
            super().__init__(reduction=reduction, log_target=log_target)


class SoftMarginLoss(_Loss):
    """log(1 + exp(-y x)) for targets y in {1, -1}."""
    _fn = staticmethod(L.soft_margin_loss)


class MultiLabelSoftMarginLoss(_Loss):
    """Per-class logistic loss averaged over the classes; input and target (N, C), target in {0, 1}."""
    _fn = staticmethod(L.multilabel_soft_margin_loss)

    def __init__(self, weight=None, *, reduction="mean"):
        super().__init__(reduction=reduction, weight=weight)


class HingeEmbeddingLoss(_Loss):
    """x where y = 1, max(0, margin - x) where y = -1."""
    _fn = staticmethod(L.hinge_embedding_loss)

    def __init__(self, margin=1.0, *, reduction="mean"):
        super().__init__(reduction=reduction, margin=margin)


class MultiMarginLoss(_Loss):
    """The multi-class hinge loss: input (N, C) scores, target (N,) class indices."""
    _fn = staticmethod(L.multi_margin_loss)

    def __init__(self, p=1, margin=1.0, weight=None, *, reduction="mean"):
        if p not in (1, 2):
            raise ValueError(f"MultiMarginLoss: only p = 1 and p = 2 are supported, got {p}")
        super().__init__(reduction=reduction, p=p, margin=margin, weight=weight)


class MultiLabelMarginLoss(_Loss):
    """The multi-label hinge loss: target (N, C) of class indices, each sample's labels those before its first -1."""
    _fn = staticmethod(L.multilabel_margin_loss)


class PoissonNLLLoss(_Loss):
    """Poisson negative log-likelihood: exp(input) - target * input with ``log_input`` (else input - target log(input + eps)).
    """
    _fn = staticmethod(L.poisson_nll_loss)

    def __init__(self, log_input=True, full=False, eps=1e-8, *, reduction="mean"):
        super().__init__(reduction=reduction, log_input=log_input, full=full, eps=eps)


class GaussianNLLLoss(Module):
    """Gaussian negative log-likelihood 0.5 (log var + (input - target)^2 / var) (+ 0.5 log 2 pi with ``full``)."""
    def __init__(self, *, full=False, eps=1e-6, reduction="mean"):
        super().__init__()
        self.full, self.eps, self.reduction = full, eps, reduction

    def forward(self, input, target, var):
        """The loss of ``input`` (the predicted means) against ``target`` with predicted variances ``var``."""
        return L.gaussian_nll_loss(input, target, var, self.full, self.eps, reduction=self.reduction)


class _Triple(Module):
    """A loss of three tensors (two inputs and a target, or anchor/positive/negative)."""
    _fn = None

    def __init__(self, reduction="mean", **options):
        super().__init__()
        self.reduction, self.options = reduction, options

    def forward(self, a, b, c):
        """The loss of the three tensors, with this module's margin and reduction."""
        return type(self)._fn(a, b, c, reduction=self.reduction, **self.options)


class MarginRankingLoss(_Triple):
    """max(0, -y (x1 - x2) + margin): x1 should rank above x2 where y = 1, below where y = -1."""
    _fn = staticmethod(L.margin_ranking_loss)

    def __init__(self, margin=0.0, *, reduction="mean"):
        super().__init__(reduction, margin=margin)


class CosineEmbeddingLoss(_Triple):
    """1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1; x1, x2 (N, D), y (N,)."""
    _fn = staticmethod(L.cosine_embedding_loss)

    def __init__(self, margin=0.0, *, reduction="mean"):
        super().__init__(reduction, margin=margin)


class TripletMarginLoss(_Triple):
    """max(0, d(a, p) - d(a, n) + margin) with d the p-norm distance: anchor, positive, negative (N, D)."""
    _fn = staticmethod(L.triplet_margin_loss)

    def __init__(self, margin=1.0, p=2.0, eps=1e-6, swap=False, *, reduction="mean"):
        super().__init__(reduction, margin=margin, p=p, eps=eps, swap=swap)


class CosineSimilarity(Module):
    """x1 . x2 / max(|x1| |x2|, eps) along ``dim``: (N, D) and (N, D) -> (N,)."""
    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        """The cosine similarity of x1 and x2 along ``dim``."""
        return L.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """|x1 - x2 + eps|_p along the last dim: (N, D) and (N, D) -> (N,) ((N, 1) with keepdim)."""
    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.p, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1, x2):
        """The p-norm distance between the rows of x1 and x2."""
        return L.pairwise_distance(x1, x2, self.p, self.eps, self.keepdim)
