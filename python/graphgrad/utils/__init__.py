"""``graphgrad.utils``: PyTorch's ``torch.utils`` paths (``graphgrad.utils.data`` is ``graphgrad.data``)."""
import sys

from .. import data

sys.modules[__name__ + ".data"] = data
