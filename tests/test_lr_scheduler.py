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
