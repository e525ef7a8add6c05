"""Containers whose entries are registered with the module (so parameters(), state_dict(), to()
and zero_grad() see them): Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict."""
from collections import OrderedDict
from collections.abc import Mapping

from .module import Module, Parameter


class Sequential(Module):
    """Modules applied in order; built from modules or from an OrderedDict of named modules."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, m in args[0].items():
                self.add_module(name, m)
        else:
            for i, m in enumerate(args):
                self.add_module(str(i), m)

    def forward(self, input):
        """Applies the layers in order, each to the previous one's output."""
        for m in self._modules.values():
            input = m(input)
        return input

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return Sequential(OrderedDict(list(self._modules.items())[idx]))
        return list(self._modules.values())[_index(idx, len(self), "Sequential")]

    def append(self, module):
        """Adds ``module`` as the last layer; returns self."""
        self.add_module(str(len(self)), module)
        return self

def _index(idx, n, what):
    if not isinstance(idx, int):
        raise TypeError(f"{what} indices must be integers or slices, got {type(idx).__name__}")
    if not -n <= idx < n:
        raise IndexError(f"{what}: index {idx} is out of range for length {n}")
    return idx % n

class ModuleList(Module):
    """A list of modules whose parameters are registered (a plain list's would not be)."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return ModuleList(list(self._modules.values())[idx])
        return list(self._modules.values())[_index(idx, len(self), "ModuleList")]

    def __setitem__(self, idx, module):
        self.add_module(str(_index(idx, len(self), "ModuleList")), module)

    def append(self, module):
        """Adds ``module`` at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        """Adds each of ``modules`` at the end; returns self."""
        for m in modules:
            self.append(m)
        return self


def _pairs(items, what):
    if isinstance(items, Mapping):
        return list(items.items())
    pairs = []
    for k, entry in enumerate(items):
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise TypeError(f"{what}.update: entry {k} should be a (key, value) pair, got {type(entry).__name__}")
        pairs.append(tuple(entry))
    return pairs


class _Dict(Module):
    """The mapping interface over one of the module's registries (``_registry_name``)."""
    _registry_name = ""

    def __init__(self, items=None):
        super().__init__()
        if items is not None:
            self.update(items)

    def _items(self):
        return self.__dict__[self._registry_name]

    def __getitem__(self, key):
        return self._items()[key]

    def __setitem__(self, key, value):
        self._set(key, value)

    def __delitem__(self, key):
        self._forget(key)

    def __len__(self):
        return len(self._items())

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


class ParameterList(Module):
    """A list of parameters; tensors appended become Parameters."""

    def __init__(self, values=None):
        super().__init__()
        if values is not None:
            self.extend(values)

    def __len__(self):
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters.values())

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return ParameterList(list(self._parameters.values())[idx])
        return list(self._parameters.values())[_index(idx, len(self), "ParameterList")]

    def __setitem__(self, idx, value):
        self.register_parameter(str(_index(idx, len(self), "ParameterList")),
                                value if isinstance(value, Parameter) else Parameter(value))

    def append(self, value):
        """Adds the parameter ``value`` at the end; returns self."""
        self.register_parameter(str(len(self)), value if isinstance(value, Parameter) else Parameter(value))
        return self

    def extend(self, values):
        """Adds each parameter of ``values`` at the end; returns self."""
        for v in values:
            self.append(v)
        return self


