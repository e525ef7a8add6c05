"""Dropout (PyTorch's p is the drop probability; the lecture's keep probability is 1 - p)."""
from .. import functional as F
from .module import Module


class Dropout(Module):
    """Zeroes units with probability ``p`` (the drop probability, as in PyTorch; the lecture's
    keep probability is 1 - p) and scales kept ones by 1/(1 - p); the identity in eval mode.

    >>> drop = gg.nn.Dropout(p=0.2)     # the lecture's "keep probability 0.8"
    >>> drop.eval()(gg.ones(3))           # eval mode: the identity
    tensor([1., 1., 1.])
    """

    def __init__(self, p=0.5):
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"Dropout: probability p must be in [0, 1], got {p}")
        self.p = p

    def forward(self, input):
        """While training, input * mask / (1 - p) with mask ~ Bernoulli(1 - p) per element; ``input`` in eval mode."""
        return F.dropout(input, self.p, self.training)

    def extra_repr(self):
        return f"p={self.p}"
