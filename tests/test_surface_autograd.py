"""Autograd extensibility (issue 17): autograd.Function, tensor hooks, retain_grad, module hooks."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad.autograd import Function, once_differentiable


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y


class ScaledMul(Function):
    """x * y * k for a non-tensor k: two tensor inputs, one non-tensor, needs_input_grad."""

    @staticmethod
    def forward(ctx, x, k, y):
        ctx.save_for_backward(x, y)
        ctx.k = k
        ctx.seen = ctx.needs_input_grad
        return x * y * k

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        gx = g * y * ctx.k if ctx.needs_input_grad[0] else None
        gy = g * x * ctx.k if ctx.needs_input_grad[2] else None
        return gx, None, gy


class SplitTwo(Function):
    """Two outputs: the backward receives both gradients at once."""

    @staticmethod
    def forward(ctx, x):
        return x * 2, x.sum()

    @staticmethod
    def backward(ctx, ga, gb):
        return ga * 2 + gb


def _x(shape=(3,), seed=0):
    return gg.tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)


def test_function_forward_backward_and_gradcheck():
    x = _x()
    y = Exp.apply(x)
    np.testing.assert_allclose(y.detach().numpy(), np.exp(x.detach().numpy()))
    assert y.requires_grad and y.grad_fn is not None
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp(x.detach().numpy()))
    assert gg.autograd.gradcheck(Exp.apply, [_x()])


def test_function_double_backward():
    x = _x()
    (g,) = gg.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)
    (gg2,) = gg.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg2.numpy(), np.exp(x.detach().numpy()))


def test_function_mixed_args_and_needs_input_grad():
    x, y = _x(seed=1), gg.tensor(np.arange(3.0))
    out = ScaledMul.apply(x, 3.0, y)
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 3 * np.arange(3.0))
    assert y.grad is None
    assert gg.autograd.gradcheck(lambda a, b: ScaledMul.apply(a, 2.0, b), [_x(seed=2), _x(seed=3)])


def test_function_several_outputs():
    x = _x(seed=4)
    a, b = SplitTwo.apply(x)
    assert tuple(a.shape) == (3,) and tuple(b.shape) == ()
    (a.sum() + 5 * b).backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 7.0))


def test_function_without_grad_returns_plain_outputs():
    x = gg.ones(2)
    assert not Exp.apply(x).requires_grad
    with gg.no_grad():
        assert not Exp.apply(_x()).requires_grad


def test_function_errors():
    class Wrong(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.raises(RuntimeError, match="2"):
        Wrong.apply(_x(), _x()).sum().backward()
    with pytest.raises(RuntimeError, match="apply"):
        Exp()


def test_once_differentiable_runs_without_graph():
    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            assert not gg.is_grad_enabled()
            (x,) = ctx.saved_tensors
            return g * 2 * x

    x = _x()
    Square.apply(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * x.detach().numpy())


def test_register_hook_changes_gradient():
    x = _x()
    y = x * 2
    seen = []
    y.register_hook(lambda g: g * 10)
    y.register_hook(lambda g: seen.append(g.numpy().copy()))  # hooks run newest first (see the report)
    (y * 3).sum().backward()
    np.testing.assert_allclose(seen[0], np.full(3, 3.0))
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 60.0))


def test_register_hook_handle_removes_it():
    x = _x()
    y = x * 1
    h = y.register_hook(lambda g: g * 10)
    h.remove()
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.ones(3))


def test_register_hook_on_leaf_runs_before_accumulation():
    x = _x()
    x.register_hook(lambda g: g * 2)
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 6.0))


def test_retain_grad():
    x = _x()
    y = x * 2
    y.retain_grad()
    z = (y * y).sum()
    z.backward()
    np.testing.assert_allclose(y.grad.numpy(), 2 * y.detach().numpy())
    x.retain_grad()  # a leaf: nothing changes
    with pytest.raises(RuntimeError, match="retain_grad"):
        gg.ones(2).retain_grad()


def test_module_forward_hooks():
    lin = gg.nn.Linear(3, 2)
    calls = []
    h1 = lin.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    h2 = lin.register_forward_hook(lambda m, args, out: calls.append(tuple(out.shape)) or out + 1)
    out = lin(gg.ones(4, 3))
    np.testing.assert_allclose(out.detach().numpy(), np.broadcast_to(lin.bias.detach().numpy() + 1, (4, 2)))
    assert calls == [(4, 2)]
    h1.remove()
    h2.remove()
    np.testing.assert_allclose(lin(gg.zeros(1, 3)).detach().numpy(), lin.bias.detach().numpy()[None])


def test_module_full_backward_hook():
    lin = gg.nn.Linear(3, 2)
    got = {}

    def hook(module, grad_input, grad_output):
        got["in"] = [g.numpy().copy() for g in grad_input]
        got["out"] = [g.numpy().copy() for g in grad_output]
        return (grad_input[0] * 0,)

    lin.register_full_backward_hook(hook)
    x = gg.tensor(np.ones((4, 3)), dtype=gg.float32, requires_grad=True)
    lin(x).sum().backward()
    np.testing.assert_allclose(got["out"][0], np.ones((4, 2)))
    np.testing.assert_allclose(got["in"][0], np.ones((4, 2)) @ lin.weight.detach().numpy(), rtol=1e-6)
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((4, 3)))
    assert lin.weight.grad is not None


def test_module_full_backward_hook_without_input_grad():
    lin = gg.nn.Linear(3, 2)
    got = []
    lin.register_full_backward_hook(lambda m, gi, go: got.append((gi, tuple(go[0].shape))))
    lin(gg.ones(4, 3)).sum().backward()
    assert got == [((None,), (4, 2))]
