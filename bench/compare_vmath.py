"""compare.py's vmath, softmax and inplace sections (issue 15): float32 transcendental kernels,
the softmax family and true in-place arithmetic, graphgrad vs PyTorch vs NumPy, 1 and 2 threads.
Run with GRAPHGRAD_ISA=avx2 / avx512 to time one instruction set."""
import numpy as np

import graphgrad as gg
import harness
from harness import measure, report, torch
from graphgrad.nn import functional as F


def _threads():
    return sorted({1, gg.get_num_threads()})


def _set_threads(n):
    gg.set_num_threads(n)
    if torch is not None:
        torch.set_num_threads(n)


def _row(case, contenders, nt):
    """One row; on 1 thread also the ratios of the calling thread's CPU time, which on a loaded
    machine stay meaningful when the wall times are not (with 2 threads a worker's share is not
    in it)."""
    cpu = {}
    report(case, measure(contenders, reps=9, cpu_times=cpu))
    if nt == 1:
        ratios = [f"{name}/gg {t / cpu['graphgrad']:.2f}x" for name, t in cpu.items() if name != "graphgrad"]
        line = f"{'':<44} CPU time: graphgrad {harness.fmt_time(cpu['graphgrad'])}; " + ", ".join(ratios)
        harness.ROWS.append(line)
        print(line, flush=True)


def bench_vmath():
    saved = gg.get_num_threads()
    ufuncs = {"exp": np.exp, "log": np.log, "tanh": np.tanh, "sigmoid": lambda a: 1 / (1 + np.exp(-a)), "gelu": None}
    for nt in _threads():
        _set_threads(nt)
        for n in (1 << 16, 1 << 20):
            x = gg.randn(n)
            xp = gg.rand(n) + 0.5
            for name, npf in ufuncs.items():
                src = xp if name == "log" else x
                gfn = {"exp": gg.exp, "log": gg.log, "tanh": gg.tanh, "sigmoid": gg.sigmoid, "gelu": F.gelu}[name]
                c = {"graphgrad": lambda: gfn(src)}
                if torch is not None:
                    ts = torch.from_numpy(src.numpy())
                    tfn = {"exp": torch.exp, "log": torch.log, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
                           "gelu": torch.nn.functional.gelu}[name]
                    c["torch"] = lambda: tfn(ts)
                if npf is not None:
                    ns = src.numpy()
                    c["numpy"] = lambda: npf(ns)
                _row(f"{name} {n // 1024}K float32, {nt} thr", c, nt)
            # The fused backward kernels (with their forward; the gradient accumulates in both).
            for name, gfn in (("gelu", F.gelu), ("silu", F.silu)):
                xg, g = gg.tensor(x.numpy(), requires_grad=True), gg.randn(n)
                c = {"graphgrad": lambda: gfn(xg).backward(g)}
                if torch is not None:
                    txg, tg = torch.from_numpy(x.numpy().copy()).requires_grad_(), torch.from_numpy(g.numpy())
                    tfn = getattr(torch.nn.functional, name)
                    c["torch"] = lambda: tfn(txg).backward(tg)
                _row(f"{name} fwd+bwd {n // 1024}K float32, {nt} thr", c, nt)
    _set_threads(saved)


def bench_softmax():
    saved = gg.get_num_threads()
    rng = np.random.default_rng(0)
    for nt in _threads():
        _set_threads(nt)
        for shape in ((256, 1000), (4096, 1000)):
            a = rng.standard_normal(shape).astype(np.float32)
            labels = rng.integers(0, shape[1], shape[0])
            x, y = gg.tensor(a), gg.tensor(labels)
            xg = gg.tensor(a, requires_grad=True)
            g = gg.tensor(rng.standard_normal(shape).astype(np.float32))
            g1 = gg.tensor(rng.standard_normal(shape[0]).astype(np.float32))
            cases = {"softmax": lambda: gg.softmax(x, 1), "log_softmax": lambda: gg.log_softmax(x, 1),
                     "logsumexp": lambda: gg.logsumexp(x, 1), "cross_entropy": lambda: F.cross_entropy(x, y),
                     "softmax fwd+bwd": lambda: gg.softmax(xg, 1).backward(g),
                     "log_softmax fwd+bwd": lambda: gg.log_softmax(xg, 1).backward(g),
                     "logsumexp fwd+bwd": lambda: gg.logsumexp(xg, 1).backward(g1),
                     "cross_entropy fwd+bwd": lambda: F.cross_entropy(xg, y).backward()}
            tcases = {}
            if torch is not None:
                ta, ty = torch.from_numpy(a), torch.from_numpy(labels)
                tg, tgo = torch.from_numpy(a.copy()).requires_grad_(), torch.from_numpy(g.numpy())
                tgo1 = torch.from_numpy(g1.numpy())
                tcases = {"softmax": lambda: torch.softmax(ta, 1), "log_softmax": lambda: torch.log_softmax(ta, 1),
                          "logsumexp": lambda: torch.logsumexp(ta, 1),
                          "cross_entropy": lambda: torch.nn.functional.cross_entropy(ta, ty),
                          "softmax fwd+bwd": lambda: torch.softmax(tg, 1).backward(tgo),
                          "log_softmax fwd+bwd": lambda: torch.log_softmax(tg, 1).backward(tgo),
                          "logsumexp fwd+bwd": lambda: torch.logsumexp(tg, 1).backward(tgo1),
                          "cross_entropy fwd+bwd": lambda: torch.nn.functional.cross_entropy(tg, ty).backward()}
            for name, gfn in cases.items():
                c = {"graphgrad": gfn}
                if name in tcases:
                    c["torch"] = tcases[name]
                _row(f"{name} {shape}, {nt} thr", c, nt)
    _set_threads(saved)


def bench_inplace():
    n = 1 << 20
    p, q = gg.randn(n), gg.randn(n)
    pn, qn = p.numpy().copy(), q.numpy()

    def np_iadd():
        np.add(pn, qn, out=pn)

    def iadd():
        nonlocal p
        p += q
    # The target holds on 1 and 2 threads (NumPy's add runs on one either way).
    saved = gg.get_num_threads()
    for nt in _threads():
        _set_threads(nt)
        for name, g in [("p.add_(q)", lambda: p.add_(q)), ("p.add_(q, alpha=0.5)", lambda: p.add_(q, alpha=0.5)),
                        ("p.mul_(2.0)", lambda: p.mul_(2.0)), ("p += q", iadd)]:
            c = {"graphgrad": g, "numpy +=": np_iadd}
            if torch is not None:
                tp, tq = torch.from_numpy(pn.copy()), torch.from_numpy(qn)
                c["torch"] = lambda: tp.add_(tq)
            report(f"{name} 1M float32, {nt} thr", measure(c, reps=9))
    _set_threads(saved)
    big = np.random.default_rng(0).standard_normal(4 << 20).astype(np.float32)  # 16 MB
    c = {"graphgrad": lambda: gg.tensor(big), "numpy copy": lambda: big.copy()}
    if torch is not None:
        c["torch"] = lambda: torch.tensor(big)
    report("gg.tensor(16 MB ndarray)", measure(c, reps=9))
    bn = gg.nn.BatchNorm1d(1024)
    x = gg.randn(512, 1024, requires_grad=True)
    c = {"graphgrad": lambda: bn(x).sum().backward()}
    if torch is not None:
        tbn = torch.nn.BatchNorm1d(1024)
        tx = torch.from_numpy(x.detach().numpy().copy()).requires_grad_()
        c["torch"] = lambda: tbn(tx).sum().backward()
    report("BatchNorm1d module fwd+bwd (512, 1024)", measure(c, reps=9))
