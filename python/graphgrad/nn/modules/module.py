"""Module, the base of every layer (parameters, buffers, state_dict, train/eval, to), and Parameter."""
import functools
import inspect
from collections import OrderedDict, namedtuple

import numpy as np

from ..._core import Tensor
from ..._device import _as_device
from ..._tensor import _to_args, as_tensor, bfloat16, empty, float16, float32, float64
from ...autograd import no_grad
from .hooks import HooksMixin


class Parameter(Tensor):
    """A tensor that is a module's learnable parameter: a leaf with ``requires_grad=True`` that
    ``Module.__setattr__`` registers. It subclasses the C++ Tensor (via ``Tensor(data)``, a new
    leaf handle sharing data's storage), so every op accepts it directly, with no wrapper in the
    hot path, and ``isinstance`` is all registration needs."""

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Parameter: expected a Tensor, got {type(data).__name__}")
        super().__init__(data)
        self.requires_grad_(requires_grad)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = Parameter(self.detach().clone(), self.requires_grad)
        return memo[id(self)]

_IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


def _accept_device(cls):
    """Gives one of graphgrad's layers PyTorch's factory keyword ``device`` (None or the CPU, checked)
    when its ``__init__`` does not take it: ``nn.Linear(4, 2, device=device)`` as scripts write it."""
    init = cls.__dict__.get("__init__")
    if init is None or not cls.__module__.startswith("graphgrad."):
        return
    sig = inspect.signature(init)
    if "device" in sig.parameters:
        return

    @functools.wraps(init)
    def __init__(self, *args, device=None, **kwargs):
        _as_device(cls.__name__, device)
        init(self, *args, **kwargs)
    params = list(sig.parameters.values())
    at = next((i for i, p in enumerate(params) if p.kind is p.VAR_KEYWORD), len(params))
    params.insert(at, inspect.Parameter("device", inspect.Parameter.KEYWORD_ONLY, default=None))
    __init__.__signature__ = sig.replace(parameters=params)
    cls.__init__ = __init__


