"""Side-by-side benchmarks: graphgrad vs NumPy vs PyTorch (when installed), in one process.

Each case's contenders run interleaved (a, b, c, a, b, c, ...) so that machine noise hits all
of them alike; we report medians and the ratio to graphgrad (>1 means graphgrad is faster).
On a machine shared with other jobs, each timed block first waits (up to --wait-idle seconds)
until no other process has used a CPU for 50 ms.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/compare.py [--wait-idle S] [section ...]

Section gemm1 is gemm with every library on one thread (NumPy's through threadpoolctl); each of its
rows is followed by the contenders' thread CPU times, which a loaded machine disturbs far less.
"""
import argparse

import numpy as np

import graphgrad as gg
import harness  # bench/ is on sys.path when compare.py runs as a script
from harness import measure, report, torch
import compare_layers
import compare_isa
import compare_reduce
import compare_vmath


# ---------------------------------------------------------------- core (issue 2)

class MicroValue:
    """A pure-Python micrograd-style scalar engine, the baseline the issue names."""

    def __init__(self, data, children=()):
        self.data, self.grad, self._children, self._backward = data, 0.0, children, lambda: None

    def __add__(self, o):
        o = o if isinstance(o, MicroValue) else MicroValue(o)
        out = MicroValue(self.data + o.data, (self, o))

        def bw():
            self.grad += out.grad
            o.grad += out.grad
        out._backward = bw
        return out

    def __mul__(self, o):
        o = o if isinstance(o, MicroValue) else MicroValue(o)
        out = MicroValue(self.data * o.data, (self, o))

        def bw():
            self.grad += o.data * out.grad
            o.grad += self.data * out.grad
        out._backward = bw
        return out

    def __pow__(self, p):
        out = MicroValue(self.data ** p, (self,))

        def bw():
            self.grad += p * self.data ** (p - 1) * out.grad
        out._backward = bw
        return out

    def backward(self):
        topo, seen = [], set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for c in v._children:
                    build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def lecture(lib_tensor):
    def run():
        x, y = lib_tensor(3.0), lib_tensor(-2.0)
        f = x ** 2 + x * y + (x + y) ** 2
        f.backward()
        return x.grad
    return run


# Set by the one-thread sections: every library then computes on the calling thread, whose CPU time
# (unlike the wall time) does not count the other tenants' time slices on a shared machine.
_ONE_THREAD = False


def _scalar_row(case, contenders):
    """A row of microsecond calls: wall time, and under it the calling thread's CPU time."""
    cpu = {}
    report(case, measure(contenders, cpu_times=cpu))
    harness.cpu_line(cpu)


def bench_core():
    c = {"graphgrad": lecture(lambda v: gg.tensor(v, requires_grad=True)),
         "micrograd": lecture(lambda v: MicroValue(v))}
    if torch is not None:
        c["torch"] = lecture(lambda v: torch.tensor(v, requires_grad=True))
    _scalar_row("lecture f(x,y) fwd+bwd (scalars)", c)
    a, b = gg.tensor(1.0), gg.tensor(2.0)
    c = {"graphgrad": lambda: a * b}
    if torch is not None:
        ta, tb = torch.tensor(1.0), torch.tensor(2.0)
        c["torch"] = lambda: ta * tb
    na, nb = np.float32(1.0), np.float32(2.0)
    c["numpy"] = lambda: na * nb
    _scalar_row("per-op overhead: scalar mul", c)
    for n in (10**6, 10**7):
        x, y = gg.randn(n), gg.randn(n)
        nx, ny = x.numpy(), y.numpy()
        tx, ty = (torch.from_numpy(nx), torch.from_numpy(ny)) if torch is not None else (None, None)
        for name, g, npf, tf in [("add", lambda: x + y, lambda: nx + ny, lambda: tx + ty),
                                 ("mul", lambda: x * y, lambda: nx * ny, lambda: tx * ty),
                                 ("relu", lambda: x.relu(), lambda: np.maximum(nx, 0), lambda: tx.relu()),
                                 ("exp", lambda: x.exp(), lambda: np.exp(nx), lambda: tx.exp()),
                                 ("sum", lambda: x.sum(), lambda: nx.sum(), lambda: tx.sum())]:
            c = {"graphgrad": g, "numpy": npf}
            if torch is not None:
                c["torch"] = tf
            c["copy"] = lambda: nx.copy()
            report(f"{name} {n:.0e} float32", measure(c, reps=9))
    # A 2-thread op then NumPy's 2-thread OpenBLAS, in turn: the pool's idle worker must hand its
    # CPU to OpenBLAS's (core/parallel.cpp). "numpy only": the matmul alone.
    x, m = gg.randn(1 << 17), np.random.default_rng(0).random((256, 256), dtype=np.float32)
    c = {"graphgrad": lambda: (gg.sigmoid(x), m @ m), "numpy only": lambda: m @ m}
    if torch is not None:
        tx = torch.from_numpy(x.numpy())
        c["torch"] = lambda: (torch.sigmoid(tx), m @ m)
    report("sigmoid 128K then NumPy 256^3 matmul", measure(c, reps=9))



