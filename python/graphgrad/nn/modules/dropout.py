"""Dropout (PyTorch's p is the drop probability; the lecture's keep probability is 1 - p)."""
from .. import functional as F
from .module import Module


class Dropout(Module):
    """Zeroes units with probability ``p`` (the drop probability, as in PyTorch; the lecture's
    keep probability is 1 - p) and scales kept ones by 1/(1 - p); the identity in eval mode."""

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
