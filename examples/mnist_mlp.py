"""Train a multilayer perceptron on MNIST with graphgrad: the whole loop in one page.

Run:  python examples/mnist_mlp.py      (needs the MNIST files: python -m graphgrad fetch)
"""
import numpy as np

import graphgrad as gg
import graphgrad.nn as nn
import graphgrad.nn.functional as F
from graphgrad.data import DataLoader, TensorDataset

gg.manual_seed(0)
(x_train, y_train), (x_test, y_test) = gg.datasets.load_mnist()
# Pixels 0..255 -> float32 rows of 784, standardised with the training set's mean and std.
mean, std = x_train.mean(), x_train.std()
x_train = ((x_train.reshape(-1, 784) - mean) / std).astype(np.float32)
x_test = ((x_test.reshape(-1, 784) - mean) / std).astype(np.float32)

model = nn.Sequential(
    nn.Linear(784, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Dropout(0.2),
    nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.2),
    nn.Linear(256, 10),
)
optimizer = gg.optim.Adam(model.parameters(), lr=1e-3)
loader = DataLoader(TensorDataset(x_train, y_train), batch_size=128, shuffle=True, seed=0)

for epoch in range(5):
    model.train()
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    model.eval()                      # BatchNorm uses its running statistics, Dropout is off
    with gg.no_grad():
        predicted = model(gg.from_numpy(x_test)).argmax(1).numpy()
    print(f"epoch {epoch + 1}: last batch loss {loss.item():.4f}, "
          f"test accuracy {100 * (predicted == y_test).mean():.2f}%")

gg.save(model.state_dict(), "mnist_mlp.safetensors")
