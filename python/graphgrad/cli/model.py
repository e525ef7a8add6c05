"""What the trainer trains: the data sets, the network with its optimizer and schedule, and the
checkpoint that ``--resume`` continues and ``eval --load`` evaluates.

The choices: ``OPTIMIZERS`` (each ``--optimizer`` name -> its class, default learning rate and
constructor arguments) and ``SCHEDULES``; ``MODEL_DEFAULTS``, the defaults that depend on ``--model``;
``MODEL_KEYS``, what a checkpoint's configuration fixes (``--resume`` refuses options that differ)."""
import os

import numpy as np

from .._core import Tensor

OPTIMIZERS = {  # name -> (class name, default learning rate, extra constructor arguments)
    "sgd": ("SGD", 0.1, {}),
    "momentum": ("SGD", 0.05, {"momentum": 0.9}),
    "nesterov": ("SGD", 0.05, {"momentum": 0.9, "nesterov": True}),
    "adagrad": ("Adagrad", 0.01, {}),
    "adadelta": ("Adadelta", 1.0, {}),
    "rmsprop": ("RMSprop", 1e-3, {}),
    "adam": ("Adam", 1e-3, {}),
    "adamw": ("AdamW", 1e-3, {}),
}
SCHEDULES = ("none", "linear", "exponential", "step", "cosine", "steplr")
# What a checkpoint's configuration fixes: a resumed run refuses command-line options that differ.
MODEL_KEYS = ("dataset", "hidden", "activation", "batchnorm", "dropout", "init", "optimizer", "lr",
              "weight_decay", "l1", "schedule", "batch_size", "seed", "norm", "features", "classes", "model")
# Defaults that depend on --model: the MLP's, and the PyTorch MNIST example's for the CNN.
MODEL_DEFAULTS = {"mlp": {"optimizer": "adam", "schedule": "cosine", "batch_size": 128, "batchnorm": True, "epochs": 10},
                  "cnn": {"optimizer": "adadelta", "schedule": "steplr", "batch_size": 64, "batchnorm": "none",
                          "epochs": 14}}


# ---- data ---------------------------------------------------------------------------------------

