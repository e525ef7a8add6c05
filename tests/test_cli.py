"""The command-line trainer on a small synthetic dataset: train, save, resume exactly, evaluate,
Ctrl-C, every optimizer and schedule, plots and the lecture's figures (headless)."""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import cli


@pytest.fixture
def blobs(tmp_path):
    """4 separable classes of 4x4 'images' in an .npz file, the format --dataset accepts."""
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 3, size=(4, 16))

    def make(n):
        y = rng.integers(0, 4, size=n)
        return (centres[y] + rng.normal(0, 1, size=(n, 16))).reshape(n, 4, 4).astype(np.float32), y

    (xtr, ytr), (xte, yte) = make(300), make(100)
    path = tmp_path / "blobs.npz"
    np.savez(path, x_train=xtr, y_train=ytr, x_test=xte, y_test=yte)
    return str(path)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _train(capsys, blobs, save, *extra):
    return run(capsys, "train", "--dataset", blobs, "--hidden", "32,16", "--batch-size", 32, "--epochs", 2,
               "--quiet", "--save", save, *extra)


def _epoch_lines(out):
    """Epoch summary lines without their timing part."""
    return [re.sub(r"\s+\(.*\)$", "", line) for line in out.splitlines() if line.startswith("epoch")]


def test_train_saves_resumes_exactly_and_evaluates(capsys, blobs, tmp_path):
    full, half, resumed = (str(tmp_path / f) for f in ("full.ckpt", "half.ckpt", "resumed.ckpt"))
    code, out, _ = _train(capsys, blobs, full, "--schedule", "step", "--lr", "0.01")
    assert code == 0 and os.path.isfile(full)
    lines = _epoch_lines(out)
    assert len(lines) == 2 and re.match(r"epoch +2/2 +train loss \d\.\d{4} +test loss \d\.\d{4} +test acc \d+\.\d\d%", lines[1])
    acc = float(re.search(r"test acc ([\d.]+)%", lines[1]).group(1))
    assert acc > 90  # separable blobs: a working trainer gets them right

    # Stop after one of the two epochs, then resume: same numbers as the uninterrupted run.
    code, _, _ = _train(capsys, blobs, half, "--schedule", "step", "--lr", "0.01", "--epochs", 1)
    assert code == 0
    code, out, _ = run(capsys, "train", "--resume", half, "--epochs", 2, "--quiet", "--save", resumed)
    assert code == 0 and "resumed from" in out
    assert _epoch_lines(out) == lines[1:]
    a, b = cli.load_checkpoint(full)["model"], cli.load_checkpoint(resumed)["model"]
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k].numpy(), b[k].numpy())

    code, out, _ = run(capsys, "eval", "--load", resumed)
    assert code == 0
    assert f"test accuracy {acc:.2f}%" in out
    rows = [list(map(int, line.split()[1:])) for line in out.splitlines()[-4:]]
    cm = np.array(rows)
    assert cm.shape == (4, 4) and cm.sum() == 100 and round(100 * np.trace(cm) / 100, 2) == acc


