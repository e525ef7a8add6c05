"""graphgrad.nn: the composed losses, Linear, initialisation statistics, the Module API, a small
MLP that learns, and parity with PyTorch."""
import math
from collections import OrderedDict

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import nn
from graphgrad.nn import functional as F
from graphgrad.autograd import gradcheck, gradgradcheck
from helpers import np_log_softmax, t64


def test_regression_losses_match_numpy():
    rng = np.random.default_rng(12)
    a, b = rng.standard_normal((4, 5)) * 2, rng.standard_normal((4, 5))
    d = a - b
    refs = {
        F.mse_loss: d ** 2, F.l1_loss: np.abs(d),
        F.smooth_l1_loss: np.where(np.abs(d) < 1, 0.5 * d ** 2, np.abs(d) - 0.5),
        F.huber_loss: np.where(np.abs(d) < 1, 0.5 * d ** 2, np.abs(d) - 0.5),
    }
    for fn, ref in refs.items():
        np.testing.assert_allclose(fn(t64(a), t64(b), reduction="none").detach().numpy(), ref, rtol=1e-12)
        np.testing.assert_allclose(fn(t64(a), t64(b)).item(), ref.mean(), rtol=1e-12)
        assert gradcheck(lambda u, v: fn(u, v, reduction="sum"), [t64(a), t64(b)])
    np.testing.assert_allclose(F.smooth_l1_loss(t64(a), t64(b), reduction="none", beta=0.5).detach().numpy(),
                               np.where(np.abs(d) < 0.5, d ** 2, np.abs(d) - 0.25), rtol=1e-12)
    np.testing.assert_allclose(F.huber_loss(t64(a), t64(b), reduction="none", delta=2.0).detach().numpy(),
                               np.where(np.abs(d) < 2, 0.5 * d ** 2, 2 * (np.abs(d) - 1)), rtol=1e-12)
    with pytest.raises(ValueError, match=r"mse_loss: input of shape \(4, 5\) and target of shape \(5,\)"):
        F.mse_loss(t64(a), t64(b[0]))


def test_bce_with_logits_stable_and_correct_gradient():
    x = np.array([-1e4, -30.0, -1.0, 0.0, 0.5, 30.0, 1e4])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    ref = y * np.logaddexp(0, -x) + (1 - y) * np.logaddexp(0, x)  # no cancellation for tiny losses
    out = F.binary_cross_entropy_with_logits(gg.tensor(x), gg.tensor(y), reduction="none")
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-12)
    xt = t64(x)
    F.binary_cross_entropy_with_logits(xt, gg.tensor(y), reduction="sum").backward()
    np.testing.assert_allclose(xt.grad.numpy(), 0.5 * (1 + np.tanh(x / 2)) - y, atol=1e-12)  # incl. x = 0
    w, pw = gg.tensor([0.5, 2.0, 1, 1, 1, 1, 1]), gg.tensor(3.0, dtype=gg.float64)
    ref_w = (3 * y * np.logaddexp(0, -x) + (1 - y) * np.logaddexp(0, x)) * w.numpy()
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(gg.tensor(x), gg.tensor(y), weight=w, pos_weight=pw,
                                                                  reduction="none").numpy(), ref_w, rtol=1e-10)
    xs = t64(np.random.default_rng(13).standard_normal(6))
    ys = gg.tensor(np.random.default_rng(14).uniform(0, 1, 6))
    assert gradcheck(lambda v: F.binary_cross_entropy_with_logits(v, ys), [xs])
    assert gradgradcheck(lambda v: F.binary_cross_entropy_with_logits(v, ys), [xs])


