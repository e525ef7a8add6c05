"""SyncBatchNorm: batch normalisation whose batch statistics span every rank's mini-batch.

Forward: each rank sums its samples per channel (sum and sum of squares) and counts them; one
all-reduce of [sums, sums of squares, count] gives the global mean and biased variance, so every
rank normalises exactly as one process would on the concatenated batch. Backward: the gradients
reaching the two per-channel sums are all-reduced (one message) before flowing back into the
local input, which is the derivative of the loss summed over ranks, as in PyTorch's
SyncBatchNorm. Eval mode, and a single-process world, use the fused BatchNorm1d kernel.
"""
import numpy as np

from .. import _core
from .._tensor import from_numpy
from ..autograd import no_grad
from ..nn.modules import BatchNorm1d, Module
from . import all_reduce, world_size


def _sum_over_ranks(grad):
    # A copy: the incoming gradient may be shared with other parts of the graph.
    out = from_numpy(np.array(grad.detach().numpy(), order="C"))
    return all_reduce(out, "sum")


class SyncBatchNorm(BatchNorm1d):
    """BatchNorm1d over (N, C) or (N, C, L) inputs with statistics synchronised across ranks."""

    def forward(self, input):
        if not self.training or world_size() == 1:
            return super().forward(input)
        c = self.num_features
        if input.ndim not in (2, 3) or input.shape[1] != c:
            raise ValueError(f"SyncBatchNorm: expected input of shape (N, {c}) or (N, {c}, L), "
                             f"got {tuple(input.shape)}")
        x = input if input.ndim == 2 else input.transpose(1, 2).reshape(-1, c)
        local = _core.cat([x.sum(0), (x * x).sum(0)])
        local_np = local.detach().numpy()
        totals = np.empty(2 * c + 1, dtype=local_np.dtype)
        totals[:2 * c] = local_np
        totals[2 * c] = x.shape[0]
        all_reduce(from_numpy(totals), "sum")
        n = int(round(float(totals[2 * c])))
        if n < 2:
            raise ValueError(f"SyncBatchNorm: expected more than 1 value per channel when training, got {n} "
                             f"across all ranks (input {tuple(input.shape)})")
        # The global sums as a function of this rank's input: the other ranks' part is a constant,
        # and _grad_hook sums the gradient over ranks on its way back.
        others = from_numpy(totals[:2 * c] - local_np)
        stats = (_core._grad_hook(local, _sum_over_ranks) + others).reshape(2, c)
        mean = stats[0] / n
        var = _core.clamp(stats[1] / n - mean * mean, 0.0, None)
        scale = (var + self.eps) ** -0.5
        if self.weight is not None:
            scale = scale * self.weight
        shift = -mean * scale if self.bias is None else self.bias - mean * scale
        y = x * scale + shift
        if self.track_running_stats:
            self._update_running_stats(mean.detach(), var.detach() * (n / (n - 1)))
        return y if input.ndim == 2 else y.reshape(input.shape[0], -1, c).transpose(1, 2)

    def _update_running_stats(self, mean, unbiased_var):
        with no_grad():
            self.num_batches_tracked.fill_(int(self.num_batches_tracked.item()) + 1)
            f = 1.0 / int(self.num_batches_tracked.item()) if self.momentum is None else self.momentum
            self.running_mean.copy_(self.running_mean * (1.0 - f) + mean * f)
            self.running_var.copy_(self.running_var * (1.0 - f) + unbiased_var * f)

    @classmethod
    def convert_sync_batchnorm(cls, module):
        """``module`` with every BatchNorm1d replaced by a SyncBatchNorm sharing its parameters and
        running statistics (so an optimizer built before the conversion keeps working)."""
        if isinstance(module, BatchNorm1d) and not isinstance(module, cls):
            sync = cls(module.num_features, module.eps, module.momentum, module.affine, module.track_running_stats)
            for registry in ("_parameters", "_buffers"):
                getattr(sync, registry).update(getattr(module, registry))
            sync.train(module.training)
            return sync
        if isinstance(module, Module):
            for name, child in list(module._modules.items()):
                if child is not None:
                    module._modules[name] = cls.convert_sync_batchnorm(child)
        return module


convert_sync_batchnorm = SyncBatchNorm.convert_sync_batchnorm
