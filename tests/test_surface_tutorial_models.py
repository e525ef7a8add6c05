"""Two more of PyTorch's example scripts (issue 17), written as PyTorch has them (examples/vae and
examples/reinforcement_learning/reinforce.py, scaled down), run with ``import graphgrad as torch``:
a variational autoencoder and a REINFORCE policy gradient with ``distributions.Categorical``.
Each script is a function of the ``torch`` module it runs with, so that where PyTorch is installed
the very same code runs on it too: after copying the weights, a deterministic quantity agrees."""
from collections import deque

import numpy as np
import pytest

import graphgrad


def vae_script(torch):
    """examples/vae/main.py: Linear encoder and decoder, the reparameterisation trick, BCE + KL."""
    nn = torch.nn
    F = torch.nn.functional
    D, H, Z = 16, 12, 2

    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(D, H)
            self.fc21 = nn.Linear(H, Z)
            self.fc22 = nn.Linear(H, Z)
            self.fc3 = nn.Linear(Z, H)
            self.fc4 = nn.Linear(H, D)

        def encode(self, x):
            h1 = F.relu(self.fc1(x))
            return self.fc21(h1), self.fc22(h1)

        def reparameterize(self, mu, logvar):
            std = torch.exp(0.5 * logvar)
            eps = torch.randn_like(std)
            return mu + eps * std

        def decode(self, z):
            h3 = F.relu(self.fc3(z))
            return torch.sigmoid(self.fc4(h3))

        def forward(self, x):
            mu, logvar = self.encode(x.view(-1, D))
            z = self.reparameterize(mu, logvar)
            return self.decode(z), mu, logvar

    def loss_function(recon_x, x, mu, logvar):
        BCE = F.binary_cross_entropy(recon_x, x.view(-1, D), reduction="sum")
        KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return BCE + KLD

    return VAE, loss_function


def _vae_data():
    # two binary prototypes with 10% of the pixels flipped: a latent space of two clusters
    rng = np.random.default_rng(0)
    protos = np.array([[1.0] * 8 + [0.0] * 8, [0.0, 1.0] * 8])
    x = protos[rng.integers(0, 2, 64)]
    flip = rng.random(x.shape) < 0.1
    return np.where(flip, 1 - x, x).astype(np.float32)


def test_vae_trains():
    torch = graphgrad
    torch.manual_seed(0)
    VAE, loss_function = vae_script(torch)
    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    data = torch.from_numpy(_vae_data())
    losses = []
    model.train()
    for epoch in range(40):
        for batch_idx in range(4):
            x = data[batch_idx * 16:(batch_idx + 1) * 16]
            optimizer.zero_grad()
            recon_batch, mu, logvar = model(x)
            loss = loss_function(recon_batch, x, mu, logvar)
            loss.backward()
            optimizer.step()
            losses.append(loss.item() / len(x))
    assert np.mean(losses[-8:]) < 0.7 * np.mean(losses[:8]), (losses[:8], losses[-8:])
    with torch.no_grad():
        sample = model.decode(torch.randn(4, 2))
    assert tuple(sample.shape) == (4, 16) and 0 <= sample.min().item() and sample.max().item() <= 1


def _copy_weights(source, target, torch):
    target.load_state_dict({k: torch.tensor(v.detach().numpy()) for k, v in source.state_dict().items()})


def test_vae_matches_torch():
    """The first loss (with z = mu, the deterministic part) and its gradients, after copying weights."""
    torch = pytest.importorskip("torch")
    results = []
    graphgrad.manual_seed(0)
    ours = vae_script(graphgrad)[0]()
    theirs = vae_script(torch)[0]()
    _copy_weights(ours, theirs, torch)
    for lib, model in ((graphgrad, ours), (torch, theirs)):
        loss_function = vae_script(lib)[1]
        x = lib.from_numpy(_vae_data()[:16])
        mu, logvar = model.encode(x)
        loss = loss_function(model.decode(mu), x, mu, logvar)
        loss.backward()
        results.append((loss.item(), model.fc1.weight.grad.numpy().copy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-5)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-4, atol=1e-5)


