"""The multilayer perceptrons the trainer, the figures and the benchmarks build and evaluate, in one place."""
import numpy as np

ACTIVATIONS = ("relu", "tanh", "sigmoid")
INITS = {"classic": "classic_uniform_", "xavier": "xavier_uniform_", "he": "kaiming_uniform_"}


def mlp_layers(sizes, activation="relu", batchnorm=False, dropout=0.0):
    """Layers of Linear(+BatchNorm1d)+activation(+Dropout) blocks for ``sizes[:-1]`` and a final Linear
    to ``sizes[-1]``, as a flat list (wrap it in ``nn.Sequential``)."""
    from . import nn
    if activation not in ACTIVATIONS:
        raise ValueError(f"mlp: activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[activation]
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers += [nn.BatchNorm1d(b)] if batchnorm else []
            layers.append(act())
            layers += [nn.Dropout(dropout)] if dropout > 0 else []
    return layers


def init_weights(model, init, nonlinearity="relu"):
    """The lecture's initialisations for every Linear weight (biases to 0): classic
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)), Xavier/Glorot uniform, or He/Kaiming uniform."""
    from . import nn
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, got {init!r}")
    fn = getattr(nn.init, INITS[init])
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if init == "he":
                fn(m.weight, nonlinearity=nonlinearity)
            else:
                fn(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def evaluate(model, x, y, batch_size=1000):
    """(mean cross-entropy, accuracy, predictions) on arrays x, y without building a graph."""
    from . import from_numpy, no_grad
    from .nn import functional as F
    model.eval()
    loss, preds = 0.0, []
    with no_grad():
        for i in range(0, len(x), batch_size):
            logits = model(from_numpy(x[i:i + batch_size]))
            loss += F.cross_entropy(logits, from_numpy(y[i:i + batch_size])).item() * len(logits)
            preds.append(logits.argmax(1).numpy())
    model.train()
    pred = np.concatenate(preds)
    return loss / len(x), float((pred == y).mean()), pred
