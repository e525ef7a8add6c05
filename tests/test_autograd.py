"""Autograd semantics: accumulation, reuse, retain_graph, no_grad, detach, deep graphs, freeing."""
import gc
import threading
import weakref

import numpy as np
import pytest

import graphgrad as gg


def lecture_f(x, y):
    return x ** 2 + x * y + (x + y) ** 2


def test_lecture_example():
    x = gg.tensor(3.0, requires_grad=True)
    y = gg.tensor(-2.0, requires_grad=True)
    f = lecture_f(x, y)
    f.backward()
    assert (x.grad.item(), y.grad.item()) == (6.0, 5.0)


@pytest.mark.parametrize("x0,y0", [(0.0, 0.0), (1.5, -0.5), (-2.0, 4.0), (10.0, 3.0)])
def test_lecture_gradient_formula(x0, y0):
    x = gg.tensor(x0, dtype=gg.float64, requires_grad=True)
    y = gg.tensor(y0, dtype=gg.float64, requires_grad=True)
    lecture_f(x, y).backward()
    assert x.grad.item() == pytest.approx(4 * x0 + 3 * y0)
    assert y.grad.item() == pytest.approx(3 * x0 + 2 * y0)


def test_fan_out_accumulates():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    z = (y + y * y).sum()  # y used twice
    z.backward()
    np.testing.assert_allclose(x.grad.numpy(), 3 + 2 * 9 * np.array([1.0, 2.0]))


def test_grad_accumulates_until_cleared():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [5, 5])
    x.grad = None
    (x * 4).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [4, 4])


def test_retain_graph_and_freed_graph_error():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_non_scalar_backward_needs_gradient():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="scalar"):
        (x * 2).backward()
    (x * 2).backward(gg.tensor([1.0, 10.0]))
    np.testing.assert_allclose(x.grad.numpy(), [2, 20])
    with pytest.raises(ValueError, match="shape"):
        (x * 2).backward(gg.tensor([1.0]))


def test_no_grad_builds_no_graph():
    x = gg.tensor([1.0], requires_grad=True)
    with gg.no_grad():
        y = x * 2
    assert y.grad_fn is None and not y.requires_grad

    @gg.no_grad()
    def f(t):
        return t * 2

    assert f(x).grad_fn is None
    assert (x * 2).grad_fn is not None


def test_grad_mode_is_thread_local():
    seen = []
    with gg.no_grad():
        t = threading.Thread(target=lambda: seen.append(gg.is_grad_enabled()))
        t.start()
        t.join()
        assert not gg.is_grad_enabled()
    assert seen == [True]


def test_detach_and_requires_grad_():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    d = (x * 2).detach()
    assert not d.requires_grad and d.grad_fn is None
    d2 = gg.tensor([1.0]).requires_grad_()
    assert d2.requires_grad and d2.is_leaf
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require gradients"):
        gg.tensor([1, 2]).requires_grad_()


def test_long_chain_has_no_recursion_limit():
    x = gg.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y  # destroying the chain must not recurse either
    z = x
    for _ in range(100_000):
        z = z + 0.0
    del z


def test_graph_is_freed():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).exp()
    ref = weakref.ref(y)
    node = y.grad_fn
    y.sum().backward()
    del y
    gc.collect()
    assert ref() is None
    assert node is not None  # holding a node keeps only the node


def test_autograd_grad():
    x = gg.tensor([1.0, 2.0], dtype=gg.float64, requires_grad=True)
    y = gg.tensor([3.0], dtype=gg.float64, requires_grad=True)
    z = (x * x * y).sum()
    gx, gy = gg.autograd.grad(z, [x, y])
    np.testing.assert_allclose(gx.numpy(), [6, 12])
    np.testing.assert_allclose(gy.numpy(), [5])
    assert x.grad is None and y.grad is None
    w = gg.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="not used"):
        gg.autograd.grad((x * 2).sum(), [x, w])
    assert gg.autograd.grad((x * 2).sum(), [x, w], allow_unused=True)[1] is None


def test_grad_of_intermediate():
    x = gg.tensor([1.0, 2.0], dtype=gg.float64, requires_grad=True)
    h = x * 2
    z = (h * h).sum()
    (gh,) = gg.autograd.grad(z, h)
    np.testing.assert_allclose(gh.numpy(), [4, 8])


def test_create_graph_second_derivative():
    x = gg.tensor(2.0, dtype=gg.float64, requires_grad=True)
    y = x ** 3 + x.exp()
    (g,) = gg.autograd.grad(y, x, create_graph=True)
    (h,) = gg.autograd.grad(g, x)
    assert g.item() == pytest.approx(12 + np.exp(2))
    assert h.item() == pytest.approx(12 + np.exp(2))


def test_lecture_hessian():
    x = gg.tensor(1.0, dtype=gg.float64, requires_grad=True)
    y = gg.tensor(-1.0, dtype=gg.float64, requires_grad=True)
    gx, gy = gg.autograd.grad(lecture_f(x, y), [x, y], create_graph=True)
    hxx, hxy = gg.autograd.grad(gx, [x, y], retain_graph=True)
    hyx, hyy = gg.autograd.grad(gy, [x, y])
    assert [[hxx.item(), hxy.item()], [hyx.item(), hyy.item()]] == [[4, 3], [3, 2]]


@pytest.mark.parametrize("fn", [
    lambda x: (x.tanh() * x.sigmoid()).sum(),
    lambda x: (x @ x.T).exp().sum(),
    lambda x: (x.max(dim=1)[0] ** 2).sum(),
    lambda x: (x[1:, ::2] * x[:-1, 1::2]).sum(),
    lambda x: gg.cat([x, x * 2], 1).exp().sum(),
    lambda x: (x / (x * x + 1)).sum(),
    lambda x: ((x.relu() + 0.1) ** 2.5).mean(),
])
def test_gradgradcheck(fn):
    x = gg.tensor(np.random.default_rng(3).standard_normal((3, 4)), requires_grad=True)
    assert gg.autograd.gradgradcheck(fn, [x])


def test_leaf_properties_and_repr():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    assert x.is_leaf and not y.is_leaf
    assert y.grad_fn.name() == "MulBackward"
    assert "grad_fn=<MulBackward>" in repr(y)
    assert "requires_grad=True" in repr(x)


def test_post_accumulate_grad_hook():
    w = gg.ones(3, requires_grad=True)
    seen = []
    remove = w.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
    (w * 2).sum().backward()
    remove()
    (w * 2).sum().backward()
    assert seen == [[2.0, 2.0, 2.0]]
    with pytest.raises(RuntimeError, match="leaf"):
        (w * 2).register_post_accumulate_grad_hook(lambda t: None)


def test_leaf_grad_is_dense():
    w = gg.ones(3, 4, requires_grad=True)
    w.sum().backward()  # sum's backward is a zero-stride expand
    assert w.grad.is_contiguous() and w.grad.stride() == (4, 1)
    x = gg.randn(5, 4)
    w.grad = None
    (x @ w.T).sum().backward()  # through a transposed view
    assert w.grad.is_contiguous()


def test_backward_on_a_leaf():
    x = gg.tensor(2.0, requires_grad=True)
    x.backward()
    x.backward()
    assert x.grad.item() == 2.0
