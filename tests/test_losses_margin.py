"""The margin and multi-label losses (soft_margin_loss, multilabel_soft_margin_loss,
hinge_embedding_loss, multi_margin_loss, multilabel_margin_loss) and their modules: against NumPy
loops written from PyTorch's documented formulas, gradients by gradcheck in float64, and against
torch when it is installed."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad.autograd import gradcheck

RNG = np.random.default_rng(0)
X = RNG.standard_normal((5, 4))
SIGN = np.where(RNG.standard_normal((5, 4)) > 0, 1.0, -1.0)
CLS = np.array([0, 3, 1, 3, 2])
W = np.array([0.5, 1.0, 2.0, 0.25])
LABELS = np.array([[3, 3, -1, 1], [1, 2, 3, 0], [-1, 0, 0, 0], [2, -1, 1, 1], [0, 1, 1, 2]])


def np_multi_margin(x, y, p, margin, w):
    out = np.zeros(len(x))
    for n in range(len(x)):
        for i in range(x.shape[1]):
            if i != y[n]:
                h = max(0.0, margin - x[n, y[n]] + x[n, i]) ** p
                out[n] += h * (w[y[n]] if w is not None else 1.0)
    return out / x.shape[1]


def np_multilabel_margin(x, t):
    out = np.zeros(len(x))
    for n in range(len(x)):
        labels = []
        for v in t[n]:
            if v < 0:
                break
            labels.append(v)
        for j in labels:  # PyTorch sums over the listed labels, repeats included
            for i in range(x.shape[1]):
                if i not in labels:
                    out[n] += max(0.0, 1.0 - (x[n, j] - x[n, i]))
    return out / x.shape[1]


def np_log_sigmoid(v):
    return -np.logaddexp(0.0, -v)


CASES = {
    "soft_margin_loss": (lambda: (X, SIGN), {}, lambda: np.logaddexp(0.0, -SIGN * X)),
    "multilabel_soft_margin_loss": (lambda: (X, (SIGN > 0) * 1.0, W), {},
                                    lambda: -(((SIGN > 0) * np_log_sigmoid(X) + (SIGN < 0) * np_log_sigmoid(-X)) * W).mean(1)),
    "hinge_embedding_loss": (lambda: (X, SIGN), {"margin": 0.7},
                             lambda: np.where(SIGN == 1, X, np.maximum(0.0, 0.7 - X))),
    "multi_margin_loss": (lambda: (X, CLS, 2, 0.5, W), {}, lambda: np_multi_margin(X, CLS, 2, 0.5, W)),
    "multilabel_margin_loss": (lambda: (X, LABELS), {}, lambda: np_multilabel_margin(X, LABELS)),
}


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", list(CASES))
def test_matches_numpy_and_gradcheck(name, reduction):
    args, kw, ref = CASES[name]
    a = args()
    per = ref()
    want = {"mean": per.mean(), "sum": per.sum(), "none": per}[reduction]
    fn = getattr(F, name)
    rest = [gg.tensor(v) if isinstance(v, np.ndarray) else v for v in a[1:]]
    np.testing.assert_allclose(fn(gg.tensor(a[0]), *rest, reduction=reduction, **kw).numpy(), want, rtol=1e-12)
    # away from the hinges' kinks, where finite differences are meaningful
    x = gg.tensor(a[0] + 0.013, requires_grad=True)
    assert gradcheck(lambda t: fn(t, *rest, reduction=reduction, **kw), [x])


@pytest.mark.parametrize("name", list(CASES))
def test_matches_torch(name):
    torch = pytest.importorskip("torch")
    args, kw, _ = CASES[name]
    a = args()
    ours = getattr(F, name)(*[gg.tensor(v) if isinstance(v, np.ndarray) else v for v in a], reduction="none", **kw)
    theirs = getattr(torch.nn.functional, name)(*[torch.tensor(v) if isinstance(v, np.ndarray) else v for v in a],
                                                reduction="none", **kw)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


def test_single_sample_and_modules():
    x = gg.tensor(X)
    assert F.multi_margin_loss(x[0], gg.tensor(CLS[0])).item() == pytest.approx(np_multi_margin(X[:1], CLS[:1], 1, 1.0, None)[0])
    assert F.multilabel_margin_loss(x[0], gg.tensor(LABELS[0])).item() == pytest.approx(np_multilabel_margin(X[:1], LABELS[:1])[0])
    nn = gg.nn
    assert nn.MultiMarginLoss(p=2, margin=0.5, weight=gg.tensor(W))(x, gg.tensor(CLS)).item() == \
        pytest.approx(np_multi_margin(X, CLS, 2, 0.5, W).mean())
    assert nn.MultiLabelMarginLoss(reduction="sum")(x, gg.tensor(LABELS)).item() == \
        pytest.approx(np_multilabel_margin(X, LABELS).sum())
    assert nn.SoftMarginLoss()(x, gg.tensor(SIGN)).item() == pytest.approx(np.logaddexp(0, -SIGN * X).mean())
    assert nn.HingeEmbeddingLoss(0.7)(x, gg.tensor(SIGN)).item() == pytest.approx(CASES["hinge_embedding_loss"][2]().mean())
    assert nn.MultiLabelSoftMarginLoss()(x, gg.tensor((SIGN > 0) * 1.0)).shape == ()
    np.testing.assert_allclose(nn.LogSigmoid()(x).numpy(), np_log_sigmoid(X), rtol=1e-12)
    s = nn.Softmax2d()(gg.tensor(RNG.standard_normal((2, 3, 4, 5)))).numpy()
    np.testing.assert_allclose(s.sum(1), 1.0, rtol=1e-12)


def test_bad_inputs_name_the_loss():
    x = gg.tensor(X)
    with pytest.raises(ValueError, match="multi_margin_loss: expected integer class targets of shape \\(5,\\)"):
        F.multi_margin_loss(x, gg.tensor(CLS[:3]))
    with pytest.raises(IndexError, match="multi_margin_loss: target out of range"):
        F.multi_margin_loss(x, gg.tensor(CLS + 4))
    with pytest.raises(ValueError, match="only p = 1 and p = 2"):
        F.multi_margin_loss(x, gg.tensor(CLS), p=3)
    with pytest.raises(ValueError, match="soft_margin_loss: input of shape"):
        F.soft_margin_loss(x, gg.tensor(SIGN[:2]))
    with pytest.raises(IndexError, match="multilabel_margin_loss: target out of range"):
        F.multilabel_margin_loss(x, gg.tensor(LABELS + 4))
    with pytest.raises(ValueError, match="Softmax2d: expected a 3-D or 4-D input"):
        gg.nn.Softmax2d()(x)