def reinforce_script(torch):
    """examples/reinforcement_learning/reinforce.py: a softmax policy, Categorical sampling,
    discounted returns, normalised, and -log_prob * R summed."""
    nn = torch.nn
    F = torch.nn.functional
    Categorical = torch.distributions.Categorical  # the script's `from torch.distributions import Categorical`
    gamma = 0.99
    eps = np.finfo(np.float32).eps.item()

    class Policy(nn.Module):
        def __init__(self, n_states, n_actions):
            super().__init__()
            self.affine1 = nn.Linear(n_states, 16)
            self.dropout = nn.Dropout(p=0.1)
            self.affine2 = nn.Linear(16, n_actions)
            self.saved_log_probs = []
            self.rewards = []

        def forward(self, x):
            x = self.affine1(x)
            x = self.dropout(x)
            x = F.relu(x)
            action_scores = self.affine2(x)
            return F.softmax(action_scores, dim=1)

    def select_action(policy, state):
        state = torch.from_numpy(state).float().unsqueeze(0)
        probs = policy(state)
        m = Categorical(probs)
        action = m.sample()
        policy.saved_log_probs.append(m.log_prob(action))
        return action.item()

    def finish_episode(policy, optimizer):
        R = 0
        policy_loss = []
        returns = deque()
        for r in policy.rewards[::-1]:
            R = r + gamma * R
            returns.appendleft(R)
        returns = torch.tensor(returns)
        returns = (returns - returns.mean()) / (returns.std() + eps)
        for log_prob, R in zip(policy.saved_log_probs, returns):
            policy_loss.append(-log_prob * R)
        optimizer.zero_grad()
        policy_loss = torch.cat(policy_loss).sum()
        policy_loss.backward()
        optimizer.step()
        del policy.rewards[:]
        del policy.saved_log_probs[:]
        return policy_loss

    return Policy, select_action, finish_episode


class Corridor:
    """A deterministic corridor of 6 cells: start in cell 1, action 1 steps right and 0 left (cell 0
    is a wall); reaching cell 5 ends the episode with reward 1, every step costs 0.05, and an
    episode stops after 12 steps. The state is the one-hot cell."""
    n_states, n_actions = 6, 2

    def reset(self):
        self.pos, self.t = 1, 0
        return self._state()

    def _state(self):
        s = np.zeros(self.n_states, dtype=np.float32)
        s[self.pos] = 1
        return s

    def step(self, action):
        self.pos = max(0, self.pos + (1 if action == 1 else -1))
        self.t += 1
        done = self.pos == self.n_states - 1
        reward = 1.0 if done else -0.05
        return self._state(), reward, done or self.t >= 12


def test_reinforce_improves_the_return():
    torch = graphgrad
    torch.manual_seed(0)
    Policy, select_action, finish_episode = reinforce_script(torch)
    env = Corridor()
    policy = Policy(env.n_states, env.n_actions)
    optimizer = torch.optim.Adam(policy.parameters(), lr=3e-2)
    episode_returns = []
    for i_episode in range(60):
        state, ep_reward = env.reset(), 0
        for t in range(1, 100):
            action = select_action(policy, state)
            state, reward, done = env.step(action)
            policy.rewards.append(reward)
            ep_reward += reward
            if done:
                break
        episode_returns.append(ep_reward)
        finish_episode(policy, optimizer)
    first, last = np.mean(episode_returns[:10]), np.mean(episode_returns[-10:])
    assert last > first + 0.2 and last > 0.7, (first, last)


def test_reinforce_matches_torch():
    """Policy probabilities (eval mode) and the policy loss of one fixed episode, after copying weights."""
    torch = pytest.importorskip("torch")
    graphgrad.manual_seed(0)
    ours, theirs = reinforce_script(graphgrad)[0](6, 2), reinforce_script(torch)[0](6, 2)
    _copy_weights(ours, theirs, torch)
    state = np.eye(6, dtype=np.float32)
    actions, rewards = [1, 0, 1, 1, 1, 1], [-0.05, -0.05, -0.05, -0.05, -0.05, 1.0]
    results = []
    for lib, policy in ((graphgrad, ours), (torch, theirs)):
        finish_episode = reinforce_script(lib)[2]
        Categorical = lib.distributions.Categorical
        policy.eval()
        probs = policy(lib.from_numpy(state))
        m = Categorical(probs)
        policy.saved_log_probs = [m.log_prob(lib.tensor(a))[[i]] for i, a in enumerate(actions)]
        policy.rewards = list(rewards)
        loss = finish_episode(policy, lib.optim.SGD(policy.parameters(), lr=0.0))
        results.append((probs.detach().numpy(), m.entropy().detach().numpy(), loss.item(),
                        policy.affine1.weight.grad.numpy().copy()))
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
