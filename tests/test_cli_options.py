"""The command line checks its options before training: --version, defaults in every --help, bad
numbers and paths as usage errors, --resume against the checkpoint, and --progress on a terminal or
in a log."""
import importlib.machinery
import importlib.util
import os
import sys
import types

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import cli
from graphgrad.cli import options


@pytest.fixture
def blobs(tmp_path):
    rng = np.random.default_rng(1)
    centres = rng.normal(0, 3, size=(3, 8))
    y = rng.integers(0, 3, size=96)
    x = (centres[y] + rng.normal(0, 1, size=(96, 8))).astype(np.float32)
    path = tmp_path / "blobs.npz"
    np.savez(path, x_train=x[:64], y_train=y[:64], x_test=x[64:], y_test=y[64:])
    return str(path)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def usage_error(capsys, *argv):
    """stderr of a command line that argparse rejects (exit status 2)."""
    with pytest.raises(SystemExit) as e:
        cli.main([str(a) for a in argv])
    assert e.value.code == 2
    return capsys.readouterr().err


def train(capsys, blobs, save, *extra):
    return run(capsys, "train", "--dataset", blobs, "--hidden", "16", "--batch-size", 16, "--epochs", 1,
               "--lr", "0.01", "--save", save, *extra)


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"graphgrad {gg.__version__}"


def test_every_help_shows_every_default():
    p = cli.parser()
    fmt = options.HelpFormatter("graphgrad")
    for name, q in p.commands.items():
        for action in q._actions:
            if not action.option_strings or action.nargs == 0 or action.required:  # -h, flags, --load
                continue
            text = fmt._get_help_string(action) % {"default": action.default}
            assert "default" in text, f"graphgrad {name} {action.option_strings[0]}: {text!r}"
    text = p.commands["train"].format_help()
    assert "default: 10 (mlp), 14 (cnn" in " ".join(text.split()) and "(default: 0.2)" in text and "(default: 512,256)" in text


@pytest.mark.parametrize("argv, message", [
    (["--epochs", "0"], "argument --epochs: must be in [1, inf), got 0"),
    (["--epochs", "2.5"], "argument --epochs: expected an integer, got '2.5'"),
    (["--batch-size", "0"], "argument --batch-size: must be in [1, inf)"),
    (["--lr", "0"], "argument --lr: must be in (0.0, inf), got 0"),
    (["--lr", "nan"], "argument --lr: must be in (0.0, inf), got nan"),
    (["--dropout", "1.5"], "argument --dropout: must be in [0.0, 1.0), got 1.5"),
    (["--weight-decay", "-1"], "argument --weight-decay: must be in [0.0, inf)"),
    (["--threads", "-1"], "argument --threads: must be in [0, inf)"),
    (["--hidden", "8,-1"], "argument --hidden: needs comma-separated positive layer sizes, got '8,-1'"),
    (["--hidden", "8,x"], "argument --hidden: needs comma-separated positive layer sizes"),
    (["--progress", "sometimes"], "argument --progress: invalid choice"),
])
def test_nonsensical_numbers_are_usage_errors(capsys, argv, message):
    err = usage_error(capsys, "train", *argv)
    assert "usage: graphgrad train" in err and message in err


def test_figures_numbers_are_checked(capsys):
    assert "argument --samples: must be in [1, inf), got 0" in usage_error(capsys, "figures", "--samples", 0)


def _fails_before_training(capsys, argv, *expected):
    code, out, err = run(capsys, *argv)
    assert code == 2 and "usage: graphgrad" in err and "epoch" not in out, (out, err)
    for text in expected:
        assert text in err
    assert ".tmp" not in err
    return err


def test_bad_save_directory_fails_before_training(capsys, blobs, tmp_path):
    missing = tmp_path / "nonexistent" / "dir"
    _fails_before_training(capsys, ["train", "--dataset", blobs, "--save", missing / "x.st"],
                           f"--save {missing / 'x.st'}: directory {missing} does not exist")
    _fails_before_training(capsys, ["train", "--dataset", blobs, "--save", tmp_path], "is a directory")
    assert os.listdir(tmp_path) == ["blobs.npz"]


def test_missing_inputs_fail_before_loading(capsys, blobs, tmp_path):
    nothing = tmp_path / "nothing.ckpt"
    _fails_before_training(capsys, ["eval", "--load", nothing], f"--load {nothing}: does not exist")
    _fails_before_training(capsys, ["train", "--resume", nothing], f"--resume {nothing}: does not exist")
    _fails_before_training(capsys, ["train", "--dataset", tmp_path / "no.npz"], "no.npz: does not exist")
    _fails_before_training(capsys, ["train", "--dataset", blobs, "--data-dir", tmp_path / "none"],
                           "--data-dir", "no such directory")
    _fails_before_training(capsys, ["train", "--dataset", "nope"], "--dataset must be mnist, digits or a .npz file")


