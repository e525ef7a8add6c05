"""``train --model cnn``: the PyTorch MNIST example's network on small synthetic images, with
BatchNorm before or after the ReLUs, saved and evaluated."""
import numpy as np
import pytest

from graphgrad import cli, nn


@pytest.fixture
def bars(tmp_path):
    """8x8 images of a horizontal (class 0) or vertical (class 1) bar at a random place, with noise."""
    rng = np.random.default_rng(0)

    def make(n):
        y = rng.integers(0, 2, size=n)
        x = rng.normal(0, 0.3, size=(n, 8, 8)).astype(np.float32)
        pos = rng.integers(1, 7, size=n)
        for i in range(n):
            if y[i]:
                x[i, :, pos[i]] += 2
            else:
                x[i, pos[i], :] += 2
        return x, y

    (xtr, ytr), (xte, yte) = make(256), make(64)
    path = tmp_path / "bars.npz"
    np.savez(path, x_train=xtr, y_train=ytr, x_test=xte, y_test=yte)
    return str(path)


@pytest.mark.parametrize("bn", [[], ["--batchnorm", "before"], ["--batchnorm", "after"]], ids=str)
def test_cnn_trains_and_evaluates(capsys, bars, tmp_path, bn):
    save = str(tmp_path / "cnn.ckpt")
    code = cli.main(["train", "--model", "cnn", "--dataset", bars, "--epochs", "3", "--quiet", "--save", save, *bn])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "CNN (the PyTorch MNIST example's" in out and "adadelta lr 1, batch 64" in out
    acc = float(out.split("test acc")[-1].split("%")[0])
    assert acc > 90
    code = cli.main(["eval", "--load", save])
    assert code == 0 and "test accuracy" in capsys.readouterr().out


def test_cnn_layers_place_the_batchnorm():
    cfg = cli.config_from_args(cli.parser().parse_args(["train", "--model", "cnn", "--batchnorm", "after"]))
    assert (cfg["optimizer"], cfg["schedule"], cfg["batch_size"], cfg["lr"]) == ("adadelta", "steplr", 64, 1.0)
    cfg.update(features=28 * 28, classes=10)
    model, opt, sched = cli.build(cfg, 3)
    kinds = [type(m).__name__ for m in model.modules()][1:]
    assert kinds[:7] == ["Unflatten", "Conv2d", "ReLU", "BatchNorm2d", "Conv2d", "ReLU", "BatchNorm2d"]
    assert [m for m in model.modules() if isinstance(m, nn.Linear)][0].in_features == 9216
    sched.step()
    assert abs(opt.param_groups[0]["lr"] - 0.7) < 1e-12
    args = cli.parser().parse_args(["train", "--model", "cnn"])
    plain = cli.config_from_args(args)
    assert args.epochs == 14  # the PyTorch example's
    plain.update(features=28 * 28, classes=10)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in cli.build(plain, 1)[0].modules())
    mlp = cli.parser().parse_args(["train"])
    cli.config_from_args(mlp)
    assert mlp.epochs == 10
    with pytest.raises(ValueError, match="--batchnorm after is available with --model cnn only"):
        cli.config_from_args(cli.parser().parse_args(["train", "--batchnorm", "after"]))


@pytest.mark.slow
def test_figures_add_the_batchnorm_placement_comparison(capsys, bars, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.delenv("DISPLAY", raising=False)
    out_dir = tmp_path / "figs"
    code = cli.main(["figures", "--dataset", bars, "--out", str(out_dir), "--samples", "64", "--epochs", "1",
                     "--depth", "2"])
    assert code == 0 and "bn_placement.png" in capsys.readouterr().out
    assert (out_dir / "bn_placement.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cnn_recipe_is_the_pytorch_examples():
    """``train --model cnn`` against pytorch/examples' mnist/main.py written out as it is there (functional
    ReLUs, log_softmax + nll_loss, Adadelta(lr=1.0) with PyTorch's rho and eps, StepLR(1, 0.7)): the layers and
    dropout placement, PyTorch's default initialisation bounds, and three steps and a schedule step from the same
    weights on the same batch (dropout off on both sides, its masks being each library's own draws)."""
    torch = pytest.importorskip("torch")
    import graphgrad as gg
    tnn, tF = torch.nn, torch.nn.functional

    class Net(tnn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.conv2 = tnn.Conv2d(1, 32, 3, 1), tnn.Conv2d(32, 64, 3, 1)
            self.dropout1, self.dropout2 = tnn.Dropout(0.25), tnn.Dropout(0.5)
            self.fc1, self.fc2 = tnn.Linear(9216, 128), tnn.Linear(128, 10)

        def forward(self, x):
            x = tF.max_pool2d(tF.relu(self.conv2(tF.relu(self.conv1(x)))), 2)
            x = tF.relu(self.fc1(torch.flatten(self.dropout1(x), 1)))
            return tF.log_softmax(self.fc2(self.dropout2(x)), dim=1)

    cfg = cli.config_from_args(cli.parser().parse_args(["train", "--model", "cnn"]))
    cfg.update(features=28 * 28, classes=10)
    gg.manual_seed(0)
    model, opt, sched = cli.build(cfg, 14)
    assert [(type(m).__name__, getattr(m, "p", None)) for m in model.modules()][1:] == [
        ("Unflatten", None), ("Conv2d", None), ("ReLU", None), ("Conv2d", None), ("ReLU", None), ("MaxPool2d", None),
        ("Dropout", 0.25), ("Flatten", None), ("Linear", None), ("ReLU", None), ("Dropout", 0.5), ("Linear", None)]
    layers = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    for m in layers:  # kaiming_uniform_(a=sqrt(5)) and its bias: both U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        bound = 1 / np.sqrt(m.weight[0].numel())
        w, b = np.abs(m.weight.numpy()), np.abs(m.bias.numpy())
        assert bound * 0.95 < w.max() <= bound and b.max() <= bound
    ref = Net()
    for theirs, ours in zip((ref.conv1, ref.conv2, ref.fc1, ref.fc2), layers):
        theirs.weight.data[:], theirs.bias.data[:] = (torch.from_numpy(p.numpy().copy()) for p in (ours.weight, ours.bias))
    ref_opt = torch.optim.Adadelta(ref.parameters(), lr=1.0)
    ref_sched = torch.optim.lr_scheduler.StepLR(ref_opt, step_size=1, gamma=0.7)
    assert {k: opt.param_groups[0][k] for k in ("lr", "rho", "eps", "weight_decay")} == \
        {k: ref_opt.param_groups[0][k] for k in ("lr", "rho", "eps", "weight_decay")}
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 784)).astype(np.float32), rng.integers(0, 10, 8)
    model.eval()
    ref.eval()
    for _ in range(3):
        loss = gg.nn.functional.cross_entropy(model(gg.from_numpy(x)), gg.from_numpy(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
        ref_loss = tF.nll_loss(ref(torch.from_numpy(x).reshape(8, 1, 28, 28)), torch.from_numpy(y))
        ref_opt.zero_grad()
        ref_loss.backward()
        ref_opt.step()
        assert abs(loss.item() - ref_loss.item()) < 1e-4
    for theirs, ours in zip((ref.conv1, ref.conv2, ref.fc1, ref.fc2), layers):
        for a, b in ((ours.weight, theirs.weight), (ours.bias, theirs.bias)):
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-4, atol=1e-6)
    sched.step()
    ref_sched.step()
    assert opt.param_groups[0]["lr"] == pytest.approx(ref_opt.param_groups[0]["lr"])
