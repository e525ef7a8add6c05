"""The lecture's optimizer and schedule figures (gg.viz): the paths they draw, and the PNGs."""
import numpy as np
import pytest

import graphgrad as gg


def test_every_optimizer_path_descends_the_quadratic():
    paths = gg.viz.optimizer_paths(steps=60)
    assert set(paths) == {"SGD", "momentum 0.9", "Nesterov 0.9", "Adagrad", "RMSprop", "Adadelta", "Adam"}
    f = lambda p: p[:, 0] ** 2 / 10 + 2 * p[:, 1] ** 2  # noqa: E731
    for name, p in paths.items():
        assert p.shape == (61, 2) and np.allclose(p[0], (-1.5, 1.5)), name
        assert f(p)[-1] < 0.2 * f(p)[0], name
    # momentum overshoots across the valley where plain SGD creeps along its floor
    assert paths["momentum 0.9"][:, 1].min() < -0.5 < paths["SGD"][:, 1].min()


def test_optimizer_and_schedule_figures_are_pngs(tmp_path):
    pytest.importorskip("matplotlib")
    plt = gg.viz._pyplot()
    for name, draw in (("o.png", gg.viz._figure_optimizers), ("s.png", gg.viz._figure_schedules)):
        draw(plt, tmp_path / name)
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