def test_missing_optional_packages_fail_before_training(capsys, blobs, tmp_path, monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("matplotlib", "tqdm") else find_spec(name, *a))
    save = str(tmp_path / "m.ckpt")
    _fails_before_training(capsys, ["train", "--dataset", blobs, "--save", save, "--plot", tmp_path / "c.png"],
                           "--plot needs matplotlib")
    _fails_before_training(capsys, ["train", "--dataset", blobs, "--save", save, "--progress", "always"],
                           "--progress always needs tqdm")
    _fails_before_training(capsys, ["figures", "--dataset", blobs], "figures needs matplotlib")
    assert not os.path.exists(save)


def test_plot_format_and_figures_folder_fail_before_training(capsys, blobs, tmp_path):
    pytest.importorskip("matplotlib")
    save = str(tmp_path / "m.ckpt")
    _fails_before_training(capsys, ["train", "--dataset", blobs, "--save", save, "--plot", tmp_path / "c.xyz"],
                           f"--plot {tmp_path / 'c.xyz'}: matplotlib cannot write .xyz files; use one of", ".png")
    _fails_before_training(capsys, ["train", "--dataset", blobs, "--save", save, "--plot", tmp_path / "no" / "c.png"],
                           "directory", "does not exist")
    assert not os.path.exists(save)
    inside_a_file = tmp_path / "blobs.npz" / "figures"
    _fails_before_training(capsys, ["figures", "--dataset", blobs, "--out", inside_a_file],
                           f"--out {inside_a_file}: cannot create the folder (Not a directory)")
    _fails_before_training(capsys, ["figures", "--dataset", blobs, "--out", blobs], "is a file, not a folder")
    assert sorted(os.listdir(tmp_path)) == ["blobs.npz"]


def test_resume_refuses_conflicting_options_naming_them(capsys, blobs, tmp_path):
    ckpt = str(tmp_path / "c.ckpt")
    assert train(capsys, blobs, ckpt)[0] == 0
    err = _fails_before_training(capsys, ["train", "--resume", ckpt, "--lr", "0.5", "--hidden", "999", "--epochs", 2],
                                 "--lr 0.5 (checkpoint: 0.01)", "--hidden 999 (checkpoint: 16)")
    assert "--epochs" not in err.split("error:")[1]
    _fails_before_training(capsys, ["train", "--resume", ckpt, "--no-batchnorm", "--epochs", 2],
                           "--batchnorm False (checkpoint: True)")
    _fails_before_training(capsys, ["train", "--resume", ckpt, "--epochs", 1], "has already trained 1 epochs")
    # The same values, given again, and the options a run may change are fine.
    code, out, _ = run(capsys, "train", "--resume", ckpt, "--lr", "0.01", "--hidden", "16", "--dataset", blobs,
                       "--epochs", 2, "--save", ckpt, "--progress", "never", "--threads", 1)
    assert code == 0 and "resumed from" in out and "epoch   2/2" in out


def test_resume_conflicts_of_a_cnn_checkpoint():
    cfg = cli.config_from_args(cli.parser().parse_args(["train", "--model", "cnn", "--batchnorm", "before"]))

    def conflicts(*argv):
        argv = ["train", "--resume", "x", *argv]
        args = cli.parser().parse_args(argv)
        return options.resume_conflicts(args, options.given_options(argv, args), cfg)

    assert conflicts() == [] and conflicts("--batchnorm") == [] and conflicts("--optimizer", "adadelta") == []
    assert conflicts("--batchnorm", "after") == ["--batchnorm after (checkpoint: before)"]
    assert conflicts("--model", "mlp") != [] and conflicts("--batch-size", "32") == ["--batch-size 32 (checkpoint: 64)"]


def test_progress_bar_only_on_a_terminal(capsys, blobs, tmp_path, monkeypatch):
    bars = []

    class FakeTqdm:
        def __init__(self, **kw):
            bars.append(kw["desc"])

        def update(self, n):
            pass

        def set_postfix(self, **kw):
            pass

        def close(self):
            pass

    fake = types.ModuleType("tqdm")
    fake.tqdm, fake.__spec__ = FakeTqdm, importlib.machinery.ModuleSpec("tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm", fake)
    save = str(tmp_path / "p.ckpt")
    code, out, err = train(capsys, blobs, save, "--epochs", 2)  # capsys: stderr is not a terminal
    assert code == 0 and bars == [] and err == ""
    assert [line.split()[1] for line in out.splitlines() if line.startswith("epoch")] == ["1/2", "2/2"]
    assert train(capsys, blobs, save, "--epochs", 2, "--progress", "always")[0] == 0
    assert bars == ["epoch 1/2", "epoch 2/2"]
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli.Progress.wanted("auto") and not cli.Progress.wanted("never")
    assert train(capsys, blobs, save, "--quiet")[0] == 0 and len(bars) == 2