def test_loss_modules_call_the_functional_forms():
    rng = np.random.default_rng(16)
    x, t = gg.tensor(rng.standard_normal((4, 3))), gg.tensor(rng.standard_normal((4, 3)))
    y = gg.tensor([0, 2, 1, 1])
    assert nn.CrossEntropyLoss()(x, y).item() == F.cross_entropy(x, y).item()
    assert nn.NLLLoss(reduction="sum")(x, y).item() == F.nll_loss(x, y, reduction="sum").item()
    assert np.array_equal(nn.MSELoss(reduction="none")(x, t).numpy(), F.mse_loss(x, t, reduction="none").numpy())
    assert nn.L1Loss()(x, t).item() == F.l1_loss(x, t).item()
    assert nn.SmoothL1Loss(beta=0.5)(x, t).item() == F.smooth_l1_loss(x, t, beta=0.5).item()
    assert nn.HuberLoss(delta=0.3)(x, t).item() == F.huber_loss(x, t, delta=0.3).item()
    pw = gg.full((3,), 2.0)
    assert nn.BCEWithLogitsLoss(pos_weight=pw)(x, t).item() == F.binary_cross_entropy_with_logits(x, t, pos_weight=pw).item()
    assert repr(nn.HuberLoss(delta=0.3)) == "HuberLoss(reduction='mean', delta=0.3)"
    with pytest.raises(ValueError, match="reduction"):
        nn.MSELoss(reduction="avg")


def test_linear_functional():
    rng = np.random.default_rng(15)
    x, w, b = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal(5)
    np.testing.assert_allclose(F.linear(gg.tensor(x), gg.tensor(w), gg.tensor(b)).numpy(), x @ w.T + b, rtol=1e-6)
    assert gradcheck(F.linear, [t64(x), t64(w), t64(b)])
    with pytest.raises(ValueError, match=r"linear: input \(3, 4\) has 4 features"):
        F.linear(gg.tensor(x), gg.tensor(w.T))


# ---------------------------------------------------------------- init

def test_init_moments_on_large_tensors():
    gg.manual_seed(0)
    t = gg.empty(400, 500)  # fan_in 500, fan_out 400, n = 2e5
    nn.init.uniform_(t, -2, 3)
    a = t.numpy()
    assert a.min() >= -2 and a.max() < 3 and abs(a.mean() - 0.5) < 0.02 and abs(a.var() - 25 / 12) < 0.03
    nn.init.normal_(t, 1.0, 2.0)
    assert abs(t.numpy().mean() - 1) < 0.02 and abs(t.numpy().std() - 2) < 0.02
    checks = [
        (lambda: nn.init.xavier_uniform_(t), 2 / 900),
        (lambda: nn.init.xavier_normal_(t, gain=2.0), 4 * 2 / 900),
        (lambda: nn.init.kaiming_normal_(t, nonlinearity="relu"), 2 / 500),
        (lambda: nn.init.kaiming_uniform_(t, mode="fan_out", nonlinearity="relu"), 2 / 400),
        (lambda: nn.init.kaiming_uniform_(t, a=math.sqrt(5)), 1 / (3 * 500)),
        (lambda: nn.init.classic_uniform_(t), 1 / (3 * 500)),
    ]
    for fill, var in checks:
        fill()
        a = t.numpy()
        assert abs(a.mean()) < 0.01 * math.sqrt(var) * 10 and abs(a.var() / var - 1) < 0.02, fill
    nn.init.classic_uniform_(t)
    assert np.abs(t.numpy()).max() <= 1 / math.sqrt(500)
    nn.init.constant_(t, 0.25)
    assert np.all(t.numpy() == 0.25)
    assert np.all(nn.init.zeros_(t).numpy() == 0) and np.all(nn.init.ones_(t).numpy() == 1)


def test_init_gain_errors_and_reproducibility():
    assert nn.init.calculate_gain("relu") == math.sqrt(2)
    assert nn.init.calculate_gain("tanh") == 5 / 3
    assert nn.init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)
    assert nn.init.calculate_gain("sigmoid") == 1
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.init.calculate_gain("swish")
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        nn.init.xavier_uniform_(gg.empty(5))
    with pytest.raises(ValueError, match="mode"):
        nn.init.kaiming_normal_(gg.empty(3, 3), mode="fan_avg")
    w = gg.empty(3, 3, requires_grad=True)
    nn.init.normal_(w)  # allowed on a leaf that requires grad: runs under no_grad
    assert w.grad_fn is None
    gg.manual_seed(42)
    a = nn.Linear(20, 10).weight.detach().numpy().copy()
    gg.manual_seed(42)
    assert np.array_equal(a, nn.Linear(20, 10).weight.detach().numpy())