class Module(HooksMixin):
    """Base class of every layer: subclasses set parameters and sub-modules as attributes in
    ``__init__`` (after ``super().__init__()``) and define ``forward``."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _accept_device(cls)

    def __init__(self):
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent", set())
        object.__setattr__(self, "_modules", OrderedDict())

    # ---- registration ----
    def _registry(self, op):
        d = self.__dict__.get("_parameters")
        if d is None:
            raise AttributeError(f"cannot {op} before Module.__init__() call (call super().__init__() first)")
        return d

    def _forget(self, name):
        for d in (self._parameters, self._buffers, self._modules):
            d.pop(name, None)
        self.__dict__.pop(name, None)
        self._non_persistent.discard(name)

    def __setattr__(self, name, value):
        if isinstance(value, Parameter):
            self._registry("assign parameters")
            self._forget(name)
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._registry("assign modules")
            self._forget(name)
            self._modules[name] = value
        elif "_parameters" in self.__dict__ and name in self._parameters:
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} as parameter '{name}' "
                                f"(graphgrad.nn.Parameter or None expected)")
            self._parameters[name] = None
        elif "_modules" in self.__dict__ and name in self._modules:
            if value is not None:
                raise TypeError(f"cannot assign {type(value).__name__} as child module '{name}' "
                                f"(graphgrad.nn.Module or None expected)")
            self._modules[name] = None
        elif "_buffers" in self.__dict__ and name in self._buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign {type(value).__name__} as buffer '{name}' (Tensor or None expected)")
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):  # only reached when normal lookup fails
        for d in ("_parameters", "_buffers", "_modules"):
            reg = self.__dict__.get(d)
            if reg is not None and name in reg:
                return reg[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        if any(name in d for d in (self._parameters, self._buffers, self._modules)):
            self._forget(name)
        else:
            object.__delattr__(self, name)

    def _check_name(self, name, what):
        self._registry(f"register a {what}")
        if not isinstance(name, str):
            raise TypeError(f"{what} name must be a string, got {type(name).__name__}")
        if not name or "." in name:
            raise KeyError(f"{what} name must be non-empty and contain no '.', got {name!r}")
        if name in self.__dict__ and not any(name in d for d in (self._parameters, self._buffers, self._modules)):
            raise KeyError(f"attribute '{name}' already exists")

    def register_buffer(self, name, tensor, persistent=True):
        """A tensor that is state but not a parameter (e.g. running statistics): saved in the
        state dict (unless ``persistent=False``), never returned by ``parameters()``."""
        self._check_name(name, "buffer")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"buffer '{name}' must be a Tensor or None, got {type(tensor).__name__}")
        self._forget(name)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent.add(name)

    def register_parameter(self, name, param):
        """Registers ``param`` (a Parameter, or None) under ``name``, as assigning ``self.name = param`` does."""
        self._check_name(name, "parameter")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"parameter '{name}' must be a graphgrad.nn.Parameter or None, got {type(param).__name__}")
        self._forget(name)
        self._parameters[name] = param

    def add_module(self, name, module):
        """Registers the submodule ``module`` (or None) under ``name``, as assigning ``self.name = module`` does."""
        self._check_name(name, "module")
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"'{name}' is not a Module subclass: {type(module).__name__}")
        self._forget(name)
        self._modules[name] = module

    # ---- calling ----
    def forward(self, *args, **kwargs):
        """The layer's computation; every subclass defines it. Call the module (``m(x)``), not forward,
        so that hooks run.
        """
        raise NotImplementedError(f"Module [{type(self).__name__}] is missing the required 'forward' function")

    def __call__(self, *args, **kwargs):
        d = self.__dict__
        if "_forward_pre_hooks" in d or "_forward_hooks" in d or "_backward_hooks" in d:
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    # ---- traversal ----
    def named_modules(self, memo=None, prefix=""):
        """Yields (name, module) for this module and every submodule below it, each once, depth first."""
        memo = set() if memo is None else memo
        if id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, m in self._modules.items():
            if m is not None:
                yield from m.named_modules(memo, f"{prefix}.{name}" if prefix else name)

    def modules(self):
        """Yields this module and every submodule below it, each once."""
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        """Yields (name, module) for the direct submodules."""
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self):
        """Yields the direct submodules."""
        for _, m in self.named_children():
            yield m

    def _named(self, registry, prefix, recurse):
        seen = set()
        mods = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for mp, m in mods:
            for name, t in getattr(m, registry).items():
                if t is None or id(t) in seen:
                    continue
                seen.add(id(t))
                yield (f"{mp}.{name}" if mp else name), t

    def named_parameters(self, prefix="", recurse=True):
        """(name, parameter) pairs, dotted names, each shared parameter once."""
        yield from self._named("_parameters", prefix, recurse)

    def parameters(self, recurse=True):
        """Yields every Parameter (of the submodules too when ``recurse``), each once: what an optimizer takes."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True):
        """Yields (name, tensor) for every buffer (state that is saved but not trained, e.g. running_mean)."""
        yield from self._named("_buffers", prefix, recurse)

    def buffers(self, recurse=True):
        """Yields every buffer (state that is saved but not trained, e.g. running_mean)."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def apply(self, fn):
        """Calls fn on every sub-module (children first) and on this module, e.g. to initialise."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # ---- modes and gradients ----
    def train(self, mode=True):
        """Sets training mode (``mode=True``) or eval mode on this module and every submodule; returns self.
        Dropout and batch norm behave differently in the two modes.
        """
        if not isinstance(mode, bool):
            raise ValueError(f"train: mode must be a bool, got {type(mode).__name__}")
        self.training = mode
        for m in self.children():
            m.train(mode)
        return self

    def eval(self):
        """Sets eval mode (``train(False)``): dropout is the identity, batch norm uses its running statistics."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Sets requires_grad on every parameter (False freezes the module); returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    # ---- dtype (and PyTorch's device argument: the CPU is the only device) ----
    def to(self, *args, dtype=None, device=None):
        """Casts every floating-point parameter, gradient and buffer to ``dtype`` in place (the
        tensors keep their identity, so an optimizer built before still holds them; integer
        buffers such as counters stay as they are). ``to("cpu")`` / ``to(device="cpu")`` is
        accepted and does nothing. Returns the module."""
        target = _to_args("Module.to", args, dtype, device)
        if target is None:
            return self
        if not target.is_floating_point:
            raise TypeError(f"Module.to: expected a floating-point dtype, got {target!r}")
        with no_grad():
            for t in [*self.parameters(), *self.buffers()]:
                if t.dtype.is_floating_point and t.dtype != target:
                    grad = t.grad
                    t.grad = None
                    t.data = t.detach().to(target)
                    if grad is not None:
                        t.grad = grad.to(target)
        return self

    def double(self):
        """Converts every parameter and buffer to float64 in place; returns self."""
        return self.to(float64)

    def float(self):
        """Converts every parameter and buffer to float32 in place; returns self."""
        return self.to(float32)

    def half(self):
        """float16 parameters; matmul/linear and elementwise ops compute them in float32."""
        return self.to(float16)

    def bfloat16(self):
        """bfloat16 parameters; matmul/linear and elementwise ops compute them in float32."""
        return self.to(bfloat16)

    def zero_grad(self, set_to_none=True):
        """Clears every parameter's gradient: to None (the default, as in PyTorch) or to zeros."""
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()

    # ---- state ----
    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """Parameters and persistent buffers by dotted name, detached (sharing storage)."""
        dest = OrderedDict() if destination is None else destination
        for name, p in self._parameters.items():
            if p is not None:
                dest[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent:
                dest[prefix + name] = b if keep_vars else b.detach()
        for name, m in self._modules.items():
            if m is not None:
                m.state_dict(dest, prefix + name + ".", keep_vars)
        return dest

    def load_state_dict(self, state_dict, strict=True):
        """Copies values into the existing parameters and buffers (in place, so optimizers keep
        their references). Every missing key, unexpected key (when strict) and shape mismatch is
        reported together in one RuntimeError, before anything is copied."""
        if not hasattr(state_dict, "items"):
            raise TypeError(f"load_state_dict: expected a dict, got {type(state_dict).__name__}")
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        problems = []
        for k, dst in own.items():
            if k not in state_dict:
                continue
            src = state_dict[k]
            if not isinstance(src, (Tensor, np.ndarray)):
                problems.append(f"value for '{k}' is a {type(src).__name__}, not a tensor")
            elif tuple(src.shape) != tuple(dst.shape):
                problems.append(f"size mismatch for {k}: copying a param with shape {tuple(src.shape)} from "
                                f"checkpoint, the shape in current model is {tuple(dst.shape)}")
        if strict and unexpected:
            problems.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ".")
        if strict and missing:
            problems.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ".")
        if problems:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(problems))
        with no_grad():
            for k, dst in own.items():
                if k in state_dict:
                    src = state_dict[k]
                    dst.copy_(src if isinstance(src, Tensor) else as_tensor(src))
        return _IncompatibleKeys(missing, unexpected)

    # ---- repr ----
    def extra_repr(self):
        """The layer's settings shown in its repr (``Linear(in_features=2, ...)``); '' by default."""
        return ""

    def __repr__(self):
        lines = []
        for name, m in self._modules.items():
            sub = repr(m).replace("\n", "\n  ")
            lines.append(f"({name}): {sub}")
        head = f"{type(self).__name__}({self.extra_repr()}"
        if not lines:
            return head + ")"
        return head + "\n  " + "\n  ".join(lines) + "\n)"
