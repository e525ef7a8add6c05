"""The per-call fast paths (issue 15) keep the general paths' behaviour: gg.tensor(float), t.backward()
and t.grad as builtins taking the common call themselves, gradients summed in place when nothing
else holds them, and Python numbers as operands of ops that record nothing."""
import inspect

import numpy as np
import pytest

import graphgrad as gg


def test_tensor_of_a_float_is_a_float32_leaf_and_other_calls_take_the_general_path():
    x = gg.tensor(3.0, requires_grad=True)
    assert x.dtype == gg.float32 and x.requires_grad and x.is_leaf and x.shape == ()
    assert not gg.tensor(3.0).requires_grad and not gg.tensor(3.0, requires_grad=False).requires_grad
    assert gg.tensor(3.0, requires_grad=1).requires_grad  # not a bool: the Python function decides
    assert gg.tensor(3.0, dtype=gg.float64).dtype == gg.float64
    assert gg.tensor(3.0, device="cpu").item() == 3.0
    assert gg.tensor([1.5, 2.5]).tolist() == [1.5, 2.5]
    with pytest.raises(RuntimeError, match="CPU only"):
        gg.tensor(3.0, device="cuda")
    with pytest.raises(TypeError):
        gg.tensor(3.0, requires_grad=True, bogus=1)
    assert str(inspect.signature(gg.tensor)) == "(data, dtype=None, requires_grad=False)"
    assert "always a copy" in gg.tensor.__doc__


def test_requires_grad_keyword_need_not_be_the_interned_string():
    name = "".join(["requires", "_grad"])  # a new str object, equal to the keyword
    assert gg.tensor(3.0, **{name: True}).requires_grad
    assert not gg.tensor(3.0, **{name: False}).requires_grad


def test_reused_tensor_objects_start_fresh():
    import gc
    import weakref

    for _ in range(3):  # dead results go to the free list, new ones come from it
        dead = [gg.tensor(float(i)) * 2.0 for i in range(100)]
        refs = [weakref.ref(t) for t in dead]
        del dead
        assert all(r() is None for r in refs)
        x = gg.tensor(1.5, requires_grad=True)
        ts = [x * float(i) for i in range(100)]
        fired = []
        r = weakref.ref(ts[7], lambda _: fired.append(1))
        assert [t.item() for t in ts[:3]] == [0.0, 1.5, 3.0] and ts[5].grad_fn is not None and ts[5].grad is None
        assert not ts[3].is_leaf and x.is_leaf and x.grad is None
        sum(ts[1:], ts[0]).backward()
        assert x.grad.item() == sum(range(100))
        del ts
        gc.collect()
        assert fired == [1] and r() is None


def test_backward_without_arguments_and_with_them():
    x = gg.tensor(2.0, requires_grad=True)
    f = x * x
    f.backward(retain_graph=True)
    f.backward()
    assert x.grad.item() == 8.0
    with pytest.raises(RuntimeError, match="second time"):
        f.backward()
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (gg.tensor([1.0, 2.0], requires_grad=True) * 2.0).backward()
    with pytest.raises(RuntimeError, match="does not require grad"):
        gg.tensor(1.0).backward()
    with pytest.raises(TypeError):
        (x * x).backward(3)
    assert "retain_graph" in str(inspect.signature(gg.Tensor.backward))


def test_backward_and_grad_through_their_descriptors():
    # Tensor.backward is a method descriptor and Tensor.grad a property whose __get__ is C++'s:
    # called bound, unbound and with arguments they behave as pybind11's method and property.
    x = gg.tensor(2.0, requires_grad=True)
    f = x * x
    bound = f.backward  # a bound builtin: its call passes self apart from the arguments
    bound(None, True)
    gg.Tensor.backward(f, retain_graph=True)
    f.backward()
    assert x.grad.item() == 12.0 and gg.Tensor.grad.__get__(x).item() == 12.0
    assert str(inspect.signature(f.backward)) == "(gradient=None, retain_graph=False, create_graph=False)"
    assert isinstance(gg.Tensor.grad, property) and "accumulated" in gg.Tensor.grad.__doc__
    with pytest.raises(AttributeError):
        del x.grad
    with pytest.raises(TypeError):
        gg.Tensor.backward(3.0)


