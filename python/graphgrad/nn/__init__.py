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

# ---- added by the distributed branch (issue 8): gg.nn.SyncBatchNorm lives in gg.distributed ----
from ..distributed.syncbn import SyncBatchNorm  # noqa: E402

# ---- added by the rnn branch (issue 19): recurrent layers and packed sequences ----
import sys as _sys  # noqa: E402

from . import rnn_utils as _rnn_utils  # noqa: E402
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell  # noqa: E402

utils.rnn = _rnn_utils  # PyTorch's spelling: nn.utils.rnn.pack_padded_sequence
_sys.modules[__name__ + ".utils.rnn"] = _rnn_utils
from .attention import LayerNorm, MultiheadAttention  # noqa: E402
from .transformer import (  # noqa: E402
    Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer,
)
