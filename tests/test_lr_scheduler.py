"""Learning-rate schedules against their closed forms (incl. the lecture's linear and exponential
decay), chaining, state_dict round trips and bad arguments."""
import math

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.optim import lr_scheduler as sched


def lrs_over(make, epochs, lrs=(0.1, 0.4)):
    ps = [gg.zeros(1, requires_grad=True) for _ in lrs]
    opt = gg.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(ps, lrs)])
    s = make(opt)
    out = [s.get_last_lr()]
    for _ in range(epochs):
        opt.step()
        s.step()
        out.append(s.get_last_lr())
        assert out[-1] == [g["lr"] for g in opt.param_groups]
    return np.array(out)


def closed(f, epochs, lrs=(0.1, 0.4)):
    return np.array([[f(base, t) for base in lrs] for t in range(epochs + 1)])


SCHEDULES = [
    ("LambdaLR", lambda o: sched.LambdaLR(o, lambda t: 1 / (1 + t)), lambda b, t: b / (1 + t)),
    ("StepLR", lambda o: sched.StepLR(o, step_size=4, gamma=0.3), lambda b, t: b * 0.3 ** (t // 4)),
    ("MultiStepLR", lambda o: sched.MultiStepLR(o, milestones=[3, 7, 7, 20], gamma=0.5),
     lambda b, t: b * 0.5 ** sum(m <= t for m in [3, 7, 7, 20])),
    ("ExponentialLR", lambda o: sched.ExponentialLR(o, gamma=0.9), lambda b, t: b * 0.9**t),
    ("LinearLR", lambda o: sched.LinearLR(o, start_factor=0.25, end_factor=0.75, total_iters=10),
     lambda b, t: b * (0.25 + 0.5 * min(t, 10) / 10)),
    ("CosineAnnealingLR", lambda o: sched.CosineAnnealingLR(o, T_max=10, eta_min=0.01),
     lambda b, t: 0.01 + (b - 0.01) * (1 + math.cos(math.pi * t / 10)) / 2),
    ("LinearDecayLR", lambda o: sched.LinearDecayLR(o, T=20), lambda b, t: b * (1 - min(t, 20) / 20)),
    ("ExponentialDecayLR", lambda o: sched.ExponentialDecayLR(o, T=8), lambda b, t: b * math.exp(-t / 8)),
]


@pytest.mark.parametrize("name,make,formula", SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedule_matches_closed_form(name, make, formula):
    np.testing.assert_allclose(lrs_over(make, 30), closed(formula, 30), rtol=1e-12, atol=1e-15)


def test_lecture_decay_functions():
    f, g = sched.linear_decay(0.5, 10), sched.exponential_decay(0.5, 10)
    assert [f(t) for t in (0, 5, 10, 15)] == [0.5, 0.25, 0.0, 0.0]
    assert g(0) == 0.5 and g(10) == pytest.approx(0.5 / math.e)
    with pytest.raises(ValueError):
        sched.linear_decay(0.5, 0)
    with pytest.raises(ValueError):
        sched.exponential_decay(0.5, -1)


def test_schedulers_chain():
    opt = gg.optim.SGD([gg.zeros(1, requires_grad=True)], lr=0.1)
    a, b = sched.ExponentialLR(opt, gamma=0.9), sched.StepLR(opt, step_size=3, gamma=0.1)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(9):
        a.step()
        b.step()
        lrs.append(opt.param_groups[0]["lr"])
    np.testing.assert_allclose(lrs, [0.1 * 0.9**t * 0.1 ** (t // 3) for t in range(10)], rtol=1e-12)


def test_scheduler_state_dict_round_trip():
    def make(o):
        return sched.CosineAnnealingLR(o, T_max=7)
    a = lrs_over(make, 12)
    p = gg.zeros(1, requires_grad=True)
    opt = gg.optim.SGD([{"params": [p], "lr": 0.1}, {"params": [gg.zeros(1, requires_grad=True)], "lr": 0.4}])
    s = make(opt)
    for _ in range(5):
        s.step()
    sd_opt, sd = opt.state_dict(), s.state_dict()
    assert "optimizer" not in sd
    opt2 = gg.optim.SGD([{"params": [gg.zeros(1, requires_grad=True)]}, {"params": [gg.zeros(1, requires_grad=True)]}],
                        lr=1.0)
    opt2.load_state_dict(sd_opt)
    s2 = sched.CosineAnnealingLR(opt2, T_max=7, last_epoch=4)
    s2.load_state_dict(sd)
    rest = []
    for _ in range(7):
        s2.step()
        rest.append(s2.get_last_lr())
    np.testing.assert_array_equal(np.array(rest), a[6:])


def test_scheduler_bad_arguments():
    opt = gg.optim.SGD([gg.zeros(1, requires_grad=True)], lr=0.1)
    for make in (lambda: sched.StepLR(opt, step_size=0), lambda: sched.MultiStepLR(opt, [5, 2]),
                 lambda: sched.LinearLR(opt, start_factor=0.0), lambda: sched.CosineAnnealingLR(opt, T_max=0),
                 lambda: sched.LambdaLR(opt, [lambda t: 1.0, lambda t: 2.0])):
        with pytest.raises(ValueError):
            make()
    with pytest.raises(TypeError):
        sched.StepLR(object(), step_size=2)


# -- the rest of torch.optim.lr_scheduler: PyTorch parity, closed forms, state round trips -------------

LRS3 = (0.1, 0.4, 0.03)


def _groups(M, lrs):
    """Parameter groups with different lrs, for graphgrad (M is gg) or PyTorch (M is torch)."""
    return [{"params": [M.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs]


def _optimizer(M, kind, lrs=LRS3):
    if kind == "adam":
        return M.optim.Adam(_groups(M, lrs), betas=(0.9, 0.999))
    return M.optim.SGD(_groups(M, lrs), momentum=0.9)


def _trace(opt):
    """Each group's lr and its momentum (or β1): what a scheduler sets."""
    return [(g["lr"], g["betas"][0] if "betas" in g else g["momentum"]) for g in opt.param_groups]


def run(M, make, steps, kind="sgd", metrics=None):
    """The (lr, momentum) of every group after construction and after each of ``steps`` steps."""
    opt = _optimizer(M, kind)
    s = make(M.optim.lr_scheduler, opt)
    out = [_trace(opt)]
    for t in range(steps):
        opt.step()
        s.step() if metrics is None else s.step(metrics[t])
        out.append(_trace(opt))
        assert s.get_last_lr() == [g["lr"] for g in opt.param_groups]
    return np.array(out, dtype=float)


# (id, make(lr_scheduler module, optimizer), steps, optimizer kind): the same code builds both sides.
PARITY = [
    ("ConstantLR", lambda S, o: S.ConstantLR(o, factor=0.25, total_iters=7), 30, "sgd"),
    ("MultiplicativeLR", lambda S, o: S.MultiplicativeLR(o, lambda t: 0.9 if t % 3 else 1.05), 40, "sgd"),
    ("MultiplicativeLR-list", lambda S, o: S.MultiplicativeLR(o, [lambda t: 0.95, lambda t: 0.9, lambda t: 1.01]),
     30, "sgd"),
    ("PolynomialLR", lambda S, o: S.PolynomialLR(o, total_iters=20, power=2.5), 30, "sgd"),
    ("CosineAnnealingWarmRestarts", lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=5, eta_min=0.001), 40, "sgd"),
    ("CosineAnnealingWarmRestarts-Tmult", lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2), 60, "sgd"),
    ("CyclicLR-triangular", lambda S, o: S.CyclicLR(o, base_lr=[0.01, 0.02, 0.001], max_lr=0.1, step_size_up=4,
                                                    step_size_down=6), 50, "sgd"),
    ("CyclicLR-triangular2", lambda S, o: S.CyclicLR(o, 0.01, [0.1, 0.2, 0.05], step_size_up=5,
                                                     mode="triangular2", base_momentum=0.7), 60, "sgd"),
    ("CyclicLR-exp_range", lambda S, o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, mode="exp_range", gamma=0.97),
     50, "sgd"),
    ("CyclicLR-adam", lambda S, o: S.CyclicLR(o, 0.001, 0.01, step_size_up=4, base_momentum=0.8,
                                              max_momentum=[0.9, 0.95, 0.99]), 40, "adam"),
    ("CyclicLR-scale_fn-cycle", lambda S, o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, scale_fn=lambda x: 1 / x,
                                                        cycle_momentum=False), 40, "sgd"),
    ("CyclicLR-scale_fn-iterations", lambda S, o: S.CyclicLR(o, 0.01, 0.1, step_size_up=2, step_size_down=5,
                                                             scale_fn=lambda x: 0.99**x, scale_mode="iterations"),
     40, "sgd"),
    ("OneCycleLR-cos", lambda S, o: S.OneCycleLR(o, max_lr=[0.1, 0.5, 0.05], total_steps=50), 50, "sgd"),
    ("OneCycleLR-linear-3phase", lambda S, o: S.OneCycleLR(o, 0.2, epochs=6, steps_per_epoch=7, pct_start=0.25,
                                                           anneal_strategy="linear", three_phase=True,
                                                           div_factor=10.0, final_div_factor=100.0), 42, "sgd"),
    ("OneCycleLR-adam", lambda S, o: S.OneCycleLR(o, 0.01, total_steps=30, base_momentum=[0.8, 0.85, 0.7],
                                                  max_momentum=0.95, three_phase=True), 30, "adam"),
    ("OneCycleLR-no-momentum", lambda S, o: S.OneCycleLR(o, 0.3, total_steps=35, cycle_momentum=False), 35, "sgd"),
    ("SequentialLR", lambda S, o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5),
                                                     S.ExponentialLR(o, gamma=0.9),
                                                     S.CosineAnnealingLR(o, T_max=8, eta_min=0.002)],
                                                 milestones=[6, 15]), 40, "sgd"),
    ("SequentialLR-const-step", lambda S, o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.5, total_iters=3),
                                                                S.StepLR(o, step_size=4, gamma=0.5),
                                                                S.PolynomialLR(o, total_iters=10)],
                                                            milestones=[5, 20]), 40, "sgd"),
    ("ChainedScheduler", lambda S, o: S.ChainedScheduler([S.ConstantLR(o, factor=0.3, total_iters=4),
                                                          S.ExponentialLR(o, gamma=0.95),
                                                          S.MultiStepLR(o, milestones=[10, 20], gamma=0.5)]),
     30, "sgd"),
]