def bench_elementwise1():
    """The elementwise maps of kernels/map.h at 1M float32 with every library on one thread, each row
    followed by the thread CPU times (steady on a shared machine): the per-ISA loops (issue 15)."""
    n = 10**6
    x, y = gg.randn(n), gg.randn(n)
    cond = x > y
    nx, ny, nc = x.numpy(), y.numpy(), cond.numpy()
    xg, g = gg.randn(n, requires_grad=True), gg.randn(n)
    rows = [("add", lambda: x + y, lambda: nx + ny, lambda t: t[0] + t[1]),
            ("mul", lambda: x * y, lambda: nx * ny, lambda t: t[0] * t[1]),
            ("relu", lambda: x.relu(), lambda: np.maximum(nx, 0), lambda t: t[0].relu()),
            ("maximum", lambda: gg.maximum(x, y), lambda: np.maximum(nx, ny), lambda t: torch.maximum(t[0], t[1])),
            ("where", lambda: gg.where(cond, x, y), lambda: np.where(nc, nx, ny), lambda t: torch.where(t[2], t[0], t[1])),
            ("clamp(-1, 1)", lambda: x.clamp(-1, 1), lambda: np.clip(nx, -1, 1), lambda t: t[0].clamp(-1, 1)),
            ("abs", lambda: x.abs(), lambda: np.abs(nx), lambda t: t[0].abs()),
            ("x > y", lambda: x > y, lambda: nx > ny, lambda t: t[0] > t[1]),
            ("relu fwd+bwd", lambda: xg.relu().backward(g), None, None)]
    with _one_thread():
        print("# elementwise maps, 1 thread", flush=True)
        tt = None
        if torch is not None:
            tt = (torch.from_numpy(nx), torch.from_numpy(ny), torch.from_numpy(nc))
            txg, tg = torch.from_numpy(xg.detach().numpy().copy()).requires_grad_(), torch.from_numpy(g.numpy())
        for name, ours, npf, tf in rows:
            c = {"graphgrad": ours}
            if npf is not None:
                c["numpy"] = npf
            if torch is not None:
                c["torch"] = (lambda tf=tf: tf(tt)) if tf is not None else (lambda: txg.relu().backward(tg))
            _scalar_row(f"{name} 1e+06 float32, 1 thr", c)

# ---------------------------------------------------------------- gemm (issues 3, 15, 19)

