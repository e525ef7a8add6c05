"""What ``gg.load`` may construct when a file holds pickled objects (a whole Module saved with
``gg.save(model, f)``): PyTorch's ``weights_only`` rules. By default only graphgrad's own Module
classes and a few plain containers (tensors, dtypes and nn.functional's functions, a layer's
``activation``, are stored by name, not pickled); any other class (a model defined in a script)
must be allowed by the caller, for the process (``add_safe_globals``) or for a block
(``with safe_globals([...])``), or the whole file trusted (``load(f, weights_only=False)``,
which runs whatever the pickle names)."""
import builtins
import collections
import contextlib
import functools
import importlib

__all__ = ["add_safe_globals", "get_safe_globals", "clear_safe_globals", "safe_globals"]

_added = {}      # (module, qualname) -> object: add_safe_globals
_scoped = []     # one such dict per open safe_globals block
_CONTAINERS = {(c.__module__, c.__qualname__): c for c in
               (collections.OrderedDict, builtins.set, builtins.frozenset, builtins.slice, builtins.range,
                builtins.complex)}


def _entries(globals_list):
    out = {}
    for g in globals_list:
        if isinstance(g, tuple):  # (obj, "module.name"): the name the pickle uses
            obj, full = g
            module, _, name = full.rpartition(".")
        else:
            obj, module, name = g, g.__module__, g.__qualname__
        out[(module, name)] = obj
    return out


def add_safe_globals(globals_list):
    """Allows ``load`` to construct these classes or call these functions (objects, or ``(obj, "module.name")``
    pairs) for the rest of the process."""
    _added.update(_entries(globals_list))


def get_safe_globals():
    """The objects ``add_safe_globals`` allowed."""
    return list(_added.values())


def clear_safe_globals():
    """Forgets what add_safe_globals allowed."""
    _added.clear()


@contextlib.contextmanager
def safe_globals(globals_list):
    """``with safe_globals([MyModel, ...]): model = gg.load(f)``: allows them inside the block only."""
    _scoped.append(_entries(globals_list))
    try:
        yield
    finally:
        _scoped.pop()


def _graphgrad_module_class(module, name):
    """graphgrad's Module classes; None for anything else of ours."""
    from .nn.modules.module import Module
    try:  # importing one of our own modules runs no foreign code
        obj = functools.reduce(getattr, name.split("."), importlib.import_module(module))
    except (ImportError, AttributeError):
        return None
    return obj if isinstance(obj, type) and issubclass(obj, Module) else None


def allowed(module, name):
    """The object a pickle names, if ``weights_only`` loading may use it; else None."""
    for d in (*reversed(_scoped), _added, _CONTAINERS):
        if (module, name) in d:
            return d[(module, name)]
    if module == "graphgrad" or module.startswith("graphgrad."):
        return _graphgrad_module_class(module, name)
    return None
