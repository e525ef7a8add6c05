"""Optimizers (one fused C++ update per parameter group) and learning-rate schedules."""
from .optimizer import Optimizer
from .optimizers import SGD, Adagrad, Adadelta, RMSprop, Adam, AdamW, Adamax, RAdam, NAdam
from .second_order import NewtonCG, LBFGS
from . import lr_scheduler

__all__ = ["Optimizer", "SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "Adamax", "RAdam", "NAdam", "NewtonCG", "LBFGS", "lr_scheduler"]
