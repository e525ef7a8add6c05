"""User-defined differentiable operations, as ``torch.autograd.Function``: a subclass gives
``forward(ctx, *args)`` (run without recording a graph) and ``backward(ctx, *grad_outputs)``
(one gradient or None per forward argument), and is called as ``MyFn.apply(*args)``.

The outputs become the result of one C++ graph node (``_core._custom_function``) whose backward
calls the Python ``backward``. Several floating outputs are joined into one flat tensor for that
node and handed back as views of it, so one backward call receives every output's gradient."""
import functools

from .. import _core
from .._core import Tensor


class FunctionCtx:
    """What ``forward`` hands to ``backward``: ``save_for_backward``/``saved_tensors``,
    ``needs_input_grad``, ``mark_non_differentiable`` and any attribute set on it."""

    def __init__(self, needs_input_grad):
        self.needs_input_grad = needs_input_grad
        self._saved = ()
        self._non_differentiable = set()
        self.materialize_grads = True

    def save_for_backward(self, *tensors):
        """Keeps ``tensors`` (or None) for backward, where ``ctx.saved_tensors`` returns them."""
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward: expected tensors or None, got {type(t).__name__}")
        self._saved = tensors

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward``, as a tuple."""
        return self._saved

    def mark_non_differentiable(self, *tensors):
        """Marks outputs that get no gradient (indices, masks): backward receives zeros for them."""
        self._non_differentiable.update(id(t) for t in tensors)

    def mark_dirty(self, *tensors):
        """Marks inputs modified in place by forward (accepted for PyTorch code; nothing else to do here)."""
        pass  # in-place outputs are ordinary outputs here: the node records their new values

    def set_materialize_grads(self, value):
        """With False, backward receives None (instead of zeros) for outputs that got no gradient."""
        self.materialize_grads = bool(value)


class Function:
    """Subclass with static ``forward(ctx, ...)`` and ``backward(ctx, ...)``; call ``apply``."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__name__}: autograd.Function is not instantiated; call "
                           f"{type(self).__name__}.apply(...)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        """The computation: ``ctx`` first, then the arguments ``apply`` was given; returns a tensor or a
        tuple. Runs without recording a graph.
        """
        raise NotImplementedError("autograd.Function subclasses must implement forward(ctx, ...)")

    @staticmethod
    def backward(ctx, *grad_outputs):
        """One gradient per output in, one per input of forward out (None for an input that needs none)."""
        raise NotImplementedError("autograd.Function subclasses must implement backward(ctx, ...) to be "
                                  "differentiated")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Runs ``forward(ctx, *args, **kwargs)`` and records one node whose backward is this class's
        ``backward``: ``y = MyFn.apply(x)``.
        """
        needs = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        ctx = FunctionCtx(needs)
        prev = _core.is_grad_enabled()
        _core._set_grad_enabled(False)
        try:
            outputs = cls.forward(ctx, *args, **kwargs)
        finally:
            _core._set_grad_enabled(prev)
        if not (prev and any(needs)):
            return outputs
        single = isinstance(outputs, Tensor)
        outs = [outputs] if single else list(outputs)
        diff = [i for i, o in enumerate(outs) if isinstance(o, Tensor) and o.dtype.is_floating_point
                and id(o) not in ctx._non_differentiable]
        if not diff:
            return outputs
        dtypes = {outs[i].dtype for i in diff}
        if len(dtypes) > 1:
            raise TypeError(f"{cls.__name__}.apply: differentiable outputs must share one dtype, got "
                            f"{sorted(str(d) for d in dtypes)}")
        inputs = [a for a in args if isinstance(a, Tensor)]
        positions = [k for k, a in enumerate(args) if isinstance(a, Tensor)]
        shapes = [tuple(outs[i].shape) for i in diff]
        sizes = [outs[i].numel() for i in diff]

        def backward(grad):
            if len(diff) == 1:
                grads = [grad]
            else:
                grads, start = [], 0
                for shape, n in zip(shapes, sizes):
                    grads.append(grad[start:start + n].reshape(shape))
                    start += n
            full = [None] * len(outs)
            for i, g in zip(diff, grads):
                full[i] = g
            for i, o in enumerate(outs):  # non-differentiable outputs get zeros, as in PyTorch
                if full[i] is None and isinstance(o, Tensor) and ctx.materialize_grads:
                    full[i] = _core._full(tuple(o.shape), 0.0, o.dtype)
            res = cls.backward(ctx, *full)
            res = res if isinstance(res, tuple) else (res,)
            if len(res) != len(args):
                raise RuntimeError(f"{cls.__name__}.backward returned {len(res)} gradients; expected {len(args)} "
                                   f"(one per forward argument, None for non-tensors)")
            return [None if not needs[k] else res[k] for k in positions]

        if len(diff) == 1:
            joined = _core._custom_function(inputs, outs[diff[0]].detach(), backward)
            views = [joined]
        else:
            flat = _core.cat([outs[i].reshape(-1) for i in diff], 0)
            joined = _core._custom_function(inputs, flat, backward)
            views, start = [], 0
            for shape, n in zip(shapes, sizes):
                views.append(joined[start:start + n].reshape(shape))
                start += n
        replaced = {}
        for i, v in zip(diff, views):
            replaced[id(outs[i])] = v
            outs[i] = v
        # A saved output is the one in the graph, so that a create_graph backward differentiates
        # through it (the node's backward then holds it: the cycle ends when backward frees the node).
        ctx._saved = tuple(replaced.get(id(t), t) for t in ctx._saved)
        return outs[0] if single else tuple(outs) if isinstance(outputs, tuple) else outs


def once_differentiable(backward):
    """Marks a backward that is not itself differentiable: it runs without recording a graph."""
    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        prev = _core.is_grad_enabled()
        _core._set_grad_enabled(False)
        try:
            return backward(ctx, *grads)
        finally:
            _core._set_grad_enabled(prev)
    return wrapper


class _HookHandle:
    """What ``Tensor.register_hook`` returns: ``remove()`` turns the hook off."""

    def __init__(self, remove):
        self._remove = remove

    def remove(self):
        self._remove()


def _register_hook(self, hook):
    """Calls ``hook(grad)`` with this tensor's gradient during backward; a tensor it returns replaces
    the gradient. On a non-leaf it sees the uses recorded after registration."""
    return _HookHandle(self._register_hook(hook))


Tensor.register_hook = _register_hook
