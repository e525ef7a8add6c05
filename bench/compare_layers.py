"""compare.py's conv and rnn sections (issues 18 and 19): convolution layers and the MNIST CNN's
training step, recurrent layers and cells, attention and a Transformer encoder layer, side by side
with PyTorch."""
import numpy as np

import graphgrad as gg
from harness import measure, report, torch


# ---------------------------------------------------------------- conv (issue 18)

def _conv_case(label, x_shape, w_shape, padding=0, groups=1):
    """Conv2d forward + backward (input, weight and bias gradients), float32."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = (rng.standard_normal(w_shape) * 0.1).astype(np.float32)
    b = rng.standard_normal(w_shape[0]).astype(np.float32)

    def case(lib, F):
        xs, ws, bs = (lib.tensor(a, requires_grad=True) for a in (x, w, b))
        g = F.conv2d(xs, ws, bs, 1, padding, 1, groups).detach() * 0 + 1

        def run():
            for t in (xs, ws, bs):
                t.grad = None
            F.conv2d(xs, ws, bs, 1, padding, 1, groups).backward(g)
        return run
    c = {"graphgrad": case(gg, gg.nn.functional)}
    if torch is not None:
        c["torch"] = case(torch, torch.nn.functional)
    report(f"Conv2d fwd+bwd {label}", measure(c, reps=9))


def _mnist_cnn(nn):
    """The PyTorch MNIST example's network (log_softmax folded into the cross-entropy)."""
    return nn.Sequential(nn.Conv2d(1, 32, 3, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Dropout(0.25), nn.Flatten(1), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(128, 10))


def bench_conv_train_step(B=64):
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((B, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, B)

    def case(lib):
        lib.manual_seed(0)
        model = _mnist_cnn(lib.nn)
        opt = lib.optim.Adadelta(model.parameters(), lr=1.0)
        xs, ys = lib.from_numpy(x), lib.from_numpy(y)

        def step():
            opt.zero_grad()
            lib.nn.functional.cross_entropy(model(xs), ys).backward()
            opt.step()
        return step
    c = {"graphgrad": case(gg)}
    if torch is not None:
        c["torch"] = case(torch)
    report(f"MNIST example CNN step (fwd, bwd, Adadelta), batch {B}", measure(c, reps=7))


def bench_conv():
    _conv_case("b64 1->32 3x3 28x28", (64, 1, 28, 28), (32, 1, 3, 3))
    _conv_case("b64 32->64 3x3 26x26", (64, 32, 26, 26), (64, 32, 3, 3))
    _conv_case("b8 64->64 3x3 pad 1 56x56", (8, 64, 56, 56), (64, 64, 3, 3), padding=1)
    _conv_case("b8 64->128 1x1 56x56", (8, 64, 56, 56), (128, 64, 1, 1))
    _conv_case("b8 depthwise 64 3x3 pad 1 56x56", (8, 64, 56, 56), (64, 1, 3, 3), padding=1, groups=64)
    bench_conv_train_step()


# ---------------------------------------------------------------- rnn (issue 19)

def _rnn_fwd_bwd(model, x):
    """One forward and backward of a recurrent model (output and final states summed)."""
    def run():
        for p in model.parameters():
            p.grad = None
        out, state = model(x)
        hn = state[0] if isinstance(state, tuple) else state
        (out.sum() + hn.sum()).backward()
    return run


def _torch_copy(ours, theirs):
    theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in ours.state_dict().items()})
    return theirs


def _one_thread(fn):
    """fn run on one graphgrad thread. Beside the row's 2-thread time it shows whether the second core
    paid in this run: the recurrence meets at a barrier every step (70 per pass here), and while
    another tenant holds the second vCPU the 2-thread time was measured at 0.9-1.16x one thread's,
    against 1.7x on a quiet machine (session 13, Zen 4)."""
    def run():
        n = gg.get_num_threads()
        gg.set_num_threads(1)
        try:
            fn()
        finally:
            gg.set_num_threads(n)
    return run


def bench_rnn_layers():
    # The word-language-model example's defaults: 2 layers, 200 in, 200 hidden, 35 steps, batch 20.
    x = gg.randn(35, 20, 200)
    for name in ("LSTM", "GRU"):
        ours = getattr(gg.nn, name)(200, 200, num_layers=2)
        c = {"graphgrad": _rnn_fwd_bwd(ours, x), "gg 1 thread": _one_thread(_rnn_fwd_bwd(ours, x))}
        if torch is not None:
            theirs = _torch_copy(ours, getattr(torch.nn, name)(200, 200, num_layers=2))
            c["torch"] = _rnn_fwd_bwd(theirs, torch.from_numpy(x.numpy()))
        report(f"{name}(200, 200, 2 layers) fwd+bwd (35, 20)", measure(c, reps=9))


def bench_rnn_cell():
    ours = gg.nn.LSTMCell(200, 200)
    x, h, cs = gg.randn(1, 200), gg.randn(1, 200), gg.randn(1, 200)
    linear = gg.nn.functional.linear
    # The step's two (1x200)·(200x800) products alone: the step's time minus theirs is the cell's own.
    c = {"graphgrad": lambda: ours(x, (h, cs)),
         "gg 2 products": lambda: (linear(x, ours.weight_ih), linear(h, ours.weight_hh))}
    if torch is not None:
        theirs = _torch_copy(ours, torch.nn.LSTMCell(200, 200))
        tx, th, tc = (torch.from_numpy(t.numpy()) for t in (x, h, cs))
        c["torch"] = lambda: theirs(tx, (th, tc))
    report("LSTMCell(200, 200) step, batch 1 (grad mode)", measure(c))


def bench_sdpa():
    q, k, v = (gg.randn(8, 8, 256, 64, requires_grad=True) for _ in range(3))
    g = gg.randn(8, 8, 256, 64)

    def run(lib, q, k, v, g):
        def f():
            for t in (q, k, v):
                t.grad = None
            lib.nn.functional.scaled_dot_product_attention(q, k, v).backward(g)
        return f
    c = {"graphgrad": run(gg, q, k, v, g)}
    if torch is not None:
        tq, tk, tv = (torch.from_numpy(t.detach().numpy().copy()).requires_grad_(True) for t in (q, k, v))
        c["torch"] = run(torch, tq, tk, tv, torch.from_numpy(g.numpy()))
    report("scaled_dot_product_attention fwd+bwd (8, 8, 256, 64)", measure(c, reps=7))


def bench_encoder_layer():
    def step(lib, layer, x):
        def f():
            for p in layer.parameters():
                p.grad = None
            layer(x).sum().backward()
        return f
    ours = gg.nn.TransformerEncoderLayer(256, 8, batch_first=True)
    x = gg.randn(32, 128, 256)
    c = {"graphgrad": step(gg, ours, x)}
    if torch is not None:
        theirs = _torch_copy(ours, torch.nn.TransformerEncoderLayer(256, 8, batch_first=True))
        c["torch"] = step(torch, theirs, torch.from_numpy(x.numpy()))
    report("TransformerEncoderLayer(256, 8) train step (32, 128)", measure(c, reps=7))


def bench_rnn():
    bench_rnn_layers()
    bench_rnn_cell()
    bench_sdpa()
    bench_encoder_layer()
