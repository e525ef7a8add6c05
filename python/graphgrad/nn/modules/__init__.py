"""The layers, one file per family as in torch.nn.modules; graphgrad.nn re-exports them."""
from .module import Parameter, Module
from .container import Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict
from .linear import Identity, Flatten, Linear
from .activation import ReLU, Tanh, Sigmoid, LeakyReLU, Softmax, LogSoftmax, SiLU, GELU, ELU, Softplus
from .batchnorm import BatchNorm1d, BatchNorm2d
from .dropout import Dropout
from .loss import CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCEWithLogitsLoss
from .sparse import Embedding
from .functional_modules import *  # noqa: F401,F403 - module forms of nn/activations.py and nn/losses.py
from . import functional_modules as _functional_modules

__all__ = [
    "Parameter", "Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Identity", "Flatten", "Linear", "ReLU", "Tanh",
    "Sigmoid", "LeakyReLU", "Softmax", "LogSoftmax", "SiLU", "GELU", "ELU", "Softplus", "BatchNorm1d",
    "BatchNorm2d", "Dropout", "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
    "BCEWithLogitsLoss", "Embedding",
] + _functional_modules.__all__
