"""``Module`` (parameters, buffers and sub-modules registered by attribute assignment) and the
layers built on it, following ``torch.nn``. Modules hold state and bookkeeping only; every
computation is one fused C++ op or a few graphgrad ops (see functional.py)."""
import math
from collections import OrderedDict, namedtuple

import numpy as np

from .._core import Tensor
from .._tensor import _to_args, as_tensor, empty, float32, float64, ones, tensor, zeros
from ..autograd import no_grad
from . import functional as F
from . import init
from .hooks import HooksMixin

__all__ = [
    "Parameter", "Module", "Sequential", "ModuleList", "Identity", "Flatten", "Linear", "ReLU", "LeakyReLU", "Tanh",
    "Sigmoid", "Softmax", "LogSoftmax", "BatchNorm1d", "BatchNorm2d", "Dropout", "CrossEntropyLoss", "NLLLoss",
    "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "BCEWithLogitsLoss",
]


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


class Module(HooksMixin):
    """Base class of every layer: subclasses set parameters and sub-modules as attributes in
    ``__init__`` (after ``super().__init__()``) and define ``forward``."""

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
        self._check_name(name, "parameter")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"parameter '{name}' must be a graphgrad.nn.Parameter or None, got {type(param).__name__}")
        self._forget(name)
        self._parameters[name] = param

    def add_module(self, name, module):
        self._check_name(name, "module")
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"'{name}' is not a Module subclass: {type(module).__name__}")
        self._forget(name)
        self._modules[name] = module

    # ---- calling ----
    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"Module [{type(self).__name__}] is missing the required 'forward' function")

    def __call__(self, *args, **kwargs):
        d = self.__dict__
        if "_forward_pre_hooks" in d or "_forward_hooks" in d or "_backward_hooks" in d:
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    # ---- traversal ----
    def named_modules(self, memo=None, prefix=""):
        memo = set() if memo is None else memo
        if id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, m in self._modules.items():
            if m is not None:
                yield from m.named_modules(memo, f"{prefix}.{name}" if prefix else name)

    def modules(self):
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self):
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
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True):
        yield from self._named("_buffers", prefix, recurse)

    def buffers(self, recurse=True):
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
        if not isinstance(mode, bool):
            raise ValueError(f"train: mode must be a bool, got {type(mode).__name__}")
        self.training = mode
        for m in self.children():
            m.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
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
        if target not in (float32, float64):
            raise TypeError(f"Module.to: expected a floating-point dtype (float32 or float64), got {dtype!r}")
        with no_grad():
            for t in [*self.parameters(), *self.buffers()]:
                if t.dtype in (float32, float64) and t.dtype != target:
                    grad = t.grad
                    t.grad = None
                    t.data = t.detach().to(target)
                    if grad is not None:
                        t.grad = grad.to(target)
        return self

    def double(self):
        return self.to(float64)

    def float(self):
        return self.to(float32)

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
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        for m in modules:
            self.append(m)
        return self


class Identity(Module):
    def forward(self, input):
        return input


class Flatten(Module):
    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Linear(Module):
    """y = x W^T + b with W of shape (out_features, in_features), as in PyTorch.

    Default initialisation (PyTorch's): W and b ~ U[-1/sqrt(in_features), 1/sqrt(in_features)].
    PyTorch states it as kaiming_uniform_(W, a=sqrt(5)), whose bound gain * sqrt(3 / fan_in)
    with gain = sqrt(2 / (1 + 5)) is exactly 1/sqrt(fan_in): the lecture's classic init.
    """

    def __init__(self, in_features, out_features, bias=True, dtype=None):
        super().__init__()
        for n, v in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(v, int) or v < 0:
                raise ValueError(f"Linear: {n} must be a non-negative int, got {v!r}")
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(empty(out_features, in_features, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        if self.in_features == 0:
            init.zeros_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)
            return
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            init.classic_uniform_(self.bias, fan_in=self.in_features)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class _Activation(Module):
    """A function of the input alone (``_fn``, from functional.py). A subclass's settings, given
    to this ``__init__`` as keywords, become attributes, ``_fn``'s keyword arguments and the repr."""
    _fn = None

    def __init__(self, **settings):
        if settings and type(self).__init__ is _Activation.__init__:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected keyword arguments {sorted(settings)}")
        super().__init__()
        for name, value in settings.items():
            setattr(self, name, value)
        self._settings = tuple(settings)

    def forward(self, input):
        return type(self)._fn(input, **{name: getattr(self, name) for name in self._settings})

    def extra_repr(self):
        return ", ".join(f"{name}={getattr(self, name)!r}" for name in self._settings)


class ReLU(_Activation):
    _fn = staticmethod(F.relu)

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace  # accepted for PyTorch scripts; the result is computed out of place

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Tanh(_Activation):
    _fn = staticmethod(F.tanh)


class Sigmoid(_Activation):
    _fn = staticmethod(F.sigmoid)


class LeakyReLU(_Activation):
    _fn = staticmethod(F.leaky_relu)

    def __init__(self, negative_slope=0.01):
        super().__init__(negative_slope=negative_slope)


class Softmax(_Activation):
    _fn = staticmethod(F.softmax)

    def __init__(self, dim):
        super().__init__(dim=dim)


class LogSoftmax(Softmax):
    _fn = staticmethod(F.log_softmax)


class _BatchNorm(Module):
    """Batch normalisation per channel (dim 1), one fused C++ kernel each way; subclasses fix the
    input's number of dims (``_dims``).

    Training: normalise with the batch mean and biased variance, then gamma (weight) and beta
    (bias); running_mean/running_var are updated as r = (1 - momentum) r + momentum s with the
    unbiased batch variance, or as a cumulative average when ``momentum=None``. Eval: normalise
    with the running statistics (or the batch's, when ``track_running_stats=False``).
    """

    _dims = ()

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, dtype=None):
        super().__init__()
        if not isinstance(num_features, int) or num_features <= 0:
            raise ValueError(f"{type(self).__name__}: num_features must be a positive int, got {num_features!r}")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = Parameter(ones(num_features, dtype=dtype))
            self.bias = Parameter(zeros(num_features, dtype=dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", tensor(0))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self):
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)
            self.num_batches_tracked.zero_()

    def forward(self, input):
        if input.ndim not in self._dims:
            dims = " or ".join(f"{d}D" for d in self._dims)
            raise ValueError(f"{type(self).__name__}: expected {dims} input (got {input.ndim}D input)")
        if input.shape[1] != self.num_features:
            raise ValueError(f"{type(self).__name__}: input of shape {tuple(input.shape)} has {input.shape[1]} "
                             f"channels, expected {self.num_features}")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.fill_(int(self.num_batches_tracked.item()) + 1)
            if self.momentum is None:  # cumulative moving average
                factor = 1.0 / int(self.num_batches_tracked.item())
        use_batch_stats = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None, self.running_var if track else None,
                            self.weight, self.bias, use_batch_stats, factor, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, statistics per channel C over N (and L)."""

    _dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) inputs, statistics per channel C over N, H and W (the
    same kernel as BatchNorm1d on (N, C, H * W))."""

    _dims = (4,)


class Dropout(Module):
    """Zeroes units with probability ``p`` (the drop probability, as in PyTorch; the lecture's
    keep probability is 1 - p) and scales kept ones by 1/(1 - p); the identity in eval mode."""

    def __init__(self, p=0.5):
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"Dropout: probability p must be in [0, 1], got {p}")
        self.p = p

    def forward(self, input):
        return F.dropout(input, self.p, self.training)

    def extra_repr(self):
        return f"p={self.p}"


