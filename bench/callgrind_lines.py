"""Where one function's own instructions go, by source line, from a callgrind dump (callgrind_lecture.py
writes one): callgrind_annotate's per-line view sums every function's costs at a header line
(shared_ptr_base.h, stl_vector.h, ...); this keeps them per function, with its callees' inclusive costs.

    python bench/callgrind_lines.py <callgrind.out> <function-name substring> [rows]

Lines need debug info: build the files of interest with -g (e.g. a local, uncommitted
`set_property(SOURCE cpp/autograd/engine.cpp APPEND PROPERTY COMPILE_OPTIONS -g)` in CMakeLists.txt)
and run with the unstripped build/_core*.so (pip install strips the installed copy). Costs on a
function's first and last lines are mostly its prologue and epilogue (saved registers)."""
import collections
import re
import sys


def main():
    path, pattern = sys.argv[1], sys.argv[2]
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    names = {}

    def name(kind, text):  # callgrind's compressed names: "(id) name" once, then "(id)"
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m:
            return text
        if m.group(2):
            names[kind, m.group(1)] = m.group(2)
        return names.get((kind, m.group(1)), m.group(1))

    fn = fl = fi = callee = None
    last, in_call = 0, False
    own, calls = collections.Counter(), collections.Counter()
    for line in open(path):
        line = line.rstrip("\n")
        key = line.split("=", 1)[0]
        if key == "fl":
            fl = fi = name("fl", line[3:])
        elif key in ("fi", "fe"):
            fi = name("fl", line[3:])
        elif key == "fn":
            fn, fi = name("fn", line[3:]), fl
        elif key in ("cfi", "cfl"):
            name("fl", line[4:])
        elif key == "cfn":
            callee = name("fn", line[4:])
        elif key == "calls":
            in_call = True
        elif line and (line[0].isdigit() or line[0] in "+-*"):
            parts = line.split()
            p = parts[0]  # a line number, relative (+n, -n) or the same (*)
            last = last if p == "*" else last + int(p) if p[0] in "+-" else int(p)
            if fn and pattern in fn and len(parts) > 1:
                if in_call:
                    calls[callee] += int(parts[1])
                else:
                    own[fi.rsplit("/", 1)[-1], last] += int(parts[1])
            in_call = False
    print(f"own {sum(own.values()):,}")
    for (f, n), c in own.most_common(rows):
        print(f"{c:>12,}  {f}:{n}")
    print("callees (inclusive)")
    for f, c in calls.most_common(rows):
        print(f"{c:>12,}  {f[:140]}")


if __name__ == "__main__":
    main()
