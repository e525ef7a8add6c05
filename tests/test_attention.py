"""Fused scaled-dot-product attention, MultiheadAttention and the Transformer layers: forward
against NumPy, gradients by gradcheck in float64 (and gradgradcheck through the composite
double backward), and against PyTorch after copying its state_dict."""
import itertools

import numpy as np
import pytest

import graphgrad as gg
import graphgrad.nn as nn
import graphgrad.nn.functional as F


def ref_sdpa(q, k, v, mask=None, causal=False, scale=None):
    s = q @ np.swapaxes(k, -1, -2) * (1 / np.sqrt(q.shape[-1]) if scale is None else scale)
    if causal:
        mask = np.tril(np.ones(s.shape[-2:], dtype=bool))
    if mask is not None:
        s = s + (np.where(mask, 0.0, -np.inf) if mask.dtype == bool else mask)
    s = s - s.max(-1, keepdims=True)
    p = np.exp(s)
    return (p / p.sum(-1, keepdims=True)) @ v


SHAPES = [((2, 3, 5, 4), (2, 3, 7, 4), 6), ((3, 300, 8), (3, 300, 8), 8), ((1, 70, 3), (1, 260, 3), 2)]


@pytest.mark.parametrize("shapes,mask_kind,scale", list(itertools.product(SHAPES, [None, "bool", "float", "causal"],
                                                                          [None, 0.3])))
def test_forward_matches_numpy(shapes, mask_kind, scale):
    rng = np.random.default_rng(0)
    qs, ks, ev = shapes
    q, k = rng.standard_normal(qs), rng.standard_normal(ks)
    v = rng.standard_normal(ks[:-1] + (ev,))
    L, S = qs[-2], ks[-2]
    mask = None
    if mask_kind == "bool":
        mask = rng.random((L, S)) > 0.3
        mask[:, 0] = True
    elif mask_kind == "float":
        mask = rng.standard_normal((1,) * (len(qs) - 2) + (L, S))
    for dt, tol in ((np.float64, 1e-10), (np.float32, 2e-5)):
        got = F.scaled_dot_product_attention(gg.tensor(q.astype(dt)), gg.tensor(k.astype(dt)), gg.tensor(v.astype(dt)),
                                             None if mask is None else gg.tensor(mask),
                                             is_causal=mask_kind == "causal", scale=scale)
        exp = ref_sdpa(q, k, v, mask, mask_kind == "causal", scale)
        np.testing.assert_allclose(got.numpy(), exp, rtol=tol, atol=tol)


@pytest.mark.parametrize("mask_kind", [None, "bool", "causal"])
def test_gradcheck_and_gradgradcheck(mask_kind):
    rng = np.random.default_rng(1)
    q = gg.tensor(rng.standard_normal((2, 3, 2)), requires_grad=True)
    k = gg.tensor(rng.standard_normal((2, 4, 2)), requires_grad=True)
    v = gg.tensor(rng.standard_normal((2, 4, 3)), requires_grad=True)
    mask = None
    if mask_kind == "bool":
        m = rng.random((3, 4)) > 0.4
        m[:, 1] = True
        mask = gg.tensor(m)

    def fn(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, mask, is_causal=mask_kind == "causal")

    assert gg.autograd.gradcheck(fn, [q, k, v])
    assert gg.autograd.gradgradcheck(fn, [q, k, v])


