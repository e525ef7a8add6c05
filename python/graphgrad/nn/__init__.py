"""Neural-network building blocks with PyTorch's names: ``Module`` and layers, ``functional``
(stateless ops) and ``init`` (weight initialisation)."""
from . import functional, init
from .modules import (
    BatchNorm1d, BatchNorm2d, BCEWithLogitsLoss, CrossEntropyLoss, Dropout, Flatten, HuberLoss, Identity, L1Loss, LeakyReLU,
    Linear, LogSoftmax, Module, ModuleList, MSELoss, NLLLoss, Parameter, ReLU, Sequential, Sigmoid, SmoothL1Loss,
    Softmax, Tanh,
)
from .modules import ELU, GELU, Embedding, SiLU, Softplus
from . import utils

# ---- the PyTorch surface (issue 17): containers, more activations and losses ----
from .container import ModuleDict, ParameterDict, ParameterList
from .more_modules import *  # noqa: F401,F403


def __getattr__(name):
    """``gg.nn.SyncBatchNorm`` (PyTorch's place for it) is defined in ``gg.distributed``, which
    builds on nn: it is imported on first use, so nn never imports distributed."""
    if name == "SyncBatchNorm":
        from ..distributed import SyncBatchNorm
        return SyncBatchNorm
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
