"""Neural-network building blocks with PyTorch's names: ``Module`` and layers, ``functional``
(stateless ops) and ``init`` (weight initialisation)."""
from . import functional, init
from .modules import *  # noqa: F401,F403 - the layers (nn/modules/, one file per family)
from . import utils

# ---- added by the conv branch (issue 18): convolution, pooling, padding and normalisation layers ----
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d  # noqa: E402
from .pooling import (  # noqa: E402
    AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AvgPool1d, AvgPool2d, CircularPad1d,
    CircularPad2d, ConstantPad1d, ConstantPad2d, Dropout1d, Dropout2d, Dropout3d, LPPool1d, LPPool2d, MaxPool1d,
    MaxPool2d, MaxUnpool1d, MaxUnpool2d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d,
    Unflatten, Upsample, UpsamplingBilinear2d, UpsamplingNearest2d, ZeroPad1d, ZeroPad2d,
)
from .normalization import (  # noqa: E402
    BatchNorm3d, GroupNorm, InstanceNorm1d, InstanceNorm2d, LayerNorm, LocalResponseNorm,
)

# ---- added by the rnn branch (issue 19): recurrent layers and packed sequences ----
import sys as _sys  # noqa: E402

from . import rnn_utils as _rnn_utils  # noqa: E402
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell  # noqa: E402

utils.rnn = _rnn_utils  # PyTorch's spelling: nn.utils.rnn.pack_padded_sequence
_sys.modules[__name__ + ".utils.rnn"] = _rnn_utils
from .attention import MultiheadAttention  # noqa: E402
from .transformer import (  # noqa: E402
    Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer,
)


def __getattr__(name):
    """``gg.nn.SyncBatchNorm`` (PyTorch's place for it) is defined in ``gg.distributed``, which
    builds on nn: it is imported on first use, so nn never imports distributed."""
    if name == "SyncBatchNorm":
        from ..distributed import SyncBatchNorm
        return SyncBatchNorm
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