@pytest.mark.parametrize("name,make,steps,kind", PARITY, ids=[p[0] for p in PARITY])
def test_schedule_matches_pytorch(name, make, steps, kind):
    torch = pytest.importorskip("torch")
    ours, theirs = run(gg, make, steps, kind), run(torch, make, steps, kind)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.95, 0.96, 0.8, 0.8, 0.81, 0.82, 0.83, 0.84, 0.79, 0.85, 0.86, 0.87, 0.88,
                   0.89, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97]
PLATEAU = [
    ("min-rel", lambda S, o: S.ReduceLROnPlateau(o, factor=0.5, patience=2)),
    ("min-abs-cooldown", lambda S, o: S.ReduceLROnPlateau(o, factor=0.3, patience=1, threshold=0.05,
                                                          threshold_mode="abs", cooldown=2, min_lr=[0.01, 0.0, 0.02])),
    ("max-rel", lambda S, o: S.ReduceLROnPlateau(o, mode="max", patience=0, threshold=0.01, min_lr=0.005)),
    ("max-abs-eps", lambda S, o: S.ReduceLROnPlateau(o, mode="max", factor=0.9, patience=1, threshold_mode="abs",
                                                     eps=0.005)),
]


@pytest.mark.parametrize("name,make", PLATEAU, ids=[p[0] for p in PLATEAU])
def test_reduce_lr_on_plateau_matches_pytorch(name, make):
    torch = pytest.importorskip("torch")
    n = len(PLATEAU_METRICS)
    np.testing.assert_allclose(run(gg, make, n, metrics=PLATEAU_METRICS),
                               run(torch, make, n, metrics=PLATEAU_METRICS), rtol=1e-12, atol=0)