def test_blocked_gradients_match_composite():
    # Longer than one query and one key block: the online softmax and the block loop in backward.
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal((2, 130, 5)), rng.standard_normal((2, 300, 5)), rng.standard_normal((2, 300, 4))]
    w = gg.tensor(rng.standard_normal((2, 130, 4)))
    grads = []
    for fused in (True, False):
        xs = [gg.tensor(a, requires_grad=True) for a in arrays]
        if fused:
            out = F.scaled_dot_product_attention(*xs)
        else:
            out = gg.softmax((xs[0] @ xs[1].transpose(-2, -1)) * (1 / np.sqrt(5)), -1) @ xs[2]
        (out * w).sum().backward()
        grads.append([x.grad.numpy() for x in xs])
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_strided_heads_and_threads():
    rng = np.random.default_rng(3)
    x = gg.tensor(rng.standard_normal((2, 80, 4, 8)).astype(np.float32), requires_grad=True)
    res = []
    saved = gg.get_num_threads()
    try:
        for nt in (1, 2):
            gg.set_num_threads(nt)
            x.grad = None
            q = x.permute(0, 2, 1, 3)  # (B, H, L, E) view, rows 32 apart
            out = F.scaled_dot_product_attention(q, q, q, is_causal=True)
            out.sum().backward()
            res.append((out.numpy().copy(), x.grad.numpy().copy()))
    finally:
        gg.set_num_threads(saved)
    np.testing.assert_array_equal(res[0][0], res[1][0])
    np.testing.assert_array_equal(res[0][1], res[1][1])
    xq = x.numpy().transpose(0, 2, 1, 3).astype(np.float64)
    np.testing.assert_allclose(res[0][0], ref_sdpa(xq, xq, xq, causal=True), rtol=1e-4, atol=1e-5)


def _with_threads(nt, fn):
    saved = gg.get_num_threads()
    try:
        gg.set_num_threads(nt)
        return fn()
    finally:
        gg.set_num_threads(saved)


@pytest.mark.parametrize("mask_kind,lengths", [(None, (520, 300)), ("bool", (520, 300)), ("float", (61, 300)),
                                               ("causal", (520, 300)), ("causal", (70, 300))])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("dims", [(7, 5), (150, 130)])
def test_query_block_runs_threads_and_odd_sizes(mask_kind, lengths, dtype, dims):
    # One head of 520 queries is 9 query blocks, split in 4 runs (each transposing the keys once)
    # with 1 thread and 8 with 2: the results must be identical. 300 keys are two key blocks, the
    # second not a whole number of GEMM panels; E = 7 and Ev = 5 leave transpose remainders; a
    # causal head with fewer queries than keys never reads (nor gives gradients to) the late keys.
    # With E = 7 backward recomputes the probabilities, with E = 150 forward keeps them
    # (kernels/attention.h, attn_keeps_probs), each key block's rescaled at the end.
    rng = np.random.default_rng(10)
    (L, S), (E, Ev) = lengths, dims
    arrays = [rng.standard_normal((1, 1, L, E)), rng.standard_normal((1, 1, S, E)), rng.standard_normal((1, 1, S, Ev))]
    w = rng.standard_normal((1, 1, L, Ev))
    mask = None
    if mask_kind == "bool":
        mask = rng.random((L, S)) > 0.5
        mask[:, 3] = True
        mask[5] = False  # a query that sees no key: zeros, as PyTorch's fused CPU kernel gives
    elif mask_kind == "float":
        mask = rng.standard_normal((1, L, S))

    def run():
        xs = [gg.tensor(a.astype(dtype), requires_grad=True) for a in arrays]
        out = F.scaled_dot_product_attention(*xs, None if mask is None else gg.tensor(mask),
                                             is_causal=mask_kind == "causal")
        (out * gg.tensor(w.astype(dtype))).sum().backward()
        return [out.numpy().copy()] + [x.grad.numpy().copy() for x in xs]

    one, two = _with_threads(1, run), _with_threads(2, run)
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)
    # The composite of ops in float64 as the reference; its fully masked row (NaN there) is
    # unmasked and its probabilities multiplied by 0.
    xs = [gg.tensor(a, requires_grad=True) for a in arrays]
    s = (xs[0] @ xs[1].transpose(-2, -1)) * (1 / np.sqrt(E))
    if mask_kind == "causal":
        s = s + gg.tensor(np.where(np.tril(np.ones((L, S), dtype=bool)), 0.0, -np.inf))
    elif mask_kind == "bool":
        seen = mask.any(-1, keepdims=True)
        s = s + gg.tensor(np.where(mask | ~seen, 0.0, -np.inf))
    elif mask is not None:
        s = s + gg.tensor(mask)
    p = gg.softmax(s, -1)
    if mask_kind == "bool":
        p = p * gg.tensor(seen.astype(np.float64))
    out = p @ xs[2]
    (out * gg.tensor(w)).sum().backward()
    tol = 1e-10 if dtype == np.float64 else 2e-4
    for got, exp in zip(one, [out.numpy()] + [x.grad.numpy() for x in xs]):
        np.testing.assert_allclose(got, exp, rtol=tol, atol=tol)
    if mask_kind == "causal" and L < S:
        assert not one[2][..., L:, :].any() and not one[3][..., L:, :].any()