def test_linear_default_init_is_classic_uniform():
    gg.manual_seed(1)
    lin = nn.Linear(256, 300)
    bound = 1 / math.sqrt(256)
    for p in (lin.weight, lin.bias):
        a = p.detach().numpy()
        assert np.abs(a).max() <= bound and np.abs(a).max() > 0.95 * bound
    assert abs(lin.weight.detach().numpy().var() / (bound ** 2 / 3) - 1) < 0.03


# ---------------------------------------------------------------- Module API

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 6)
        self.bn = nn.BatchNorm1d(6)
        self.drop = nn.Dropout(0.25)
        self.fc2 = nn.Linear(6, 3, bias=False)
        self.scale = nn.Parameter(gg.ones(1))
        self.register_buffer("steps", gg.zeros(1))
        self.register_buffer("cache", gg.zeros(2), persistent=False)
        self.plain = 5

    def forward(self, x):
        return self.fc2(self.drop(F.relu(self.bn(self.fc1(x))))) * self.scale


def test_module_registration_and_traversal():
    net = Net()
    assert [n for n, _ in net.named_parameters()] == ["scale", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias",
                                                       "fc2.weight"]
    assert all(isinstance(p, nn.Parameter) and isinstance(p, gg.Tensor) and p.requires_grad
               for p in net.parameters())
    assert [type(m).__name__ for m in net.children()] == ["Linear", "BatchNorm1d", "Dropout", "Linear"]
    assert len(list(net.modules())) == 5
    assert [n for n, _ in net.named_buffers()] == ["steps", "cache", "bn.running_mean", "bn.running_var",
                                                    "bn.num_batches_tracked"]
    assert list(net.state_dict()) == ["scale", "steps", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias",
                                      "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "fc2.weight"]
    assert net.fc2.bias is None and net.plain == 5
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "BatchNorm1d", "Dropout", "Linear", "Net"]
    net.fc1 = nn.Identity()  # re-assignment replaces the sub-module
    assert "fc1.weight" not in dict(net.named_parameters())
    shared = nn.Linear(2, 2)
    assert len(list(nn.Sequential(shared, shared).parameters())) == 2  # shared parameters once
    with pytest.raises(TypeError, match="cannot assign Tensor as parameter 'scale'"):
        net.scale = gg.ones(1)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        net.nope

    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(gg.ones(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Early()


def test_train_eval_zero_grad_and_forward():
    gg.manual_seed(0)
    net = Net()
    assert net.training and net.bn.training
    net.eval()
    assert not net.training and not net.drop.training and not net.bn.training
    net.train()
    x = gg.randn(8, 4)
    F.cross_entropy(net(x), gg.tensor([0, 1, 2, 0, 1, 2, 0, 1])).backward()
    assert all(p.grad is not None and p.grad.shape == p.shape for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(np.all(p.grad.numpy() == 0) for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(x)


def test_state_dict_round_trip_and_errors():
    gg.manual_seed(0)
    a, b = Net(), Net()
    a(gg.randn(8, 4))  # moves the running stats
    sd = a.state_dict()
    assert "cache" not in sd
    w_before = b.fc1.weight
    assert b.load_state_dict(sd) == ([], [])
    assert b.fc1.weight is w_before  # copied in place: optimizers keep their references
    for k, v in b.state_dict().items():
        assert np.array_equal(v.numpy(), sd[k].numpy()), k
    bad = dict(sd)
    del bad["fc1.bias"], bad["bn.running_var"]
    bad["extra.weight"] = gg.zeros(1)
    bad["fc2.weight"] = gg.zeros(3, 7)
    with pytest.raises(RuntimeError) as e:
        b.load_state_dict(bad)
    m = str(e.value)
    assert '"fc1.bias", "bn.running_var"' in m and '"extra.weight"' in m
    assert "size mismatch for fc2.weight: copying a param with shape (3, 7)" in m and "(3, 6)" in m
    assert np.array_equal(b.fc1.weight.detach().numpy(), sd["fc1.weight"].numpy())  # nothing half-loaded
    del bad["fc2.weight"]
    res = b.load_state_dict(bad, strict=False)
    assert res.missing_keys == ["fc1.bias", "bn.running_var", "fc2.weight"] and res.unexpected_keys == ["extra.weight"]


def test_deepcopy_gives_independent_parameters():
    import copy
    a = nn.Sequential(nn.Linear(3, 2), nn.Tanh())
    b = copy.deepcopy(a)
    assert isinstance(b[0].weight, nn.Parameter) and b[0].weight.requires_grad
    nn.init.zeros_(b[0].weight)
    assert np.any(a[0].weight.detach().numpy() != 0)


def test_containers_and_repr():
    seq = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear) and len(seq[:2]) == 2
    with pytest.raises(IndexError):
        seq[3]
    named = nn.Sequential(OrderedDict([("inp", nn.Linear(3, 4)), ("act", nn.Tanh())]))
    assert [n for n, _ in named.named_parameters()] == ["inp.weight", "inp.bias"]
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    ml.append(nn.Sigmoid())
    assert len(ml) == 4 and len(list(ml.parameters())) == 6
    assert repr(seq) == ("Sequential(\n  (0): Linear(in_features=3, out_features=4, bias=True)\n  (1): ReLU()\n"
                         "  (2): Linear(in_features=4, out_features=2, bias=True)\n)")
    assert repr(nn.Parameter(gg.zeros(1))).startswith("Parameter containing:\ntensor(")
    x = gg.randn(2, 3, 4)
    assert nn.Flatten()(x).shape == (2, 12) and nn.Identity()(x) is x
    np.testing.assert_allclose(nn.LeakyReLU(0.2)(x).numpy(), np.where(x.numpy() > 0, x.numpy(), 0.2 * x.numpy()),
                               rtol=1e-6)
    np.testing.assert_allclose(nn.Softmax(dim=1)(x).numpy().sum(1), 1, rtol=1e-6)
    np.testing.assert_allclose(nn.LogSoftmax(dim=-1)(x).numpy(), np_log_softmax(x.numpy(), -1), rtol=1e-5, atol=1e-6)


def test_small_mlp_learns():
    gg.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 2)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)  # XOR-like: needs the hidden layer
    net = nn.Sequential(nn.Linear(2, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 2))
    xs, ys = gg.tensor(x), gg.tensor(y)
    first = None
    for _ in range(150):
        loss = F.cross_entropy(net(xs), ys)
        first = first if first is not None else loss.item()
        net.zero_grad()
        loss.backward()
        with gg.no_grad():
            for p in net.parameters():
                p.numpy()[...] -= 0.5 * p.grad.numpy()
    net.eval()
    acc = (net(xs).numpy().argmax(1) == y).mean()
    assert loss.item() < 0.5 * first and acc > 0.9


# ---------------------------------------------------------------- PyTorch parity (when installed)

def test_parity_with_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(20)
    x = rng.standard_normal((16, 5, 3))
    w, b = rng.standard_normal(5), rng.standard_normal(5)
    tb = torch.nn.BatchNorm1d(5, momentum=0.3).double()
    gb = nn.BatchNorm1d(5, momentum=0.3, dtype=gg.float64)
    with torch.no_grad():
        tb.weight.copy_(torch.tensor(w))
        tb.bias.copy_(torch.tensor(b))
    gb.load_state_dict({k: gg.tensor(v.numpy()) for k, v in tb.state_dict().items()})
    tx, gx = torch.tensor(x, requires_grad=True), gg.tensor(x, requires_grad=True)
    g = rng.standard_normal(x.shape)
    for _ in range(2):
        ty, gy = tb(tx), gb(gx)
        np.testing.assert_allclose(gy.detach().numpy(), ty.detach().numpy(), rtol=1e-10, atol=1e-10)
    ty.backward(torch.tensor(g))
    gy.backward(gg.tensor(g))
    np.testing.assert_allclose(gx.grad.numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(gb.weight.grad.numpy(), tb.weight.grad.numpy(), rtol=1e-9)
    for k, v in tb.state_dict().items():
        np.testing.assert_allclose(gb.state_dict()[k].numpy(), v.numpy(), rtol=1e-12)
    tb.eval(), gb.eval()
    np.testing.assert_allclose(gb(gg.tensor(x)).detach().numpy(), tb(torch.tensor(x)).detach().numpy(), rtol=1e-10)
    logits, labels = rng.standard_normal((7, 4)) * 50, rng.integers(0, 4, 7)
    np.testing.assert_allclose(
        F.cross_entropy(gg.tensor(logits), gg.tensor(labels), reduction="none").numpy(),
        torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels), reduction="none").numpy(),
        rtol=1e-12, atol=1e-13)
    labels[2] = 1
    cw = rng.uniform(0.5, 2, 4)
    for red in ("none", "mean", "sum"):
        np.testing.assert_allclose(
            F.cross_entropy(gg.tensor(logits), gg.tensor(labels), gg.tensor(cw), ignore_index=1, reduction=red,
                            label_smoothing=0.15).numpy(),
            torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels), torch.tensor(cw),
                                              ignore_index=1, reduction=red, label_smoothing=0.15).numpy(),
            rtol=1e-12, atol=1e-13)
    x4 = rng.standard_normal((3, 2, 4, 5))
    tb2, gb2 = torch.nn.BatchNorm2d(2).double(), nn.BatchNorm2d(2, dtype=gg.float64)
    tx4, gx4 = torch.tensor(x4, requires_grad=True), gg.tensor(x4, requires_grad=True)
    ty4, gy4 = tb2(tx4), gb2(gx4)
    np.testing.assert_allclose(gy4.detach().numpy(), ty4.detach().numpy(), rtol=1e-10, atol=1e-10)
    ty4.backward(torch.tensor(x4[::-1].copy()))
    gy4.backward(gg.tensor(x4[::-1].copy()))
    np.testing.assert_allclose(gx4.grad.numpy(), tx4.grad.numpy(), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(gb2.running_var.numpy(), tb2.running_var.numpy(), rtol=1e-12)
    yb = rng.uniform(0, 1, (7, 4))
    np.testing.assert_allclose(
        F.binary_cross_entropy_with_logits(gg.tensor(logits), gg.tensor(yb)).item(),
        torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(logits), torch.tensor(yb)).item(),
        rtol=1e-11)  # float64 summation order differs (softplus terms)


