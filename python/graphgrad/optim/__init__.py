"""Optimizers (one fused C++ update per parameter group) and learning-rate schedules."""
from .optimizer import Optimizer
from .optimizers import SGD, Adagrad, Adadelta, RMSprop, Adam, AdamW
from . import lr_scheduler

__all__ = ["Optimizer", "SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "lr_scheduler"]