def test_backward_of_small_and_large_graphs_with_hooks_and_threads():
    import threading

    # A scalar graph runs with the GIL held, a larger one without: hooks work in both, and a hook
    # may hand work to another Python thread and wait for it.
    def from_thread(v):
        out = []
        t = threading.Thread(target=lambda: out.append(v * 2))
        t.start()
        t.join()
        return out[0]

    for n in (1, 40):  # 40 chained ops: more nodes than a small graph has
        x = gg.tensor(2.0, requires_grad=True)
        seen = []
        x.register_post_accumulate_grad_hook(lambda t: seen.append(from_thread(t.grad.item())))
        y = x
        for _ in range(n):
            y = y * 1.0
        h = y.register_hook(lambda g: g * 3.0)
        (y * y).backward()
        assert x.grad.item() == 12.0 and seen == [24.0]
        h.remove()
    big = gg.tensor(np.ones(100, dtype=np.float32), requires_grad=True)
    (big * big).sum().backward()  # gradients of 100 elements: not a small graph
    assert big.grad.tolist() == [2.0] * 100

    results, errors = [], []

    def work(v):
        try:
            for _ in range(200):
                x = gg.tensor(v, requires_grad=True)
                (x * x + x).backward()
                results.append(x.grad.item() == 2 * v + 1)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(float(i),)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 600 and all(results)


