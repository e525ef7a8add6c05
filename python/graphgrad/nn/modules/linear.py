"""Identity, Flatten and Linear (one fused op: x @ W.T + b)."""

from ..._tensor import empty
from .. import functional as F
from .. import init
from .module import Module, Parameter


class Identity(Module):
    """Returns its input unchanged (a placeholder layer); accepts and ignores any constructor arguments."""
    def forward(self, input):
        """Returns ``input`` itself, unchanged."""
        return input

class Flatten(Module):
    """Flattens dims start_dim..end_dim into one: (N, C, H, W) -> (N, C·H·W) by default."""
    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        """The input with dims start_dim..end_dim merged: ``input.flatten(start_dim, end_dim)``."""
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"

class Linear(Module):
    """y = x W^T + b with W of shape (out_features, in_features), as in PyTorch.

    Default initialisation (PyTorch's): W and b ~ U[-1/sqrt(in_features), 1/sqrt(in_features)].
    PyTorch states it as kaiming_uniform_(W, a=sqrt(5)), whose bound gain * sqrt(3 / fan_in)
    with gain = sqrt(2 / (1 + 5)) is exactly 1/sqrt(fan_in): the lecture's classic init.

    >>> layer = gg.nn.Linear(3, 2)
    >>> layer.weight.shape, layer(gg.randn(5, 3)).shape
    ((2, 3), (5, 2))
    """

    def __init__(self, in_features, out_features, bias=True, dtype=None):
        super().__init__()
        for n, v in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(v, int) or v < 0:
                raise ValueError(f"Linear: {n} must be a non-negative int, got {v!r}")
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(empty(out_features, in_features, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-draws weight and bias from U(-1/sqrt(in_features), 1/sqrt(in_features)), PyTorch's default."""
        init._default_layer_init_(self.weight, self.bias)

    def forward(self, input):
        """input @ weight.T + bias: (*, in_features) -> (*, out_features)."""
        p = self._parameters  # self.weight would miss the instance dict and go through Module.__getattr__ (~2 µs)
        return F.linear(input, p["weight"], p["bias"])

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class NonDynamicallyQuantizableLinear(Linear):
    """PyTorch's class of MultiheadAttention's ``out_proj``: a Linear (the name exists so that a
    pickled model, or a safe_globals list, that names it finds it here, as in torch.nn.modules.linear)."""
