"""SyncBatchNorm: batch normalisation whose batch statistics span every rank's mini-batch.

Forward: each rank computes per channel the sum of its samples and the sum of squared deviations
from its own mean, and counts its samples; one all-gather of [sums, squared deviations, count]
lets every rank combine them into the global mean and biased variance (Chan et al.'s pairwise
update: M2 = sum of the ranks' M2 + sum of n_r (mean_r - mean)^2), so every rank normalises
as one process would on the concatenated batch. Summing raw sums of squares instead would lose
the variance to cancellation when the mean is large against the spread (float32, mean 100,
std 1: output off by 2.5e-3). Backward: the gradient reaching the gathered table (ranks x 2
channels-wide rows) is summed over ranks in one all-reduce before it flows back into this rank's
row and so into the local input: the derivative of the loss summed over ranks, as in PyTorch's
SyncBatchNorm. Eval mode, and a single-process world, use the fused BatchNorm1d kernel.
"""
import numpy as np

from .. import _core
from .._tensor import from_numpy
from ..autograd import no_grad
from ..nn.modules import BatchNorm1d, Module
from . import _allgather_array, all_reduce, rank, world_size


def _sum_over_ranks(grad):
    # A copy: the incoming gradient may be shared with other parts of the graph.
    out = from_numpy(np.array(grad.detach().numpy(), order="C"))
    return all_reduce(out, "sum")


class SyncBatchNorm(BatchNorm1d):
    """BatchNorm1d over (N, C) or (N, C, L) inputs with statistics synchronised across ranks."""

    def forward(self, input):
        """Batch normalisation with the mean and variance over every rank's batch while training (one
        all-reduce each way); as BatchNorm in eval mode or with one rank.
        """
        if not self.training or world_size() == 1:
            return super().forward(input)
        c = self.num_features
        if input.ndim not in (2, 3) or input.shape[1] != c:
            raise ValueError(f"SyncBatchNorm: expected input of shape (N, {c}) or (N, {c}, L), "
                             f"got {tuple(input.shape)}")
        x = input if input.ndim == 2 else input.transpose(1, 2).reshape(-1, c)
        n_local = x.shape[0]
        local_sum = x.sum(0)
        centred = x - local_sum / max(n_local, 1)
        local = _core.cat([local_sum, (centred * centred).sum(0)]).reshape(1, 2 * c)
        local_np = local.detach().numpy().reshape(-1)
        rows = _allgather_array(np.append(local_np, local_np.dtype.type(n_local)))
        counts = rows[:, 2 * c:]  # (ranks, 1)
        n = int(round(float(counts.sum())))
        if n < 2:
            raise ValueError(f"SyncBatchNorm: expected more than 1 value per channel when training, got {n} "
                             f"across all ranks (input {tuple(input.shape)})")
        # The gathered table as a function of this rank's input (the other rows are constants);
        # _grad_hook sums its gradient over ranks on the way back.
        me = rank()
        table = _core.cat([from_numpy(rows[:me, :2 * c].copy()), local, from_numpy(rows[me + 1:, :2 * c].copy())])
        table = _core._grad_hook(table, _sum_over_ranks)
        sums, m2 = table[:, :c], table[:, c:]
        mean = sums.sum(0) / n
        deviation = sums / from_numpy(np.maximum(counts, 1)) - mean  # each rank's mean minus the global one
        var = (m2.sum(0) + (deviation * deviation * from_numpy(counts.copy())).sum(0)) / n
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