def test_concurrent_backwards_over_one_graph_and_a_backward_inside_a_backward():
    import threading

    # The engine keeps a node's slot in the node while a run holds it: runs over shared nodes
    # (threads: backward releases the GIL for a graph this size) and a run inside a hook use
    # their own index. x.grad gets `want` added once per run, whichever thread's.
    x = gg.tensor(np.linspace(0.5, 1.5, 64).astype(np.float32), requires_grad=True)
    y = x
    for i in range(200):
        y = y * 1.01 + x * (i % 3)
    loss = (y * y).sum()
    (want,) = gg.autograd.grad(loss, [x], retain_graph=True)
    errors, runs = [], 3 * 40

    def work():
        try:
            for _ in range(runs // 3):
                loss.backward(retain_graph=True)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = want.numpy().copy()
    for _ in range(runs - 1):
        total += want.numpy()
    assert not errors and np.array_equal(x.grad.numpy(), total)

    # The hook sees the uses of y after it: z's graph runs it, and its own run goes through the
    # nodes below y, which the outer run holds.
    inner = []
    h = y.register_hook(lambda g: inner.append(gg.autograd.grad(loss, [x], retain_graph=True)[0]))
    z = (y * 1.5).sum()
    (g,) = gg.autograd.grad(z, [x], retain_graph=True)
    h.remove()
    (g_plain,) = gg.autograd.grad(z, [x])
    assert np.array_equal(g.numpy(), g_plain.numpy()) and np.array_equal(inner[0].numpy(), want.numpy())


def test_grad_getter_and_setter():
    p = gg.nn.Parameter(gg.tensor([1.0, 2.0]))
    assert p.grad is None
    (p * p).sum().backward()
    assert p.grad.tolist() == [2.0, 4.0]
    p.grad = gg.zeros(2)
    assert p.grad.tolist() == [0.0, 0.0]
    p.grad = None
    assert p.grad is None
    with pytest.raises(ValueError, match="grad"):
        p.grad = gg.zeros(3)


def test_sums_in_place_never_write_into_a_seed_or_a_shared_gradient():
    x = gg.tensor([1.0, 2.0], requires_grad=True)
    seed = gg.tensor([1.0, 10.0])
    (x + x + x).backward(seed)  # the seed itself reaches x's sum three times
    assert seed.tolist() == [1.0, 10.0] and x.grad.tolist() == [3.0, 30.0]
    y = gg.tensor(3.0, requires_grad=True)
    f = y * y + y * 2.0 + (y + 1.0) ** 2  # y's sum takes fresh gradients in place
    f.backward()
    g0 = x.grad
    (x * 2.0).sum().backward()  # a later backward adds out of place: the user's old .grad stays
    assert g0.tolist() == [3.0, 30.0] and x.grad.tolist() == [5.0, 32.0]
    assert y.grad.item() == pytest.approx(2 * 3.0 + 2.0 + 2 * 4.0)


def test_double_backward_is_unchanged_by_the_in_place_sums():
    x = gg.tensor(1.5, dtype=gg.float64, requires_grad=True)
    f = x ** 3 + x * x + x
    (g,) = gg.autograd.grad(f, [x], create_graph=True)
    (h,) = gg.autograd.grad(g, [x])
    assert g.item() == pytest.approx(3 * 1.5 ** 2 + 2 * 1.5 + 1) and h.item() == pytest.approx(6 * 1.5 + 2)


def test_number_operands_of_ops_that_record_nothing():
    x = gg.tensor(np.array([1.0, 2.0], dtype=np.float32))
    with gg.no_grad():
        a, b, c, d = x * 2.0, x + 5.0, 1.0 - x, 4.0 / x
    assert a.tolist() == [2.0, 4.0] and b.tolist() == [6.0, 7.0]
    assert c.tolist() == [0.0, -1.0] and d.tolist() == [4.0, 2.0]
    xd = gg.tensor([1.0, 3.0], dtype=gg.float64)
    assert (xd * 0.1).dtype == gg.float64 and (xd * 0.1).tolist() == [0.1, pytest.approx(0.3)]
    w = gg.tensor([1.0, 2.0], requires_grad=True)
    (w * 3.0).sum().backward()  # recorded: the operand is its own tensor
    assert w.grad.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("dtype", [gg.float32, gg.float64])
@pytest.mark.parametrize("p", [2, 2.0, 3.0, 0.5])
def test_pow_backward_in_one_pass_rounds_as_its_two_muls(dtype, p):
    # Without create_graph, pow's rule g * (x * p x^(p-1)) is one kernel (mul_scaled): the same
    # bits as the two muls it replaces, dense, broadcast (g a 0-d seed) or not.
    nd = {gg.float32: np.float32, gg.float64: np.float64}[dtype]
    xs = np.random.default_rng(0).uniform(0.5, 2.0, 7).astype(nd)
    gs = np.random.default_rng(1).standard_normal(7).astype(nd)
    x = gg.tensor(xs, requires_grad=True)
    (x ** p).backward(gg.tensor(gs))
    base = xs if float(p) == 2.0 else (xs ** nd(float(p) - 1)).astype(nd)
    expected = gs * (base * nd(float(p)))
    assert x.grad.dtype == dtype
    if float(p) == 2.0:
        np.testing.assert_array_equal(x.grad.numpy(), expected)
    else:  # x^(p-1) is graphgrad's pow, not NumPy's: equal to its last bits only
        np.testing.assert_allclose(x.grad.numpy(), expected, rtol=4 * np.finfo(nd).eps)
    y = gg.tensor(xs, requires_grad=True)
    (y ** p).sum().backward()  # a 0-d gradient broadcast through sum's expand
    np.testing.assert_allclose(y.grad.numpy(), base * nd(float(p)), rtol=4 * np.finfo(nd).eps)


def test_pow_backward_keeps_its_graph_under_create_graph():
    x = gg.tensor(3.0, requires_grad=True)
    (g,) = gg.autograd.grad(x ** 2, [x], create_graph=True)
    assert g.item() == 6.0 and g.requires_grad
    g.backward()
    assert x.grad.item() == 2.0
