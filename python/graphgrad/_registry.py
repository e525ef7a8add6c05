"""The op registry as Python sees it: the C++ ops (``_core._ops()``, one entry per
``GG_REGISTER_OP``) and the ops composed in Python of other ops (registered with ``@op``).
Exports, ``__all__``, Tensor methods, the type stub, the docs' op list and the op test table
(tests/test_op_table.py) are all derived from ``ops()``."""
import inspect
import re

from . import _core
from ._core import Tensor

_PYTHON_OPS = []
# the names PyTorch gives tensor parameters: how the op table counts an op's tensor inputs
_TENSOR_PARAMS = ("input", "other", "tensor", "tensor1", "tensor2", "vec2", "mat2", "a", "b", "end", "weight", "values")


def op(reference="", domain="real", differentiable=True, gradgrad=True, integers=False, kwargs="{}",
       method=True, function=True, rtol32=1e-5, name=None):
    """Registers a function composed of graphgrad ops: it becomes ``graphgrad.<name>`` (when
    ``function``) and a Tensor method (when ``method``); the test fields are those of
    ``GG_REGISTER_OP``'s TestSpec (ops/registry.h). ``name`` defaults to the function's."""
    def register(fn):
        op_name = name or fn.__name__
        params = []
        for p in inspect.signature(fn).parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            params.append((p.name, ... if p.default is p.empty else p.default, p.kind == p.KEYWORD_ONLY))
        _PYTHON_OPS.append({
            "name": op_name, "doc": inspect.getdoc(fn) or "", "params": params, "aliases": [],
            "function": function, "method": method, "python": fn,
            "tensor_inputs": sum(1 for n, _, _ in params[:3] if n in _TENSOR_PARAMS),
            "test": {"reference": reference, "domain": domain, "differentiable": differentiable,
                     "gradgrad": gradgrad, "integers": integers, "float_result": False, "inplace": False, "kwargs": kwargs,
                     "rtol32": rtol32},
        })
        if method:
            setattr(Tensor, op_name, fn)
        return fn
    return register


def ops():
    """Every registered op: a dict with name, doc, params [(name, default or ..., keyword-only)],
    aliases, function/method flags, the number of tensor inputs and the test spec."""
    return [dict(d, python=None) for d in _core._ops()] + list(_PYTHON_OPS)


def exports(namespace):
    """The names of ``namespace`` (a module's globals) that form its public API: everything not
    private and not a module, in definition order."""
    return [n for n, v in namespace.items() if not n.startswith("_") and not inspect.ismodule(v)]


def _signature(d):
    if d.get("python") is not None:  # its own signature: params leaves out *tensors
        return str(inspect.signature(d["python"]))
    parts, star = [], False
    for name, default, kw_only in d["params"]:
        if kw_only and not star:
            parts.append("*")
            star = True
        parts.append(name if default is ... else f"{name}={default!r}")
    return f"({', '.join(parts)})"


def markdown():
    """docs/ops.md: every public registered op, its signature, where it is bound and its docstring
    (the private entry points that nn.functional wraps, such as ``_conv``, are documented there)."""
    lines = ["# Operations", "",
             "Generated from the op registry (`python -m graphgrad._registry docs > docs/ops.md`); a test keeps it current.",
             "`gg.` is the function, `Tensor.` the method; both take the same parameters (the method's `self` is "
             "`input`).", "", "| op | signature | as | description |", "|---|---|---|---|"]
    for d in sorted((d for d in ops() if not d["name"].startswith("_")), key=lambda d: d["name"]):
        where = " ".join(w for w, on in (("gg.", d["function"]), ("Tensor.", d["method"])) if on)
        names = ", ".join([f"`{d['name']}`"] + [f"`{a}`" for a in d["aliases"]])
        doc = literal_markdown(d["doc"].split("\n\n")[0].replace("\n", " "))
        lines.append(f"| {names} | `{_signature(d)}` | {where} | {doc} |")
    return "\n".join(lines) + "\n"


_CODE_SPAN = re.compile(r"(``.+?``|`[^`\n]+`)", re.S)


def literal_markdown(text):
    """Docstring prose as Markdown that shows it unchanged: outside code spans, ``* _ | \\`` are
    escaped and ``<`` is an entity, so a shape (*, n, n), a product a * b * c, ``|x|`` in a table
    cell or root/<name>/raw is text, not emphasis, a column break or an HTML tag. The op list and the
    API pages (mkdocs_griffe.py) both use it."""
    parts = _CODE_SPAN.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"([\\*_|])", r"\\\1", parts[i]).replace("<", "&lt;")
    return "".join(parts)


def stub():
    """The text of graphgrad/_core.pyi: pybind11-stubgen's stub of the extension, where the Tensor
    methods added in Python (registered composites, tolist, to, ...) are methods, not static ones."""
    import os
    import pathlib
    import subprocess
    import sys
    import tempfile
    with tempfile.TemporaryDirectory() as out:  # the typed signature lines, not the text signatures
        subprocess.run([sys.executable, "-m", "pybind11_stubgen", "graphgrad._core", "-o", out,
                        "--numpy-array-remove-parameters"], check=True, capture_output=True, cwd=out,
                       env=dict(os.environ, GRAPHGRAD_TEXT_SIGNATURES="0"))
        text = (pathlib.Path(out) / "graphgrad" / "_core.pyi").read_text()
    head, sep, body = text.partition("\nclass Tensor:")
    cls, sep2, rest = body.partition("\nclass ")
    cls = cls.replace("    @staticmethod\n", "")  # the C++ Tensor has no static methods
    return head + sep + cls + sep2 + rest


if __name__ == "__main__":  # run as a script this file is a second module: use the package's registry
    import sys as _sys
    from graphgrad import _registry as _r
    if _sys.argv[1:] == ["docs"]:
        print(_r.markdown(), end="")
    elif _sys.argv[1:] == ["stub"]:
        print(_r.stub(), end="")
    else:
        raise SystemExit("usage: python -m graphgrad._registry docs > docs/ops.md\n"
                         "       python -m graphgrad._registry stub > python/graphgrad/_core.pyi")
