"""Instructions per call of an LSTMCell(200, 200) step at batch 1 (issue 19) under callgrind, the
stable measure on a shared machine (valgrind runs the AVX2 path):

    python bench/callgrind_cell.py [cell|products|backward|lstm] [out-file]

cell: one step in grad mode (the parameters require grad: a node is recorded); products: its two
GEMVs alone, as linear(x, W_ih) and linear(h, W_hh); backward: one step and its backward; lstm: a
2-layer LSTM(200, 200) fwd+bwd over (35, 20). Reruns itself under valgrind, switched on around the
timed loop only (callgrind_lecture.py's client requests); `callgrind_annotate <out-file>.1` shows
where the instructions go."""
import os
import sys
import tempfile

import graphgrad as gg
from callgrind_lecture import _control, count


def case_fn(case):
    gg.set_num_threads(1)
    lin = gg.nn.functional.linear
    cell = gg.nn.LSTMCell(200, 200)
    x, h, c = gg.randn(1, 200), gg.randn(1, 200), gg.randn(1, 200)
    if case == "cell":
        return lambda: cell(x, (h, c)), 200
    if case == "products":
        return lambda: (lin(x, cell.weight_ih), lin(h, cell.weight_hh)), 200
    if case == "backward":
        def step():
            for p in cell.parameters():
                p.grad = None
            h2, c2 = cell(x, (h, c))
            (h2.sum() + c2.sum()).backward()
        return step, 100
    if case == "lstm":
        lstm, xl = gg.nn.LSTM(200, 200, num_layers=2), gg.randn(35, 20, 200)

        def run():
            for p in lstm.parameters():
                p.grad = None
            out, (hn, cn) = lstm(xl)
            (out.sum() + hn.sum()).backward()
        return run, 3
    raise SystemExit(f"unknown case {case!r}: cell, products, backward or lstm")


def main():
    case = sys.argv[1] if len(sys.argv) > 1 else "cell"
    fn, calls = case_fn(case)
    if os.environ.get("GG_UNDER_CALLGRIND"):
        cg = _control()
        for _ in range(max(3, calls // 4)):
            fn()
        cg.cg_on()
        for _ in range(calls):
            fn()
        cg.cg_off()
        return
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tempfile.gettempdir(), f"cg.cell.{case}")
    count(__file__, [case], out, case, calls)


if __name__ == "__main__":
    main()