def _gemm_case(label, m, n, k, ta=False, tb=False, dtype=np.float32):
    """op(A)[m,k] @ op(B)[k,n]; a transposed operand is a .T view of a (k,m) / (n,k) array, as in
    the backward pass: every library gets the same transposed layout, none copies it."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((k, m) if ta else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if tb else (k, n)).astype(dtype)
    an, bn = (a.T if ta else a), (b.T if tb else b)
    ga, gb = gg.from_numpy(a), gg.from_numpy(b)
    ga, gb = (ga.T if ta else ga), (gb.T if tb else gb)
    c = {"graphgrad": lambda: ga @ gb, "numpy": lambda: an @ bn}
    if torch is not None:
        xa, xb = torch.from_numpy(a), torch.from_numpy(b)
        xa, xb = (xa.T if ta else xa), (xb.T if tb else xb)
        c["torch"] = lambda: xa @ xb
    # Blocks of >= 0.2 s: with 20 ms blocks the first milliseconds after the pause, while the
    # scheduler places a woken worker thread (measured: graphgrad's and PyTorch's workers shared
    # the caller's vCPU for whole 20 ms blocks while the other vCPU idled), dominated the time.
    cpu = {}
    times = measure(c, reps=9 if m * n * k < 2**27 else 5, min_time=0.2, cpu_times=cpu)
    report(label, times, extra={name: f"{2.0 * m * n * k / t / 1e9:.0f} GFLOP/s" for name, t in times.items()})
    if _ONE_THREAD:
        harness.cpu_line(cpu, extra={name: f"{2.0 * m * n * k / t / 1e9:.0f}" for name, t in cpu.items()})


def _numpy_mlp_step(params, act, xn, yn, lr=0.01):
    """The same SGD step written by hand in NumPy (its GEMMs are OpenBLAS's): the floor that
    autograd, modules and the optimizer add their cost to."""
    w1, b1, w2, b2 = params
    onehot = np.eye(w2.shape[0], dtype=np.float32)[yn]
    tanh = act == "Tanh"

    def run():
        z1 = xn @ w1.T
        z1 += b1
        h = np.tanh(z1) if tanh else np.maximum(z1, 0)
        z2 = h @ w2.T
        z2 += b2
        e = np.exp(z2 - z2.max(1, keepdims=True))
        g2 = (e / e.sum(1, keepdims=True) - onehot) / len(xn)  # d(mean cross-entropy)/dz2
        dh = g2 @ w2
        dh *= (1 - h * h) if tanh else (z1 > 0)
        for p, g in ((w1, dh.T @ xn), (b1, dh.sum(0)), (w2, g2.T @ h), (b2, g2.sum(0))):
            p -= lr * g
    return run


def _mlp_step_case(act, batch=64):
    """One SGD step of a 784-128-10 MLP (act: ReLU or Tanh) with cross-entropy, the same initial
    weights and batch for both libraries: small GEMMs (64x784·784x128 and its weight gradient,
    the 128 -> 10 layer), bias, activation, loss and optimizer."""
    rng = np.random.default_rng(0)
    xn, yn = rng.standard_normal((batch, 784)).astype(np.float32), rng.integers(0, 10, batch)

    def step(lib, net, x, y):
        opt, loss_fn = lib.optim.SGD(net.parameters(), lr=0.01), lib.nn.functional.cross_entropy

        def run():
            loss = loss_fn(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        return run

    def net(lib):
        return lib.nn.Sequential(lib.nn.Linear(784, 128), getattr(lib.nn, act)(), lib.nn.Linear(128, 10))
    ours = net(gg)
    c = {"graphgrad": step(gg, ours, gg.from_numpy(xn), gg.from_numpy(yn)),
         "numpy": _numpy_mlp_step([p.detach().numpy().copy() for p in ours.parameters()], act, xn, yn)}
    if torch is not None:
        theirs = net(torch)
        theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in ours.state_dict().items()})
        c["torch"] = step(torch, theirs, torch.from_numpy(xn), torch.from_numpy(yn))
    cpu = {}
    report(f"MLP 784-128-10 {act} SGD step, batch {batch}", measure(c, reps=9, min_time=0.2, cpu_times=cpu))
    if _ONE_THREAD:
        harness.cpu_line(cpu)


def _gemm_rows():
    for n in (64, 128, 256, 512, 1024, 2048):
        _gemm_case(f"sgemm {n}", n, n, n)
    # Linear layer, batch 256: forward X·W, backward dW = X^T·G and dX = G·W^T.
    for fan_in, fan_out in ((784, 512), (512, 512), (512, 10)):
        _gemm_case(f"mlp 256x{fan_in}·{fan_in}x{fan_out} fwd", 256, fan_out, fan_in)
        _gemm_case(f"mlp 256x{fan_in}·{fan_in}x{fan_out} dW=X^T·G", fan_in, fan_out, 256, ta=True)
        _gemm_case(f"mlp 256x{fan_in}·{fan_in}x{fan_out} dX=G·W^T", 256, fan_in, fan_out, tb=True)
    _gemm_case("dgemm 512", 512, 512, 512, dtype=np.float64)
    # GEMV: an LSTMCell(200, 200) step at batch 1, x·W_ihᵀ and W_hh·h (issue 19), and x·W.
    _gemm_case("gemv 1x200·(800x200)^T", 1, 800, 200, tb=True)
    _gemm_case("gemv (800x200)·200x1", 800, 1, 200)
    _gemm_case("gemv 1x200·200x800", 1, 800, 200)
    for act in ("ReLU", "Tanh"):
        _mlp_step_case(act)


def _one_thread():
    """A context in which all three libraries run on one thread: NumPy's OpenBLAS through
    threadpoolctl (when installed; else say so: run with OPENBLAS_NUM_THREADS=1 instead)."""
    import contextlib
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        print("# threadpoolctl not installed: NumPy keeps its threads (set OPENBLAS_NUM_THREADS=1)", flush=True)
        threadpool_limits = None
    saved = gg.get_num_threads(), (torch.get_num_threads() if torch is not None else None)

    @contextlib.contextmanager
    def ctx():
        gg.set_num_threads(1)
        if torch is not None:
            torch.set_num_threads(1)
        try:
            with threadpool_limits(1) if threadpool_limits else contextlib.nullcontext():
                yield
        finally:
            gg.set_num_threads(saved[0])
            if torch is not None:
                torch.set_num_threads(saved[1])
    return ctx()


def bench_gemm():
    print(f"# gemm kernel {gg.config()['gemm_kernel']}, {gg.get_num_threads()} threads", flush=True)
    _gemm_rows()


def bench_gemm1():
    """The gemm section with every library on one thread (and their thread CPU times)."""
    global _ONE_THREAD
    with _one_thread():
        print(f"# gemm kernel {gg.config()['gemm_kernel']}, 1 thread", flush=True)
        _ONE_THREAD = True
        try:
            _gemm_rows()
        finally:
            _ONE_THREAD = False


# ---------------------------------------------------------------- nn (issue 4)

def _nn_fwd_bwd(fn, x, g):
    """One forward and backward of fn at x with output gradient g (x.grad reset each time)."""
    def run():
        x.grad = None
        fn(x).backward(g)
    return run


def bench_nn_batchnorm(shape=(512, 1024)):
    name = "BatchNorm1d" if len(shape) < 4 else "BatchNorm2d"
    x, g = gg.randn(*shape, requires_grad=True), gg.randn(*shape)
    c = {"graphgrad": _nn_fwd_bwd(getattr(gg.nn, name)(shape[1]), x, g)}
    if torch is not None:
        tx = torch.from_numpy(x.detach().numpy().copy()).requires_grad_(True)
        c["torch"] = _nn_fwd_bwd(getattr(torch.nn, name)(shape[1]), tx, torch.from_numpy(g.numpy()))
    report(f"{name} fwd+bwd {shape} float32", measure(c))


def bench_nn_dropout():
    n = 4096
    x, g = gg.randn(n, n, requires_grad=True), gg.randn(n, n)
    nx = x.detach().numpy()
    drop = gg.nn.Dropout(0.5)
    # fwd reads x and writes y, bwd reads g and writes dx: the bytes of two copies (allocating
    # their destination, as the ops do).
    c = {"graphgrad": _nn_fwd_bwd(drop, x, g), "2 copies": lambda: (nx.copy(), nx.copy())}
    if torch is not None:
        tx = torch.from_numpy(nx.copy()).requires_grad_(True)
        c["torch"] = _nn_fwd_bwd(torch.nn.Dropout(0.5), tx, torch.from_numpy(g.numpy()))
    report(f"Dropout(0.5) fwd+bwd ({n}, {n}) float32", measure(c, reps=7, min_time=0.0))


def _nn_mlp(nn):
    return nn.Sequential(nn.Linear(784, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, 10))


def _nn_train_step(model, loss_fn, x, y, no_grad, lr=0.01):
    def step():
        for p in model.parameters():
            p.grad = None
        loss_fn(model(x), y).backward()
        with no_grad():
            for p in model.parameters():
                p.sub_(p.grad, alpha=lr)
    return step


def bench_nn_train_step():
    B = 256
    x, y = gg.randn(B, 784), gg.randint(0, 10, (B,))
    c = {"graphgrad": _nn_train_step(_nn_mlp(gg.nn), gg.nn.functional.cross_entropy, x, y, gg.no_grad)}
    if torch is not None:
        tx, ty = torch.from_numpy(x.numpy()), torch.from_numpy(y.numpy())
        c["torch"] = _nn_train_step(_nn_mlp(torch.nn), torch.nn.functional.cross_entropy, tx, ty, torch.no_grad)
    report(f"MLP 784-512(BN,ReLU,Drop)-10 CE step, batch {B}", measure(c))


def bench_nn():
    bench_nn_batchnorm()
    bench_nn_batchnorm((32, 64, 32, 32))
    bench_nn_dropout()
    bench_nn_train_step()


# ---------------------------------------------------------------- optim (issue 5)

OPTIM_TENSORS, OPTIM_NUMEL = 10, 1_000_000  # 10 million float32 parameters in ten tensors


def _optim_params(count=OPTIM_TENSORS, numel=OPTIM_NUMEL, seed=0):
    """The same parameters and gradients for graphgrad and (when installed) PyTorch."""
    rng = np.random.default_rng(seed)
    arrays = [(rng.standard_normal(numel).astype(np.float32), rng.standard_normal(numel).astype(np.float32))
              for _ in range(count)]
    ps = []
    for w, g in arrays:
        p = gg.from_numpy(w.copy()).requires_grad_()
        p.grad = gg.from_numpy(g.copy())
        ps.append(p)
    tps = None
    if torch is not None:
        tps = []
        for w, g in arrays:
            p = torch.from_numpy(w.copy()).requires_grad_()
            p.grad = torch.from_numpy(g.copy())
            tps.append(p)
    return ps, tps


def _torch_variants(make):
    """PyTorch optimizers by implementation (for-loop, foreach, fused where supported)."""
    out = {}
    for impl, kw in (("for-loop", dict(foreach=False)), ("foreach", dict(foreach=True)), ("fused", dict(fused=True))):
        try:
            out[impl] = make(**kw)
        except (RuntimeError, ValueError, TypeError):  # fused not available for this optimizer
            pass
    return out


def bench_optim_adam():
    ps, tps = _optim_params()
    n = OPTIM_TENSORS * OPTIM_NUMEL
    c = {"graphgrad": gg.optim.Adam(ps, lr=1e-3).step}
    if tps is not None:
        for impl, opt in _torch_variants(lambda **kw: torch.optim.Adam(tps, lr=1e-3, **kw)).items():
            c[f"torch-{impl}"] = opt.step
    src = np.ones(n * 4, np.float32)  # a copy as large as the four arrays Adam reads
    dst = np.empty_like(src)
    c["copy"] = lambda: np.copyto(dst, src)
    times = measure(c, reps=15, min_time=0.0)
    adam_bytes = 7 * 4 * n  # reads param, grad, exp_avg, exp_avg_sq; writes param, exp_avg, exp_avg_sq
    bw = {k: (2 * src.nbytes if k == "copy" else adam_bytes) / t / 1e9 for k, t in times.items()}
    report(f"Adam step {OPTIM_TENSORS}x{OPTIM_NUMEL:.0e} float32", times,
           extra={k: f"{v:.1f} GB/s = {v / bw['copy']:.2f} of copy" for k, v in bw.items()})


def _optim_row(label, name, kw):
    """One step of optimizer `name` over the large group, against each PyTorch implementation."""
    ps, tps = _optim_params()
    c = {"graphgrad": getattr(gg.optim, name)(ps, **kw).step}
    if tps is not None:
        for impl, opt in _torch_variants(lambda **k: getattr(torch.optim, name)(tps, **kw, **k)).items():
            c[f"torch-{impl}"] = opt.step
    report(f"{label} step {OPTIM_TENSORS}x{OPTIM_NUMEL:.0e} float32", measure(c, reps=15, min_time=0.0))


def bench_optim_sgd_nesterov():
    _optim_row("SGD Nesterov", "SGD", dict(lr=1e-3, momentum=0.9, nesterov=True))


def bench_optim_small_tensors():
    """Many small tensors: the per-call and per-parameter overhead (a deep MLP's biases)."""
    ps, tps = _optim_params(count=200, numel=256, seed=1)
    c = {"graphgrad": gg.optim.Adam(ps).step}
    if tps is not None:
        for impl, opt in _torch_variants(lambda **kw: torch.optim.Adam(tps, **kw)).items():
            c[f"torch-{impl}"] = opt.step
    report("Adam step 200x256 float32 (overhead-bound)", measure(c))


def bench_optim():
    bench_optim_adam()
    bench_optim_sgd_nesterov()
    for name in ("Adamax", "RAdam", "NAdam"):
        _optim_row(name, name, dict(weight_decay=0.01))
    bench_optim_small_tensors()


# ---------------------------------------------------------------- second order (issue 7)

def _mlp_loss_case(lib, rng):
    """A 128-256-256-10 tanh MLP with cross-entropy on a batch of 256, float32: parameters,
    directions v and the loss as a function of the parameters, for graphgrad or torch."""
    B, D, H, C = 256, 128, 256, 10
    shapes = [(D, H), (H,), (H, H), (H,), (H, C)]
    xn, yn = rng.standard_normal((B, D)).astype(np.float32), rng.integers(0, C, B)
    pn = [(rng.standard_normal(s) * 0.1).astype(np.float32) for s in shapes]
    vn = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    if lib == "torch":
        F = torch.nn.functional
        x, y = torch.from_numpy(xn), torch.from_numpy(yn)
        conv = torch.from_numpy
    else:
        F = gg.nn.functional
        x, y = gg.from_numpy(xn), gg.from_numpy(yn)
        conv = gg.from_numpy

    def loss(w1, b1, w2, b2, w3):
        return F.cross_entropy(((x @ w1 + b1).tanh() @ w2 + b2).tanh() @ w3, y)
    return loss, tuple(conv(p) for p in pn), tuple(conv(v) for v in vn)


def bench_second_order():
    """Hessian-vector products against one gradient on an MLP (target: hvp <= ~4x a gradient)."""
    from graphgrad.autograd import forward as fwd
    from graphgrad.autograd import functional as AF
    loss, ps, vs = _mlp_loss_case("graphgrad", np.random.default_rng(0))
    leaves = [p.detach().requires_grad_(True) for p in ps]

    def fwd_over_rev():
        with fwd.dual_level():
            duals = [fwd.make_dual(p, v) for p, v in zip(leaves, vs)]
            return [fwd.unpack_dual(g).tangent for g in gg.autograd.grad([loss(*duals)], duals)]
    cases = {"gradient": {"graphgrad": lambda: gg.autograd.grad([loss(*leaves)], leaves)},
             "hvp (reverse over reverse)": {"graphgrad": lambda: AF.hvp(loss, ps, vs)},
             "hvp (forward over reverse)": {"graphgrad": fwd_over_rev}}
    if torch is not None:
        tloss, tps, tvs = _mlp_loss_case("torch", np.random.default_rng(0))
        tleaves = [p.detach().requires_grad_(True) for p in tps]
        cases["gradient"]["torch"] = lambda: torch.autograd.grad(tloss(*tleaves), tleaves)
        cases["hvp (reverse over reverse)"]["torch"] = lambda: torch.autograd.functional.hvp(tloss, tps, tvs)
        cases["hvp (forward over reverse)"]["torch"] = lambda: torch.func.jvp(
            torch.func.grad(lambda p: tloss(*p)), (tps,), (tvs,))
    times = {}
    for name, contenders in cases.items():
        times[name] = measure(contenders, reps=9)
        report(f"MLP 256x128-256-256-10 f32: {name}", times[name])
    for lib in times["gradient"]:
        ratios = ", ".join(f"{name} {times[name][lib] / times['gradient'][lib]:.2f}x"
                           for name in cases if name != "gradient")
        line = f"  {lib}: cost relative to one gradient: {ratios}"
        harness.ROWS.append(line)
        print(line, flush=True)


# ---------------------------------------------------------------- data and checkpoints (issue 16)

def bench_data():
    """An epoch of DataLoader batches (a TensorDataset: graphgrad gathers a batch in one call; a
    per-sample dataset: both collate samples), and gg.save/gg.load of a 10M-parameter state dict
    against the safetensors package and torch.save/torch.load."""
    import os
    import tempfile
    rng = np.random.default_rng(0)
    xn, yn = rng.standard_normal((10000, 784)).astype(np.float32), rng.integers(0, 10, 10000)
    gds = gg.data.TensorDataset(xn, yn)
    samples = [(xn[i], int(yn[i])) for i in range(2048)]
    epoch = {"graphgrad": lambda: sum(1 for _ in gg.data.DataLoader(gds, batch_size=128, shuffle=True))}
    per_sample = {"graphgrad": lambda: sum(1 for _ in gg.data.DataLoader(samples, batch_size=64, shuffle=True))}
    if torch is not None:
        tds = torch.utils.data.TensorDataset(torch.from_numpy(xn), torch.from_numpy(yn))
        epoch["torch"] = lambda: sum(1 for _ in torch.utils.data.DataLoader(tds, batch_size=128, shuffle=True))
        per_sample["torch"] = lambda: sum(1 for _ in torch.utils.data.DataLoader(samples, batch_size=64,
                                                                                  shuffle=True))
    report("DataLoader epoch, TensorDataset 10000x784, batch 128", measure(epoch, reps=7))
    report("DataLoader, 2048 (array, int) samples, batch 64", measure(per_sample, reps=7))

    state = {f"layer{i}.weight": rng.standard_normal((1000, 1000)).astype(np.float32) for i in range(10)}
    gstate = {k: gg.from_numpy(v) for k, v in state.items()}
    with tempfile.TemporaryDirectory() as d:
        paths = {name: os.path.join(d, name) for name in ("gg", "st", "pt")}
        save = {"graphgrad": lambda: gg.save(gstate, paths["gg"])}
        load = {"graphgrad": lambda: gg.load(paths["gg"])}
        try:
            import safetensors.numpy as st
            save["safetensors"] = lambda: st.save_file(state, paths["st"])
            load["safetensors"] = lambda: st.load_file(paths["st"])
        except ImportError:
            pass
        if torch is not None:
            tstate = {k: torch.from_numpy(v) for k, v in state.items()}
            save["torch"] = lambda: torch.save(tstate, paths["pt"])
            load["torch"] = lambda: torch.load(paths["pt"])
        report("save a 10M-parameter float32 state dict", measure(save, reps=5),
               extra={"graphgrad": "atomic, fsync'ed"})
        report("load a 10M-parameter float32 state dict", measure(load, reps=5))


SECTIONS = {"core": bench_core, "elementwise1": bench_elementwise1, "gemm": bench_gemm, "gemm1": bench_gemm1, "nn": bench_nn, "optim": bench_optim,
            "second_order": bench_second_order, "data": bench_data, "conv": compare_layers.bench_conv, "rnn": compare_layers.bench_rnn,
            "vmath": compare_vmath.bench_vmath, "softmax": compare_vmath.bench_softmax,
            "inplace": compare_vmath.bench_inplace, "reduce": compare_reduce.bench_reduce,
            "isa": compare_isa.bench_isa}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sections", nargs="*", metavar="section", help=f"any of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--wait-idle", type=float, default=harness.WAIT_IDLE, metavar="S",
                        help="before each timed block, wait up to S seconds for the other processes "
                             "to be idle (default %(default)s; 0: don't wait)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.sections if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}")
    harness.WAIT_IDLE = args.wait_idle
    chosen = args.sections or list(SECTIONS)
    if torch is not None:
        torch.set_num_threads(gg.get_num_threads())  # the same thread budget for both
    print(f"graphgrad {gg.__version__} {gg.config()} | numpy {np.__version__} | "
          f"torch {torch.__version__ + ' ' + torch.backends.cpu.get_cpu_capability() if torch else 'absent'}")
    for name in chosen:
        SECTIONS[name]()


if __name__ == "__main__":
    main(None)
