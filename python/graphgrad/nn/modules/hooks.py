"""Module hooks, as ``torch.nn.Module``'s: forward pre-hooks (may replace the inputs), forward hooks
(may replace the output) and full backward hooks (see the gradients of the module's inputs and
outputs, may replace the inputs' gradients). ``Module.__call__`` runs them."""
import itertools

from ..._core import Tensor
from ...autograd.function import Function

_ids = itertools.count()


class RemovableHandle:
    """Returned by every ``register_*_hook``; ``remove()`` unregisters the hook."""

    def __init__(self, hooks):
        self._hooks, self.id = hooks, next(_ids)

    def remove(self):
        """Unregisters the hook (a second call does nothing)."""
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _register(module, kind, hook):
    hooks = module.__dict__.setdefault(kind, {})
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


def _tensors(x):
    return x if isinstance(x, tuple) else (x,)


class _Identity(Function):
    """An identity over tensors whose backward hands the gradients to ``on_grad`` (which may return
    replacements)."""

    @staticmethod
    def forward(ctx, on_grad, *tensors):
        ctx.on_grad = on_grad
        return tuple(t.detach() for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        out = ctx.on_grad(grads)
        return (None,) + tuple(grads if out is None else out)


class _BackwardHookState:
    """Joins the two halves of a full backward hook: the outputs' gradients arrive first, then the
    inputs', when the hooks run."""

    def __init__(self, module):
        self.module, self.grad_output, self.input_hooked = module, None, False

    def wrap_inputs(self, args):
        idx = [k for k, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
        if not idx:
            return args
        wrapped = _Identity.apply(self._on_grad_input, *(args[k] for k in idx))
        args = list(args)
        for k, w in zip(idx, wrapped):
            args[k] = w
        return tuple(args)

    def wrap_output(self, output):
        outs = _tensors(output)
        if not any(isinstance(o, Tensor) and o.requires_grad for o in outs):
            return output
        wrapped = _Identity.apply(self._on_grad_output, *outs)
        return wrapped if isinstance(output, tuple) else wrapped[0]

    def _on_grad_output(self, grads):
        self.grad_output = grads
        if not self.input_hooked:  # no input needs a gradient: run the hooks now
            self._run(tuple(None for _ in grads))
        return None

    def _on_grad_input(self, grads):
        return self._run(grads)

    def _run(self, grad_input):
        for hook in list(self.module.__dict__.get("_backward_hooks", {}).values()):
            r = hook(self.module, grad_input, self.grad_output)
            if r is not None:
                grad_input = tuple(r) if isinstance(r, (tuple, list)) else (r,)
        return grad_input


class HooksMixin:
    """Module's hook registration (register_forward_pre_hook, register_forward_hook, register_full_backward_hook, ...).
    """
    def register_forward_pre_hook(self, hook):
        """``hook(module, args)`` before forward; a non-None result replaces args."""
        return _register(self, "_forward_pre_hooks", hook)

    def register_forward_hook(self, hook):
        """``hook(module, args, output)`` after forward; a non-None result replaces the output."""
        return _register(self, "_forward_hooks", hook)

    def register_full_backward_hook(self, hook):
        """``hook(module, grad_input, grad_output)`` once the gradients of the module's inputs are
        computed; a non-None result replaces grad_input."""
        return _register(self, "_backward_hooks", hook)

    def _call_with_hooks(self, args, kwargs):
        d = self.__dict__
        for hook in list(d.get("_forward_pre_hooks", {}).values()):
            r = hook(self, args)
            if r is not None:
                args = r if isinstance(r, tuple) else (r,)
        state = _BackwardHookState(self) if d.get("_backward_hooks") else None
        if state is not None:
            before = args
            args = state.wrap_inputs(args)
            state.input_hooked = args is not before
        output = self.forward(*args, **kwargs)
        for hook in list(d.get("_forward_hooks", {}).values()):
            r = hook(self, args, output)
            if r is not None:
                output = r
        return output if state is None else state.wrap_output(output)
