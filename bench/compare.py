"""Side-by-side benchmarks: graphgrad vs NumPy vs PyTorch (when installed), in one process.

Each case's contenders run interleaved (a, b, c, a, b, c, ...) so that machine noise hits all
of them alike; we report medians and the ratio to graphgrad (>1 means graphgrad is faster).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/compare.py [section ...]
"""
import os
import platform
import statistics
import sys
import time

import numpy as np

import graphgrad as gg

try:
    import torch
except ImportError:  # PyTorch is a benchmark oracle only, never required
    torch = None


def measure(contenders, reps=15, min_time=0.02):
    """contenders: {name: fn}. Returns {name: median seconds per call}, interleaved."""
    loops = {}
    for name, fn in contenders.items():
        fn()  # warm up
        t0, n = time.perf_counter(), 0
        while time.perf_counter() - t0 < min_time:
            fn()
            n += 1
        loops[name] = max(1, n)
    samples = {name: [] for name in contenders}
    for _ in range(reps):
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            for _ in range(loops[name]):
                fn()
            samples[name].append((time.perf_counter() - t0) / loops[name])
    return {name: float(np.median(s)) for name, s in samples.items()}


def fmt_time(s):
    return f"{s * 1e6:.2f} µs" if s < 1e-3 else f"{s * 1e3:.3f} ms"


ROWS = []


def report(case, times, base="graphgrad"):
    cols = [f"{name} {fmt_time(t)}" for name, t in times.items()]
    ratios = [f"{name}/gg {t / times[base]:.2f}x" for name, t in times.items() if name != base]
    line = f"{case:<44} " + " | ".join(cols) + ("   [" + ", ".join(ratios) + "]" if ratios else "")
    ROWS.append(line)
    print(line, flush=True)


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


def bench_core():
    c = {"graphgrad": lecture(lambda v: gg.tensor(v, requires_grad=True)),
         "micrograd": lecture(lambda v: MicroValue(v))}
    if torch is not None:
        c["torch"] = lecture(lambda v: torch.tensor(v, requires_grad=True))
    report("lecture f(x,y) fwd+bwd (scalars)", measure(c))
    a, b = gg.tensor(1.0), gg.tensor(2.0)
    c = {"graphgrad": lambda: a * b}
    if torch is not None:
        ta, tb = torch.tensor(1.0), torch.tensor(2.0)
        c["torch"] = lambda: ta * tb
    na, nb = np.float32(1.0), np.float32(2.0)
    c["numpy"] = lambda: na * nb
    report("per-op overhead: scalar mul", measure(c))
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


# ---------------------------------------------------------------- nn (issue 4)

def _nn_fwd_bwd(fn, x, g):
    """One forward and backward of fn at x with output gradient g (x.grad reset each time)."""
    def run():
        x.grad = None
        fn(x).backward(g)
    return run


def bench_nn_batchnorm():
    N, C = 512, 1024
    gg_bn = gg.nn.BatchNorm1d(C)
    x, g = gg.randn(N, C, requires_grad=True), gg.randn(N, C)
    c = {"graphgrad": _nn_fwd_bwd(gg_bn, x, g)}
    if torch is not None:
        t_bn = torch.nn.BatchNorm1d(C)
        tx = torch.from_numpy(x.detach().numpy().copy()).requires_grad_(True)
        c["torch"] = _nn_fwd_bwd(t_bn, tx, torch.from_numpy(g.numpy()))
    report(f"BatchNorm1d fwd+bwd ({N}, {C}) float32", measure(c))


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
    bench_nn_dropout()
    bench_nn_train_step()


# ---------------------------------------------------------------- optim (merged from branch data)

# ---- shared helpers ------------------------------------------------------------------------------
def interleaved(cases, reps=30, warmup=3):
    """Median seconds per call of each zero-argument function in ``cases`` (name -> fn), run round robin."""
    for _ in range(warmup):
        for fn in cases.values():
            fn()
    times = {name: [] for name in cases}
    for _ in range(reps):
        for name, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def table(title, medians, reference, extra=None):
    """Print medians (ms) and speed ratios against ``reference`` (>1: faster than it); extra: name -> text."""
    print(f"\n{title}")
    print(f"  {'case':44s} {'median ms':>10s} {'vs ' + reference:>22s}")
    ref = medians[reference]
    for name, t in medians.items():
        note = f"  {extra[name]}" if extra and name in extra else ""
        print(f"  {name:44s} {t * 1e3:10.3f} {ref / t:21.2f}x{note}")


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    torch_v = torch.__version__ if torch else "absent"
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {cpu}, {os.cpu_count()} cores, "
            f"graphgrad threads {gg.get_num_threads()}, torch {torch_v}, numpy {np.__version__}")


# ---- optim ---------------------------------------------------------------------------------------
OPTIM_TENSORS, OPTIM_NUMEL = 10, 1_000_000  # 10 million float32 parameters in ten tensors


