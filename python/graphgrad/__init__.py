"""graphgrad: a small, fast CPU deep-learning library with a PyTorch-style API.

The C++ core (``graphgrad._core``) owns tensors, the graph and every kernel; this package
re-exports it and adds the thin Python layer (creation from Python data, nn, optim, data).
"""
from . import _core
from ._core import (
    Tensor, dtype, manual_seed, set_num_threads, get_num_threads, is_grad_enabled,
    exp, log, sqrt, abs, tanh, sigmoid, relu, leaky_relu, neg, sign, clone, contiguous, logical_not, pow,
    matmul, mm, where, maximum, minimum, clamp, clip, sum, mean, amax, amin, max, min, argmax, argmin,
    softmax, log_softmax, reshape, permute, transpose, unsqueeze, squeeze, flatten, cat, concatenate, concat, stack, sum_to,
    sin, cos, log1p, expm1, erf, reciprocal, rsqrt, square, floor, ceil, trunc, round, logsumexp, var, std, norm,
)
from ._tensor import (
    float32, float64, int64, bool_, tensor, as_tensor, from_numpy, zeros, ones, full, empty,
    zeros_like, ones_like, full_like, empty_like, rand, randn, rand_like, randn_like, randint, randperm,
    arange, linspace, eye, config, empty_cache,
)
from ._compose import (
    narrow, split, chunk, flip, index_select, gather, masked_fill, bmm, outer, isnan, isinf, isfinite, allclose,
    any_ as any, all_ as all,
)
from .autograd import no_grad, enable_grad, set_grad_enabled
from . import autograd
from . import nn
from . import optim
from .io import save, load
from . import data, datasets, viz

# ---- data, checkpoints and interop (issue 16) ----
from ._random import Generator, get_rng_state, set_rng_state, initial_seed, seed
from ._tensor import from_dlpack
from . import utils

__version__ = "0.1.0"
