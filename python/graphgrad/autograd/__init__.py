"""Autograd entry points: grad mode, ``grad``, ``backward`` and ``gradcheck``.

The engine itself is C++ (``cpp/autograd``); this module only adapts arguments.
"""
import contextlib
import functools

import numpy as np

from .. import _core
from .._core import Tensor


class _GradMode(contextlib.ContextDecorator):
    """Context manager / decorator setting grad mode (thread-local) for its extent."""
    mode = True

    def __init__(self):
        self.prev = []

    def __enter__(self):
        self.prev.append(_core.is_grad_enabled())
        _core._set_grad_enabled(self.mode)
        return self

    def __exit__(self, *exc):
        _core._set_grad_enabled(self.prev.pop())
        return False

    def __new__(cls, func=None):
        self = super().__new__(cls)
        if callable(func):  # ``@gg.no_grad`` without parentheses
            self.__init__()
            return self(func)
        return self


class no_grad(_GradMode):
    """Within it, ops record no graph at all. Usable as ``with gg.no_grad():``, ``@gg.no_grad()``
    or ``@gg.no_grad``.

    >>> x = gg.tensor(3.0, requires_grad=True)
    >>> with gg.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """
    mode = False


class enable_grad(_GradMode):
    """Records the graph inside a ``no_grad`` block (a context manager, or ``@gg.enable_grad`` as a decorator)."""
    mode = True


class inference_mode(_GradMode):
    """As ``no_grad`` (graphgrad has no separate inference tensors); ``inference_mode(False)`` records."""

    def __new__(cls, mode=True):
        return super().__new__(cls, mode if callable(mode) else None)

    def __init__(self, mode=True):
        super().__init__()
        self.mode = not mode if isinstance(mode, bool) else False


