"""Where a build's time goes, comparable on a shared machine (issue 20).

    python bench/build_times.py report BUILD_DIR [--jobs 2] [--top 15] [--order OTHER_BUILD_DIR]
        per-unit times of the last build in BUILD_DIR (its .ninja_log, and the CPU log below when
        there is one), and the makespan of that build's units on --jobs cores in Ninja's order
        (or in the order of OTHER_BUILD_DIR's build.ninja: what another CMakeLists would give).
    CMAKE_CXX_COMPILER_LAUNCHER="python;bench/build_times.py;wrap" cmake ...
        records the user + sys CPU of every compile (appended to build_cpu.log in the
        working directory, which Ninja sets to the build dir): CPU per unit is stable-ish on a
        loaded machine, where the wall times of .ninja_log are the load's.

The makespan is a list schedule: units start in Ninja's order (the order of the log's start
times, or of the edges in build.ninja, which is the order of a fresh build) on the first free
core, each taking its CPU time (or its wall time without a CPU log); the links follow. It is the
wall time of the build on `--jobs` idle cores.
"""
import argparse
import heapq
import os
import subprocess
import sys

CPU_LOG = "build_cpu.log"


def wrap(cmd):
    """Runs one compiler command and appends `cpu_seconds<TAB>output` to build_cpu.log."""
    child = subprocess.Popen(cmd)
    _, status, usage = os.wait4(child.pid, 0)
    out = cmd[cmd.index("-o") + 1] if "-o" in cmd else cmd[-1]
    with open(CPU_LOG, "a") as f:
        f.write(f"{usage.ru_utime + usage.ru_stime:.3f}\t{out}\n")
    return os.waitstatus_to_exitcode(status)


def read_ninja_log(build_dir):
    """{output: (start_ms, wall_s)} of the last run (a rebuild's entries replace older ones)."""
    units = {}
    with open(os.path.join(build_dir, ".ninja_log")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            start, end, _, out, _ = line.rstrip("\n").split("\t")
            units[out] = (int(start), (int(end) - int(start)) / 1000)
    return units


def read_cpu_log(build_dir):
    cpu = {}
    path = os.path.join(build_dir, CPU_LOG)
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                secs, out = line.rstrip("\n").split("\t", 1)
                cpu[out] = float(secs)
    return cpu


def build_order(build_dir):
    """Outputs in the order of build.ninja's edges."""
    order = []
    with open(os.path.join(build_dir, "build.ninja")) as f:
        for line in f:
            if line.startswith("build ") and ":" in line:
                order.append(line[6:].split(":")[0].split(" ")[0])
    return {out: i for i, out in enumerate(order)}


def makespan(units, jobs):
    """List schedule of (name, seconds, is_link) on `jobs` cores: compiles in the given order,
    then the links, which need every object."""
    free = [0.0] * jobs
    for _, secs, is_link in units:
        if not is_link:
            heapq.heappush(free, heapq.heappop(free) + secs)
    return max(free) + sum(secs for _, secs, is_link in units if is_link)


def report(build_dir, jobs, top, order_dir=None):
    log = read_ninja_log(build_dir)
    cpu = read_cpu_log(build_dir)
    if order_dir:
        position = build_order(order_dir)
        key = lambda kv: position.get(kv[0], len(position))
    else:
        key = lambda kv: kv[1][0]
    rows = []
    for out, (start, wall) in sorted(log.items(), key=key):
        secs = cpu.get(out, wall) if cpu else wall
        if secs < 0.05 and not out.endswith(".o"):  # cmake checks, stamps, install steps
            continue
        rows.append((out, secs, not out.endswith(".o")))
    total = sum(s for _, s, _ in rows)
    kind = "CPU (user + sys)" if cpu else "wall (no build_cpu.log: run the build through `wrap`)"
    print(f"{len(rows)} steps, {kind}: total {total:.1f} s")
    for out, secs, _ in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"  {secs:7.1f} s  {out}")
    where = f"{order_dir}'s build.ninja" if order_dir else "Ninja's"
    print(f"makespan on {jobs} cores in {where} order: {makespan(rows, jobs):.1f} s"
          f" (lower bound total/{jobs}: {total / jobs:.1f} s)")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "wrap":
        return wrap(argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("report")
    r.add_argument("build_dir")
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--top", type=int, default=15)
    r.add_argument("--order", help="a build dir whose build.ninja gives the order of the units")
    args = p.parse_args(argv)
    report(args.build_dir, args.jobs, args.top, args.order)
    return 0


if __name__ == "__main__":
    sys.exit(main())