def load_data(name, data_dir=None):
    """``(train_x, train_y), (test_x, test_y)`` for mnist, digits or a ``.npz`` file with arrays
    x_train, y_train, x_test, y_test; images stay in their stored dtype, labels int64."""
    from .. import datasets
    if name == "mnist":
        return datasets.load_mnist(data_dir)
    if name == "digits":
        return datasets.load_digits()
    if name.endswith(".npz"):
        with np.load(name) as f:
            missing = {"x_train", "y_train", "x_test", "y_test"} - set(f.files)
            if missing:
                raise ValueError(f"{name}: missing arrays {sorted(missing)}; need x_train, y_train, x_test, y_test")
            (xtr, ytr), (xte, yte) = (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
        for split, x, y in (("train", xtr, ytr), ("test", xte, yte)):
            if y.ndim != 1 or len(x) != len(y) or len(y) == 0:
                raise ValueError(f"{name}: x_{split} {x.shape} and y_{split} {y.shape} need one label per sample")
        return (xtr, ytr.astype(np.int64)), (xte, yte.astype(np.int64))
    raise ValueError(f"--dataset must be mnist, digits or a .npz file, got {name!r}")


def normalise(data, norm=None):
    """Flattens images to float32 rows standardised with the training set's mean and std (one scalar
    each, stored in the checkpoint so that eval applies the very same transform)."""
    (xtr, ytr), (xte, yte) = data
    xtr = xtr.reshape(len(xtr), -1).astype(np.float32)
    xte = xte.reshape(len(xte), -1).astype(np.float32)
    if norm is None:
        norm = [float(xtr.mean()), float(xtr.std()) or 1.0]
    mean, std = norm
    return ((xtr - mean) / std, ytr), ((xte - mean) / std, yte), norm


# ---- model, optimizer, schedule -----------------------------------------------------------------

def build(cfg, epochs):
    """(model, optimizer, scheduler or None) for the training configuration ``cfg`` (a plain dict,
    as ``config_from_args`` makes and a checkpoint stores), the schedule spanning ``epochs``."""
    from .. import nn, optim
    from .._models import cnn_layers, init_weights, mlp_layers
    if cfg.get("model") == "cnn":  # PyTorch's default initialisation, as in the example
        model = nn.Sequential(*cnn_layers(cfg["features"], cfg["classes"], cfg["batchnorm"]))
    else:
        model = nn.Sequential(*mlp_layers([cfg["features"], *cfg["hidden"], cfg["classes"]], cfg["activation"],
                                          cfg["batchnorm"], cfg["dropout"]))
        init_weights(model, cfg["init"], cfg["activation"])
    # Weight decay and the L1 penalty act on the Linear and Conv weights only, not on biases or
    # BatchNorm's scale and shift (shrinking those regularises nothing and fights the normalisation).
    weights = [m.weight for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    others = [p for p in model.parameters() if all(p is not w for w in weights)]
    groups = [{"params": weights, "weight_decay": cfg["weight_decay"], "l1": cfg["l1"]}]
    groups += [{"params": others, "weight_decay": 0.0, "l1": 0.0}] if others else []
    cls, _, extra = OPTIMIZERS[cfg["optimizer"]]
    opt = getattr(optim, cls)(groups, lr=cfg["lr"], **extra)
    s = optim.lr_scheduler
    sched = {  # each lowers the learning rate over the run
        "none": lambda: None,
        "linear": lambda: s.LinearLR(opt, start_factor=1.0, end_factor=0.05, total_iters=epochs),
        "exponential": lambda: s.ExponentialLR(opt, gamma=0.05 ** (1.0 / max(1, epochs))),
        "step": lambda: s.StepLR(opt, step_size=max(1, epochs // 3), gamma=0.25),
        "cosine": lambda: s.CosineAnnealingLR(opt, T_max=epochs),
        "steplr": lambda: s.StepLR(opt, step_size=1, gamma=0.7),  # the PyTorch MNIST example's
    }[cfg["schedule"]]()
    return model, opt, sched


# ---- checkpoints --------------------------------------------------------------------------------

def save_checkpoint(path, model, opt, sched, epoch, cfg, history):
    """The training state as a plain nested dict written with gg.save: ``gg.load(path)["model"]`` is
    the model's state_dict, ``["optimizer"]`` and ``["scheduler"]`` resume them."""
    from .. import get_rng_state, save
    save({"model": model.state_dict(), "optimizer": opt.state_dict(),
          "scheduler": sched.state_dict() if sched is not None else {}, "epoch": epoch, "rng": get_rng_state(),
          "config": cfg, "history": history}, path)


def load_checkpoint(path):
    """A training checkpoint as saved by ``save_checkpoint``; a file holding a bare model state_dict
    comes back as ``{"model": state_dict}``."""
    from .. import load
    if not os.path.isfile(path):
        raise FileNotFoundError(f"checkpoint {path} does not exist")
    ckpt = load(path)
    if isinstance(ckpt, dict) and isinstance(ckpt.get("model"), dict) and "config" in ckpt:
        return ckpt
    if isinstance(ckpt, dict) and ckpt and all(isinstance(v, Tensor) for v in ckpt.values()):
        return {"model": ckpt}
    raise ValueError(f"{path} is neither a graphgrad training checkpoint nor a model state_dict")


def config_from_state_dict(sd, activation="relu"):
    """The configuration of the MLP a bare state_dict belongs to (its layer sizes, batch norm, and
    whether dropout layers sit between the blocks); the activation cannot be read from the weights."""
    layers = {}
    for key, t in sd.items():
        head, _, name = key.partition(".")
        if not head.isdigit():
            raise ValueError(f"state_dict key {key!r} is not one of an MLP built by graphgrad's trainer")
        layers.setdefault(int(head), {})[name] = t
    linear = [i for i in sorted(layers) if "weight" in layers[i] and layers[i]["weight"].ndim == 2]
    if not linear:
        raise ValueError("the state_dict has no Linear layer")
    batchnorm = any("running_mean" in layers[i] for i in layers)
    block = linear[1] - linear[0] if len(linear) > 1 else 2 + batchnorm
    sizes = [layers[linear[0]]["weight"].shape[1]] + [layers[i]["weight"].shape[0] for i in linear]
    return {"dataset": "mnist", "hidden": sizes[1:-1], "activation": activation, "batchnorm": batchnorm,
            "dropout": 0.5 if block > 2 + batchnorm else 0.0, "init": "he", "optimizer": "sgd", "lr": 0.1,
            "weight_decay": 0.0, "l1": 0.0, "schedule": "none", "batch_size": 128, "seed": 0, "norm": None,
            "features": sizes[0], "classes": sizes[-1]}