class _Loss(Module):
    """A loss function as a module: forward(input, target) calls the functional form with the
    reduction and options given at construction (keyword-only, as in functional.py)."""

    _fn = None

    def __init__(self, *, reduction="mean", **options):
        super().__init__()
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"{type(self).__name__}: reduction must be 'none', 'mean' or 'sum', got {reduction!r}")
        self.reduction, self.options = reduction, options

    def forward(self, input, target):
        return type(self)._fn(input, target, reduction=self.reduction, **self.options)

    def extra_repr(self):
        return ", ".join([f"reduction={self.reduction!r}"] + [f"{k}={v!r}" for k, v in self.options.items()
                                                               if not isinstance(v, Tensor)])


class CrossEntropyLoss(_Loss):
    """F.cross_entropy as a module; ``weight`` (per class) is kept as a buffer, as in PyTorch."""

    def __init__(self, weight=None, *, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction=reduction, ignore_index=ignore_index, label_smoothing=label_smoothing)
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        return F.cross_entropy(input, target, self.weight, reduction=self.reduction, **self.options)


class NLLLoss(_Loss):
    _fn = staticmethod(F.nll_loss)

    def __init__(self, *, ignore_index=-100, reduction="mean"):
        super().__init__(reduction=reduction, ignore_index=ignore_index)


class MSELoss(_Loss):
    _fn = staticmethod(F.mse_loss)


class L1Loss(_Loss):
    _fn = staticmethod(F.l1_loss)


class SmoothL1Loss(_Loss):
    _fn = staticmethod(F.smooth_l1_loss)

    def __init__(self, *, reduction="mean", beta=1.0):
        super().__init__(reduction=reduction, beta=beta)


class HuberLoss(_Loss):
    _fn = staticmethod(F.huber_loss)

    def __init__(self, *, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction, delta=delta)


class BCEWithLogitsLoss(_Loss):
    _fn = staticmethod(F.binary_cross_entropy_with_logits)

    def __init__(self, *, weight=None, reduction="mean", pos_weight=None):
        super().__init__(reduction=reduction, weight=weight, pos_weight=pos_weight)


# ---- more activations (functional.py's composed ones) ----
__all__ += ["SiLU", "GELU", "ELU", "Softplus"]


class SiLU(_Activation):
    _fn = staticmethod(F.silu)


class GELU(_Activation):
    _fn = staticmethod(F.gelu)

    def __init__(self, approximate="none"):
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        super().__init__(approximate=approximate)


class ELU(_Activation):
    _fn = staticmethod(F.elu)

    def __init__(self, alpha=1.0):
        super().__init__(alpha=alpha)


class Softplus(_Activation):
    _fn = staticmethod(F.softplus)

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__(beta=beta, threshold=threshold)


__all__ += ["Embedding"]


class Embedding(Module):
    """A lookup table of ``num_embeddings`` vectors of size ``embedding_dim``, initialised from
    N(0, 1) as in PyTorch (the ``padding_idx`` row zeroed and never updated)."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, dtype=None):
        super().__init__()
        for name, v in (("num_embeddings", num_embeddings), ("embedding_dim", embedding_dim)):
            if not isinstance(v, int) or v <= 0:
                raise ValueError(f"Embedding: {name} must be a positive int, got {v!r}")
        if padding_idx is not None and not -num_embeddings <= padding_idx < num_embeddings:
            raise ValueError(f"Embedding: padding_idx {padding_idx} is out of range for {num_embeddings} embeddings")
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.padding_idx = None if padding_idx is None else padding_idx % num_embeddings
        self.weight = Parameter(empty(num_embeddings, embedding_dim, dtype=dtype))
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0.0

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self):
        pad = "" if self.padding_idx is None else f", padding_idx={self.padding_idx}"
        return f"{self.num_embeddings}, {self.embedding_dim}{pad}"