def test_python_dash_m_entry_point(blobs, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    save = str(tmp_path / "m.ckpt")
    res = subprocess.run([sys.executable, "-m", "graphgrad", "train", "--dataset", blobs, "--epochs", "1",
                          "--hidden", "8", "--quiet", "--save", save], capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    assert "epoch   1/1" in res.stdout and os.path.isfile(save)
    res = subprocess.run([sys.executable, "-m", "graphgrad", "eval", "--load", str(tmp_path / "nothing.ckpt")],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 2 and "does not exist" in res.stderr


def test_ctrl_c_saves_a_checkpoint_that_resumes(capsys, blobs, tmp_path, monkeypatch):
    save = str(tmp_path / "int.ckpt")
    calls = []

    def interrupt(self, n, loss):
        calls.append(n)
        if len(calls) == 12:  # during the second epoch (10 batches per epoch)
            raise KeyboardInterrupt

    monkeypatch.setattr(cli.Progress, "update", interrupt)
    code, out, _ = _train(capsys, blobs, save, "--epochs", 3)
    assert code == 130 and "interrupted: checkpoint saved" in out and os.path.isfile(save)
    assert cli.load_checkpoint(save)["epoch"] == 1
    monkeypatch.undo()
    code, out, _ = run(capsys, "train", "--resume", save, "--epochs", 3, "--quiet", "--save", save)
    assert code == 0 and [line.split()[1] for line in _epoch_lines(out)] == ["2/3", "3/3"]


@pytest.mark.parametrize("optimizer", list(cli.OPTIMIZERS))
def test_every_optimizer_trains(capsys, blobs, tmp_path, optimizer):
    code, out, _ = _train(capsys, blobs, str(tmp_path / "o.ckpt"), "--optimizer", optimizer, "--epochs", 1)
    assert code == 0
    loss = float(re.search(r"train loss ([\d.]+)", out).group(1))
    assert np.isfinite(loss) and loss < np.log(4) * 1.5


@pytest.mark.parametrize("schedule", cli.SCHEDULES)
def test_every_schedule_lowers_the_learning_rate(blobs, schedule):
    cfg = cli.config_from_args(cli.parser().parse_args(["train", "--schedule", schedule, "--lr", "0.1"]))
    cfg.update(features=16, classes=4)
    _, opt, sched = cli.build(cfg, epochs=6)
    if schedule == "none":
        assert sched is None
        return
    for _ in range(6):
        sched.step()
    assert opt.param_groups[0]["lr"] < 0.1 / 2


def test_model_options_shape_the_network(blobs):
    args = ["train", "--hidden", "12,7", "--activation", "tanh", "--no-batchnorm", "--dropout", "0", "--init", "xavier"]
    cfg = cli.config_from_args(cli.parser().parse_args(args))
    cfg.update(features=16, classes=4)
    model, _, _ = cli.build(cfg, 1)
    kinds = [type(m).__name__ for m in model.modules()][1:]
    assert kinds == ["Linear", "Tanh", "Linear", "Tanh", "Linear"]
    cfg.update(batchnorm=True, dropout=0.3)
    kinds = [type(m).__name__ for m in cli.build(cfg, 1)[0].modules()][1:]
    assert kinds == ["Linear", "BatchNorm1d", "Tanh", "Dropout"] * 2 + ["Linear"]


def test_l1_and_weight_decay_shrink_the_weights(capsys, blobs, tmp_path):
    norms = {}
    for tag, extra in (("plain", []), ("l1", ["--l1", "0.01"]), ("wd", ["--weight-decay", "0.5", "--optimizer", "adamw"])):
        path = str(tmp_path / f"{tag}.ckpt")
        assert _train(capsys, blobs, path, "--dropout", "0", *extra)[0] == 0
        norms[tag] = np.abs(cli.load_checkpoint(path)["model"]["0.weight"].numpy()).sum()
    assert norms["l1"] < norms["plain"] and norms["wd"] < norms["plain"]


def test_bad_options_give_clear_errors(capsys, blobs, tmp_path):
    code, _, err = run(capsys, "train", "--dataset", "nope")
    assert code == 2 and "--dataset must be mnist, digits or a .npz file" in err
    bad = tmp_path / "bad.npz"
    np.savez(bad, x_train=np.zeros((2, 2)))
    code, _, err = run(capsys, "train", "--dataset", str(bad))
    assert code == 2 and "missing arrays" in err
    np.savez(bad, x_train=np.zeros((3, 2)), y_train=np.zeros(2), x_test=np.zeros((1, 2)), y_test=np.zeros(1))
    code, _, err = run(capsys, "train", "--dataset", str(bad))
    assert code == 2 and "x_train (3, 2) and y_train (2,) need one label per sample" in err
    with pytest.raises(SystemExit):
        cli.main(["train", "--optimizer", "lbfgs"])


def test_digits_default_run_reaches_97_percent(capsys, tmp_path):
    pytest.importorskip("sklearn")
    threads = gg.get_num_threads()
    try:  # one thread: on a shared 2-core machine a loaded second core only slows this small run down
        code, out, _ = run(capsys, "train", "--dataset", "digits", "--quiet", "--threads", 1, "--save", tmp_path / "d.ckpt")
    finally:
        gg.set_num_threads(threads)
    assert code == 0 and "digits: 1438 train / 359 test samples; MLP 64-512-256-10" in out
    assert float(re.search(r"epoch +10/10 .* test acc ([\d.]+)%", out).group(1)) >= 97.0


def test_plot_and_figures_headless(capsys, blobs, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.delenv("DISPLAY", raising=False)
    plot = tmp_path / "curves.png"
    code, out, _ = _train(capsys, blobs, str(tmp_path / "p.ckpt"), "--plot", plot)
    assert code == 0 and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out_dir = tmp_path / "figs"
    code, out, _ = run(capsys, "figures", "--dataset", blobs, "--out", out_dir, "--samples", 100, "--epochs", 2,
                       "--depth", 3)
    assert code == 0
    for name in ("minibatch.png", "regularisation.png", "second_order.png", "optimizers.png", "lr_schedules.png",
                 "init_activations.png", "batchnorm.png", "dropout.png"):
        assert (out_dir / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and name in out


def test_activation_statistics_follow_the_lecture():
    """ReLU with He init keeps the activation scale over 10 layers; with the classic init it shrinks.
    Xavier keeps tanh alive where the classic init lets it vanish."""
    std = {(a, i): [x.std() for x in gg.viz.activation_stats(a, i, depth=10, width=128, samples=256)]
           for a in ("relu", "tanh") for i in ("classic", "he", "xavier")}
    assert 0.3 < std["relu", "he"][-1] / std["relu", "he"][0] < 3
    assert std["relu", "classic"][-1] < 0.1 * std["relu", "classic"][0]
    assert std["tanh", "xavier"][-1] > 5 * std["tanh", "classic"][-1]


def test_lecture_example_prints_gradients_and_graph():
    script = os.path.join(os.path.dirname(__file__), "..", "examples", "lecture_example.py")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    res = subprocess.run([sys.executable, script], capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    assert "df/dx = 6.0" in res.stdout and "df/dy = 5.0" in res.stdout
    assert re.search(r'digraph "graph" \{.*n\d+ -> out;.*\}', res.stdout, re.S)


def test_checkpoint_is_a_plain_dict_and_eval_takes_a_bare_state_dict(capsys, blobs, tmp_path):
    ckpt_path, sd_path = str(tmp_path / "c.safetensors"), str(tmp_path / "sd.safetensors")
    code, out, _ = _train(capsys, blobs, ckpt_path, "--epochs", 1, "--dropout", 0.1)
    assert code == 0
    ckpt = gg.load(ckpt_path)  # the public API reads it: no private layout
    assert {"model", "optimizer", "scheduler", "epoch", "config", "rng", "history"} <= set(ckpt)
    assert ckpt["epoch"] == 1 and ckpt["config"]["hidden"] == [32, 16] and ckpt["rng"].dtype == gg.int64
    model, opt, _ = cli.build(ckpt["config"], 1)
    model.load_state_dict(ckpt["model"])
    opt.load_state_dict(ckpt["optimizer"])
    gg.save(ckpt["model"], sd_path)
    code, full, _ = run(capsys, "eval", "--load", ckpt_path)
    assert code == 0
    code, bare, _ = run(capsys, "eval", "--load", sd_path, "--dataset", blobs)
    assert code == 0
    acc = re.search(r"test accuracy ([\d.]+%)", full).group(1)
    assert f"test accuracy {acc}" in bare  # same model, same normalisation (from the training set)
    gg.save({"junk": 1}, sd_path)
    code, _, err = run(capsys, "eval", "--load", sd_path)
    assert code == 2 and "neither a graphgrad training checkpoint nor a model state_dict" in err
