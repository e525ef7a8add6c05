"""compare.py's isa section (issue 15): the rows of the inplace, reduce, elementwise1, nn and optim
sections with graphgrad's kernels forced to AVX2 and to AVX-512 in turn, interleaved in one process
(the level is set before every call: 0.1 µs), on 1 and 2 threads; on 1 thread also the thread CPU
times, which stay meaningful on a loaded machine. `avx2/gg` (the time at avx2 over the time at avx512) > 1:
the AVX-512 level is faster.
Needs a CPU with AVX-512."""
import numpy as np

import graphgrad as gg
import harness
from graphgrad import _core
from compare_vmath import _set_threads, _threads

LEVELS = ("avx2", "avx512")


def _rows():
    """(label, fn) for every row, on fresh data."""
    n = 1 << 20
    p, q = gg.randn(n), gg.randn(n)

    def iadd():
        nonlocal p
        p += q
    big = np.random.default_rng(0).standard_normal(4 << 20).astype(np.float32)
    bn = gg.nn.BatchNorm1d(1024)
    xb = gg.randn(512, 1024, requires_grad=True)
    rows = [("p.add_(q) 1M", lambda: p.add_(q)), ("p.add_(q, alpha=0.5) 1M", lambda: p.add_(q, alpha=0.5)),
            ("p.mul_(2.0) 1M", lambda: p.mul_(2.0)), ("p += q 1M", iadd),
            ("gg.tensor(16 MB ndarray)", lambda: gg.tensor(big)),
            ("BatchNorm1d module fwd+bwd (512, 1024)", lambda: bn(xb).sum().backward())]
    for shape in ((1000, 1000), (10**6,), (10**7,)):
        x = gg.randn(*shape)
        name = "x".join(map(str, shape)) if len(shape) > 1 else f"{shape[0]:.0e}"
        rows += [(f"{op} {name}", lambda x=x, op=op: getattr(x, op)()) for op in ("sum", "mean", "amax", "argmax", "norm")]
        if len(shape) == 2:
            rows += [(f"{op} dim {d} {name}", lambda x=x, op=op, d=d: getattr(x, op)(d))
                     for d in (0, 1) for op in ("sum", "amax", "argmax")]
    x, y = gg.randn(n), gg.randn(n)
    cond = x > y
    xg, g = gg.randn(n, requires_grad=True), gg.randn(n)
    rows += [("add 1M", lambda: x + y), ("mul 1M", lambda: x * y), ("relu 1M", lambda: x.relu()),
             ("maximum 1M", lambda: gg.maximum(x, y)), ("where 1M", lambda: gg.where(cond, x, y)),
             ("clamp(-1, 1) 1M", lambda: x.clamp(-1, 1)), ("abs 1M", lambda: x.abs()), ("x > y 1M", lambda: x > y),
             ("leaky_relu 1M", lambda: gg.nn.functional.leaky_relu(x, 0.01)),
             ("relu fwd+bwd 1M", lambda: xg.relu().backward(g))]
    xd, gd = gg.randn(4096, 4096, requires_grad=True), gg.randn(4096, 4096)
    drop = gg.nn.Dropout(0.5)
    xb2, gb2 = gg.randn(512, 1024, requires_grad=True), gg.randn(512, 1024)
    bnf = gg.nn.BatchNorm1d(1024)

    def fwd_bwd(fn, v, gv):
        def run():
            v.grad = None
            fn(v).backward(gv)
        return run
    rows += [("BatchNorm1d fwd+bwd (512, 1024)", fwd_bwd(bnf, xb2, gb2)),
             ("Dropout(0.5) fwd+bwd (4096, 4096)", fwd_bwd(drop, xd, gd))]
    rng = np.random.default_rng(0)
    ps = []
    for _ in range(10):
        t = gg.from_numpy(rng.standard_normal(10**6).astype(np.float32)).requires_grad_()
        t.grad = gg.from_numpy(rng.standard_normal(10**6).astype(np.float32))
        ps.append(t)
    rows += [("Adam step 10x1e+06", gg.optim.Adam(ps, lr=1e-3).step),
             ("SGD Nesterov step 10x1e+06", gg.optim.SGD(ps, lr=1e-3, momentum=0.9, nesterov=True).step)]
    return rows


def _at(level, fn):
    def run():
        _core._set_isa(level)
        fn()
    return run


def bench_isa():
    if _core._best_isa() != "avx512":
        print("# isa: this CPU has no AVX-512; skipped", flush=True)
        return
    saved, saved_isa = gg.get_num_threads(), _core._isa()
    try:
        for nt in _threads():
            _set_threads(nt)
            print(f"# graphgrad at avx2 and avx512, {nt} thr", flush=True)
            for label, fn in _rows():
                cpu = {}
                times = harness.measure({lv: _at(lv, fn) for lv in LEVELS}, reps=9, cpu_times=cpu)
                harness.report(f"{label} float32, {nt} thr", times, base="avx512")
                if nt == 1:
                    harness.cpu_line(cpu, base="avx512")
    finally:
        _core._set_isa(saved_isa)  # the level in force before (GRAPHGRAD_ISA), for the sections that follow
        _set_threads(saved)
