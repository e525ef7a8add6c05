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


# ---- added by the conv branch (issue 18): the PyTorch MNIST example's CNN ----

BN_PLACEMENTS = ("none", "before", "after")


def cnn_layers(features, classes, batchnorm="none"):
    """The PyTorch MNIST example's network on flattened square images of ``features`` pixels:
    Conv2d(1, 32, 3)-ReLU-Conv2d(32, 64, 3)-ReLU-MaxPool2d(2)-Dropout(0.25)-Flatten-Linear(.., 128)-ReLU-
    Dropout(0.5)-Linear(128, classes). ``batchnorm`` 'before' or 'after' adds BatchNorm after each conv and
    the hidden Linear, before or after its ReLU (the lecture's "where to put the batch norm")."""
    from . import nn
    if batchnorm not in BN_PLACEMENTS:
        raise ValueError(f"cnn: batchnorm must be one of {', '.join(BN_PLACEMENTS)}, got {batchnorm!r}")
    side = int(round(features ** 0.5))
    if side * side != features or side < 6:
        raise ValueError(f"cnn: needs square images of at least 6x6 pixels, got {features} features")
    pooled = (side - 4) // 2

    def block(layer, bn, width):
        norm = [bn(width)] if batchnorm != "none" else []
        return [layer] + (norm + [nn.ReLU()] if batchnorm == "before" else [nn.ReLU()] + norm)
    return [nn.Unflatten(1, (1, side, side)),
            *block(nn.Conv2d(1, 32, 3, 1), nn.BatchNorm2d, 32),
            *block(nn.Conv2d(32, 64, 3, 1), nn.BatchNorm2d, 64),
            nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(1),
            *block(nn.Linear(64 * pooled * pooled, 128), nn.BatchNorm1d, 128),
            nn.Dropout(0.5), nn.Linear(128, classes)]