def test_dropout_and_errors():
    gg.manual_seed(0)
    q = gg.randn(2, 6, 4)
    out = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    assert out.shape == (2, 6, 4)
    full = F.scaled_dot_product_attention(q, q, q, dropout_p=1.0)
    np.testing.assert_array_equal(full.numpy(), 0)
    with pytest.raises(ValueError, match="scaled_dot_product_attention: query"):
        F.scaled_dot_product_attention(q, gg.randn(2, 6, 5), q)
    with pytest.raises(TypeError, match="scaled_dot_product_attention"):
        F.scaled_dot_product_attention(q, q.to(gg.float64), q)
    with pytest.raises(ValueError, match="attn_mask"):
        F.scaled_dot_product_attention(q, q, q, gg.ones(3, 3))
    with pytest.raises(ValueError, match="not both"):
        F.scaled_dot_product_attention(q, q, q, gg.ones(6, 6), is_causal=True)


def test_layer_norm_matches_numpy():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 4, 5))
    ln = nn.LayerNorm(5, dtype=gg.float64)
    got = ln(gg.tensor(x)).numpy()
    exp = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(got, exp, rtol=1e-10)
    w = gg.tensor(rng.standard_normal(5), requires_grad=True)
    assert gg.autograd.gradcheck(lambda x, w: F.layer_norm(x, (5,), w, None), [gg.tensor(x, requires_grad=True), w])


# ---- PyTorch parity ----

def _copy_into(torch, ours, theirs):
    theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in ours.state_dict().items()})


@pytest.mark.parametrize("batch_first,kdim,need_weights,average,masks", list(itertools.product(
    [False, True], [None, 6], [True, False], [True, False], ["none", "bool", "float", "kpm", "both"])))
