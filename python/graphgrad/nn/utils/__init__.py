"""``torch.nn.utils``: gradient clipping (clip_grad.py), parameters as one vector (convert_parameters.py) and
variable-length sequences (``nn.utils.rnn``)."""
from . import rnn
from .clip_grad import *  # noqa: F401,F403
from .convert_parameters import *  # noqa: F401,F403
