"""Training speed, graphgrad against PyTorch side by side: same model, same initial weights, same data,
same batch order, same optimizer and learning-rate schedule; epochs interleaved (graphgrad, PyTorch,
graphgrad, ...) so that both see the same machine state; prints the median time per epoch, the test
accuracy after the last epoch, and the training time (evaluations excluded) each took to first reach
--target test accuracy (checked after every epoch).

    pip install torch==2.13.0   # CPU build; benchmarks only
    python bench/train_compare.py [--epochs 3] [--threads 2] [--models default,small,cnn] [--target 0.99]
    python bench/train_compare.py --models cnn --epochs 6     # the MNIST example: Adadelta, StepLR 0.7
    python bench/train_compare.py --models cnn_bn --epochs 6  # the same with BatchNorm before each ReLU

On a machine shared with other busy processes, run with OMP_WAIT_POLICY=passive (both libraries use
libgomp): spinning OpenMP workers otherwise steal the cores the working thread needs.

Both sides get their batches the same way (NumPy fancy indexing of one permutation per epoch), so the
comparison is of the frameworks, not of their data loaders. Uses MNIST when it is found
(graphgrad.datasets.load_mnist), otherwise random data of the same shape (say so in any table).
"""
import argparse
import platform
import statistics
import sys
import time

import numpy as np

import graphgrad as gg
from graphgrad import nn
from graphgrad.nn import functional as F

MODELS = {  # name -> (layer sizes, batchnorm, dropout, optimizer, lr, batch size)
    "default": ([784, 512, 256, 10], True, 0.2, "adam", 1e-3, 128),
    "small": ([784, 128, 10], False, 0.0, "sgd", 0.1, 64),
    "cnn": ("cnn", "none", 0.0, "adadelta", 1.0, 64),  # the PyTorch MNIST example's CNN (issue 18)
    "cnn_bn": ("cnn", "before", 0.0, "adadelta", 1.0, 64),  # the same with BatchNorm before each ReLU (--batchnorm)
}
# Learning-rate schedule per model, stepped after each epoch: the MNIST example's StepLR(1, 0.7).
SCHEDULES = dict.fromkeys(("cnn", "cnn_bn"), lambda lib, opt: lib.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.7))


def load(limit):
    try:
        (xtr, ytr), (xte, yte) = gg.datasets.load_mnist(download=False)
        source = "MNIST"
    except FileNotFoundError:
        rng = np.random.default_rng(0)
        xtr, ytr = rng.integers(0, 256, (60000, 28, 28), dtype=np.uint8), rng.integers(0, 10, 60000)
        xte, yte = rng.integers(0, 256, (10000, 28, 28), dtype=np.uint8), rng.integers(0, 10, 10000)
        source = "random data (MNIST not found)"
    xtr = xtr.reshape(len(xtr), -1).astype(np.float32)
    mean, std = xtr.mean(), xtr.std()
    norm = lambda x: ((x.reshape(len(x), -1).astype(np.float32) - mean) / std).astype(np.float32)  # noqa: E731
    return (norm(xtr)[:limit], ytr[:limit].astype(np.int64)), (norm(xte), yte.astype(np.int64)), source


def batches(n, batch_size, epoch):
    """The batch order of one epoch, shared by both frameworks (drop_last keeps BatchNorm happy)."""
    order = np.random.default_rng((0, epoch)).permutation(n)
    return [order[i:i + batch_size] for i in range(0, n - batch_size + 1, batch_size)]


def gg_model(sizes, batchnorm, dropout):
    from graphgrad._models import cnn_layers, mlp_layers
    gg.manual_seed(0)
    if sizes == "cnn":
        return nn.Sequential(*cnn_layers(784, 10, batchnorm))
    return nn.Sequential(*mlp_layers(sizes, "relu", batchnorm, dropout))


def torch_cnn(tnn, batchnorm):
    """cnn_layers(784, 10, batchnorm) in PyTorch, layer for layer (so that the state_dict keys match)."""
    def block(layer, bn, width):
        norm = [bn(width)] if batchnorm != "none" else []
        return [layer] + (norm + [tnn.ReLU()] if batchnorm == "before" else [tnn.ReLU()] + norm)
    return [tnn.Unflatten(1, (1, 28, 28)), *block(tnn.Conv2d(1, 32, 3, 1), tnn.BatchNorm2d, 32),
            *block(tnn.Conv2d(32, 64, 3, 1), tnn.BatchNorm2d, 64), tnn.MaxPool2d(2), tnn.Dropout(0.25), tnn.Flatten(1),
            *block(tnn.Linear(9216, 128), tnn.BatchNorm1d, 128), tnn.Dropout(0.5), tnn.Linear(128, 10)]


def torch_model(torch, sizes, batchnorm, dropout, gg_net):
    """The same architecture with graphgrad's initial weights copied in."""
    tnn = torch.nn
    layers = torch_cnn(tnn, batchnorm) if sizes == "cnn" else []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]) if sizes != "cnn" else []):
        layers.append(tnn.Linear(a, b))
        if i < len(sizes) - 2:
            layers += ([tnn.BatchNorm1d(b)] if batchnorm else []) + [tnn.ReLU()] + ([tnn.Dropout(dropout)] if dropout else [])
    net = tnn.Sequential(*layers)
    state = {k: torch.from_numpy(v.numpy().copy()) for k, v in gg_net.state_dict().items()}
    net.load_state_dict(state, strict=False)  # PyTorch's BatchNorm also has num_batches_tracked
    return net


