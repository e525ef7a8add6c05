"""PyTorch's samplers and small tensor utilities made of uniform draws and core ops: multinomial,
bernoulli, normal with tensor parameters, the in-place fills exponential_, bernoulli_, random_
and fill_diagonal_, index_put(_), logspace, is_tensor and numel. The draws come from the global
generator (gg.manual_seed), or from a ``gg.Generator`` passed as ``generator``."""
import math as _math

import numpy as _np

from . import _core
from . import _registry
from ._core import Tensor
from ._inplace import add_inplace_methods as _add_inplace_methods, inplace as _inplace, signed_like as _signed_like
from ._tensor import arange, bfloat16, bool_, float16, float32, float64, int64, linspace, rand, randn, tensor

__all__ = ["multinomial", "bernoulli", "normal", "index_put", "logspace", "is_tensor", "numel"]


def _uniform(shape, dtype, generator):
    """Uniform [0, 1) draws of ``shape``: the global generator's, or a gg.Generator's stream."""
    if generator is None:
        return rand(*shape, dtype=dtype)
    return tensor(generator.rng.random(tuple(shape)), dtype=dtype)


def _standard_normal(shape, dtype, generator):
    if generator is None:
        return randn(*shape, dtype=dtype)
    return tensor(generator.rng.standard_normal(tuple(shape)), dtype=dtype)


def _sampling_dtype(t):
    return t.dtype if t.dtype in (float32, float64) else float32


@_registry.op(differentiable=False)
def multinomial(input, num_samples, replacement=False, *, generator=None):
    """``num_samples`` category indices (int64) drawn with probabilities proportional to the
    non-negative weights of the 1-D input (or of each row of a 2-D input), without replacement
    unless ``replacement``."""
    if input.dim() not in (1, 2):
        raise ValueError(f"multinomial: expected a 1-D or 2-D tensor of weights, got shape {tuple(input.shape)}")
    w = input.detach().to(_sampling_dtype(input)).reshape(-1, input.shape[-1])
    rows, n = w.shape
    if num_samples <= 0 and not (num_samples == 0 and replacement):
        raise ValueError(f"multinomial: num_samples must be positive, got {num_samples}")
    if n == 0:
        raise ValueError("multinomial: there are no categories to sample from")
    finite = ((w == w) & (_core.abs(w) < float("inf"))).all().item()
    if not finite or (w < 0).any().item():
        raise ValueError("multinomial: the weights must be finite and non-negative")
    total = w.sum(-1, keepdim=True)
    if (total <= 0).any().item():
        raise ValueError("multinomial: the weights of a row sum to zero")
    if replacement:
        cdf = _core.cumsum(w, -1) / total
        u = _uniform((rows, num_samples), w.dtype, generator)
        # the first category whose cumulative probability exceeds u
        out = _core.sum((cdf.unsqueeze(1) <= u.unsqueeze(2)).long(), -1, False).clamp(0, n - 1)
    else:
        if num_samples > n:
            raise ValueError(f"multinomial: cannot draw {num_samples} samples from {n} categories without replacement")
        if ((w > 0).long().sum(-1) < num_samples).any().item():
            raise ValueError(f"multinomial: fewer than {num_samples} categories have positive weight")
        # Exponential races: the categories with the smallest E / w, E ~ Exp(1), in order of arrival.
        e = -_core.log1p(-_uniform((rows, n), float64, generator))
        keys = _core.where(w > 0, e / w.to(float64), float("inf"))
        out = _core.topk(keys, num_samples, -1, False, True).indices
    return out.reshape(num_samples) if input.dim() == 1 else out


@_registry.op(differentiable=False)
def bernoulli(input, *, generator=None):
    """0 or 1 per entry, 1 with the probability in input (in [0, 1]), in input's dtype."""
    if not input.dtype.is_floating_point:
        raise TypeError(f"bernoulli: expected float probabilities, got {input.dtype}")
    p = input.detach()
    if p.numel() and not ((p >= 0) & (p <= 1)).all().item():
        raise ValueError("bernoulli: the probabilities must be in [0, 1]")
    return (_uniform(tuple(p.shape), _sampling_dtype(p), generator) < p).to(input.dtype)


@_registry.op(method=False, differentiable=False)
def normal(mean, std=1.0, size=None, *, generator=None):
    """Normal samples with tensor (or number) ``mean`` and ``std``, broadcast together (``size``
    when both are numbers). The result is not differentiable in mean and std (as PyTorch: zero
    gradients); use ``mean + std * randn_like(mean)`` for a reparameterised sample."""
    tensors = [t for t in (mean, std) if isinstance(t, Tensor)]
    if tensors:
        if size is not None:
            raise ValueError("normal: size is only for a number mean and std")
        shape = tuple(_np.broadcast_shapes(*[tuple(t.shape) for t in tensors]))
        dtype = _sampling_dtype(tensors[0])
    elif size is None:
        raise ValueError("normal: give size when mean and std are numbers")
    else:
        shape, dtype = tuple(size), float32
    std_t = std.detach() if isinstance(std, Tensor) else tensor(std, dtype=dtype)
    if std_t.numel() and (std_t < 0).any().item():
        raise ValueError("normal: std must be non-negative")
    mean_t = mean.detach() if isinstance(mean, Tensor) else mean
    return mean_t + std_t * _standard_normal(shape, dtype, generator)


