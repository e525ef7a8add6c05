"""The layers, one file per family as in torch.nn.modules; graphgrad.nn re-exports them."""
from .module import Parameter, Module
from .container import Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict
from .linear import Identity, Flatten, Linear
from .activation import ReLU, Tanh, Sigmoid, LeakyReLU, Softmax, LogSoftmax, SiLU, GELU, ELU, Softplus
from .batchnorm import BatchNorm1d, BatchNorm2d
from .dropout import Dropout
from .loss import CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCEWithLogitsLoss
from .sparse import Embedding
from .functional_modules import *  # noqa: F401,F403 - module forms of nn/functional_activation.py and _loss.py
from .conv import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .rnn import *  # noqa: F401,F403
from .attention import *  # noqa: F401,F403
from .transformer import *  # noqa: F401,F403
from .pixelshuffle import *  # noqa: F401,F403
from . import attention, conv, functional_modules, normalization, pixelshuffle, pooling, rnn, transformer

__all__ = [
    "Parameter", "Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Identity", "Flatten", "Linear", "ReLU", "Tanh",
    "Sigmoid", "LeakyReLU", "Softmax", "LogSoftmax", "SiLU", "GELU", "ELU", "Softplus", "BatchNorm1d",
    "BatchNorm2d", "Dropout", "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
    "BCEWithLogitsLoss", "Embedding",
] + [name for family in (functional_modules, conv, pooling, normalization, rnn, attention, transformer, pixelshuffle)
     for name in family.__all__]
