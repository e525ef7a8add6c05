"""The lecture's figures drawn without data (gg.viz): optimizer paths, schedules, mini-batches,
L1 against L2, second-order methods on Rosenbrock; what they show, and the PNGs."""
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


def test_small_batches_take_more_steps_per_epoch_down_to_the_noise():
    losses = gg.viz.minibatch_losses(epochs=5)
    assert set(losses) == {1, 16, 256} and all(v.shape == (6,) for v in losses.values())
    assert losses[1][1] < losses[16][1] < losses[256][1] < losses[256][0]  # after one epoch
    assert 0.005 < losses[1][-1] < 0.03  # the noise floor: the data's noise variance is 0.01


def test_l1_zeroes_the_irrelevant_weights_and_l2_shrinks():
    w = gg.viz.regularised_weights()
    near_zero = {k: int((abs(v[5:]) < 0.01).sum()) for k, v in w.items()}  # 25 weights are 0 in truth
    assert near_zero["L1 (l1)"] >= 15 and near_zero["L1 (l1)"] > 2 * near_zero["none"], near_zero
    assert np.linalg.norm(w["L2 (weight_decay)"]) < np.linalg.norm(w["none"])
    assert all(abs(v[0] - 3.0) < 0.4 for v in w.values())  # the large true weight survives both


def test_second_order_methods_solve_rosenbrock_where_first_order_ones_crawl():
    f = gg.viz.rosenbrock_losses(steps=60)
    assert all(abs(v[0] - 24.2) < 1e-12 and v.shape == (61,) for v in f.values())
    assert f["Newton-CG"][-1] < 1e-10 and f["L-BFGS"][-1] < 1e-8
    assert f["gradient descent lr=1e-3"][-1] > 1 and f["Adam lr=0.02"][-1] > 1


def test_data_free_figures_are_pngs(tmp_path):
    pytest.importorskip("matplotlib")
    plt = gg.viz._pyplot()
    for name, draw in (("o.png", gg.viz._figure_optimizers), ("s.png", gg.viz._figure_schedules),
                       ("m.png", gg.viz._figure_minibatch), ("r.png", gg.viz._figure_regularisation),
                       ("n.png", gg.viz._figure_second_order)):
        draw(plt, tmp_path / name)
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
