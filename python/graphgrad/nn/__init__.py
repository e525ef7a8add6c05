"""Neural-network building blocks with PyTorch's names: ``Module`` and layers (``nn/modules/``, one
file per family), ``functional`` (stateless ops), ``init`` (weight initialisation) and ``utils``
(gradient clipping, packed sequences)."""
from . import functional, init, utils
from .modules import *  # noqa: F401,F403


def __getattr__(name):
    """``gg.nn.SyncBatchNorm`` (PyTorch's place for it) is defined in ``gg.distributed``, which
    builds on nn: it is imported on first use, so nn never imports distributed."""
    if name == "SyncBatchNorm":
        from ..distributed import SyncBatchNorm
        return SyncBatchNorm
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
