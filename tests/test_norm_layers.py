"""LayerNorm, GroupNorm, InstanceNorm1d/2d, LocalResponseNorm and BatchNorm3d: forward against
NumPy, forward and gradients against PyTorch (skipped without it), gradcheck / gradgradcheck in
float64, running statistics, parameter names and errors."""
import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn.functional as F
from graphgrad import nn


def np_normalize(x, axes, eps=1e-5):
    m = x.mean(axis=axes, keepdims=True)
    v = x.var(axis=axes, keepdims=True)
    return (x - m) / np.sqrt(v + eps)


def test_functional_norms_match_numpy():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 6, 5, 4)) * 3 + 2
    w, b = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    np.testing.assert_allclose(F.layer_norm(gg.tensor(x), (5, 4), gg.tensor(w), gg.tensor(b)).numpy(),
                               np_normalize(x, (2, 3)) * w + b, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(F.layer_norm(gg.tensor(x), 4).numpy(), np_normalize(x, (3,)), rtol=1e-9, atol=1e-9)
    g = np_normalize(x.reshape(3, 2, -1), (2,)).reshape(x.shape)
    np.testing.assert_allclose(F.group_norm(gg.tensor(x), 2).numpy(), g, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(F.instance_norm(gg.tensor(x)).numpy(), np_normalize(x, (2, 3)), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(F.layer_norm(gg.tensor(x[..., :1]), 1).numpy(), 0 * x[..., :1])


@pytest.mark.parametrize("name", ["layer_norm", "group_norm", "instance_norm", "local_response_norm"])
def test_gradcheck_and_gradgradcheck(name):
    rng = np.random.default_rng(1)
    x = gg.tensor(rng.standard_normal((2, 4, 3, 3)), requires_grad=True)
    w = gg.tensor(rng.standard_normal(4), requires_grad=True)
    b = gg.tensor(rng.standard_normal(4), requires_grad=True)
    fns = {
        "layer_norm": lambda x, w, b: F.layer_norm(x, (3,), w[:3], b[:3]),
        "group_norm": lambda x, w, b: F.group_norm(x, 2, w, b),
        "instance_norm": lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
        "local_response_norm": lambda x, w, b: F.local_response_norm(x, 3, alpha=0.1) * w.reshape(4, 1, 1) + b.reshape(4, 1, 1),
    }
    assert gg.autograd.gradcheck(fns[name], [x, w, b])
    assert gg.autograd.gradgradcheck(fns[name], [x, w, b])


def _load(m, tm, torch):
    tm.load_state_dict({k: torch.tensor(v.numpy()) for k, v in m.state_dict().items()})


def test_modules_match_torch_forward_and_gradients():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4, 6, 5, 3)) * 2 + 1
    pairs = [
        (nn.LayerNorm((5, 3), dtype=gg.float64), torch.nn.LayerNorm((5, 3), dtype=torch.float64)),
        (nn.LayerNorm(3, elementwise_affine=False), torch.nn.LayerNorm(3, elementwise_affine=False)),
        (nn.LayerNorm(3, bias=False, dtype=gg.float64), torch.nn.LayerNorm(3, bias=False, dtype=torch.float64)),
        (nn.GroupNorm(3, 6, dtype=gg.float64), torch.nn.GroupNorm(3, 6, dtype=torch.float64)),
        (nn.InstanceNorm2d(6), torch.nn.InstanceNorm2d(6)),
        (nn.InstanceNorm2d(6, affine=True, dtype=gg.float64), torch.nn.InstanceNorm2d(6, affine=True, dtype=torch.float64)),
        (nn.LocalResponseNorm(3), torch.nn.LocalResponseNorm(3)),
    ]
    g = rng.standard_normal(x.shape)
    for m, tm in pairs:
        for p in m.parameters():  # non-trivial affine parameters
            p.data = gg.tensor(rng.standard_normal(p.shape))
        _load(m, tm, torch)
        assert sorted(dict(m.named_parameters())) == sorted(dict(tm.named_parameters()))
        gx, tx = gg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        y, ty = m(gx), tm(tx)
        np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-8, atol=1e-8, err_msg=repr(m))
        y.backward(gg.tensor(g))
        ty.backward(torch.tensor(g))
        np.testing.assert_allclose(gx.grad.numpy(), tx.grad.numpy(), rtol=1e-7, atol=1e-8, err_msg=repr(m))
        for (n, p), (_, tp) in zip(sorted(m.named_parameters()), sorted(tm.named_parameters())):
            np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), rtol=1e-7, atol=1e-8, err_msg=n)
    x1 = rng.standard_normal((4, 6, 7))
    m = nn.InstanceNorm1d(6, track_running_stats=True, dtype=gg.float64)
    tm = torch.nn.InstanceNorm1d(6, track_running_stats=True, dtype=torch.float64)
    for _ in range(2):
        np.testing.assert_allclose(m(gg.tensor(x1)).numpy(), tm(torch.tensor(x1)).numpy(), rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(m.running_mean.numpy(), tm.running_mean.numpy(), rtol=1e-8)
    np.testing.assert_allclose(m.running_var.numpy(), tm.running_var.numpy(), rtol=1e-8)
    m.eval(), tm.eval()
    np.testing.assert_allclose(m(gg.tensor(x1)).numpy(), tm(torch.tensor(x1)).numpy(), rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(m(gg.tensor(x1[0])).numpy(), tm(torch.tensor(x1[0])).numpy(), rtol=1e-8, atol=1e-8)
    x3 = rng.standard_normal((2, 3, 4, 3, 2))
    b3, tb3 = nn.BatchNorm3d(3, dtype=gg.float64), torch.nn.BatchNorm3d(3, dtype=torch.float64)
    np.testing.assert_allclose(b3(gg.tensor(x3)).numpy(), tb3(torch.tensor(x3)).detach().numpy(), rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(b3.running_var.numpy(), tb3.running_var.numpy(), rtol=1e-8)


def test_errors():
    with pytest.raises(ValueError, match="does not end with normalized_shape"):
        F.layer_norm(gg.zeros(2, 3), (4,))
    with pytest.raises(ValueError, match="divisible by num_groups"):
        F.group_norm(gg.zeros(2, 3, 4), 2)
    with pytest.raises(ValueError, match="divisible by num_groups"):
        nn.GroupNorm(2, 3)
    with pytest.raises(ValueError, match="expected 2D or 3D input"):
        nn.InstanceNorm1d(3)(gg.zeros(2, 3, 4, 5))
    with pytest.raises(ValueError, match="expected 5D input"):
        nn.BatchNorm3d(3)(gg.zeros(2, 3, 4))