def test_embedding_looks_up_rows_and_accumulates_gradients():
    gg.manual_seed(0)
    emb = gg.nn.Embedding(5, 3, padding_idx=0)
    assert not emb.weight.detach().numpy()[0].any() and "padding_idx=0" in repr(emb)
    idx = gg.tensor([[1, 4, 1], [0, 2, 1]])
    out = emb(idx)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out.numpy(), emb.weight.detach().numpy()[idx.numpy()])
    out.sum().backward()
    np.testing.assert_array_equal(emb.weight.grad.numpy()[:, 0], [0, 3, 1, 0, 1])  # padding row: none
    w = gg.tensor(np.random.default_rng(0).standard_normal((4, 2)), requires_grad=True)
    assert gradcheck(lambda w: F.embedding(gg.tensor([3, 3, 0]), w), [w])


@pytest.mark.parametrize("call,err,match", [
    (lambda: F.embedding(gg.tensor([0.0]), gg.zeros((2, 2))), TypeError, "embedding: indices must be an int64"),
    (lambda: F.embedding(gg.tensor([0]), gg.zeros(2)), ValueError, "embedding: weight must be 2-D"),
    (lambda: F.embedding(gg.tensor([2]), gg.zeros((2, 2))), IndexError, "index 2 is out of bounds for axis 0"),
    (lambda: gg.nn.Embedding(3, 2, padding_idx=3), ValueError, "padding_idx 3 is out of range"),
])
def test_embedding_errors(call, err, match):
    with pytest.raises(err, match=match):
        call()
