"""The timing harness of bench/compare.py and its section modules: interleaved medians, one line
per case. Contenders run interleaved (a, b, c, a, b, c, ...) so that machine noise hits all of
them alike; on a machine shared with other jobs each timed block first waits (up to WAIT_IDLE
seconds) until no other process has used a CPU for 50 ms."""
import time

import numpy as np

try:
    import torch
except ImportError:  # PyTorch is a benchmark oracle only, never required
    torch = None


WAIT_IDLE = 1.0  # compare.py --wait-idle


def _cpu_ticks_of_others():
    """CPU time (clock ticks) used so far by every process but this one (Linux), or None."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        with open("/proc/self/stat") as f:
            own = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(v) - v[3] - v[4] - int(own[11]) - int(own[12])  # all but idle and iowait, minus ours


def _wait_idle(max_wait):
    """Returns once no other process used a CPU during 50 ms, or after max_wait seconds."""
    end = time.perf_counter() + max_wait
    while time.perf_counter() < end:
        t0 = _cpu_ticks_of_others()
        time.sleep(0.05)
        if t0 is None or _cpu_ticks_of_others() - t0 <= 0:
            return


def measure(contenders, reps=15, min_time=0.02, settle=0.12, cpu_times=None):
    """contenders: {name: fn}. Returns {name: median seconds per call}, interleaved. With a dict
    `cpu_times`, also fills it with each one's median CPU time of the calling thread per call: on
    a loaded machine the wall time of a short block counts other processes' time slices, its CPU
    time (time.thread_time) does not."""
    loops = {}
    for name, fn in contenders.items():
        fn()  # warm up
        t0, n = time.perf_counter(), 0
        while time.perf_counter() - t0 < min_time:
            fn()
            n += 1
        loops[name] = max(1, n)
    samples = {name: [] for name in contenders}
    cpu = {name: [] for name in contenders}
    for _ in range(reps):
        for name, fn in contenders.items():
            # OpenBLAS's and PyTorch's idle threads spin for up to ~0.1 s after a call; on two
            # cores they would steal the next contender's cores (measured: graphgrad's 256x512
            # GEMM 0.30 ms alone, 1.05 ms right after NumPy's). Let them settle first.
            time.sleep(settle)
            _wait_idle(WAIT_IDLE)
            c0, t0 = time.thread_time(), time.perf_counter()
            for _ in range(loops[name]):
                fn()
            samples[name].append((time.perf_counter() - t0) / loops[name])
            cpu[name].append((time.thread_time() - c0) / loops[name])
    if cpu_times is not None:
        cpu_times.update({name: float(np.median(s)) for name, s in cpu.items()})
    return {name: float(np.median(s)) for name, s in samples.items()}


def fmt_time(s):
    return f"{s * 1e6:.2f} µs" if s < 1e-3 else f"{s * 1e3:.3f} ms"


ROWS = []


def report(case, times, base="graphgrad", extra=None):
    """One line: each contender's median, then each one's time over graphgrad's (>1: graphgrad
    faster); extra: name -> a note printed after that contender's time."""
    cols = [f"{name} {fmt_time(t)}" + (f" ({extra[name]})" if extra and name in extra else "")
            for name, t in times.items()]
    ratios = [f"{name}/gg {t / times[base]:.2f}x" for name, t in times.items() if name != base]
    line = f"{case:<44} " + " | ".join(cols) + ("   [" + ", ".join(ratios) + "]" if ratios else "")
    ROWS.append(line)
    print(line, flush=True)


def cpu_line(cpu, base="graphgrad", extra=None):
    """The line under a row: each contender's thread CPU time per call (with `extra`, e.g. its
    GFLOP/s) and the ratios to `base`'s, labelled as report() labels them."""
    cols = [f"{name} {fmt_time(t)}" + (f" ({extra[name]})" if extra else "") for name, t in cpu.items()]
    ratios = [f"{name}/gg {t / cpu[base]:.2f}x" for name, t in cpu.items() if name != base]
    line = f"{'  thread CPU time':<44} " + " | ".join(cols) + "   [" + ", ".join(ratios) + "]"
    ROWS.append(line)
    print(line, flush=True)
