"""Every public callable has a prose docstring and a signature with named parameters (issue 20).

Public: every name a public module exports (its ``__all__``, else the names defined in it that do
not start with ``_``), the functions of the namespaces it exports (``gg.cuda.is_available``), the
Tensor's named methods and properties, and the public methods and properties of every public class.
Modules are found by walking the package, so a module or an op added later is held to the same bar;
every public module has a docstring, which names its data attributes (constants and settings that
cannot carry a docstring of their own)."""
import doctest
import importlib
import inspect
import pkgutil
import re
import types

import graphgrad as gg

# The script behind ``python -m graphgrad`` (the CLI itself, graphgrad.cli, is held to the same bar).
NOT_API = {"graphgrad.__main__"}
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
        for name, v in _with_namespaces(module.__name__, {n: getattr(module, n) for n in public_names(module)}):
            if inspect.isclass(v) or (callable(v) and not inspect.ismodule(v)):
                out.setdefault(id(v), (name, v))
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


def _with_namespaces(prefix, members):
    """(qualified name, value) of ``members`` and, recursively, of the namespaces among them."""
    for n, v in members.items():
        yield f"{prefix}.{n}", v
        if isinstance(v, types.SimpleNamespace):
            yield from _with_namespaces(f"{prefix}.{n}", vars(v))


def module_data(module):
    """A module's public data attributes: neither callable, class nor module."""
    return [n for n in public_names(module) if not callable(v := getattr(module, n)) and not inspect.ismodule(v)]


def data_problem(module, name):
    """Why the data attribute ``module.name`` is undocumented, or None: it must be named in the
    docstring of a public module that holds it (this one, or the one it imports it from), or be an instance of a graphgrad class whose docstring names it (gg.float64
    in gg.dtype's, which also documents the alias gg.double)."""
    v = getattr(module, name)
    if any(getattr(m, name, None) is v and re.search(rf"\b{re.escape(name)}\b", m.__doc__ or "")
           for m in public_modules()):
        return None  # named where it is defined or where it is imported from
    if type(v).__module__.startswith("graphgrad") and re.search(rf"\b{re.escape(str(v).rpartition('.')[2])}\b",
                                                                  type(v).__doc__ or ""):
        return None
    return f"not named in the docstring of {module.__name__} (nor of its type {type(v).__name__})"


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
                 "graphgrad.optim.optimizer.Optimizer.step", "graphgrad.autograd.functional.hvp",
                 "graphgrad.cuda.device_count", "graphgrad.backends.mps.is_available", "graphgrad.cli.main",
                 "graphgrad.linalg.solve", "graphgrad.special.expit", "graphgrad.distributions.Normal.log_prob"):
        assert name in objs, name
    assert {"float32", "PRINT_OPTIONS", "cuda"} <= set(module_data(gg))


def test_the_checks_can_fail():
    def undocumented(arg0, *args, **kwargs):
        pass

    def stand_in(*args, **kwargs):
        """Does something, with parameters nobody can see."""

    assert doc_problem(undocumented) == "no docstring"
    assert signature_problem(undocumented).startswith("unnamed parameters")
    assert signature_problem(stand_in).startswith("(*args, **kwargs)")
    assert doc_problem(gg.Tensor.matmul) is None and signature_problem(gg.Tensor.matmul) is None
    undocumented_data = types.ModuleType("m", "A module.")
    undocumented_data.LIMIT = 3
    assert data_problem(undocumented_data, "LIMIT").startswith("not named")
    assert data_problem(gg, "double") is None  # named by gg.dtype's docstring, as float64


def test_every_public_callable_has_a_prose_docstring():
    assert not (msg := _report(doc_problem)), msg


def test_every_public_callable_has_named_parameters():
    assert not (msg := _report(signature_problem)), msg


def test_every_public_module_has_a_docstring_naming_its_data():
    bad = [f"  {m.__name__}: no docstring" for m in public_modules() if doc_problem(m)]
    bad += [f"  {m.__name__}.{n}: {why}" for m in public_modules() for n in module_data(m) if (why := data_problem(m, n))]
    assert not bad, f"{len(bad)} public modules or module attributes undocumented:\n" + "\n".join(bad)


def test_docstring_examples_run(tmp_path, monkeypatch):
    """Every ``>>>`` example in a public docstring gives the output it shows (in a scratch folder: the
    examples of gg.save write files)."""
    monkeypatch.chdir(tmp_path)
    finder, runner = doctest.DocTestFinder(recurse=False), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    examples = 0
    for name, obj in sorted(public_objects().items()):
        if ">>>" not in (getattr(obj, "__doc__", None) or "") or _is_property(obj):
            continue
        for test in finder.find(obj, name, globs={"gg": gg}):
            gg.manual_seed(0)
            examples += len(test.examples)
            runner.run(test)
    assert examples >= 30, examples
    assert runner.failures == 0, f"{runner.failures} docstring examples failed (their output is printed above)"