def make_optimizer(lib, params, name, lr):
    return {"adam": lib.optim.Adam, "adadelta": lib.optim.Adadelta, "sgd": lib.optim.SGD}[name](params, lr=lr)


def gg_epoch(net, opt, x, y, order):
    net.train()
    for idx in order:
        loss = F.cross_entropy(net(gg.from_numpy(x[idx])), gg.from_numpy(y[idx]))
        opt.zero_grad()
        loss.backward()
        opt.step()


def torch_epoch(torch, net, opt, x, y, order):
    net.train()
    for idx in order:
        loss = torch.nn.functional.cross_entropy(net(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
        opt.zero_grad()
        loss.backward()
        opt.step()


def accuracy(predict, x, y):
    return float((np.concatenate([predict(x[i:i + 2000]) for i in range(0, len(x), 2000)]) == y).mean())


def fmt_reach(t):
    return "-" if t is None else f"{t[1]:.1f} s ({t[0]} ep)"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--target", type=float, default=0.99, help="test accuracy whose time to reach is reported")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--models", default="default,small")
    p.add_argument("--limit", type=int, default=60000, help="training samples per epoch")
    p.add_argument("--until-target", action="store_true", help="stop a model's run once both reached --target")
    args = p.parse_args()
    import torch
    torch.set_num_threads(args.threads)
    gg.set_num_threads(args.threads)
    (xtr, ytr), (xte, yte), source = load(args.limit)
    print(f"{platform.processor() or platform.machine()}, {args.threads} threads, graphgrad {gg.__version__} "
          f"({gg.config()['gemm_kernel']}), torch {torch.__version__}; {source}, {len(xtr)} training samples")
    print(f"{'model':<44} {'graphgrad s/epoch':>18} {'PyTorch s/epoch':>16} {'speed-up':>9} {'acc gg / torch':>16}  "
          f"time to {100 * args.target:g}%: graphgrad / PyTorch")
    for name in args.models.split(","):
        sizes, bn, drop, optname, lr, bs = MODELS[name]
        gnet = gg_model(sizes, bn, drop)
        tnet = torch_model(torch, sizes, bn, drop, gnet)
        gopt, topt = make_optimizer(gg, gnet.parameters(), optname, lr), make_optimizer(torch, tnet.parameters(), optname, lr)
        scheds = [SCHEDULES[name](lib, o) for lib, o in ((gg, gopt), (torch, topt))] if name in SCHEDULES else []
        # Wall and process CPU seconds per epoch: on a shared machine the CPU time (all threads, with
        # OMP_WAIT_POLICY=passive so that idle OpenMP workers do not spin) is the steadier measure.
        times, cpu = {"gg": [], "torch": []}, {"gg": [], "torch": []}
        reach = {"gg": None, "torch": None}  # (epochs, training wall s, CPU s) at the first epoch >= target
        acc = {}
        for epoch in range(args.epochs):
            order = batches(len(xtr), bs, epoch)
            for k, run in (("gg", lambda: gg_epoch(gnet, gopt, xtr, ytr, order)),
                           ("torch", lambda: torch_epoch(torch, tnet, topt, xtr, ytr, order))):
                t0, c0 = time.perf_counter(), time.process_time()
                run()
                times[k].append(time.perf_counter() - t0)
                cpu[k].append(time.process_time() - c0)
            for sched in scheds:
                sched.step()
            acc = test_accuracy(torch, gnet, tnet, xte, yte)
            for k in reach:
                if reach[k] is None and acc[k] >= args.target:
                    reach[k] = (epoch + 1, sum(times[k]), sum(cpu[k]))
            print(f"  {name} epoch {epoch + 1}: " + ", ".join(
                f"{lib} {times[k][-1]:.2f} s (CPU {cpu[k][-1]:.2f} s, {100 * acc[k]:.2f}%)"
                for k, lib in (("gg", "graphgrad"), ("torch", "PyTorch"))), file=sys.stderr, flush=True)
            if args.until_target and all(reach.values()):
                break
        g, t = statistics.median(times["gg"]), statistics.median(times["torch"])
        arch = "the MNIST example's CNN" if sizes == "cnn" else '-'.join(map(str, sizes))
        label = f"{name}: {arch}{' BN' if bn not in (False, 'none') else ''}{f' dropout {drop}' if drop else ''}, {optname}, batch {bs}"
        ratio = (f" = {reach['gg'][1] / reach['torch'][1]:.2f}x (CPU {reach['gg'][2]:.1f} s / {reach['torch'][2]:.1f} s "
                 f"= {reach['gg'][2] / reach['torch'][2]:.2f}x)") if reach["gg"] and reach["torch"] else ""
        print(f"{label:<44} {g:>18.2f} {t:>16.2f} {t / g:>8.2f}x {100 * acc['gg']:>7.2f}/{100 * acc['torch']:.2f}%  "
              f"{fmt_reach(reach['gg'])} / {fmt_reach(reach['torch'])}{ratio}", flush=True)


def test_accuracy(torch, gnet, tnet, xte, yte):
    gnet.eval()
    tnet.eval()
    with gg.no_grad():
        acc_g = accuracy(lambda x: gnet(gg.from_numpy(x)).argmax(1).numpy(), xte, yte)
    with torch.no_grad():
        acc_t = accuracy(lambda x: tnet(torch.from_numpy(x)).argmax(1).numpy(), xte, yte)
    return {"gg": acc_g, "torch": acc_t}


if __name__ == "__main__":
    main()
