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
