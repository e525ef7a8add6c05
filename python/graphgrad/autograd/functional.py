"""Higher-level differentiation of functions, as ``torch.autograd.functional``: vjp, jvp, hvp,
hessian and jacobian. ``inputs`` is a Tensor or a tuple of Tensors; results follow its structure.

``vjp`` is one reverse pass, ``jvp`` one forward pass with dual tensors, and ``hvp`` is reverse
over reverse: ∇(∇f·v) = H·v, without ever forming H. (Forward over reverse, the tangent of the
gradient along v, gives the same numbers at a cost within noise of it on an MLP:
bench/compare.py second_order.) ``jacobian`` and ``hessian`` take one reverse pass per output element: meant for
small problems.
"""
from .. import _core
from .._core import Tensor
from . import enable_grad, forward, grad, set_grad_enabled


def _as_tuple(x, fn, what):
    if isinstance(x, Tensor):
        return False, (x,)
    if isinstance(x, (tuple, list)) and all(isinstance(t, Tensor) for t in x):
        return True, tuple(x)
    raise TypeError(f"{fn}: {what} must be a Tensor or a tuple of Tensors, got {type(x).__name__}")


def _like(is_tuple, xs):
    return tuple(xs) if is_tuple else xs[0]


def _prepare(xs, create_graph):
    """Inputs to differentiate at: the caller's tensors when their graph must be kept, else
    fresh leaves sharing their memory."""
    return tuple(x if create_graph and x.requires_grad else x.detach().requires_grad_(True) for x in xs)


def _zeros_like(x):
    return _core._full(x.shape, 0.0, x.dtype)


def _fill_unused(grads, xs):
    return tuple(_zeros_like(x) if g is None else g for g, x in zip(grads, xs))


def _check_v(fn, vs, outs):
    if len(vs) != len(outs):
        raise ValueError(f"{fn}: v has {len(vs)} tensors but there are {len(outs)}")
    for v, o in zip(vs, outs):
        if tuple(v.shape) != tuple(o.shape):
            raise ValueError(f"{fn}: v has shape {tuple(v.shape)} but it pairs with shape {tuple(o.shape)}")


def _scalar_output(fn, out):
    if not isinstance(out, Tensor) or out.numel() != 1:
        shape = tuple(out.shape) if isinstance(out, Tensor) else type(out).__name__
        raise ValueError(f"{fn}: the function must return a single-element Tensor, got {shape}")
    return out


def vjp(func, inputs, v=None, create_graph=False):
    """``(func(inputs), vᵀ·J)``; ``v`` may be omitted when the output has one element."""
    in_tuple, xs = _as_tuple(inputs, "vjp", "inputs")
    with enable_grad():
        xs = _prepare(xs, create_graph)
        out_tuple, outs = _as_tuple(func(*xs), "vjp", "the function's outputs")
        if v is None:
            for o in outs:
                _scalar_output("vjp", o)
            vs = (None,) * len(outs)
        else:
            vs = _as_tuple(v, "vjp", "v")[1]
            _check_v("vjp", vs, outs)
        used = [i for i, o in enumerate(outs) if o.requires_grad]
        gs = grad([outs[i] for i in used], xs, [vs[i] for i in used], create_graph=create_graph,
                  allow_unused=True) if used else (None,) * len(xs)
    outs = outs if create_graph else tuple(o.detach() for o in outs)
    return _like(out_tuple, outs), _like(in_tuple, _fill_unused(gs, xs))


def jvp(func, inputs, v, create_graph=False):
    """``(func(inputs), J·v)`` in one forward pass with dual tensors.

    >>> f = lambda x: (x ** 3).sum()          # J = 3x²
    >>> gg.autograd.functional.jvp(f, gg.tensor([1.0, 2.0]), gg.tensor([1.0, 0.0]))
    (tensor(9.), tensor(3.))
    """
    in_tuple, xs = _as_tuple(inputs, "jvp", "inputs")
    _, vs = _as_tuple(v, "jvp", "v")
    _check_v("jvp", vs, xs)
    with set_grad_enabled(create_graph):
        return forward.jvp(func, _like(in_tuple, xs), _like(in_tuple, vs))


def hvp(func, inputs, v, create_graph=False):
    """``(func(inputs), H·v)`` for a scalar ``func``, without forming the Hessian H: the gradient
    is computed with its graph, then ∇f·v is differentiated once more.

    >>> f = lambda x: (x ** 3).sum()          # H = diag(6x)
    >>> gg.autograd.functional.hvp(f, gg.tensor([1.0, 2.0]), gg.tensor([1.0, 0.0]))
    (tensor(9.), tensor([6., 0.]))
    """
    in_tuple, xs = _as_tuple(inputs, "hvp", "inputs")
    _, vs = _as_tuple(v, "hvp", "v")
    _check_v("hvp", vs, xs)
    with enable_grad():
        xs = _prepare(xs, create_graph)
        out = _scalar_output("hvp", func(*xs))
        gs = grad([out], xs, create_graph=True, allow_unused=True)
        terms = [(g * u).sum() for g, u in zip(gs, vs) if g is not None and g.requires_grad]
        hv = (None,) * len(xs)
        if terms:  # else the gradient is constant: H = 0
            hv = grad([sum(terms[1:], terms[0])], xs, create_graph=create_graph, allow_unused=True)
    return out if create_graph else out.detach(), _like(in_tuple, _fill_unused(hv, xs))


def jacobian(func, inputs, create_graph=False):
    """The Jacobian of every output with respect to every input: shape ``out.shape + in.shape``;
    nested as ``J[i][j]`` for tuples of outputs and inputs. One reverse pass per output element."""
    in_tuple, xs = _as_tuple(inputs, "jacobian", "inputs")
    with enable_grad():
        xs = _prepare(xs, create_graph)
        out_tuple, outs = _as_tuple(func(*xs), "jacobian", "the function's outputs")
        blocks = []
        for o in outs:
            rows = [[] for _ in xs]
            flat = o.reshape(-1)
            for k in range(flat.numel() if o.requires_grad else 0):
                gs = grad([flat[k]], xs, retain_graph=True, create_graph=create_graph, allow_unused=True)
                for r, g in zip(rows, _fill_unused(gs, xs)):
                    r.append(g)
            blocks.append(tuple(
                _core.stack(r, 0).reshape(tuple(o.shape) + tuple(x.shape)) if r
                else _core._full(tuple(o.shape) + tuple(x.shape), 0.0, x.dtype)
                for r, x in zip(rows, xs)))
    blocks = [tuple(b.detach() for b in row) for row in blocks] if not create_graph else blocks
    return _like(out_tuple, [_like(in_tuple, row) for row in blocks])


def hessian(func, inputs, create_graph=False):
    """The Hessian of a scalar ``func``: shape ``x.shape + x.shape``, nested ``H[i][j]`` for a
    tuple of inputs. The Jacobian of the gradient (reverse over reverse)."""
    in_tuple, xs = _as_tuple(inputs, "hessian", "inputs")

    def gradient(*ys):
        out = _scalar_output("hessian", func(*ys))
        return _fill_unused(grad([out], ys, create_graph=True, allow_unused=True), ys)

    h = jacobian(gradient, xs, create_graph=create_graph)
    return h if in_tuple else h[0][0]