class _SetMode(contextlib.ContextDecorator):
    """A process or thread mode (read by ``_get``, written by ``_set``) set on construction, as
    PyTorch's set_* do (so a plain call works); as a context manager it restores the previous mode
    on exit, and as a decorator it sets the mode around each call."""
    _get = _set = None

    def __init__(self, mode):
        self.mode = bool(mode)
        self.prev = type(self)._get()
        type(self)._set(self.mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        type(self)._set(self.prev)
        return False

    def __call__(self, func):
        type(self)._set(self.prev)  # decorating does not change the mode
        mode, cls = self.mode, type(self)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with cls(mode):
                return func(*args, **kwargs)
        return wrapper


class set_grad_enabled(_SetMode):
    """Sets grad mode on construction, as PyTorch does (so ``set_grad_enabled(False)`` works as a plain
    call); as a context manager it restores the previous mode on exit, and as a decorator it sets
    the mode around each call."""
    _get, _set = staticmethod(_core.is_grad_enabled), staticmethod(_core._set_grad_enabled)

    def __init__(self, mode):
        super().__init__(mode)


class set_detect_anomaly(_SetMode):
    """Anomaly detection on or off, as PyTorch's: while on, backward checks every gradient a node
    returns and raises a RuntimeError naming the node (``Function 'MulBackward' returned nan
    values ...``) at the first NaN, instead of letting it spread to the leaves. It costs one pass
    over each gradient. Set on construction (a plain call works); as a context manager or a
    decorator it restores the previous mode afterwards. ``check_nan`` is PyTorch's switch: False
    turns the check off."""
    _get, _set = staticmethod(_core.is_anomaly_enabled), staticmethod(_core._set_detect_anomaly)

    def __init__(self, mode, check_nan=True):
        super().__init__(bool(mode) and bool(check_nan))


class detect_anomaly(contextlib.ContextDecorator):
    """A context manager (or decorator) with anomaly detection on inside (see set_detect_anomaly)."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        self.prev = _core.is_anomaly_enabled()
        _core._set_detect_anomaly(bool(self.check_nan))
        return self

    def __exit__(self, *exc):
        _core._set_detect_anomaly(self.prev)
        return False


def _as_list(x):
    if x is None:
        return None
    return list(x) if isinstance(x, (list, tuple)) else [x]


_engine_backward = Tensor.backward


def _closure_backward(self, gradient=None, retain_graph=False, create_graph=False):
    if not self.requires_grad:
        return
    _engine_backward(self, gradient, True, create_graph)


_closure_backward.__doc__ = _engine_backward.__doc__


@contextlib.contextmanager
def keep_graph_in_closure():
    """For optimizers that differentiate a closure's loss themselves (NewtonCG): within it, a
    PyTorch-habit closure's ``loss.backward()`` keeps the graph (as with ``retain_graph=True``),
    and does nothing when the loss has no graph (the closure evaluated under ``no_grad``).
    Tensor.backward is swapped only for the closure's duration, so that every other backward
    stays one C++ call (a wrapper on every call cost ~1 µs of the lecture's 6 µs f(x, y))."""
    prev = Tensor.backward
    Tensor.backward = _closure_backward
    try:
        yield
    finally:
        Tensor.backward = prev


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False):
    """Accumulates d(tensors)/d(leaf), weighted by ``grad_tensors`` (ones for scalars), into every leaf's
    ``.grad`` in one reverse pass over the graph: ``gg.autograd.backward([loss1, loss2])`` is
    ``(loss1 + loss2).backward()``. ``create_graph`` records the backward ops too (higher derivatives);
    ``retain_graph`` (default: create_graph) keeps the saved tensors for another pass.
    """
    tensors = _as_list(tensors)
    grads = _as_list(grad_tensors) or [None] * len(tensors)
    _core._backward(tensors, grads, bool(create_graph if retain_graph is None else retain_graph), create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """Gradients of ``outputs`` with respect to ``inputs``, without touching any ``.grad``.

    >>> x = gg.tensor(3.0, requires_grad=True)
    >>> gg.autograd.grad(x ** 2, x)
    (tensor(6.),)
    """
    outputs, inputs = _as_list(outputs), _as_list(inputs)
    grads = _as_list(grad_outputs) or [None] * len(outputs)
    retain = create_graph if retain_graph is None else retain_graph
    res = _core._grad(outputs, grads, inputs, bool(retain), bool(create_graph), bool(allow_unused))
    return tuple(res)


def _numeric_jacobian_check(fn, inputs, eps, atol, rtol, raise_exception):
    """Compares every input's analytic gradient of sum(out * w) with central differences."""
    inputs = [x for x in inputs]
    out = fn(*inputs)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    rng = np.random.default_rng(0)
    weights = [None if not o.dtype.is_floating_point else
               _core._from_numpy(np.array(rng.standard_normal(o.shape), order="C"))
               for o in outs]

    def scalar(*xs):
        o = fn(*xs)
        o = o if isinstance(o, (tuple, list)) else (o,)
        total = 0.0
        for oi, w in zip(o, weights):
            if w is not None:
                total += float((oi.detach().numpy().astype(np.float64) * w.numpy()).sum())
        return total

    diff = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    loss = None
    for o, w in zip(outs, weights):
        if w is not None and o.requires_grad:
            term = (o * w.to(o.dtype)).sum()
            loss = term if loss is None else loss + term
    analytic = grad([loss], diff, allow_unused=True) if loss is not None else [None] * len(diff)
    for k, x in enumerate(diff):
        a = np.zeros(x.shape) if analytic[k] is None else analytic[k].numpy().astype(np.float64)
        xd = x.detach().numpy()  # shares memory: perturb in place
        numeric = np.zeros(x.shape, dtype=np.float64)
        flat, nflat = xd.reshape(-1), numeric.reshape(-1)
        for i in range(flat.size):
            orig = flat[i]
            flat[i] = orig + eps
            fp = scalar(*inputs)
            flat[i] = orig - eps
            fm = scalar(*inputs)
            flat[i] = orig
            nflat[i] = (fp - fm) / (2 * eps)
        if not np.allclose(a, numeric, atol=atol, rtol=rtol):
            if raise_exception:
                err = np.abs(a - numeric).max()
                raise AssertionError(f"gradcheck: input {k} of shape {tuple(x.shape)}: analytic and numeric "
                                     f"gradients differ (max abs error {err:.3g})\nanalytic:\n{a}\nnumeric:\n{numeric}")
            return False
    return True


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """Checks the analytic gradient of ``fn`` against central finite differences in float64,
    like ``torch.autograd.gradcheck``. Inputs that require grad must be float64.

    >>> gg.autograd.gradcheck(lambda a: (a * a).sum(), (gg.randn(3, dtype=gg.float64, requires_grad=True),))
    True
    """
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    for i, x in enumerate(inputs):
        if isinstance(x, Tensor) and x.requires_grad and x.dtype != _core.dtype.float64:
            raise TypeError(f"gradcheck: input {i} is {x.dtype}; finite differences need float64")
    return _numeric_jacobian_check(fn, inputs, eps, atol, rtol, raise_exception)


def gradgradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """Checks second derivatives, like ``torch.autograd.gradgradcheck``: gradcheck of
    (x, v) -> d(sum(fn(x) * v))/dx built with create_graph, where the weights ``v`` (one random
    float64 tensor per floating output) are inputs too, so a backward rule that is not
    differentiable in its incoming gradient fails as well as one whose second derivative is wrong."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    diff_idx = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    rng = np.random.default_rng(1)
    out0 = fn(*inputs)
    outs0 = out0 if isinstance(out0, (tuple, list)) else (out0,)
    floating = [k for k, o in enumerate(outs0) if o.dtype.is_floating_point and o.requires_grad]
    weights = tuple(_core._from_numpy(np.array(rng.standard_normal(outs0[k].shape), order="C")).requires_grad_()
                    for k in floating)
    n = len(inputs)

    def first(*args):
        xs, vs = args[:n], args[n:]
        o = fn(*xs)
        o = o if isinstance(o, (tuple, list)) else (o,)
        loss = None
        for k, v in zip(floating, vs):
            term = (o[k] * v.to(o[k].dtype)).sum()
            loss = term if loss is None else loss + term
        gs = grad([loss], [xs[i] for i in diff_idx], create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first, inputs + weights, eps, atol, rtol, raise_exception)


from . import forward, functional  # noqa: E402  (they build on the functions above)
from .function import Function, FunctionCtx, once_differentiable  # noqa: E402

forward_ad = forward  # PyTorch's name: torch.autograd.forward_ad
