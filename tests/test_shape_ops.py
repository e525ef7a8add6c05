"""Shape and selection functions composed of views and gathers (narrow, split, chunk, flip, gather,
repeat, bmm, outer, ...): forward against NumPy, gradients, and the errors they raise."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd import gradcheck
from helpers import check_op

COMPOSED = {  # name: (graphgrad, NumPy, input shape)
    "narrow": (lambda x: x.narrow(1, 1, 2), lambda x: x[:, 1:3], (3, 4)),
    "narrow_neg": (lambda x: gg.narrow(x, -1, -3, 2), lambda x: x[:, 1:3], (3, 4)),
    "split_size": (lambda x: x.split(3, 1)[1], lambda x: x[:, 3:], (2, 5)),
    "split_sections": (lambda x: gg.split(x, [1, 3], 1)[1], lambda x: x[:, 1:], (2, 4)),
    "chunk": (lambda x: x.chunk(3)[2], lambda x: x[4:], (5, 2)),
    "flip": (lambda x: x.flip((0, 1)), lambda x: x[::-1, ::-1], (3, 4)),
    "index_select": (lambda x: x.index_select(1, gg.tensor([3, 0, 3])), lambda x: x[:, [3, 0, 3]], (3, 4)),
    "gather": (lambda x: x.gather(1, gg.tensor([[0, 0], [3, 1], [2, 2]])),
               lambda x: np.take_along_axis(x, np.array([[0, 0], [3, 1], [2, 2]]), 1), (3, 4)),
    "gather_0": (lambda x: gg.gather(x, 0, gg.tensor([[2, 0, 1, 1]])),
                 lambda x: np.take_along_axis(x, np.array([[2, 0, 1, 1]]), 0), (3, 4)),
    "masked_fill": (lambda x: x.masked_fill(x > 0, -1.0), lambda x: np.where(x > 0, -1.0, x), (3, 4)),
    "repeat": (lambda x: x.repeat(2, 1, 3), lambda x: np.tile(x, (2, 1, 3)), (3, 4)),
    "bmm": (lambda x: gg.bmm(x, x.transpose(1, 2)), lambda x: x @ x.transpose(0, 2, 1), (2, 3, 4)),
    "outer": (lambda x: gg.outer(x, x * 2), lambda x: np.outer(x, x * 2), (4,)),
}



@pytest.mark.parametrize("name", COMPOSED)
def test_composed(name):
    f, g, shape = COMPOSED[name]
    check_op(f, g, [shape])



def test_split_chunk_cover_the_dimension():
    x = gg.arange(7)
    assert [t.numpy().tolist() for t in x.split(3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [t.shape[0] for t in x.chunk(3)] == [3, 3, 1]
    with pytest.raises(ValueError, match=r"split: sections \[3, 3\] do not add up to dimension 0 of size 7"):
        x.split([3, 3])



@pytest.mark.parametrize("call,err,match", [
    (lambda x: x.narrow(1, 3, 2), IndexError, "narrow: start 3 and length 2 exceed dimension 1 of size 4"),
    (lambda x: x.gather(1, gg.tensor([0, 1])), ValueError, r"gather: index of shape \(2,\) does not fit"),
    (lambda x: x.index_select(0, gg.tensor([[0]])), IndexError, "index_select: index must be 1-D"),
    (lambda x: x.masked_fill(x, 0.0), TypeError, "masked_fill: mask must be a bool tensor"),
    (lambda x: x.repeat(2), ValueError, "repeat: 1 repeat sizes for a tensor with 2 dimensions"),
    (lambda x: gg.bmm(x, x), ValueError, r"bmm: expected \(b, n, m\) and \(b, m, p\)"),
    (lambda x: x.flip(2), IndexError, "flip: dim 2 is out of range"),
    (lambda x: F.softplus(x, beta=0.0), ValueError, "softplus: beta must be positive"),
    (lambda x: x.norm(-1.0), ValueError, "norm: p must be positive"),
])
def test_errors(call, err, match):
    with pytest.raises(err, match=match):
        call(gg.zeros((3, 4)))



def test_gradients_flow_through_split_and_gather():
    x = gg.tensor(np.random.default_rng(3).standard_normal((4, 3)), requires_grad=True)
    assert gradcheck(lambda t: sum((p * (i + 1)).sum() for i, p in enumerate(t.split(1))), [x])
    assert gradcheck(lambda t: t.gather(0, gg.tensor([[3, 3, 0]])), [x])