def test_reduce_lr_on_plateau_scripted():
    opt = gg.optim.SGD([gg.zeros(1, requires_grad=True)], lr=1.0)
    s = sched.ReduceLROnPlateau(opt, factor=0.5, patience=1, cooldown=1, min_lr=0.2)
    assert not isinstance(s, sched.CosineAnnealingLR) and s.get_last_lr() == [1.0]
    # best 3 (epoch 1), then 2 bad epochs > patience 1 -> halve; 1 cooldown epoch; 2 bad -> halve; clamp to 0.2.
    lrs = []
    for m in [3, 4, 4, 5, 5, 5, 2, 5, 5, 5, 5, 5, 5]:
        s.step(gg.tensor(float(m)))
        lrs.append(s.get_last_lr()[0])
    assert lrs == [1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2]
    assert s.best == 2 and s.last_epoch == 13


def test_cosine_warm_restarts_fractional_epochs_match_pytorch():
    torch = pytest.importorskip("torch")
    epochs = [e + b / 4 for e in range(12) for b in range(4)] + [3.3, 0.5, 30.25, 7.0]

    def go(M):
        opt = _optimizer(M, "sgd")
        s = M.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=3, eta_min=0.01)
        out = []
        for e in epochs:
            s.step(e)
            out.append((s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch))
        s.step()  # then on by one epoch from there
        return out + [(s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch)]

    for (a, *ra), (b, *rb) in zip(go(gg), go(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
        assert ra == pytest.approx(rb, rel=1e-12)


def test_step_epoch_uses_the_closed_form_like_pytorch():
    torch = pytest.importorskip("torch")

    def go(M):
        S, opt = M.optim.lr_scheduler, _optimizer(M, "sgd")
        ss = [S.StepLR(opt, 3, 0.5), S.ExponentialLR(opt, 0.9), S.LinearLR(opt, 0.2, 0.9, 6),
              S.PolynomialLR(opt, 8, 2.0), S.ConstantLR(opt, 0.5, 4), S.MultiStepLR(opt, [2, 5, 5], 0.5),
              S.CosineAnnealingLR(opt, 9)]
        out = []
        for s in ss:
            for e in (4, 7, 2, 10):
                with pytest.warns(UserWarning):
                    s.step(e)
                out.append(s.get_last_lr())
        return np.array(out)

    np.testing.assert_allclose(go(gg), go(torch), rtol=1e-12, atol=0)


def test_new_schedules_match_closed_forms():
    def tri(b, t, lo=0.01, hi=0.1, up=4, down=6):
        c = t % (up + down)
        return lo + (hi - lo) * (c / up if c <= up else (up + down - c) / down)

    def sgdr(b, t, T0=3, mult=2, lo=0.001):
        Ti = T0
        while t >= Ti:
            t, Ti = t - Ti, Ti * mult
        return lo + (b - lo) * (1 + math.cos(math.pi * t / Ti)) / 2

    def one_cycle_linear(b, t, n=40, pct=0.25):  # max_lr 0.2, div 10 -> initial 0.02, final div 100 -> min 2e-4
        up = pct * n - 1
        if t <= up:
            return 0.02 + (0.2 - 0.02) * t / up
        return 0.2 + (2e-4 - 0.2) * (t - up) / (n - 1 - up)

    def seq(b, t):  # LinearLR(0.5 -> 1 over 4) for t < 6, then ExponentialLR(0.8) from its epoch 0
        return b * (0.5 + 0.5 * min(t, 4) / 4) if t < 6 else b * 0.8 ** (t - 6)

    cases = [
        (lambda o: sched.ConstantLR(o, factor=0.2, total_iters=6), lambda b, t: b * (0.2 if t < 6 else 1.0)),
        (lambda o: sched.MultiplicativeLR(o, lambda t: 0.9), lambda b, t: b * 0.9**t),
        (lambda o: sched.PolynomialLR(o, total_iters=12, power=3.0), lambda b, t: b * (1 - min(t, 12) / 12) ** 3),
        (lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001), sgdr),
        (lambda o: sched.CyclicLR(o, 0.01, 0.1, step_size_up=4, step_size_down=6, cycle_momentum=False), tri),
        (lambda o: sched.OneCycleLR(o, 0.2, total_steps=40, pct_start=0.25, anneal_strategy="linear",
                                    div_factor=10.0, final_div_factor=100.0), one_cycle_linear),
        (lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.5, total_iters=4),
                                          sched.ExponentialLR(o, gamma=0.8)], milestones=[6]), seq),
        (lambda o: sched.ChainedScheduler([sched.ConstantLR(o, factor=0.5, total_iters=3),
                                           sched.ExponentialLR(o, gamma=0.9)]),
         lambda b, t: b * 0.9**t * (0.5 if t < 3 else 1.0)),
    ]
    for make, formula in cases:
        np.testing.assert_allclose(lrs_over(make, 30), closed(formula, 30),
                                   rtol=1e-12, atol=1e-15)


