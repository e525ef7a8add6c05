"""nn containers and the activations and losses added for issue 17: forward against NumPy closed
forms (and PyTorch when installed), backward by gradcheck in float64."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn as nn
import graphgrad.nn.functional as F

RNG = np.random.default_rng(0)
X = RNG.standard_normal((4, 6)) * 3

ACTIVATIONS = {  # name: (kwargs, NumPy reference)
    "relu6": ({}, lambda x: np.clip(x, 0, 6)),
    "hardtanh": ({"min_val": -2.0, "max_val": 1.5}, lambda x: np.clip(x, -2, 1.5)),
    "hardsigmoid": ({}, lambda x: np.clip(x / 6 + 0.5, 0, 1)),
    "hardswish": ({}, lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "selu": ({}, lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x))),
    "celu": ({"alpha": 0.7}, lambda x: np.maximum(x, 0) + np.minimum(0, 0.7 * np.expm1(x / 0.7))),
    "mish": ({}, lambda x: x * np.tanh(np.log1p(np.exp(x)))),
    "softsign": ({}, lambda x: x / (1 + np.abs(x))),
    "softmin": ({"dim": 1}, lambda x: np.exp(-x) / np.exp(-x).sum(1, keepdims=True)),
    "glu": ({"dim": 1}, lambda x: x[:, :3] / (1 + np.exp(-x[:, 3:]))),
    "threshold": ({"threshold": 0.5, "value": -1.0}, lambda x: np.where(x > 0.5, x, -1.0)),
    "tanhshrink": ({}, lambda x: x - np.tanh(x)),
    "softshrink": ({"lambd": 0.8}, lambda x: np.where(x > 0.8, x - 0.8, np.where(x < -0.8, x + 0.8, 0))),
    "hardshrink": ({"lambd": 0.8}, lambda x: np.where(np.abs(x) > 0.8, x, 0)),
}
MODULES = {"relu6": nn.ReLU6, "hardtanh": nn.Hardtanh, "hardsigmoid": nn.Hardsigmoid, "hardswish": nn.Hardswish,
           "selu": nn.SELU, "celu": nn.CELU, "mish": nn.Mish, "softsign": nn.Softsign, "softmin": nn.Softmin,
           "glu": nn.GLU, "threshold": nn.Threshold, "tanhshrink": nn.Tanhshrink, "softshrink": nn.Softshrink,
           "hardshrink": nn.Hardshrink}


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation(name):
    kwargs, ref = ACTIVATIONS[name]
    fn = getattr(F, name)
    for dt, rtol in ((gg.float64, 1e-10), (gg.float32, 1e-5)):
        out = fn(gg.tensor(X, dtype=dt), **kwargs)
        assert out.dtype == dt
        np.testing.assert_allclose(out.numpy(), ref(X), rtol=rtol, atol=1e-6)
    np.testing.assert_allclose(MODULES[name](**kwargs)(gg.tensor(X, dtype=gg.float64)).numpy(), ref(X), rtol=1e-10)
    x = gg.tensor(RNG.standard_normal((2, 4)) * 2, dtype=gg.float64, requires_grad=True)
    assert gg.autograd.gradcheck(lambda t: fn(t, **kwargs), [x])


def test_activation_torch_parity():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    for name, (kwargs, _) in ACTIVATIONS.items():
        want = getattr(tf, name)(torch.tensor(X), **kwargs).numpy()
        np.testing.assert_allclose(getattr(F, name)(gg.tensor(X, dtype=gg.float64), **kwargs).numpy(), want,
                                   rtol=1e-10, atol=1e-12, err_msg=name)


def test_activation_module_arguments():
    assert nn.Hardtanh(-2.0, 2.0).min_val == -2.0 and nn.ReLU6(inplace=True).inplace
    with pytest.raises(TypeError, match="bogus"):
        nn.SELU(bogus=1)
    with pytest.raises(ValueError, match="glu"):
        F.glu(gg.ones(2, 3))


def _t(a, grad=False):
    return gg.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def test_binary_cross_entropy():
    p, t, w = np.array([0.1, 0.8, 1.0, 0.0]), np.array([0.0, 1.0, 1.0, 1.0]), np.array([1.0, 2.0, 1.0, 0.5])
    per = -(t * np.maximum(np.log(p), -100) + (1 - t) * np.maximum(np.log1p(-p), -100))
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(F.binary_cross_entropy(_t(p), _t(t), reduction="none").numpy(), per)
    assert abs(F.binary_cross_entropy(_t(p), _t(t), _t(w)).item() - (per * w).mean()) < 1e-12
    assert abs(nn.BCELoss(reduction="sum")(_t(p), _t(t)).item() - per.sum()) < 1e-12
    with pytest.raises(ValueError, match="probabilities"):
        F.binary_cross_entropy(_t([1.5]), _t([1.0]))
    assert gg.autograd.gradcheck(lambda x: F.binary_cross_entropy(x, _t([0.0, 1.0, 0.3])), [_t([0.2, 0.6, 0.5], True)])


def test_kl_div():
    logq = np.log(np.array([[0.2, 0.8], [0.5, 0.5]]))
    p = np.array([[0.0, 1.0], [0.3, 0.7]])
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(p > 0, p * (np.log(p) - logq), 0.0)
    np.testing.assert_allclose(F.kl_div(_t(logq), _t(p), reduction="none").numpy(), per)
    assert abs(F.kl_div(_t(logq), _t(p), reduction="batchmean").item() - per.sum() / 2) < 1e-12
    assert abs(nn.KLDivLoss(reduction="batchmean")(_t(logq), _t(p)).item() - per.sum() / 2) < 1e-12
    assert abs(F.kl_div(_t(logq), _t(np.log(p + 1e-300)), log_target=True, reduction="sum").item() - per.sum()) < 1e-9


def test_distances():
    a, b = RNG.standard_normal((3, 5)), RNG.standard_normal((3, 5))
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    np.testing.assert_allclose(F.cosine_similarity(_t(a), _t(b)).numpy(), cos)
    np.testing.assert_allclose(nn.CosineSimilarity(dim=1)(_t(a), _t(b)).numpy(), cos)
    np.testing.assert_allclose(F.pairwise_distance(_t(a), _t(b)).numpy(), np.linalg.norm(a - b + 1e-6, axis=1))
    np.testing.assert_allclose(nn.PairwiseDistance(p=1.0)(_t(a), _t(b)).numpy(), np.abs(a - b + 1e-6).sum(1))
    assert gg.autograd.gradcheck(F.cosine_similarity, [_t(a, True), _t(b, True)])


def test_ranking_and_embedding_losses():
    x1, x2, y = np.array([1.0, -0.5, 2.0]), np.array([0.5, 0.5, 3.0]), np.array([1.0, -1.0, 1.0])
    want = np.maximum(0, -y * (x1 - x2) + 0.2).mean()
    assert abs(F.margin_ranking_loss(_t(x1), _t(x2), _t(y), 0.2).item() - want) < 1e-12
    assert abs(nn.MarginRankingLoss(0.2)(_t(x1), _t(x2), _t(y)).item() - want) < 1e-12
    a, b = RNG.standard_normal((3, 4)), RNG.standard_normal((3, 4))
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    want = np.where(y > 0, 1 - cos, np.maximum(0, cos - 0.1)).mean()
    assert abs(F.cosine_embedding_loss(_t(a), _t(b), _t(y), 0.1).item() - want) < 1e-12
    n = RNG.standard_normal((3, 4))
    d = lambda u, v: np.linalg.norm(u - v + 1e-6, axis=1)  # noqa: E731
    want = np.maximum(d(a, b) - d(a, n) + 1.0, 0).mean()
    assert abs(nn.TripletMarginLoss()(_t(a), _t(b), _t(n)).item() - want) < 1e-12


def test_nll_style_losses():
    x, t = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0, 3.0])
    assert abs(F.poisson_nll_loss(_t(x), _t(t)).item() - (np.exp(x) - t * x).mean()) < 1e-12
    assert abs(nn.PoissonNLLLoss(log_input=False)(_t(np.exp(x)), _t(t)).item()
               - (np.exp(x) - t * np.log(np.exp(x) + 1e-8)).mean()) < 1e-12
    var = np.array([0.5, 1.0, 2.0])
    want = (0.5 * (np.log(var) + (x - t) ** 2 / var)).mean()
    assert abs(F.gaussian_nll_loss(_t(x), _t(t), _t(var)).item() - want) < 1e-12
    assert abs(nn.GaussianNLLLoss(full=True)(_t(x), _t(t), _t(var)).item() - want - 0.5 * np.log(2 * np.pi)) < 1e-12


def test_loss_torch_parity():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    p, t = RNG.uniform(0.05, 0.95, 6), RNG.uniform(0, 1, 6)
    T = torch.tensor
    assert abs(F.binary_cross_entropy(_t(p), _t(t)).item() - tf.binary_cross_entropy(T(p), T(t)).item()) < 1e-12
    a, b = RNG.standard_normal((3, 4)), RNG.standard_normal((3, 4))
    np.testing.assert_allclose(F.pairwise_distance(_t(a), _t(b)).numpy(), tf.pairwise_distance(T(a), T(b)).numpy())
    np.testing.assert_allclose(F.cosine_similarity(_t(a), _t(b)).numpy(), tf.cosine_similarity(T(a), T(b)).numpy())
    x, tt = RNG.standard_normal(5), RNG.poisson(2.0, 5).astype(np.float64)
    for full in (False, True):
        assert abs(F.poisson_nll_loss(_t(x), _t(tt), full=full).item()
                   - tf.poisson_nll_loss(T(x), T(tt), full=full).item()) < 1e-10


def test_module_dict():
    d = nn.ModuleDict({"a": nn.Linear(2, 3), "b": nn.ReLU()})
    d["c"] = nn.Linear(3, 1)
    assert list(d.keys()) == ["a", "b", "c"] and len(d) == 3 and "b" in d
    assert len(list(d.parameters())) == 4 and "c.weight" in d.state_dict()
    x = gg.ones(1, 2)
    for m in d.values():
        x = m(x)
    assert tuple(x.shape) == (1, 1)
    del d["a"]
    assert list(d) == ["b", "c"] and len(list(d.parameters())) == 2
    assert isinstance(d.pop("c"), nn.Linear) and list(d) == ["b"]
    with pytest.raises(TypeError):
        d["x"] = 3


def test_parameter_list_and_dict():
    pl = nn.ParameterList([gg.ones(2), nn.Parameter(gg.zeros(3))])
    pl.append(gg.ones(1))
    assert len(pl) == 3 and all(isinstance(p, nn.Parameter) for p in pl)
    assert pl[-1].requires_grad and len(list(pl.parameters())) == 3

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.ws = nn.ParameterList([gg.ones(2) for _ in range(2)])
            self.named = nn.ParameterDict({"scale": gg.ones(1)})

    net = Net()
    assert sorted(n for n, _ in net.named_parameters()) == ["named.scale", "ws.0", "ws.1"]
    net.named["shift"] = gg.zeros(1)
    assert set(net.named.keys()) == {"scale", "shift"} and len(list(net.parameters())) == 4
    (net.ws[0].sum() * net.named["scale"]).sum().backward()
    assert net.ws[0].grad.numpy().tolist() == [1.0, 1.0]
