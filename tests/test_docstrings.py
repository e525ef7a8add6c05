"""Every public callable has a prose docstring and a signature with named parameters (issue 20).

Public: every name a public module exports (its ``__all__``, else the names defined in it that do
not start with ``_``), the Tensor's named methods and properties, and the public methods and
properties of every public class. Modules are found by walking the package, so a module or an op
added later is held to the same bar."""
import importlib
import inspect
import pkgutil
import re

import graphgrad as gg

# Entry points, not an API: the CLI (a package: cli/options.py, ...) is documented by its --help
# (tests/test_cli.py, tests/test_cli_options.py).
NOT_API = {"graphgrad.cli", "graphgrad.__main__"}
# They pass their arguments on, unchanged, to a function the user writes (as in PyTorch).
PASS_THROUGH = {"graphgrad.autograd.function.Function", "graphgrad.autograd.function.Function.apply",
                "graphgrad.nn.modules.module.Module.forward", "graphgrad.distributed.ddp.DistributedDataParallel.forward"}
_BUILTIN = ("builtin_function_or_method", "instancemethod")  # pybind11's functions and methods
_ARG_N = re.compile(r"^arg\d+$")


def public_modules():
    """Every importable module of the package whose dotted path has no private part."""
    names = ["graphgrad"]
    for info in pkgutil.walk_packages(gg.__path__, "graphgrad."):
        if not any(part.startswith("_") for part in info.name.split(".")) and \
                not any(info.name == m or info.name.startswith(m + ".") for m in NOT_API):
            names.append(info.name)
    return [importlib.import_module(n) for n in names]


def public_names(module):
    """A module's public API: ``__all__``, else what it defines itself without a leading underscore."""
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [n for n, v in vars(module).items() if not n.startswith("_") and not inspect.ismodule(v)
            and getattr(v, "__module__", module.__name__) == module.__name__]


def _own_members(cls):
    """The public methods and properties a graphgrad class defines (or inherits from a graphgrad
    class); what Python's own bases (object, tuple, Exception, ...) give is theirs to document."""
    seen = {}
    for base in reversed(cls.__mro__):
        if not getattr(base, "__module__", "").startswith("graphgrad"):
            continue
        for n, v in vars(base).items():
            if not n.startswith("_"):
                seen[n] = (base, v)
    return seen


def _is_property(v):
    return isinstance(v, property) or type(v).__name__ == "property"


def public_objects():
    """{qualified name: object} for every public callable, class, method and property, each object
    once (under the module that exports it first, or its class)."""
    out, classes = {}, [gg.Tensor]
    for module in public_modules():
        for n in public_names(module):
            v = getattr(module, n)
            if inspect.isclass(v) or (callable(v) and not inspect.ismodule(v)):
                out.setdefault(id(v), (f"{module.__name__}.{n}", v))
            if inspect.isclass(v) and getattr(v, "__module__", "").startswith("graphgrad"):
                classes.append(v)
    for cls in dict.fromkeys(classes):
        out.setdefault(id(cls), (f"{cls.__module__}.{cls.__qualname__}", cls))
        for n, (base, v) in _own_members(cls).items():
            if isinstance(v, (staticmethod, classmethod)):
                v = v.__func__
            if callable(v) or _is_property(v):
                out.setdefault(id(v), (f"{base.__module__}.{base.__qualname__}.{n}", v))
    return dict(out.values())


def prose(obj):
    """The docstring without the signature lines pybind11 puts first ('' when there is none)."""
    doc = inspect.getdoc(obj) or ""
    if isinstance(obj, type) and doc == inspect.getdoc(obj.__mro__[1] if len(obj.__mro__) > 1 else object):
        return ""  # inherited from a base, not its own
    if type(obj).__name__ in _BUILTIN:
        signature = re.compile(rf"^(\d+\. )?{re.escape(obj.__name__)}\(")
        doc = "\n".join(l for l in doc.splitlines() if not signature.match(l) and l != "Overloaded function.")
    return " ".join(doc.split())


def doc_problem(obj):
    """Why ``obj``'s docstring is not a prose docstring, or None."""
    text = prose(obj)
    if len(text) < 12 or len(text.split()) < 3:
        return f"no prose docstring ({text!r})" if text else "no docstring"
    return None


def signature_problem(obj):
    """Why ``obj``'s signature is not one with named parameters, or None."""
    if _is_property(obj) or (inspect.isclass(obj) and (
            issubclass(obj, BaseException) or (type(obj).__name__ == "pybind11_type" and type(vars(obj).get("__init__")).__name__ == "wrapper_descriptor"))):
        return None  # no call (a C++ class without a constructor is made by ops only)
    try:
        sig = inspect.signature(obj)
    except (ValueError, TypeError) as e:
        return f"inspect.signature fails: {e}"
    params = list(sig.parameters.values())
    bad = [p.name for p in params if _ARG_N.match(p.name)]
    if bad:
        return f"unnamed parameters {bad}"
    kinds = {p.kind for p in params if p.name not in ("self", "cls")}
    if kinds and kinds <= {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD} and \
            inspect.Parameter.VAR_KEYWORD in kinds:
        return f"(*args, **kwargs) stands in for named parameters: {sig}"
    return None


def _report(check):
    bad = {name: why for name, obj in sorted(public_objects().items())
           if (why := check(obj)) and not (check is signature_problem and name in PASS_THROUGH)}
    return f"{len(bad)} public callables fail:\n" + "\n".join(f"  {n}: {w}" for n, w in bad.items()) if bad else ""


def test_the_enumeration_covers_the_api():
    objs = public_objects()
    assert len(objs) > 700, len(objs)
    for name in ("graphgrad.sum", "graphgrad._core.Tensor.matmul", "graphgrad.nn.functional.dropout",
                 "graphgrad.optim.optimizer.Optimizer.step", "graphgrad.autograd.functional.hvp"):
        assert name in objs, name


def test_the_checks_can_fail():
    def undocumented(arg0, *args, **kwargs):
        pass

    def stand_in(*args, **kwargs):
        """Does something, with parameters nobody can see."""

    assert doc_problem(undocumented) == "no docstring"
    assert signature_problem(undocumented).startswith("unnamed parameters")
    assert signature_problem(stand_in).startswith("(*args, **kwargs)")
    assert doc_problem(gg.Tensor.matmul) is None and signature_problem(gg.Tensor.matmul) is None


def test_every_public_callable_has_a_prose_docstring():
    assert not (msg := _report(doc_problem)), msg


def test_every_public_callable_has_named_parameters():
    assert not (msg := _report(signature_problem)), msg