def test_cyclic_and_one_cycle_set_momentum():
    opt = gg.optim.SGD([gg.zeros(1, requires_grad=True)], lr=0.1, momentum=0.5)
    s = sched.CyclicLR(opt, 0.01, 0.1, step_size_up=2, base_momentum=0.8, max_momentum=0.9)
    ms = [opt.param_groups[0]["momentum"]]
    for _ in range(4):
        s.step()
        ms.append(opt.param_groups[0]["momentum"])
    np.testing.assert_allclose(ms, [0.9, 0.85, 0.8, 0.85, 0.9], rtol=1e-12)
    adam = gg.optim.Adam([gg.zeros(1, requires_grad=True)], betas=(0.5, 0.99))
    sched.OneCycleLR(adam, 0.01, total_steps=10)
    assert adam.param_groups[0]["betas"] == (0.95, 0.99)
    with pytest.raises(ValueError, match="Adagrad"):
        sched.CyclicLR(gg.optim.Adagrad([gg.zeros(1, requires_grad=True)]), 0.01, 0.1)


def test_one_cycle_raises_past_total_steps():
    opt = gg.optim.SGD([gg.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    s = sched.OneCycleLR(opt, 0.1, epochs=2, steps_per_epoch=3)
    for _ in range(6):
        s.step()
    with pytest.raises(ValueError, match=r"OneCycleLR: stepped 7 times, past total_steps=6"):
        s.step()


def _fresh(kind):
    return _optimizer(gg, kind)


STATE = [(p[0], p[1], p[2], p[3], None) for p in PARITY] + \
    [("ReduceLROnPlateau-" + p[0], p[1], len(PLATEAU_METRICS), "sgd", PLATEAU_METRICS) for p in PLATEAU]


@pytest.mark.parametrize("name,make,steps,kind,metrics", STATE, ids=[s[0] for s in STATE])
def test_new_schedulers_state_dict_round_trip(name, make, steps, kind, metrics):
    whole = run(gg, make, steps, kind, metrics)
    half = steps // 2
    opt = _fresh(kind)
    s = make(sched, opt)
    for t in range(half):
        opt.step()
        s.step() if metrics is None else s.step(metrics[t])
    sd_opt, sd = opt.state_dict(), s.state_dict()
    assert "optimizer" not in sd and not any(callable(v) for v in sd.values())
    # Resume as a script does: new optimizer and scheduler, then both states loaded.
    opt2 = _fresh(kind)
    s2 = make(sched, opt2)
    opt2.load_state_dict(sd_opt)
    s2.load_state_dict(sd)
    rest = [_trace(opt2)]
    for t in range(half, steps):
        opt2.step()
        s2.step() if metrics is None else s2.step(metrics[t])
        rest.append(_trace(opt2))
    np.testing.assert_array_equal(np.array(rest, dtype=float), whole[half:])


def test_new_schedulers_bad_arguments():
    opt = gg.optim.SGD([gg.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    bad = [
        (lambda: sched.ConstantLR(opt, factor=1.5), "ConstantLR.*1.5"),
        (lambda: sched.MultiplicativeLR(opt, [lambda t: 1.0, lambda t: 1.0]), "MultiplicativeLR.*2"),
        (lambda: sched.CosineAnnealingWarmRestarts(opt, T_0=0), "CosineAnnealingWarmRestarts.*T_0.*0"),
        (lambda: sched.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=0), "CosineAnnealingWarmRestarts.*T_mult"),
        (lambda: sched.CyclicLR(opt, 0.01, 0.1, mode="square"), "CyclicLR.*'square'"),
        (lambda: sched.CyclicLR(opt, [0.01, 0.02], 0.1), "CyclicLR.*base_lr.*2"),
        (lambda: sched.CyclicLR(opt, 0.01, 0.1, step_size_up=0), "CyclicLR.*step_size"),
        (lambda: sched.OneCycleLR(opt, 0.1), "OneCycleLR.*total_steps"),
        (lambda: sched.OneCycleLR(opt, 0.1, total_steps=-3), "OneCycleLR.*-3"),
        (lambda: sched.OneCycleLR(opt, 0.1, epochs=2, steps_per_epoch=0), "OneCycleLR.*steps_per_epoch.*0"),
        (lambda: sched.OneCycleLR(opt, 0.1, total_steps=10, pct_start=1.5), "OneCycleLR.*1.5"),
        (lambda: sched.OneCycleLR(opt, 0.1, total_steps=10, anneal_strategy="cosine"), "OneCycleLR.*'cosine'"),
        (lambda: sched.ReduceLROnPlateau(opt, factor=1.0), "ReduceLROnPlateau.*1.0"),
        (lambda: sched.ReduceLROnPlateau(opt, mode="lowest"), "ReduceLROnPlateau.*'lowest'"),
        (lambda: sched.ReduceLROnPlateau(opt, threshold_mode="pct"), "ReduceLROnPlateau.*'pct'"),
        (lambda: sched.ReduceLROnPlateau(opt, min_lr=[0.1, 0.2]), "ReduceLROnPlateau.*min_lr.*2"),
        (lambda: sched.SequentialLR(opt, [], []), "SequentialLR.*none"),
        (lambda: sched.SequentialLR(opt, [sched.StepLR(opt, 2)], [3]), "SequentialLR.*0 milestones.*1"),
        (lambda: sched.SequentialLR(opt, [sched.ReduceLROnPlateau(opt)], []), "SequentialLR.*ReduceLROnPlateau"),
        (lambda: sched.ChainedScheduler([]), "ChainedScheduler.*none"),
        (lambda: sched.ChainedScheduler([sched.StepLR(opt, 2), sched.StepLR(_fresh("sgd"), 2)]),
         "ChainedScheduler.*index 1"),
    ]
    for make, msg in bad:
        with pytest.raises(ValueError, match=msg):
            make()
    with pytest.raises(TypeError, match="MultiplicativeLR.*int"):
        sched.MultiplicativeLR(opt, 3)
    with pytest.raises(TypeError, match="OneCycleLR.*object"):
        sched.OneCycleLR(object(), 0.1, total_steps=5)
    with pytest.raises(TypeError, match="ReduceLROnPlateau.*list"):
        sched.ReduceLROnPlateau([], factor=0.5)
    s = sched.CosineAnnealingWarmRestarts(opt, T_0=2)
    with pytest.raises(ValueError, match="CosineAnnealingWarmRestarts.*-1"):
        s.step(-1)


def test_exports():
    for name in ("ConstantLR", "MultiplicativeLR", "PolynomialLR", "CosineAnnealingWarmRestarts", "CyclicLR",
                 "OneCycleLR", "ReduceLROnPlateau", "SequentialLR", "ChainedScheduler"):
        assert name in sched.__all__ and issubclass(getattr(gg.optim.lr_scheduler, name), sched.LRScheduler)
    assert set(sched.__all__) <= set(vars(sched))
