"""Convolution layers with PyTorch's names, parameters (``weight``, ``bias``, same shapes) and
default initialisation, so that state_dicts load both ways."""

from ..._tensor import empty
from .. import functional as F
from .. import init
from ..functional_conv import _ntuple
from .module import Module, Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """Shared by the convolutions; ``_dims`` is the number of spatial dims.

    Initialisation (PyTorch's): weight ~ kaiming_uniform_(a=sqrt(5)), i.e. U[-1/sqrt(fan_in),
    1/sqrt(fan_in)] with fan_in = weight.shape[1] * prod(kernel_size), and bias ~ the same bound.
    """

    _dims = 2
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", dtype=None, output_padding=0):
        super().__init__()
        name, S = type(self).__name__, self._dims
        for n, v in (("in_channels", in_channels), ("out_channels", out_channels), ("groups", groups)):
            if not isinstance(v, int) or v < (1 if n == "groups" else 0):
                raise ValueError(f"{name}: {n} must be a {'positive' if n == 'groups' else 'non-negative'} int, got {v!r}")
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"{name}: in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible "
                             f"by groups ({groups})")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"{name}: padding_mode must be one of {', '.join(_PADDING_MODES)}, got {padding_mode!r}")
        if self._transposed and padding_mode != "zeros":
            raise ValueError(f"{name}: only padding_mode='zeros' is supported, got {padding_mode!r}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = _ntuple(kernel_size, S, "kernel_size", name)
        self.stride = _ntuple(stride, S, "stride", name)
        self.dilation = _ntuple(dilation, S, "dilation", name)
        self.output_padding = _ntuple(output_padding, S, "output_padding", name)
        self.padding_mode = padding_mode
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"{name}: padding must be 'same', 'valid', an int or a tuple, got {padding!r}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{name}: padding='same' is not supported for strided convolutions")
            self.padding = padding
            total = [d * (k - 1) for d, k in zip(self.dilation, self.kernel_size)] if padding == "same" else [0] * S
            pairs = [(t // 2, t - t // 2) for t in total]
        else:
            self.padding = _ntuple(padding, S, "padding", name)
            pairs = [(p, p) for p in self.padding]
        # F.pad's order (last dim first) for the non-zero padding modes
        self._reversed_padding_repeated_twice = tuple(v for pair in reversed(pairs) for v in pair)
        shape = ((in_channels, out_channels // groups) if self._transposed else (out_channels, in_channels // groups))
        self.weight = Parameter(empty(*shape, *self.kernel_size, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-draws weight and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default
        (kaiming_uniform_ with a=sqrt(5))."""
        init._default_layer_init_(self.weight, self.bias)

    def extra_repr(self):
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * self._dims:
            s += f", padding={self.padding!r}" if isinstance(self.padding, str) else f", padding={self.padding}"
        if self.dilation != (1,) * self._dims:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self._dims:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode!r}"
        return s


class _Conv(_ConvNd):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                         dtype)

    def forward(self, input):
        """The convolution of input (N, C_in, *spatial) (or unbatched (C_in, *spatial)) -> (N, C_out, *spatial_out).
        """
        fn = (F.conv1d, F.conv2d, F.conv3d)[self._dims - 1]
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return fn(padded, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
        return fn(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)


class Conv1d(_Conv):
    """1-D convolution over (N, C_in, L) inputs; weight (C_out, C_in / groups, k)."""
    _dims = 1


class Conv2d(_Conv):
    """2-D convolution over (N, C_in, H, W) inputs; weight (C_out, C_in / groups, kH, kW), bias (C_out,)."""
    _dims = 2


class Conv3d(_Conv):
    """3-D convolution over (N, C_in, D, H, W) inputs."""
    _dims = 3


class _ConvTranspose(_ConvNd):
    _transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", dtype=None):
        if isinstance(padding, str):
            raise ValueError(f"{type(self).__name__}: padding must be an int or a tuple, got {padding!r}")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                         dtype, output_padding)

    def _output_padding(self, input, output_size):
        """output_padding that makes the output ``output_size`` (PyTorch's forward(input, output_size))."""
        if output_size is None:
            return self.output_padding
        S = self._dims
        size = tuple(int(v) for v in output_size)[-S:]
        if len(size) != S:
            raise ValueError(f"{type(self).__name__}: output_size must have {S} spatial sizes, got {output_size!r}")
        pads = []
        for d in range(S):
            smallest = ((input.shape[input.ndim - S + d] - 1) * self.stride[d] - 2 * self.padding[d]
                        + self.dilation[d] * (self.kernel_size[d] - 1) + 1)
            if not smallest <= size[d] < smallest + self.stride[d]:
                raise ValueError(f"{type(self).__name__}: output_size {tuple(size)} is not reachable: spatial dim {d} "
                                 f"must be in [{smallest}, {smallest + self.stride[d] - 1}]")
            pads.append(size[d] - smallest)
        return tuple(pads)

    def forward(self, input, output_size=None):
        """The transposed convolution of input (N, C_in, *spatial) -> (N, C_out, *spatial_out); ``output_size``
        picks the output padding when the size is ambiguous.
        """
        fn = (F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d)[self._dims - 1]
        return fn(input, self.weight, self.bias, self.stride, self.padding, self._output_padding(input, output_size),
                  self.groups, self.dilation)


class ConvTranspose1d(_ConvTranspose):
    """Transposed 1-D convolution; weight (C_in, C_out / groups, k)."""
    _dims = 1


class ConvTranspose2d(_ConvTranspose):
    """Transposed 2-D convolution; weight (C_in, C_out / groups, kH, kW)."""
    _dims = 2


class ConvTranspose3d(_ConvTranspose):
    """Transposed 3-D convolution; weight (C_in, C_out / groups, kD, kH, kW)."""
    _dims = 3
