"""Batch normalisation over the mini-batch (fused kernels), with running statistics for inference."""
from ..._tensor import ones, tensor, zeros
from .. import functional as F
from .. import init
from .module import Module, Parameter


class _BatchNorm(Module):
    """Batch normalisation per channel (dim 1), one fused C++ kernel each way; subclasses fix the
    input's number of dims (``_dims``).

    Training: normalise with the batch mean and biased variance, then gamma (weight) and beta
    (bias); running_mean/running_var are updated as r = (1 - momentum) r + momentum s with the
    unbiased batch variance, or as a cumulative average when ``momentum=None``. Eval: normalise
    with the running statistics (or the batch's, when ``track_running_stats=False``).
    """

    _dims = ()

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, dtype=None):
        super().__init__()
        if not isinstance(num_features, int) or num_features <= 0:
            raise ValueError(f"{type(self).__name__}: num_features must be a positive int, got {num_features!r}")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = Parameter(ones(num_features, dtype=dtype))
            self.bias = Parameter(zeros(num_features, dtype=dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", tensor(0))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self):
        """Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0."""
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)
            self.num_batches_tracked.zero_()

    def forward(self, input):
        """gamma * (x - mean) / sqrt(var + eps) + beta per channel (dim 1): the batch's statistics while
        training (and the running ones updated with ``momentum``), the running statistics in eval mode.
        """
        if input.ndim not in self._dims:
            dims = " or ".join(f"{d}D" for d in self._dims)
            raise ValueError(f"{type(self).__name__}: expected {dims} input (got {input.ndim}D input)")
        if input.shape[1] != self.num_features:
            raise ValueError(f"{type(self).__name__}: input of shape {tuple(input.shape)} has {input.shape[1]} "
                             f"channels, expected {self.num_features}")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked += 1  # one in-place C++ call, no round trip through Python
            if self.momentum is None:  # cumulative moving average
                factor = 1.0 / int(self.num_batches_tracked.item())
        use_batch_stats = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None, self.running_var if track else None,
                            self.weight, self.bias, use_batch_stats, factor, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"track_running_stats={self.track_running_stats}")

class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, statistics per channel C over N (and L)."""

    _dims = (2, 3)

class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) inputs, statistics per channel C over N, H and W (the
    same kernel as BatchNorm1d on (N, C, H * W))."""

    _dims = (4,)
