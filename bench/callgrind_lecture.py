"""Instructions per call of the per-op overhead rows (issue 15) under callgrind, the stable
measure on a shared machine (no hardware counters there; wall time depends on the load):

    python bench/callgrind_lecture.py [lecture|micrograd|mul] [calls] [out-file]

reruns itself under valgrind and prints the count per call (`callgrind_annotate <out-file>.1`
then shows where it goes; default out-file /tmp/cg.<case>; GG_CALLGRIND_OPTIONS adds valgrind
options, e.g. --dump-instr=yes for costs per instruction). Instrumentation
is switched on around the timed loop only, after 100 warm-up calls, through callgrind's client
requests (a two-function C helper compiled on first use: needs cc and valgrind's headers)."""
import ctypes
import os
import subprocess
import sys
import tempfile

import graphgrad as gg
from compare import MicroValue, lecture

_HELPER = r"""
#include <valgrind/callgrind.h>
void cg_on(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; CALLGRIND_TOGGLE_COLLECT; }
void cg_off(void) { CALLGRIND_TOGGLE_COLLECT; CALLGRIND_DUMP_STATS; }
"""


def _control():
    d = os.path.join(tempfile.gettempdir(), "graphgrad-callgrind")
    so = os.path.join(d, "cgctl.so")
    if not os.path.exists(so):
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, "cgctl.c")
        with open(src, "w") as f:
            f.write(_HELPER)
        subprocess.run(["cc", "-O1", "-shared", "-fPIC", "-o", so, src], check=True)
    return ctypes.CDLL(so)


def case_fn(case):
    if case == "lecture":
        return lecture(lambda v: gg.tensor(v, requires_grad=True))
    if case == "micrograd":
        return lecture(MicroValue)
    if case == "mul":
        a, b = gg.tensor(1.0), gg.tensor(2.0)
        return lambda: a * b
    raise SystemExit(f"unknown case {case!r}: lecture, micrograd or mul")


def run_instrumented(case, calls):
    fn = case_fn(case)
    cg = _control()
    for _ in range(100):
        fn()
    cg.cg_on()
    for _ in range(calls):
        fn()
    cg.cg_off()


def main():
    case = sys.argv[1] if len(sys.argv) > 1 else "lecture"
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    if os.environ.get("GG_UNDER_CALLGRIND"):
        return run_instrumented(case, calls)
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(tempfile.gettempdir(), f"cg.{case}")
    count(__file__, [case, str(calls)], out, case, calls)


def count(script, args, out, case, calls):
    """Reruns `script args` under callgrind with GG_UNDER_CALLGRIND set (the script switches
    instrumentation on around its timed loop) and prints the instructions per call."""
    _control()  # compiled outside valgrind
    extra = os.environ.get("GG_CALLGRIND_OPTIONS", "").split()  # e.g. --dump-instr=yes
    subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no", *extra,
                    f"--callgrind-out-file={out}", sys.executable, script, *args],
                   env={**os.environ, "GG_UNDER_CALLGRIND": "1"}, check=True, capture_output=True)
    with open(out + ".1") as f:
        total = next(int(line.split()[1]) for line in f if line.startswith(("summary:", "totals:")))
    print(f"{case}: {total / calls:,.0f} instructions per call ({out}.1)")


if __name__ == "__main__":
    main()
