"""The layers, one file per family as in torch.nn.modules; graphgrad.nn re-exports them."""
from .module import Parameter, Module
from .container import Sequential, ModuleList
from .linear import Identity, Flatten, Linear
from .activation import ReLU, Tanh, Sigmoid, LeakyReLU, Softmax, LogSoftmax, SiLU, GELU, ELU, Softplus
from .batchnorm import BatchNorm1d, BatchNorm2d
from .dropout import Dropout
from .loss import CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCEWithLogitsLoss
from .sparse import Embedding

__all__ = [
    "Parameter", "Module", "Sequential", "ModuleList", "Identity", "Flatten", "Linear", "ReLU", "Tanh",
    "Sigmoid", "LeakyReLU", "Softmax", "LogSoftmax", "SiLU", "GELU", "ELU", "Softplus", "BatchNorm1d",
    "BatchNorm2d", "Dropout", "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
    "BCEWithLogitsLoss", "Embedding",
]
