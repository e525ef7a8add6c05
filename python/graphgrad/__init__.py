"""graphgrad: a small, fast CPU deep-learning library with a PyTorch-style API.

The C++ core (``graphgrad._core``) owns tensors, the graph and every kernel; this package
re-exports it and adds the thin Python layer (creation from Python data, nn, optim, data).

Module data: the dtypes (``float32``, ..., see ``dtype``), ``PRINT_OPTIONS`` (the tensor repr's
current settings, changed with ``set_printoptions``) and PyTorch's device namespaces ``cuda``,
``mps``, ``backends`` and ``accelerator``, which report that there is no accelerator
(``gg.cuda.is_available()`` is False).
"""
from . import _core
from ._signatures import install as _install_signatures
_install_signatures()  # inspect.signature for the C++ functions (their named parameters)
from ._core import *  # noqa: F401,F403 - every registered C++ op (ops/registry.h) and the core's settings
from ._tensor import *  # noqa: F401,F403 - creation from Python data, dtypes, config
from ._compose import *  # noqa: F401,F403 - the ops composed in Python (registered with @op)
from ._index_ops import *  # noqa: F401,F403 - index_add/copy/fill, masked_*, nonzero, take, unique (@op too)
from .autograd import no_grad, enable_grad, set_grad_enabled
from . import autograd
from . import nn
from . import optim
from .io import save, load
from . import serialization
from . import data, datasets, viz
from ._random import Generator, get_rng_state, set_rng_state, initial_seed, seed
from . import utils

# ---- the PyTorch tensor surface (issue 17): devices, dtype aliases, idioms, distributions ----
from ._device import *  # noqa: F401,F403 - device, cuda, backends, accelerator, float/double/long/bool, factories with device=
from ._surface import *  # noqa: F401,F403 - eq/ne/lt/le/gt/ge, max/min named tuples, unbind, equal
from ._compose_shape import *  # noqa: F401,F403 - tril/triu/diag*, roll, repeat_interleave, tile, movedim, meshgrid, ...
from ._compose_linalg import *  # noqa: F401,F403 - einsum, tensordot, kron, addmm, baddbmm
from ._compose_reductions import *  # noqa: F401,F403 - prod, aminmax, count_nonzero, var_mean, std_mean
from ._compose_pointwise import *  # noqa: F401,F403 - xlogy, logit, fmax, addcmul, ..., and masked_fill_, tril_, lerp_, ...
from ._compose_products import *  # noqa: F401,F403 - dot, mv, addmv, addr, cross, dist, cdist, inner, vdot, ger, chain_matmul
from ._compose_statistics import *  # noqa: F401,F403 - nansum, nanmean, quantile, cov, histc, bincount, searchsorted, ...
from ._compose_sampling import *  # noqa: F401,F403 - multinomial, bernoulli, normal, index_put, logspace, ...; exponential_, random_, ...
from ._compose_layout import *  # noqa: F401,F403 - broadcast_to, ravel, rot90, tensor_split, hstack, block_diag, diff, ...
from ._compose_arith import *  # noqa: F401,F403 - negative, absolute, arc*, frac, rsub, float_power, ldexp, gcd, frexp, ...
from ._compose_selection import *  # noqa: F401,F403 - isin, argwhere, unravel_index, combinations, nanmedian, mode, hsplit, ...
from ._compose_special import *  # noqa: F401,F403 - polygamma(n, input), mvlgamma
from ._compose_factorizations import *  # noqa: F401,F403 - cholesky*, svd, qr, pinverse
from ._compose_calculus import *  # noqa: F401,F403 - trapezoid/trapz, cumulative_trapezoid, vander
from ._surface_tensor import *  # noqa: F401,F403 - mT/mH/H, is_cpu, nbytes, pin_memory, select, put, index_reduce, eq_, cumsum_, ...
from ._surface_functional import *  # noqa: F401,F403 - torch.conv2d, torch.layer_norm, torch.dropout, ...: nn.functional at top level
from ._surface_settings import *  # noqa: F401,F403 - use_deterministic_algorithms, set_float32_matmul_precision, set_printoptions, compile, ...
from .autograd import inference_mode
from . import distributions
from . import linalg
from .linalg import slogdet, logdet, matrix_power  # noqa: F401 - also torch.slogdet, torch.logdet, torch.matrix_power
from . import special

__version__ = "0.1.0"
from ._registry import exports as _exports

# derived: the registry's ops and every other public name above; PyTorch's dtype aliases float, int and
# bool are left out, so that a star import does not shadow the builtins
__all__ = [n for n in _exports(globals()) if n not in ("float", "int", "bool")]
