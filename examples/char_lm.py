"""A character-level language model: embedding -> 2-layer LSTM -> linear, trained with truncated
backpropagation through time on Python's own documentation (the pydoc topics that ship with
every CPython, so it runs offline). Prints the validation perplexity after each epoch and a
sample at the end.

Run:  python examples/char_lm.py [--epochs 3] [--chars 300000]
"""
import argparse
import time

import numpy as np
import pydoc_data.topics

import graphgrad as gg
import graphgrad.nn as nn
import graphgrad.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--chars", type=int, default=300_000, help="characters of the corpus to use")
parser.add_argument("--seq", type=int, default=64)
parser.add_argument("--batch", type=int, default=32)
parser.add_argument("--hidden", type=int, default=256)
args = parser.parse_args()

gg.manual_seed(0)
text = "\n".join(pydoc_data.topics.topics[k] for k in sorted(pydoc_data.topics.topics))[: args.chars]
vocab = sorted(set(text))
index = {c: i for i, c in enumerate(vocab)}
data = np.array([index[c] for c in text], dtype=np.int64)
split = int(0.9 * len(data))
print(f"{len(data)} characters, vocabulary {len(vocab)}")


def batches(ids):
    """(inputs, targets) of shape (seq, batch): the stream cut into `batch` rows, walked in order,
    so each batch continues the previous one (the LSTM state is carried over, detached)."""
    n = (len(ids) - 1) // args.batch
    x, y = ids[: n * args.batch].reshape(args.batch, n).T, ids[1: n * args.batch + 1].reshape(args.batch, n).T
    for t in range(0, n - args.seq + 1, args.seq):
        yield gg.tensor(np.ascontiguousarray(x[t:t + args.seq])), gg.tensor(np.ascontiguousarray(y[t:t + args.seq]))


class CharLM(nn.Module):
    def __init__(self, vocab_size, hidden):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, 64)
        self.lstm = nn.LSTM(64, hidden, num_layers=2, dropout=0.1)
        self.head = nn.Linear(hidden, vocab_size)

    def forward(self, x, state=None):
        out, state = self.lstm(self.embed(x), state)
        return self.head(out), state


model = CharLM(len(vocab), args.hidden)
optimizer = gg.optim.Adam(model.parameters(), lr=3e-3)


def detach(state):
    return tuple(s.detach() for s in state)


for epoch in range(args.epochs):
    model.train()
    start, state = time.perf_counter(), None
    for x, y in batches(data[:split]):
        logits, state = model(x, state)
        state = detach(state)
        loss = F.cross_entropy(logits.reshape(-1, len(vocab)), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    model.eval()
    total, count, state = 0.0, 0, None
    with gg.no_grad():
        for x, y in batches(data[split:]):
            logits, state = model(x, state)
            total += F.cross_entropy(logits.reshape(-1, len(vocab)), y.reshape(-1), reduction="sum").item()
            count += y.numel()
    print(f"epoch {epoch + 1}: validation perplexity {np.exp(total / count):.2f} "
          f"({time.perf_counter() - start:.1f} s)")

# Sample 300 characters, one step at a time, from the model's distribution (temperature 0.8).
rng = np.random.default_rng(0)
ch, state, out = index["T"], None, ["T"]
with gg.no_grad():
    for _ in range(300):
        logits, state = model(gg.tensor([[ch]]), state)
        p = np.exp(logits.numpy()[0, 0] / 0.8 - (logits.numpy()[0, 0] / 0.8).max())
        ch = int(rng.choice(len(vocab), p=p / p.sum()))
        out.append(vocab[ch])
print("sample:\n" + "".join(out))
