"""Containers whose entries are registered with the module (so parameters(), state_dict(), to()
and zero_grad() see them): Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict."""
from collections import OrderedDict
from collections.abc import Mapping

from .module import Module, Parameter


def _index(idx, n, what):
    if not isinstance(idx, int):
        raise TypeError(f"{what} indices must be integers or slices, got {type(idx).__name__}")
    if not -n <= idx < n:
        raise IndexError(f"{what}: index {idx} is out of range for length {n}")
    return idx % n


class _Container(Module):
    """A container over one of the module's registries (``_registry_name``: ``_modules`` or
    ``_parameters``); ``_set(key, value)`` registers an entry."""
    _registry_name = ""

    def _items(self):
        return self.__dict__[self._registry_name]

    def __len__(self):
        return len(self._items())


class _List(_Container):
    """The list interface: entries keyed "0", "1", ... in order."""

    def __init__(self, values=None):
        super().__init__()
        if values is not None:
            self.extend(values)

    def __iter__(self):
        return iter(self._items().values())

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(list(self._items().values())[idx])
        return list(self._items().values())[_index(idx, len(self), type(self).__name__)]

    def __setitem__(self, idx, value):
        self._set(list(self._items())[_index(idx, len(self), type(self).__name__)], value)

    def append(self, value):
        """Adds ``value`` at the end; returns self."""
        self._set(str(len(self)), value)
        return self

    def extend(self, values):
        """Adds each of ``values`` at the end; returns self."""
        for v in values:
            self.append(v)
        return self


class ModuleList(_List):
    """A list of modules whose parameters are registered (a plain list's would not be)."""
    _registry_name = "_modules"

    def _set(self, key, module):
        self.add_module(key, module)


class Sequential(_List):
    """Modules applied in order; built from modules or from an OrderedDict of named modules.

    >>> net = gg.nn.Sequential(gg.nn.Linear(4, 8), gg.nn.ReLU(), gg.nn.Linear(8, 1))
    >>> net(gg.randn(2, 4)).shape
    (2, 1)
    """
    _registry_name = "_modules"
    _set = ModuleList._set

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, m in args[0].items():
                self.add_module(name, m)
        else:
            self.extend(args)

    def forward(self, input):
        """Applies the layers in order, each to the previous one's output."""
        for m in self._modules.values():
            input = m(input)
        return input

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return Sequential(OrderedDict(list(self._modules.items())[idx]))
        return super().__getitem__(idx)


class ParameterList(_List):
    """A list of parameters; tensors appended become Parameters."""
    _registry_name = "_parameters"

    def _set(self, key, value):
        self.register_parameter(key, value if isinstance(value, Parameter) else Parameter(value))


def _pairs(items, what):
    if isinstance(items, Mapping):
        return list(items.items())
    pairs = []
    for k, entry in enumerate(items):
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise TypeError(f"{what}.update: entry {k} should be a (key, value) pair, got {type(entry).__name__}")
        pairs.append(tuple(entry))
    return pairs


class _Dict(_Container):
    """The mapping interface."""

    def __init__(self, items=None):
        super().__init__()
        if items is not None:
            self.update(items)

    def __getitem__(self, key):
        return self._items()[key]

    def __setitem__(self, key, value):
        self._set(key, value)

    def __delitem__(self, key):
        self._forget(key)

    def __iter__(self):
        return iter(self._items())

    def __contains__(self, key):
        return key in self._items()

    def keys(self):
        """The names, in insertion order."""
        return self._items().keys()

    def values(self):
        """The entries, in insertion order."""
        return self._items().values()

    def items(self):
        """(name, entry) pairs, in insertion order."""
        return self._items().items()

    def pop(self, key):
        """Removes the entry ``key`` and returns it."""
        value = self[key]
        del self[key]
        return value

    def clear(self):
        """Removes every entry."""
        for key in list(self.keys()):
            del self[key]

    def update(self, items):
        """Adds or replaces the entries of a mapping or of (name, entry) pairs."""
        for key, value in _pairs(items, type(self).__name__):
            self[key] = value


class ModuleDict(_Dict):
    """An ordered dict of sub-modules."""
    _registry_name = "_modules"

    def _set(self, key, module):
        self.add_module(key, module)


class ParameterDict(_Dict):
    """An ordered dict of parameters; tensors assigned become Parameters."""
    _registry_name = "_parameters"

    def _set(self, key, value):
        self.register_parameter(key, value if isinstance(value, Parameter) or value is None else Parameter(value))
