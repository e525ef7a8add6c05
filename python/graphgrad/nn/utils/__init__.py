"""``torch.nn.utils``: gradient clipping (clip_grad.py) and variable-length sequences (``nn.utils.rnn``)."""
from . import rnn
from .clip_grad import *  # noqa: F401,F403