def _exponential(self, lambd=1.0, *, generator=None):
    if lambd <= 0:
        raise ValueError(f"exponential_: lambd must be positive, got {lambd}")
    return -_core.log1p(-_uniform(tuple(self.shape), _sampling_dtype(self), generator)) / lambd


def _bernoulli(self, p=0.5, *, generator=None):
    prob = p.detach() if isinstance(p, Tensor) else tensor(float(p), dtype=_sampling_dtype(self))
    if prob.numel() and not ((prob >= 0) & (prob <= 1)).all().item():
        raise ValueError("bernoulli_: p must be in [0, 1]")
    return (_uniform(tuple(self.shape), prob.dtype if prob.dtype.is_floating_point else float32, generator)
            < prob).to(self.dtype)


def _random(self, from_=0, to=None, *, generator=None):
    """PyTorch's random_(from, to), random_(to) and random_(): integers in [from, to), [0, to) or
    [0, 2**mantissa] (the largest value of an integer dtype)."""
    if to is None:
        if from_ != 0:
            from_, to = 0, from_
        elif self.dtype.is_floating_point:  # every integer up to 2**mantissa is exact
            to = 2 ** {float16: 11, bfloat16: 8, float32: 24}.get(self.dtype, 53) + 1
        else:
            to = 2 if self.dtype == bool_ else int(_np.iinfo(str(self.dtype).split(".")[-1]).max)
    if from_ >= to:
        raise ValueError(f"random_: expected from < to, got {from_} and {to}")
    if generator is None:
        draws = _core.floor(rand(*self.shape, dtype=float64) * float(to - from_)).long() + from_
    else:
        draws = tensor(generator.rng.integers(from_, to, tuple(self.shape)), dtype=int64)
    return draws.to(self.dtype)


def _sampler(name, fn):
    """The method ``name`` overwriting self with ``fn(self, ...)``: draws that do not depend on self's values."""
    def method(self, *args, **kwargs):
        return _core._assign_inplace(name, self, fn(self, *args, **kwargs))
    method.__name__ = name
    method.__doc__ = fn.__doc__ or f"Fills self in place with samples (PyTorch's {name})."
    return _signed_like(method, fn)


Tensor.exponential_ = _sampler("exponential_", _exponential)
Tensor.exponential_.__doc__ = "Fills self in place with samples of the exponential distribution of rate lambd."
Tensor.bernoulli_ = _sampler("bernoulli_", _bernoulli)
Tensor.bernoulli_.__doc__ = "Fills self in place with 1 (probability p, a number or a tensor) or 0."
Tensor.random_ = _sampler("random_", _random)


def _linear_positions(input, indices):
    """The flat positions in input of ``input[indices]`` (a tuple of index tensors), in that shape."""
    if not isinstance(indices, (tuple, list)) or not all(isinstance(i, Tensor) for i in indices):
        raise TypeError("index_put: indices must be a tuple of tensors")
    if len(indices) > input.dim():
        raise IndexError(f"index_put: {len(indices)} indices for a tensor with {input.dim()} dimensions")
    return arange(input.numel()).reshape(*input.shape)[tuple(indices)]


@_registry.op()
def index_put(input, indices, values, accumulate=False):
    """input with ``values`` (broadcast) written at ``input[indices]`` (indices a tuple of int64 or
    bool tensors), or added there with ``accumulate`` (repeated indices add up)."""
    positions = _linear_positions(input, indices)
    v = values.to(input.dtype).expand(*positions.shape).reshape(-1)
    flat = input.reshape(-1)
    op = _core.scatter_add if accumulate else _core.scatter
    return op(flat, 0, positions.reshape(-1), v).reshape(*input.shape)


def _fill_diagonal(self, fill_value, wrap=False):
    """Fills the main diagonal in place (all dimensions of one size, or a matrix); ``wrap``: a tall
    matrix's diagonal starts again below every square block, as NumPy's."""
    if self.dim() < 2:
        raise ValueError(f"fill_diagonal_: expected a tensor of at least 2 dimensions, got shape {tuple(self.shape)}")
    if self.dim() > 2 and len(set(self.shape)) != 1:
        raise ValueError(f"fill_diagonal_: all dimensions must be of equal length, got shape {tuple(self.shape)}")
    n = self.numel()
    step = 1 + sum(int(_np.prod(self.shape[a + 1:])) for a in range(self.dim() - 1))
    stop = n if wrap and self.dim() == 2 else min(self.shape) * step
    diagonal = arange(n) % step == 0
    diagonal = diagonal & (arange(n) < stop)
    return _core.where(diagonal.reshape(*self.shape), tensor(fill_value).to(self.dtype), self)


Tensor.fill_diagonal_ = _inplace("fill_diagonal_", _fill_diagonal)
Tensor.fill_diagonal_.__doc__ = _fill_diagonal.__doc__
_add_inplace_methods(index_put)


def logspace(start, end, steps, base=10.0, *, dtype=None, requires_grad=False):
    """``steps`` values from ``base ** start`` to ``base ** end``, evenly spaced in the exponent."""
    out = _core.pow(tensor(float(base), dtype=float64), linspace(start, end, steps, dtype=float64))
    out = out.to(dtype or float32)
    return out.requires_grad_(True) if requires_grad else out


def is_tensor(obj):
    """True when obj is a graphgrad Tensor (or a subclass, such as nn.Parameter)."""
    return isinstance(obj, Tensor)


def numel(input):
    """The number of entries of input."""
    return input.numel()