def _optim_params(seed=0):
    rng = np.random.default_rng(seed)
    arrays = [(rng.standard_normal(OPTIM_NUMEL).astype(np.float32), rng.standard_normal(OPTIM_NUMEL).astype(np.float32))
              for _ in range(OPTIM_TENSORS)]
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
    """PyTorch optimizer constructors by implementation (for-loop, foreach, fused where supported)."""
    out = {}
    for impl, kw in (("for-loop", dict(foreach=False)), ("foreach", dict(foreach=True)), ("fused", dict(fused=True))):
        try:
            out[impl] = make(**kw)
        except (RuntimeError, ValueError, TypeError):  # fused not available for this optimizer/device
            pass
    return out


def _copy_cases(nbytes):
    """Memory copies of nbytes (read nbytes, write nbytes): the bandwidth reference."""
    src = np.ones(nbytes // 4, np.float32)
    dst = np.empty_like(src)
    cases = {"memory copy (numpy)": lambda: np.copyto(dst, src)}
    if torch is not None:
        ts, td = torch.from_numpy(src), torch.from_numpy(dst)
        cases["memory copy (torch, threaded)"] = lambda: td.copy_(ts)
    return cases


def bench_optim_adam(reps):
    ps, tps = _optim_params()
    n = OPTIM_TENSORS * OPTIM_NUMEL
    cases = {"graphgrad Adam": gg.optim.Adam(ps, lr=1e-3).step}
    if tps is not None:
        for impl, opt in _torch_variants(lambda **kw: torch.optim.Adam(tps, lr=1e-3, **kw)).items():
            cases[f"torch Adam ({impl})"] = opt.step
    copy_bytes = 4 * n * 4  # a copy as large as the 4 arrays Adam reads
    cases.update(_copy_cases(copy_bytes))
    med = interleaved(cases, reps=reps)
    adam_bytes = 7 * 4 * n  # reads param, grad, exp_avg, exp_avg_sq; writes param, exp_avg, exp_avg_sq
    bw = {k: (adam_bytes if "Adam" in k else 2 * copy_bytes) / t / 1e9 for k, t in med.items()}
    best_copy = max(v for k, v in bw.items() if k.startswith("memory copy"))
    extra = {k: f"{v:6.1f} GB/s = {v / best_copy:4.2f} of copy" for k, v in bw.items()}
    ref = "torch Adam (fused)" if "torch Adam (fused)" in med else "graphgrad Adam"
    table(f"Adam step, {OPTIM_TENSORS} x {OPTIM_NUMEL} float32 (bandwidth: bytes read + written)", med, ref, extra)


def bench_optim_sgd_nesterov(reps):
    ps, tps = _optim_params()
    kw = dict(lr=1e-3, momentum=0.9, nesterov=True)
    cases = {"graphgrad SGD nesterov": gg.optim.SGD(ps, **kw).step}
    if tps is not None:
        for impl, opt in _torch_variants(lambda **k: torch.optim.SGD(tps, **kw, **k)).items():
            cases[f"torch SGD nesterov ({impl})"] = opt.step
    med = interleaved(cases, reps=reps)
    torch_best = min((k for k in med if k.startswith("torch")), key=med.get, default="graphgrad SGD nesterov")
    table(f"SGD Nesterov step, {OPTIM_TENSORS} x {OPTIM_NUMEL} float32 (reference: fastest torch)", med, torch_best)


def bench_optim_small_tensors(reps):
    """Many small tensors: the per-call and per-parameter overhead (a 100-layer MLP's biases)."""
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal(256).astype(np.float32) for _ in range(200)]
    ps = []
    for a in arrays:
        p = gg.from_numpy(a.copy()).requires_grad_()
        p.grad = gg.from_numpy(a.copy())
        ps.append(p)
    cases = {"graphgrad Adam": gg.optim.Adam(ps).step}
    if torch is not None:
        tps = []
        for a in arrays:
            p = torch.from_numpy(a.copy()).requires_grad_()
            p.grad = torch.from_numpy(a.copy())
            tps.append(p)
        for impl, opt in _torch_variants(lambda **kw: torch.optim.Adam(tps, **kw)).items():
            cases[f"torch Adam ({impl})"] = opt.step
    med = interleaved(cases, reps=reps)
    ref = "torch Adam (fused)" if "torch Adam (fused)" in med else "graphgrad Adam"
    table("Adam step, 200 x 256 float32 (overhead-bound)", med, ref)


SECTIONS = {"core": bench_core, "nn": bench_nn,
            "optim": lambda: [fn(40) for fn in (bench_optim_adam, bench_optim_sgd_nesterov, bench_optim_small_tensors)]}


def main(argv):
    chosen = argv or list(SECTIONS)
    if torch is not None:
        torch.set_num_threads(gg.get_num_threads())  # the same thread budget for both
    print(f"graphgrad {gg.__version__} {gg.config()} | numpy {np.__version__} | "
          f"torch {torch.__version__ if torch else 'absent'}")
    for name in chosen:
        SECTIONS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
