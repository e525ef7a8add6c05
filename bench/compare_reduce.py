"""compare.py's reduce section (issue 15): float32 sum, mean, amax, argmax and norm over every
element and over each axis of a matrix, graphgrad vs NumPy vs PyTorch, 1 and 2 threads (on 1 thread
also the thread CPU times). Run with GRAPHGRAD_ISA=generic / avx2 / avx512 to time one level."""
import numpy as np

import graphgrad as gg
from harness import torch
from compare_vmath import _row, _set_threads, _threads


def _cases(x, nx, tx):
    """(label, graphgrad, numpy, torch) for one array; torch's entry is None without PyTorch."""
    rows = [("sum", lambda: x.sum(), lambda: nx.sum(), lambda: tx.sum()),
            ("mean", lambda: x.mean(), lambda: nx.mean(), lambda: tx.mean()),
            ("amax", lambda: x.amax(), lambda: nx.max(), lambda: tx.amax()),
            ("argmax", lambda: x.argmax(), lambda: nx.argmax(), lambda: tx.argmax()),
            ("norm", lambda: x.norm(), lambda: np.linalg.norm(nx), lambda: tx.norm())]
    if x.dim() == 2:
        for d in (0, 1):
            rows += [(f"sum dim {d}", lambda d=d: x.sum(d), lambda d=d: nx.sum(d), lambda d=d: tx.sum(d)),
                     (f"amax dim {d}", lambda d=d: x.amax(d), lambda d=d: nx.max(d), lambda d=d: tx.amax(d)),
                     (f"argmax dim {d}", lambda d=d: x.argmax(d), lambda d=d: nx.argmax(d), lambda d=d: tx.argmax(d))]
    return [(label, g, n, t if torch is not None else None) for label, g, n, t in rows]


def bench_reduce():
    print(f"# reduce kernel {gg.config()['kernels']['reduce']}", flush=True)
    saved = gg.get_num_threads()
    for nt in _threads():
        _set_threads(nt)
        for shape in ((1000, 1000), (10**6,), (10**7,)):
            x = gg.randn(*shape)
            nx = x.numpy()
            tx = torch.from_numpy(nx) if torch is not None else None
            name = "x".join(map(str, shape)) if len(shape) > 1 else f"{shape[0]:.0e}"
            for label, g, n, t in _cases(x, nx, tx):
                c = {"graphgrad": g, "numpy": n}
                if t is not None:
                    c["torch"] = t
                _row(f"{label} {name} float32, {nt} thr", c, nt)
    _set_threads(saved)
