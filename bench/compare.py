"""graphgrad side by side with NumPy and PyTorch, in one process.

Usage: PYTHONPATH=python python bench/compare.py [section ...]   (sections: optim; default: all)

Cases of one comparison run interleaved (a, b, c, a, b, c, ...) so that the noise of a shared
machine hits them alike; each prints the median of many repetitions and its ratio to a reference.
PyTorch is optional (pip install torch); its rows are skipped without it.
"""
import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np

import graphgrad as gg

try:
    import torch
except ImportError:  # the comparison columns are optional
    torch = None


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


SECTIONS = {
    "optim": [bench_optim_adam, bench_optim_sgd_nesterov, bench_optim_small_tensors],
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sections", nargs="*", choices=[[], *SECTIONS], default=[])
    ap.add_argument("--reps", type=int, default=40)
    args = ap.parse_args(argv)
    print(machine())
    for name in args.sections or SECTIONS:
        for fn in SECTIONS[name]:
            fn(args.reps)


if __name__ == "__main__":
    sys.exit(main())
