"""Neural-network building blocks with PyTorch's names: ``Module`` and layers, ``functional``
(stateless ops) and ``init`` (weight initialisation)."""
import importlib.util

from . import functional, init
from .modules import (
    BatchNorm1d, BCEWithLogitsLoss, CrossEntropyLoss, Dropout, Flatten, HuberLoss, Identity, L1Loss, LeakyReLU,
    Linear, LogSoftmax, Module, ModuleList, MSELoss, NLLLoss, Parameter, ReLU, Sequential, Sigmoid, SmoothL1Loss,
    Softmax, Tanh,
)

if importlib.util.find_spec(__name__ + ".utils") is not None:
    # clip_grad_norm_ and friends: nn/utils.py, written with the optimizers.
    from . import utils
