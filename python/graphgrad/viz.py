"""Pictures of what a network does: the computational graph as Graphviz DOT text, training curves,
and the lecture's figures (mini-batch sizes, L1 against L2, second-order methods, the optimizers'
paths, schedules, activations at initialisation, batch normalisation, dropout).

matplotlib is optional (the ``plot`` extra) and imported only inside the plotting functions, with the
headless Agg backend, so ``import graphgrad`` stays fast and works on a machine without a display.
"""
import numpy as np

from ._core import Tensor
from ._models import BN_PLACEMENTS, INITS, cnn_layers, evaluate, init_weights, mlp_layers

__all__ = ["to_dot", "plot_history", "activation_stats", "optimizer_paths", "minibatch_losses", "regularised_weights",
           "rosenbrock_losses", "make_figures"]


def _finish(plt, fig, path, dpi):
    """Lays out, writes and closes a figure."""
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


def _quote(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _shape(t):
    return "(" + ", ".join(str(d) for d in t.shape) + ")"


def to_dot(tensor, name="graph"):
    """The graph that produced ``tensor`` as Graphviz DOT text (render with ``dot -Tpng``).

    Op nodes are ellipses named by ``grad_fn.name()``; leaves that require grad are boxes labelled
    with their ``.name`` (or ``leaf``) and shape; the result is a box with its shape. Edges point
    from inputs to the op that consumes them, in the direction of the forward pass.
    """
    if not isinstance(tensor, Tensor):
        raise TypeError(f"to_dot: expected a Tensor, got {type(tensor).__name__}")
    lines = [f"digraph {_quote(name)} {{", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    out_label = (tensor.name or "output") + "\n" + _shape(tensor)
    lines.append(f'  out [label={_quote(out_label)}, shape=box, style=filled, fillcolor="#c6dbef"];')
    if tensor.grad_fn is None:
        lines.append("}")
        return "\n".join(lines) + "\n"
    ids = {}      # id(node) -> DOT id; the Python wrappers are kept alive in `keep` so ids stay unique
    keep, edges, stack = [], [], []

    def node_id(n):
        if id(n) not in ids:
            ids[id(n)] = f"n{len(ids)}"
            keep.append(n)
            stack.append(n)
            leaf = n.variable
            if leaf is not None:
                label = (leaf.name or "leaf") + "\n" + _shape(leaf)
                lines.append(f'  {ids[id(n)]} [label={_quote(label)}, shape=box, style=filled, fillcolor="#fdd0a2"];')
            else:
                lines.append(f"  {ids[id(n)]} [label={_quote(n.name())}, shape=ellipse];")
        return ids[id(n)]

    edges.append(f"  {node_id(tensor.grad_fn)} -> out;")
    while stack:  # iterative walk: deep graphs must not hit Python's recursion limit
        n = stack.pop()
        for child, _ in n.next_functions:
            if child is not None:
                edges.append(f"  {node_id(child)} -> {ids[id(n)]};")
    return "\n".join(lines + edges + ["}"]) + "\n"


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise ImportError("plotting needs matplotlib: pip install 'graphgrad[plot]' (or pip install matplotlib)") from None
    matplotlib.use("Agg")  # headless: figures are written to files, never shown
    import matplotlib.pyplot as plt
    return plt


def plot_history(history, path):
    """Loss (train and test) and test accuracy per epoch, from the CLI trainer's history dict
    (keys ``train_loss``, ``test_loss``, ``test_acc``, optional ``train_acc``), saved to ``path``."""
    plt = _pyplot()
    epochs = np.arange(1, len(history["train_loss"]) + 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.plot(epochs, history["train_loss"], "o-", label="train")
    ax1.plot(epochs, history["test_loss"], "o-", label="test")
    ax1.set(xlabel="epoch", ylabel="cross-entropy loss", title="loss")
    ax1.legend()
    if history.get("train_acc"):
        ax2.plot(epochs, 100 * np.asarray(history["train_acc"]), "o-", label="train")
    ax2.plot(epochs, 100 * np.asarray(history["test_acc"]), "o-", label="test")
    ax2.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    ax2.legend()
    _finish(plt, fig, path, dpi=120)
    return path


# ---- the lecture's figures -------------------------------------------------------------------

def activation_stats(activation, init, depth=10, width=256, samples=1000, seed=0):
    """Activations after each of ``depth`` Linear+activation layers of a fresh network fed with
    standard normal inputs: a list of NumPy arrays, one per layer."""
    from . import nn, no_grad, randn, manual_seed
    manual_seed(seed)
    layers = mlp_layers([width] * (depth + 2), activation)[:-1]  # depth Linear+activation pairs
    init_weights(nn.Sequential(*layers), init, activation)
    h, out = randn(samples, width), []
    with no_grad():
        for lin, a in zip(layers[0::2], layers[1::2]):
            h = a(lin(h))
            out.append(h.numpy().copy())
    return out


def _figure_init(plt, path, depth):
    fig, axes = plt.subplots(2, 3, figsize=(15, 7))
    cmap = plt.get_cmap("viridis")
    for r, activation in enumerate(("tanh", "relu")):
        for c, init in enumerate(INITS):
            ax = axes[r, c]
            acts = activation_stats(activation, init, depth=depth)
            lo, hi = (-1, 1) if activation == "tanh" else (0, max(1e-6, float(np.percentile(acts[0], 99.5))))
            for k, a in enumerate(acts):
                ax.hist(a.ravel(), bins=60, range=(lo, hi), histtype="step", density=True,
                        color=cmap(k / max(1, depth - 1)), label=f"layer {k + 1}: std {a.std():.3g}")
            ax.set_yscale("log")
            ax.set(title=f"{activation}, {init} init", xlabel="activation")
            ax.legend(fontsize=6)
    fig.suptitle(f"Activation distributions per layer of a {depth}-layer network at initialisation")
    _finish(plt, fig, path, dpi=110)


def _train(layers, data, epochs, lr, batch_size, seed, probe=None):
    """Trains ``layers`` with Adam; returns per-epoch train/test loss and accuracy and, when ``probe``
    is a layer index, percentiles of that layer's input (one unit) recorded every few steps."""
    from . import nn, optim
    from .data import DataLoader, TensorDataset
    model = nn.Sequential(*layers)
    opt = optim.Adam(model.parameters(), lr=lr)
    (xtr, ytr), (xte, yte) = data
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=batch_size, shuffle=True, seed=seed)
    hist = {"train_loss": [], "test_loss": [], "train_acc": [], "test_acc": [], "steps": [], "percentiles": []}

    def forward(x, record):
        for k, layer in enumerate(layers):
            if record and k == probe:
                hist["percentiles"].append(np.percentile(x.detach().numpy()[:, 0], [15, 50, 85]))
            x = layer(x)
        return x

    step = 0
    for _ in range(epochs):
        for x, y in loader:
            record = probe is not None and step % 10 == 0
            if record:
                hist["steps"].append(step)
            loss = nn.functional.cross_entropy(forward(x, record), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        for split, x, y in (("train", xtr, ytr), ("test", xte, yte)):
            loss, acc, _ = evaluate(model, x, y)
            hist[f"{split}_loss"].append(loss)
            hist[f"{split}_acc"].append(acc)
    return hist


def _figure_batchnorm(plt, path, data, epochs, seed):
    from . import manual_seed
    n_in = data[0][0].shape[1]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for bn, style in ((False, "--"), (True, "-")):
        manual_seed(seed)
        layers = mlp_layers([n_in, 100, 100, 100, 10], "sigmoid", batchnorm=bn)
        probe = len(layers) - 1  # the input of the last Linear layer, as in the batch-norm paper's figure
        hist = _train(layers, data, epochs, 1e-3, 60, seed, probe=probe)
        tag = "with BN" if bn else "without BN"
        axes[0].plot(np.arange(1, epochs + 1), 100 * np.asarray(hist["test_acc"]), style + "o", label=tag)
        ax = axes[2 if bn else 1]
        p = np.asarray(hist["percentiles"])
        for j, q in enumerate((15, 50, 85)):
            ax.plot(hist["steps"], p[:, j], label=f"{q}th percentile")
        ax.set(title=f"input of the last layer (one unit), {tag}", xlabel="training step")
        ax.legend()
    axes[0].set(title="test accuracy", xlabel="epoch", ylabel="%")
    axes[0].legend()
    fig.suptitle("Batch normalisation keeps layer inputs stable during training (sigmoid MLP)")
    _finish(plt, fig, path, dpi=110)


def _figure_dropout(plt, path, data, epochs, seed):
    from . import manual_seed
    n_in = data[0][0].shape[1]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    e = np.arange(1, epochs + 1)
    for p, color in ((0.0, "tab:red"), (0.5, "tab:blue")):
        manual_seed(seed)
        hist = _train(mlp_layers([n_in, 512, 512, 10], "relu", dropout=p), data, epochs, 1e-3, 32, seed)
        tag = f"dropout {p}" if p else "no dropout"
        for ax, key, scale in ((ax1, "loss", 1), (ax2, "acc", 100)):
            ax.plot(e, scale * np.asarray(hist[f"train_{key}"]), "--", color=color, label=f"train, {tag}")
            ax.plot(e, scale * np.asarray(hist[f"test_{key}"]), "-", color=color, label=f"test, {tag}")
    ax1.set(xlabel="epoch", ylabel="cross-entropy loss", yscale="log", title="loss")
    ax2.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    ax1.legend()
    ax2.legend()
    fig.suptitle(f"Dropout narrows the train/test gap ({len(data[0][0])} training samples)")
    _finish(plt, fig, path, dpi=110)


def _figure_bn_placement(plt, path, data, epochs, seed):
    """The lecture's "it matters where to put the batch norm": the MNIST example's CNN without
    BatchNorm, with it before each ReLU and after each ReLU: test accuracy, and percentiles of the
    last Linear layer's input (one unit, before its dropout) over training."""
    from . import manual_seed
    n_in = data[0][0].shape[1]
    fig, axes = plt.subplots(1, 1 + len(BN_PLACEMENTS), figsize=(20, 4))
    for k, (bn, style) in enumerate(zip(BN_PLACEMENTS, (":", "-", "--"))):
        manual_seed(seed)
        layers = cnn_layers(n_in, 10, bn)
        hist = _train(layers, data, epochs, 1e-3, 64, seed, probe=len(layers) - 2)  # before the last dropout
        tag = {"none": "no BN", "before": "BN before ReLU", "after": "BN after ReLU"}[bn]
        axes[0].plot(np.arange(1, epochs + 1), 100 * np.asarray(hist["test_acc"]), style + "o", label=tag)
        p = np.asarray(hist["percentiles"])
        for j, q in enumerate((15, 50, 85)):
            axes[k + 1].plot(hist["steps"], p[:, j], label=f"{q}th percentile")
        axes[k + 1].set(title=f"last layer's input (one unit, before dropout), {tag}", xlabel="training step")
        axes[k + 1].legend()
    axes[0].set(title="test accuracy", xlabel="epoch", ylabel="%")
    axes[0].legend()
    fig.suptitle("Where to put the batch norm (the PyTorch MNIST example's CNN, Adam)")
    _finish(plt, fig, path, dpi=110)


def optimizer_paths(steps=60, start=(-1.5, 1.5)):
    """The path of each of the lecture's optimizers (gg.optim, lecture-sized learning rates) from
    ``start`` on the ill-conditioned quadratic f(x, y) = x²/10 + 2·y²: {name: (steps + 1, 2) array}."""
    from . import optim, tensor
    makers = {
        "SGD": lambda p: optim.SGD(p, lr=0.2),
        "momentum 0.9": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
        "Nesterov 0.9": lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
        "Adagrad": lambda p: optim.Adagrad(p, lr=0.5),
        "RMSprop": lambda p: optim.RMSprop(p, lr=0.05),
        "Adadelta": lambda p: optim.Adadelta(p, lr=10.0),
        "Adam": lambda p: optim.Adam(p, lr=0.1),
    }
    paths = {}
    for name, make in makers.items():
        w = tensor(list(start), dtype="float64", requires_grad=True)
        opt, path = make([w]), [list(start)]
        for _ in range(steps):
            opt.zero_grad()
            (w[0] ** 2 / 10 + 2 * w[1] ** 2).backward()
            opt.step()
            path.append(w.tolist())
        paths[name] = np.array(path)
    return paths


def _figure_optimizers(plt, path):
    fig, ax = plt.subplots(figsize=(8, 5))
    x, y = np.meshgrid(np.linspace(-1.8, 1.8, 200), np.linspace(-1.8, 1.8, 200))
    ax.contour(x, y, x ** 2 / 10 + 2 * y ** 2, levels=15, colors="0.8", linewidths=0.7)
    for name, p in optimizer_paths().items():
        ax.plot(p[:, 0], p[:, 1], ".-", ms=3, lw=1, label=name)
    ax.set(title="60 steps on f(x, y) = x²/10 + 2y² from (-1.5, 1.5)", xlabel="x", ylabel="y")
    ax.legend(fontsize=8)
    _finish(plt, fig, path, dpi=90)


def _figure_schedules(plt, path, epochs=50):
    from . import optim, zeros
    S = optim.lr_scheduler
    makers = {"StepLR(step_size=15, gamma=0.5)": lambda o: S.StepLR(o, 15, 0.5),
              "ExponentialLR(gamma=0.95)": lambda o: S.ExponentialLR(o, 0.95),
              "CosineAnnealingLR(T_max=50)": lambda o: S.CosineAnnealingLR(o, epochs),
              "LinearLR(start_factor=0.1, total_iters=10)": lambda o: S.LinearLR(o, 0.1, total_iters=10)}
    fig, ax = plt.subplots(figsize=(8, 4))
    for name, make in makers.items():
        opt = optim.SGD([zeros(1, requires_grad=True)], lr=0.1)
        sched, lrs = make(opt), []
        for _ in range(epochs):
            lrs.append(sched.get_last_lr()[0])
            opt.step()
            sched.step()
        ax.plot(range(epochs), lrs, label=name)
    ax.set(title="Learning-rate schedules (initial lr 0.1)", xlabel="epoch", ylabel="lr")
    ax.legend(fontsize=8)
    _finish(plt, fig, path, dpi=90)


def minibatch_losses(batch_sizes=(1, 16, 256), epochs=20, lr=0.02, seed=0):
    """Mini-batch gradient descent on a least-squares problem (256 samples, 10 features, noise 0.1):
    {batch size: (epochs + 1,) mean squared error on all samples after each epoch}. Per epoch, a
    small batch takes more (noisier) steps; the full batch takes one exact one."""
    from . import no_grad, optim, tensor
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((256, 10))
    y = x @ rng.standard_normal(10) + 0.1 * rng.standard_normal(256)
    X, Y = tensor(x), tensor(y)
    out = {}
    for b in batch_sizes:
        w, order = tensor(np.zeros(10), requires_grad=True), np.random.default_rng(seed + 1)
        opt = optim.SGD([w], lr=lr)
        with no_grad():
            losses = [((X @ w - Y) ** 2).mean().item()]
        for _ in range(epochs):
            perm = order.permutation(len(y))
            for i in range(0, len(y), b):
                idx = tensor(perm[i:i + b])
                opt.zero_grad()
                ((X[idx] @ w - Y[idx]) ** 2).mean().backward()
                opt.step()
            with no_grad():
                losses.append(((X @ w - Y) ** 2).mean().item())
        out[b] = np.array(losses)
    return out


def regularised_weights(strength=0.1, steps=400, lr=0.05, seed=0):
    """Full-batch gradient descent on a least-squares problem whose true weights are sparse (5 of 30
    nonzero, 60 samples): {"none" | "L2 (weight_decay)" | "L1 (l1)": the 30 fitted weights}, with
    ``gg.optim.SGD(weight_decay=strength)`` or ``SGD(l1=strength)``. L2 shrinks every weight; L1 pulls
    the irrelevant ones to (within lr·strength of) zero."""
    from . import optim, tensor
    rng = np.random.default_rng(seed)
    truth = np.zeros(30)
    truth[:5] = [3.0, -2.0, 1.5, -1.0, 0.5]
    x = rng.standard_normal((60, 30))
    X, Y = tensor(x), tensor(x @ truth + 0.5 * rng.standard_normal(60))
    out = {}
    for name, extra in (("none", {}), ("L2 (weight_decay)", {"weight_decay": strength}), ("L1 (l1)", {"l1": strength})):
        w = tensor(np.zeros(30), requires_grad=True)
        opt = optim.SGD([w], lr=lr, **extra)
        for _ in range(steps):
            opt.zero_grad()
            ((X @ w - Y) ** 2).mean().backward()
            opt.step()
        out[name] = w.detach().numpy().copy()
    return out


def rosenbrock_losses(steps=60):
    """f after each step on Rosenbrock's f(x, y) = (1 − x)² + 100·(y − x²)² from (−1.2, 1), for
    gradient descent, Adam, L-BFGS (one iteration per step) and Newton-CG (Hessian-vector products):
    {name: (steps + 1,) array}."""
    from . import optim, tensor
    methods = {"gradient descent lr=1e-3": lambda p: optim.SGD(p, lr=1e-3),
               "Adam lr=0.02": lambda p: optim.Adam(p, lr=0.02),
               "L-BFGS": lambda p: optim.LBFGS(p, max_iter=1, line_search_fn="strong_wolfe"),
               "Newton-CG": lambda p: optim.NewtonCG(p)}
    out = {}
    for name, make in methods.items():
        w = tensor([-1.2, 1.0], dtype="float64", requires_grad=True)
        opt, newton = make([w]), name == "Newton-CG"
        f = lambda: (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2  # noqa: E731

        def closure():
            if not newton:  # Newton-CG differentiates the closure's loss itself
                opt.zero_grad()
            loss = f()
            if not newton:
                loss.backward()
            return loss
        losses = [f().item()]
        for _ in range(steps):
            opt.step(closure)
            losses.append(f().item())
        out[name] = np.array(losses)
    return out


def _figure_minibatch(plt, path):
    fig, ax = plt.subplots(figsize=(8, 4))
    for b, losses in minibatch_losses().items():
        ax.semilogy(losses, ".-", label=f"batch size {b}" + (" (full batch)" if b == 256 else ""))
    ax.set(title="Mini-batch gradient descent on least squares (256 samples, lr 0.02)", xlabel="epoch",
           ylabel="mean squared error")
    ax.legend(fontsize=8)
    _finish(plt, fig, path, dpi=90)


def _figure_regularisation(plt, path):
    weights = regularised_weights()
    fig, ax = plt.subplots(figsize=(8, 4))
    for k, (name, w) in enumerate(weights.items()):
        ax.bar(np.arange(len(w)) + (k - 1) * 0.28, w, width=0.28, label=name)
    ax.axvline(4.5, color="0.6", lw=0.8, ls="--")
    ax.set(title="Fitted weights: only the first 5 are nonzero in truth (strength 0.1)", xlabel="weight index",
           ylabel="value")
    ax.legend(fontsize=8)
    _finish(plt, fig, path, dpi=90)


def _figure_second_order(plt, path):
    fig, ax = plt.subplots(figsize=(8, 4))
    for name, losses in rosenbrock_losses().items():
        ax.semilogy(np.maximum(losses, 1e-16), ".-", ms=3, label=name)
    ax.set(title="Rosenbrock from (-1.2, 1): f after each step", xlabel="step", ylabel="f (log scale)")
    ax.legend(fontsize=8)
    _finish(plt, fig, path, dpi=90)


def make_figures(outdir, data, epochs=10, depth=10, seed=0, log=print):
    """Writes the lecture's figures as PNG files into ``outdir`` (the batch-norm placement one for
    square images only); ``data`` is
    ``(train_x, train_y), (test_x, test_y)`` with float32 inputs of shape (N, features)."""
    import os
    plt = _pyplot()
    os.makedirs(outdir, exist_ok=True)
    for name, draw in (("optimizers.png", _figure_optimizers), ("lr_schedules.png", _figure_schedules),
                       ("minibatch.png", _figure_minibatch), ("regularisation.png", _figure_regularisation),
                       ("second_order.png", _figure_second_order)):
        draw(plt, os.path.join(outdir, name))  # no data needed: drawn first, in a second
        log(f"wrote {os.path.join(outdir, name)}")
    paths = [os.path.join(outdir, f) for f in ("optimizers.png", "lr_schedules.png", "init_activations.png",
                                                "batchnorm.png", "dropout.png")]
    _figure_init(plt, paths[2], depth)
    log(f"wrote {paths[2]}")
    _figure_batchnorm(plt, paths[3], data, epochs, seed)
    log(f"wrote {paths[3]}")
    _figure_dropout(plt, paths[4], data, epochs, seed)
    log(f"wrote {paths[4]}")
    side = int(round(data[0][0].shape[1] ** 0.5))
    if side * side == data[0][0].shape[1] and side >= 6:  # the CNN needs square images
        paths.append(os.path.join(outdir, "bn_placement.png"))
        _figure_bn_placement(plt, paths[-1], data, epochs, seed)
        log(f"wrote {paths[-1]}")
    else:
        log("skipped bn_placement.png: the CNN needs square images of at least 6x6 pixels")
    return paths
