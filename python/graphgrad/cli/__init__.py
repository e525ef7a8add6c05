"""Command line: ``python -m graphgrad train | eval | figures | fetch`` (also the ``graphgrad`` script).

``train`` fits a multilayer perceptron or the PyTorch MNIST example's CNN on MNIST (or scikit-learn's
digits, or your own ``.npz``) with a progress bar per epoch on a terminal, prints train loss, test loss
and accuracy after each epoch, and saves a checkpoint (model, optimizer, scheduler, epoch, RNG state,
configuration) that ``--resume`` continues exactly and ``eval --load`` evaluates. Ctrl-C saves a
checkpoint before exiting. Every option is checked before training starts; a bad one is a usage
error (exit status 2).
"""
import sys

from .commands import Progress, confusion_matrix
from .model import (OPTIMIZERS, SCHEDULES, build, config_from_state_dict, load_checkpoint, load_data,
                    normalise, save_checkpoint)
from .options import UsageError, config_from_args, parser

__all__ = ["main", "parser", "config_from_args", "build", "load_data", "normalise", "load_checkpoint",
           "save_checkpoint", "config_from_state_dict", "confusion_matrix", "Progress", "UsageError",
           "OPTIMIZERS", "SCHEDULES"]


def main(argv=None):
    """Runs one command line (``sys.argv[1:]`` by default); returns the exit status."""
    from .options import given_options
    argv = sys.argv[1:] if argv is None else list(argv)
    p = parser()
    args = p.parse_args(argv)
    args.given = given_options(argv, args)
    try:
        return args.func(args)
    except (OSError, ImportError, ValueError) as e:
        if isinstance(e, UsageError):
            p.commands[args.command].print_usage(sys.stderr)
        print(f"graphgrad {args.command}: error: {e}", file=sys.stderr)
        if getattr(args, "distributed", False):  # the other ranks may be waiting for this one
            from ..distributed import abort
            abort(2)
        return 2
