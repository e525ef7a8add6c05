"""Indexing with tensors, arrays, lists and boolean masks (advanced indexing) and item assignment:
results against NumPy (against PyTorch's rule where the two differ), gradients by finite
differences, tangents, and clear errors."""
import numpy as np
import pytest

import graphgrad as gg
from graphgrad.autograd import gradcheck, gradgradcheck
from test_forward import check_jvp

A = np.arange(2 * 3 * 4, dtype=np.float64).reshape(2, 3, 4)
KEYS = [  # NumPy gives the expected result for each
    ([1, 0, 1],),
    (slice(None), [0, 2]),
    (slice(None), [0, 2], [1, 3]),           # adjacent indexed axes: their block stays in place
    ([1, 0], slice(None), [3, 3]),           # separated: the block goes first
    (Ellipsis, [1]),
    (None, [1], 0),
    (np.array([[0, 1], [1, 0]]),),           # index shape (2, 2) replaces the axis
    ([[0], [1]], slice(1, 3), [1, 2]),       # index arrays broadcast together
    ([-1, -2],),                             # negative indices wrap
    ([],),
    (A > 10,),                               # a mask over all axes
    (slice(None), A[0] > 5),                 # a mask over the last two
    (A[:, 0, 0] > 0,),                       # a mask over the first
    (range(2), 1),
]


def ids(key):
    return "-".join(type(k).__name__ if isinstance(k, np.ndarray) else str(k) for k in key)


@pytest.mark.parametrize("key", KEYS, ids=ids)
def test_get_matches_numpy(key):
    got = gg.tensor(A)[key]
    np.testing.assert_array_equal(got.numpy(), A[key])


@pytest.mark.parametrize("key", KEYS, ids=ids)
def test_get_gradient(key):
    x = gg.tensor(np.random.default_rng(0).standard_normal(A.shape), requires_grad=True)
    assert gradcheck(lambda t: t[key] * 1.5, [x])


def test_repeated_indices_accumulate_their_gradients():
    x = gg.tensor(np.zeros(4), requires_grad=True)
    x[[1, 1, 3, 1]].sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0, 3, 0, 1])


def test_second_order_and_tangents():
    x = gg.tensor(np.random.default_rng(1).standard_normal((3, 4)), requires_grad=True)
    assert gradgradcheck(lambda t: (t[[2, 0, 2], 1:] ** 2).sum(), [x])
    check_jvp(lambda t: t[[2, 0, 2]][:, [1, 1]], [(3, 4)])
    check_jvp(lambda t: t.T[[2, 0]], [(3, 4)])  # the tangent of a transposed view is strided


def test_integer_mixed_with_arrays_follows_pytorch():
    """PyTorch applies an integer first (a basic index), NumPy broadcasts it with the arrays: here
    that decides where the indexed block goes. We follow PyTorch: x[0, :, [3, 0]] is (3, 2)."""
    np.testing.assert_array_equal(gg.tensor(A)[0, :, [3, 0]].numpy(), A[0][:, [3, 0]])


def test_index_tensors_of_any_dtype_and_source():
    x = gg.tensor(A)
    labels = gg.tensor(np.array([2, 0, 1]))
    np.testing.assert_array_equal(x[1, :, :][labels].numpy(), A[1][[2, 0, 1]])
    np.testing.assert_array_equal(x[np.array([1], np.uint8)].numpy(), A[[1]])
    ints = gg.tensor(np.arange(5))
    np.testing.assert_array_equal(ints[ints > 2].numpy(), [3, 4])
    rows = np.arange(3)
    logits = gg.tensor(np.random.default_rng(2).standard_normal((3, 5)))
    np.testing.assert_array_equal(logits[rows, [4, 0, 2]].numpy(), logits.numpy()[rows, [4, 0, 2]])


SET_KEYS = [
    (A > 10,),
    (slice(None), [0, 2]),
    (1, [2, 0], slice(1, None)),
    ([0, 0], slice(None), [1, 2]),
    (0,),
    (Ellipsis, 1),
]


@pytest.mark.parametrize("key", SET_KEYS, ids=ids)
@pytest.mark.parametrize("value", ["scalar", "tensor", "list"])
def test_set_matches_numpy(key, value):
    a = A.copy()
    x = gg.tensor(A)
    v = {"scalar": -7.0, "tensor": -np.arange(a[key].size, dtype=np.float64).reshape(a[key].shape),
         "list": (-np.arange(a[key].shape[-1])).tolist() if a[key].ndim else -1.0}[value]
    a[key] = v
    x[key] = gg.tensor(v) if value == "tensor" else v
    np.testing.assert_array_equal(x.numpy(), a)


def test_set_writes_through_views_and_bumps_the_version():
    base = gg.zeros((4, 4))
    view = base[1:3]
    v0 = base._version
    view[[0, 1], [3, 0]] = 5.0
    assert base._version > v0
    expected = np.zeros((4, 4), np.float32)
    expected[1, 3] = expected[2, 0] = 5
    np.testing.assert_array_equal(base.numpy(), expected)


@pytest.mark.parametrize("key,err,match", [
    (([3],), IndexError, r"index 3 is out of bounds for axis 0 with size 2"),
    (([0], [0], [0], [0]), IndexError, r"too many indices for a tensor of shape \(2, 3, 4\)"),
    ((np.ones((3, 4), bool),), IndexError, r"boolean mask of shape \(3, 4\) does not match the indexed shape \(2, 3\)"),
    (([0.5],), IndexError, r"integer or bool type, got float64"),
    ((True,), IndexError, r"Python bool"),
    (({"a": 1},), IndexError, r"got <class 'dict'>"),
    (([[0, 1]], [[0, 1, 0]]), IndexError, r"shapes \(1, 2\), \(1, 3\) cannot be broadcast together"),
])
def test_bad_indices_raise_clear_errors(key, err, match):
    with pytest.raises(err, match=match):
        gg.tensor(A)[key]


def test_any_integer_tensor_indexes():
    a = gg.tensor(A)
    for d in (gg.int8, gg.int16, gg.int32, gg.uint8):
        np.testing.assert_array_equal(a[gg.tensor([1, 0, 1], dtype=d)].numpy(), A[[1, 0, 1]])


def test_float_tensor_index_is_an_index_error():
    with pytest.raises(IndexError, match="integers or bool, got float32"):
        gg.tensor(A)[gg.tensor([0.0])]


def test_assignment_through_indices_into_a_graph_is_refused_clearly():
    x = gg.tensor(np.zeros(3), requires_grad=True)
    y = x * 2
    with pytest.raises(NotImplementedError, match="index_put_.*graphgrad.where"):
        y[[0]] = 1.0
    with gg.no_grad():
        x[[0, 2]] = 4.0  # as optimizers and initialisers do
    np.testing.assert_array_equal(x.detach().numpy(), [4, 0, 4])
