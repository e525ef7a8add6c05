"""The commands: ``train`` (with its progress bar and data-parallel mode), ``eval``, ``figures`` and
``fetch``; each takes the parsed options and returns the exit status."""
import os
import sys
import time

import numpy as np

from .._models import evaluate
from .model import MODEL_KEYS, build, config_from_state_dict, load_checkpoint, load_data, normalise, save_checkpoint
from .options import (UsageError, check_data, config_from_args, existing_file, needs, output_dir, plot_file,
                      resume_conflicts, writable_file)


# ---- progress -----------------------------------------------------------------------------------

class Progress:
    """A tqdm bar over the samples of one epoch (written to stderr) when ``enabled`` and tqdm is
    installed; otherwise silent: the per-epoch summary line is printed either way."""

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

    @staticmethod
    def wanted(mode):
        """--progress: never, always, or auto (only when stderr is a terminal: a log gets one line per epoch)."""
        return mode == "always" or (mode == "auto" and sys.stderr.isatty())

    def update(self, n, loss):
        """``n`` more samples done; ``loss``, the epoch's running mean, shown beside the bar."""
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(loss=f"{loss:.4f}", refresh=False)

    def close(self):
        """Removes the bar (leave=False): the epoch's summary line replaces it."""
        if self.bar is not None:
            self.bar.close()


# ---- commands -----------------------------------------------------------------------------------

def _train_setup(args):
    """(checkpoint or None, configuration, save path), every option checked before anything is
    loaded or trained: a bad command line fails in a second, not after the last epoch."""
    ckpt = None
    if args.resume:
        existing_file("--resume", args.resume)
        ckpt = load_checkpoint(args.resume)
        if "config" not in ckpt:
            raise UsageError(f"--resume {args.resume}: holds a bare model state_dict, not a training checkpoint")
        cfg = {k: ckpt["config"].get(k, "mlp" if k == "model" else None) for k in MODEL_KEYS}
        conflicts = resume_conflicts(args, args.given, cfg)
        if conflicts:
            raise UsageError(f"--resume {args.resume}: the checkpoint fixes the configuration; conflicting "
                             f"options: {', '.join(conflicts)} (drop them, or start a new run without --resume)")
        if int(ckpt["epoch"]) >= args.epochs:
            raise UsageError(f"--epochs {args.epochs}: {args.resume} has already trained {int(ckpt['epoch'])} epochs; "
                             "ask for more to continue")
    else:
        cfg = config_from_args(args)
    check_data(args, cfg["dataset"])
    save_path = args.save or f"graphgrad_{os.path.splitext(os.path.basename(cfg['dataset']))[0]}.safetensors"
    writable_file("--save", save_path)
    if args.plot:
        plot_file("--plot", args.plot)
    if args.progress == "always":
        needs("tqdm", "--progress always", "pip install 'graphgrad[data]'")
    return ckpt, cfg, save_path


def cmd_train(args):
    """``graphgrad train``: checks every option, trains epoch by epoch (one summary line each), saves
    the checkpoint (also on Ctrl-C) and writes the curves of ``--plot``."""
    import graphgrad as gg
    from ..data import DataLoader, TensorDataset
    from ..nn import functional as F
    ckpt, cfg, save_path = _train_setup(args)
    if args.threads:
        gg.set_num_threads(args.threads)
    rank, world = _distributed_setup(args)
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
    epoch = start
    try:
        for epoch in range(start, args.epochs):
            loader.set_epoch(epoch)
            bar = Progress(len(xtr), f"epoch {epoch + 1}/{args.epochs}", Progress.wanted(args.progress) and rank == 0)
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
        from ..viz import plot_history
        print(f"wrote {plot_history(history, args.plot)}")
    return 0


# ---- data-parallel training (issue 8): --distributed under mpiexec ----------------------------------

def _distributed_setup(args):
    """(rank, world size); with --distributed under mpiexec, divides this machine's cores among its
    ranks (unless --threads says otherwise) and silences stdout on every rank but 0."""
    if not args.distributed:
        return 0, 1
    import graphgrad as gg
    from .. import distributed as dist
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
    from .. import distributed as dist
    net = dist.DistributedDataParallel(dist.convert_sync_batchnorm(model))
    seed, offset = gg.get_rng_state().numpy().view(np.uint64).tolist()
    gg.set_rng_state(np.array([(seed + dist.rank()) % 2**64, offset], dtype=np.uint64).view(np.int64))
    return net


def _sum_over_ranks(*values):
    from .. import distributed as dist
    from .._tensor import tensor
    return dist.all_reduce(tensor(values, dtype="float64")).numpy().tolist()


def confusion_matrix(y, pred, n):
    """counts[i, j]: samples of class i predicted as j."""
    return np.bincount(y * n + pred, minlength=n * n).reshape(n, n)


def cmd_eval(args):
    """``graphgrad eval``: test accuracy, loss and confusion matrix of a checkpoint or a bare state_dict."""
    import graphgrad as gg
    existing_file("--load", args.load)
    ckpt = load_checkpoint(args.load)
    cfg = ckpt.get("config") or config_from_state_dict(ckpt["model"], args.activation)
    check_data(args, args.dataset or cfg["dataset"])
    if args.threads:
        gg.set_num_threads(args.threads)
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
    """``graphgrad figures``: the lecture's figures as PNG files in ``--out`` (``gg.viz.make_figures``)."""
    import graphgrad as gg
    from ..viz import make_figures
    needs("matplotlib", "figures", "pip install 'graphgrad[plot]'")
    check_data(args, args.dataset)
    output_dir("--out", args.out)
    if args.threads:
        gg.set_num_threads(args.threads)
    (xtr, ytr), (xte, yte), _ = normalise(load_data(args.dataset, args.data_dir))
    # A small training set makes overfitting (and so dropout's effect) visible within a few epochs.
    xtr, ytr = xtr[:args.samples], ytr[:args.samples]
    make_figures(args.out, ((xtr, ytr), (xte, yte)), epochs=args.epochs, depth=args.depth, seed=args.seed)
    return 0


def cmd_fetch(args):
    """``graphgrad fetch``: makes MNIST available offline (``gg.datasets.fetch_mnist``) and prints where."""
    from ..datasets import fetch_mnist
    print(f"MNIST is in {fetch_mnist()}")
    return 0
