"""PyTorch tutorial code run unchanged with ``import graphgrad as torch`` (issue 17): the "learning
PyTorch with examples" polynomial fit with raw tensors and autograd, with nn and optim, and with a
custom autograd.Function, plus the evaluation idioms of the quickstart classifier."""
import math

import graphgrad as torch
import graphgrad.nn as nn

dtype = torch.float
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")


def _data():
    x = torch.linspace(-math.pi, math.pi, 200, device=device, dtype=dtype)
    return x, torch.sin(x)


def test_raw_tensors_and_autograd():
    torch.manual_seed(0)
    x, y = _data()
    a, b, c, d = (torch.randn((), device=device, dtype=dtype, requires_grad=True) for _ in range(4))
    learning_rate = 1e-6
    for t in range(300):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        loss = (y_pred - y).pow(2).sum()
        if t == 0:
            first = loss.item()
        loss.backward()
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    assert loss.item() < first
    assert f"Result: y = {a.item():.3f} + {b.item():.3f} x".startswith("Result: y = ")


def test_nn_and_optim():
    torch.manual_seed(0)
    x, y = _data()
    # The tutorial's x.unsqueeze(-1).pow(torch.tensor([1, 2, 3])) needs pow with a tensor exponent
    # (issue 17, not yet in the core): the same features by stacking.
    xx = torch.stack([x, x ** 2, x ** 3], -1)
    model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))
    loss_fn = nn.MSELoss(reduction="sum")
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
    for t in range(200):
        y_pred = model(xx)
        loss = loss_fn(y_pred, y)
        if t == 0:
            first = loss.item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert loss.item() < first / 3
    linear_layer = model[0]
    assert "{:.2f}".format(linear_layer.bias.sum()) == f"{linear_layer.bias.item():.2f}"


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


def test_custom_autograd_function():
    torch.manual_seed(0)
    x, y = _data()
    a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
    b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
    c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
    d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)
    learning_rate = 5e-6
    for t in range(300):
        P3 = LegendrePolynomial3.apply
        y_pred = a + b * P3(c + d * x)
        loss = (y_pred - y).pow(2).sum()
        if t == 0:
            first = loss.item()
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c, d):
                p -= learning_rate * p.grad
                p.grad = None
    assert loss.item() < first


def test_quickstart_evaluation_idioms():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 8), nn.ReLU(inplace=True), nn.Linear(8, 3)).to(device)
    X = torch.randn(16, 2, 2, device=device)
    y = torch.randint(0, 3, (16,), device=device)
    loss_fn = nn.CrossEntropyLoss()
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        X, y = X.to(device), y.to(device)
        pred = model(X)
        test_loss += loss_fn(pred, y).item()
        correct += (pred.argmax(1) == y).type(torch.float).sum().item()
        correct2 = pred.argmax(dim=1, keepdim=True).eq(y.view_as(pred.argmax(dim=1, keepdim=True))).sum().item()
    assert correct == correct2 and 0 <= correct <= 16
    classes = ["a", "b", "c"]
    assert classes[pred[0].argmax(0)] in classes
    assert f"Accuracy: {(100 * correct / 16):>0.1f}%, Avg loss: {test_loss:>8f}".startswith("Accuracy")
