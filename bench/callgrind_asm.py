"""One function's own instructions per machine instruction, from a callgrind dump made with
`--dump-instr=yes`, beside its disassembly: where callgrind_lines.py shows a line's total, this
shows the saved registers, the reloads and the branches a line compiles to.

    GG_CALLGRIND_OPTIONS=--dump-instr=yes python bench/callgrind_lecture.py lecture 2000 /tmp/cg.i
    python bench/callgrind_asm.py /tmp/cg.i.1 <function-name substring> build/_core*.so [calls]

Each row: executions per call (cost / calls, default 2000), [inclusive cost per call of a call
made there], address, instruction. The .so must be the one profiled (the installed copy, or
build/_core*.so after `pip install -C install.strip=false`: the same code, with symbols); every
function whose name contains the substring is listed, lowest address first."""
import collections
import re
import subprocess
import sys


def parse(path, pattern):
    names, own, calls = {}, collections.Counter(), collections.Counter()

    def name(text):  # callgrind's compressed names: "(id) name" once, then "(id)"
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m:
            return text
        if m.group(2):
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), m.group(1))

    fn, addr, in_call = None, 0, False
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("fn="):
            fn = name(line[3:])
        elif line.startswith("cfn="):
            name(line[4:])
        elif line.startswith("calls="):
            in_call = True
        elif line and line[0] in "+-*0123456789" and fn is not None:
            parts = line.split()
            a = parts[0]  # absolute (0x...), relative (+n / -n) or the same (*) as the previous position
            if a != "*":
                addr = int(a, 16) if a.startswith("0x") else addr + int(a)
            if pattern in fn and len(parts) >= 3:
                (calls if in_call else own)[addr] += int(parts[-1])
            in_call = False
    return own, calls


def main():
    path, pattern, so = sys.argv[1:4]
    per = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    own, calls = parse(path, pattern)
    if not own:
        raise SystemExit(f"no function matching {pattern!r} in {path}")
    print(f"own {sum(own.values()) / per:,.0f} per call")
    lo, hi = min(own), max(own)
    dis = subprocess.run(["objdump", "-d", "-C", "--no-show-raw-insn", f"--start-address={lo:#x}",
                          f"--stop-address={hi + 16:#x}", so], capture_output=True, text=True, check=True).stdout
    for line in dis.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s*(.*)", line)
        if m and own.get(a := int(m.group(1), 16)):
            inc = f"[{calls[a] / per:.0f}]" if calls.get(a) else ""
            print(f"{own[a] / per:7.1f} {inc:>7} {a:x} {m.group(2)[:110]}")


if __name__ == "__main__":
    main()
