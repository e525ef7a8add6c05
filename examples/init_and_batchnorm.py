"""Why initialisation and batch normalisation matter, in numbers (no plotting needed).

1. Push standard normal inputs through 10 fresh Linear+activation layers and watch the spread of the
   activations: the classic init U(-1/sqrt(n), 1/sqrt(n)) lets it shrink layer by layer, Xavier keeps
   tanh alive, He keeps ReLU alive.
2. Train the same deep sigmoid network with and without BatchNorm1d for a few hundred steps.

`python -m graphgrad figures` draws the same experiments as images.
Run:  python examples/init_and_batchnorm.py
"""
import numpy as np

import graphgrad as gg
import graphgrad.nn as nn
import graphgrad.nn.functional as F
from graphgrad.data import DataLoader, TensorDataset
from graphgrad.viz import activation_stats

print("std of the activations after layers 1, 4, 7 and 10 at initialisation")
for activation in ("tanh", "relu"):
    for init in ("classic", "xavier", "he"):
        stds = [a.std() for a in activation_stats(activation, init, depth=10)]
        print(f"  {activation:4s} {init:7s}: " + "  ".join(f"{stds[k]:.2e}" for k in (0, 3, 6, 9)))

# A synthetic task: 10 Gaussian clusters in 100 dimensions.
rng = np.random.default_rng(0)
centres = rng.normal(size=(10, 100)).astype(np.float32)
labels = rng.integers(0, 10, size=4000)
inputs = (centres[labels] + rng.normal(size=(4000, 100))).astype(np.float32)


def deep_sigmoid_net(batchnorm):
    layers = []
    for n_in in (100, 64, 64, 64, 64):
        layers += [nn.Linear(n_in, 64)] + ([nn.BatchNorm1d(64)] if batchnorm else []) + [nn.Sigmoid()]
    return nn.Sequential(*layers, nn.Linear(64, 10))


print("\nmean training loss per epoch of a 5-hidden-layer sigmoid network (SGD, lr 0.5)")
for batchnorm in (False, True):
    gg.manual_seed(0)
    model = deep_sigmoid_net(batchnorm)
    optimizer = gg.optim.SGD(model.parameters(), lr=0.5)
    loader = DataLoader(TensorDataset(inputs, labels), batch_size=64, shuffle=True, seed=0)
    losses = []
    for epoch in range(5):
        total = 0.0
        for x, y in loader:
            loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    print(f"  {'with' if batchnorm else 'without':7s} BatchNorm: " + "  ".join(f"{v:.3f}" for v in losses))