def test_multihead_attention_matches_torch(batch_first, kdim, need_weights, average, masks):
    torch = pytest.importorskip("torch")
    if not need_weights and not average:
        pytest.skip("average_attn_weights only matters with need_weights")
    gg.manual_seed(5)
    ours = nn.MultiheadAttention(8, 2, kdim=kdim, vdim=kdim, batch_first=batch_first, dtype=gg.float64)
    theirs = torch.nn.MultiheadAttention(8, 2, kdim=kdim, vdim=kdim, batch_first=batch_first, dtype=torch.float64)
    _copy_into(torch, ours, theirs)
    rng = np.random.default_rng(6)
    L, S, N = 4, 5, 3
    shp = (lambda a, b, c: (b, a, c)) if batch_first else (lambda a, b, c: (a, b, c))
    q = rng.standard_normal(shp(L, N, 8))
    kv = rng.standard_normal(shp(S, N, kdim or 8))
    attn_mask = kpm = None
    if masks in ("bool", "both"):
        attn_mask = rng.random((L, S)) > 0.7
        attn_mask[:, 0] = False
    if masks == "float":
        attn_mask = rng.standard_normal((N * 2, L, S))
    if masks in ("kpm", "both"):
        kpm = np.zeros((N, S), dtype=bool)
        kpm[1, 3:] = True
    tq, tkv = torch.tensor(q, requires_grad=True), torch.tensor(kv, requires_grad=True)
    gq, gkv = gg.tensor(q, requires_grad=True), gg.tensor(kv, requires_grad=True)
    conv = lambda f, a: None if a is None else f(a)  # noqa: E731
    to, tw = theirs(tq, tkv, tkv, key_padding_mask=conv(torch.tensor, kpm), need_weights=need_weights,
                    attn_mask=conv(torch.tensor, attn_mask), average_attn_weights=average)
    go, gw = ours(gq, gkv, gkv, key_padding_mask=conv(gg.tensor, kpm), need_weights=need_weights,
                  attn_mask=conv(gg.tensor, attn_mask), average_attn_weights=average)
    np.testing.assert_allclose(go.numpy(), to.detach().numpy(), rtol=1e-9, atol=1e-11)
    if need_weights:
        np.testing.assert_allclose(gw.numpy(), tw.detach().numpy(), rtol=1e-9, atol=1e-11)
    else:
        assert gw is None
    w = rng.standard_normal(go.shape)
    (go * gg.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(gq.grad.numpy(), tq.grad.numpy(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(gkv.grad.numpy(), tkv.grad.numpy(), rtol=1e-8, atol=1e-10)
    tp = dict(theirs.named_parameters())
    for n, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), tp[n].grad.numpy(), rtol=1e-8, atol=1e-10, err_msg=n)


def test_self_attention_unbatched_and_causal():
    torch = pytest.importorskip("torch")
    ours = nn.MultiheadAttention(6, 3, dtype=gg.float64)
    theirs = torch.nn.MultiheadAttention(6, 3, dtype=torch.float64)
    _copy_into(torch, ours, theirs)
    x = np.random.default_rng(7).standard_normal((5, 6))
    mask = torch.nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
    gmask = nn.Transformer.generate_square_subsequent_mask(5, dtype=gg.float64)
    np.testing.assert_array_equal(gmask.numpy(), mask.numpy())
    go, _ = ours(gg.tensor(x), gg.tensor(x), gg.tensor(x), attn_mask=gmask, need_weights=False)
    to, _ = theirs(torch.tensor(x), torch.tensor(x), torch.tensor(x), attn_mask=mask, need_weights=False)
    np.testing.assert_allclose(go.numpy(), to.detach().numpy(), rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("norm_first,activation,batch_first", [(False, "relu", False), (True, "gelu", True)])
def test_transformer_matches_torch(norm_first, activation, batch_first):
    torch = pytest.importorskip("torch")
    gg.manual_seed(8)
    kw = dict(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=16, dropout=0.0,
              activation=activation, norm_first=norm_first, batch_first=batch_first)
    ours = nn.Transformer(**kw, dtype=gg.float64)
    theirs = torch.nn.Transformer(**kw, dtype=torch.float64)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    _copy_into(torch, ours, theirs)
    rng = np.random.default_rng(9)
    src = rng.standard_normal((5, 2, 8) if not batch_first else (2, 5, 8))
    tgt = rng.standard_normal((4, 2, 8) if not batch_first else (2, 4, 8))
    tmask = nn.Transformer.generate_square_subsequent_mask(4, dtype=gg.float64)
    kpm = np.zeros((2, 5), dtype=bool)
    kpm[0, 4] = True
    gs, gt = gg.tensor(src, requires_grad=True), gg.tensor(tgt, requires_grad=True)
    ts, tt = torch.tensor(src, requires_grad=True), torch.tensor(tgt, requires_grad=True)
    go = ours(gs, gt, tgt_mask=tmask, src_key_padding_mask=gg.tensor(kpm), memory_key_padding_mask=gg.tensor(kpm))
    to = theirs(ts, tt, tgt_mask=torch.tensor(tmask.numpy()), src_key_padding_mask=torch.tensor(kpm),
                memory_key_padding_mask=torch.tensor(kpm))
    np.testing.assert_allclose(go.numpy(), to.detach().numpy(), rtol=1e-8, atol=1e-10)
    go.sum().backward()
    to.sum().backward()
    np.testing.assert_allclose(gs.grad.numpy(), ts.grad.numpy(), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(gt.grad.numpy(), tt.grad.numpy(), rtol=1e-7, atol=1e-9)
    tp = dict(theirs.named_parameters())
    for n, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), tp[n].grad.numpy(), rtol=1e-7, atol=1e-9, err_msg=n)


def test_encoder_layer_train_step_runs():
    gg.manual_seed(0)
    layer = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, batch_first=True)
    enc = nn.TransformerEncoder(layer, 2)
    x = gg.randn(3, 7, 16)
    out = enc(x, mask=nn.Transformer.generate_square_subsequent_mask(7), is_causal=True)
    out.sum().backward()
    assert all(p.grad is not None for p in enc.parameters())
