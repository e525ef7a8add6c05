"""``inspect.signature`` for the C++ functions and methods.

pybind11 writes a bound function's signature, with types, as the first line of its docstring
(``sum(self: Tensor, dim: ... = None, keepdim: bool = False) -> Tensor``; an overloaded one as
``sum(*args, **kwargs)`` and then each overload), which ``inspect`` cannot read. This parses that
line (the first overload's) into a Python signature without annotations and installs it as the
text signature CPython reads (``_core._set_text_signature``), so that ``inspect.signature``,
``help`` and the API reference see the named parameters. The docstring itself is unchanged.

pybind11-stubgen prefers a text signature to the typed line, so the stub is generated with
``GRAPHGRAD_TEXT_SIGNATURES=0`` (``_registry.stub``), which leaves the functions as pybind11 made them.
"""
import ast
import os

from . import _core


def _split(text):
    """``text`` split at the commas that are not inside brackets or quotes."""
    parts, depth, quote, start = [], 0, None, 0
    for i, c in enumerate(text):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "([{<":
            depth += 1
        elif c in ")]}>" and not (c == ">" and text[i - 1] == "-"):
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _param(text):
    """``name: type = default`` -> ``name=default`` (a default that is not a literal shows as ``...``)."""
    head, eq, default = text.partition(" = ")
    name = head.split(":", 1)[0].strip()
    if not eq:
        return name
    try:
        ast.literal_eval(default)
    except (ValueError, SyntaxError):
        default = "..."
    return f"{name}={default}"


def python_signature(doc, name):
    """The parameter list ``(a, b=1)`` of the first signature line of a pybind11 docstring, or None."""
    lines = doc.splitlines()
    if len(lines) > 1 and lines[1] == "Overloaded function.":
        lines = [l[3:] for l in lines if l.startswith("1. ")]
    if not lines or not lines[0].startswith(name + "("):
        return None
    line, depth = lines[0][len(name):], 0
    for end, c in enumerate(line):  # the parameter list ends at the bracket that closes the first
        depth += (c in "([{") - (c in ")]}")
        if depth == 0:
            break
    return "(" + ", ".join(_param(p) for p in _split(line[1:end])) + ")"


def _install(namespace):
    for name, f in list(vars(namespace).items()):
        if isinstance(f, staticmethod):
            f = f.__func__
        if type(f).__name__ not in ("builtin_function_or_method", "instancemethod", "method_descriptor"):
            continue
        if getattr(f, "__text_signature__", None) is not None or not f.__doc__:
            continue
        params = python_signature(f.__doc__, name)
        if params is not None:
            _core._set_text_signature(f, params)


def install():
    """Gives every function of ``_core`` and every method of its classes a text signature."""
    if os.environ.get("GRAPHGRAD_TEXT_SIGNATURES", "1") == "0":
        return
    _install(_core)
    for cls in vars(_core).values():
        if isinstance(cls, type):
            _install(cls)
