"""Attention with PyTorch's names and semantics: ``scaled_dot_product_attention`` (a fused C++
kernel: blocked, online softmax, an (L, S) matrix only within a memory bound; composed from ops
only with dropout) and ``multi_head_attention_forward`` (the module is nn.modules.attention's
MultiheadAttention)."""
import math

import numpy as np

from .. import _core
from .._tensor import bool_, tensor
from . import functional as F

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]

_NEG_INF = float("-inf")


def _causal_bool(L, S):
    return tensor(np.tril(np.ones((L, S), dtype=bool)), dtype=bool_)


def _as_additive(mask, dtype, allowed_is_true, op):
    """A bool mask (True = attend when allowed_is_true, else True = masked) or a float mask as an additive float mask."""
    if mask.dtype == bool_:
        keep = mask if allowed_is_true else _core.logical_not(mask)
        return _core.where(keep, tensor(0.0, dtype=dtype), tensor(_NEG_INF, dtype=dtype))
    if mask.dtype not in (_core.dtype.float32, _core.dtype.float64):
        raise TypeError(f"{op}: masks must be bool or float, got {mask.dtype}")
    return mask.to(dtype)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(q kᵀ · scale + mask) v over the last two axes (PyTorch's function): ``attn_mask``
    bool (True = take part) or float (added), broadcast to (..., L, S); ``is_causal`` lets query i
    see keys j <= i; ``scale`` defaults to 1/sqrt(E). Without dropout it is one fused op whose
    memory beyond the output is one 64 x 256 block of scores per task, plus, when a gradient is
    wanted and they take at most twice the memory of q, k and v (self-attention up to S = 6 E or
    so), the probabilities kept for backward; with ``dropout_p`` > 0 (always applied, as in
    PyTorch: pass 0 in eval) it is composed of ops and builds (..., L, S)."""
    op = "scaled_dot_product_attention"
    if enable_gqa:
        raise NotImplementedError(f"{op}: enable_gqa is not supported")
    if not 0.0 <= dropout_p <= 1.0:
        raise ValueError(f"{op}: dropout_p must be in [0, 1], got {dropout_p}")
    grad_mask = attn_mask is not None and attn_mask.requires_grad and _core.is_grad_enabled()
    if dropout_p == 0.0 and not grad_mask:
        return _core._scaled_dot_product_attention(query, key, value, attn_mask, bool(is_causal), scale)
    if is_causal and attn_mask is not None:
        raise ValueError(f"{op}: pass either attn_mask or is_causal, not both")
    L, S, E = query.shape[-2], key.shape[-2], query.shape[-1]
    s = (query @ key.transpose(-2, -1)) * (1.0 / math.sqrt(E) if scale is None else scale)
    if is_causal:
        attn_mask = _causal_bool(L, S)
    if attn_mask is not None:
        s = s + _as_additive(attn_mask, s.dtype, True, op)
    p = F.dropout(_core.softmax(s, -1), dropout_p, True)
    return p @ value


def _merge_masks(attn_mask, key_padding_mask, n, heads, L, S, dtype, op):
    """attn_mask (L, S) or (N*heads, L, S) and key_padding_mask (N, S), True = masked (or float,
    added), as one additive mask broadcastable to (N, heads, L, S), or None."""
    mask = None
    if attn_mask is not None:
        if tuple(attn_mask.shape) == (L, S):
            mask = _as_additive(attn_mask, dtype, False, op)
        elif tuple(attn_mask.shape) == (n * heads, L, S):
            mask = _as_additive(attn_mask, dtype, False, op).reshape(n, heads, L, S)
        else:
            raise ValueError(f"{op}: attn_mask must be ({L}, {S}) or ({n * heads}, {L}, {S}), "
                             f"got {tuple(attn_mask.shape)}")
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (n, S):
            raise ValueError(f"{op}: key_padding_mask must be ({n}, {S}), got {tuple(key_padding_mask.shape)}")
        kpm = _as_additive(key_padding_mask, dtype, False, op).reshape(n, 1, 1, S)
        mask = kpm if mask is None else mask + kpm
    return mask


def multi_head_attention_forward(query, key, value, num_heads, in_proj_weight, in_proj_bias, out_proj_weight,
                                 out_proj_bias, dropout_p=0.0, training=True, key_padding_mask=None,
                                 need_weights=True, attn_mask=None, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, average_attn_weights=True, is_causal=False):
    """Multi-head attention on (L, N, E) query and (S, N, E) key/value (batch second, as
    PyTorch's functional form). Returns (output (L, N, E), weights or None)."""
    op = "multi_head_attention_forward"
    L, n, e = query.shape
    S = key.shape[0]
    if e % num_heads:
        raise ValueError(f"{op}: embed_dim {e} is not divisible by num_heads {num_heads}")
    hd = e // num_heads
    if in_proj_weight is not None:
        wq, wk, wv = in_proj_weight[:e], in_proj_weight[e:2 * e], in_proj_weight[2 * e:]
    else:
        wq, wk, wv = q_proj_weight, k_proj_weight, v_proj_weight
    bq = bk = bv = None
    if in_proj_bias is not None:
        bq, bk, bv = in_proj_bias[:e], in_proj_bias[e:2 * e], in_proj_bias[2 * e:]
    if query is key and key is value and in_proj_weight is not None:  # self-attention: one GEMM
        q, k, v = F.linear(query, in_proj_weight, in_proj_bias).reshape(L, n, 3, num_heads, hd).permute(2, 1, 3, 0, 4)
    else:
        q = F.linear(query, wq, bq).reshape(L, n, num_heads, hd).permute(1, 2, 0, 3)
        k = F.linear(key, wk, bk).reshape(S, n, num_heads, hd).permute(1, 2, 0, 3)
        v = F.linear(value, wv, bv).reshape(S, n, num_heads, hd).permute(1, 2, 0, 3)
    if is_causal and attn_mask is None and key_padding_mask is None:
        mask, causal = None, True
    else:
        if is_causal and attn_mask is None:
            attn_mask = _core.logical_not(_causal_bool(L, S))
        mask, causal = _merge_masks(attn_mask, key_padding_mask, n, num_heads, L, S, query.dtype, op), False
    p = dropout_p if training else 0.0
    weights = None
    if need_weights:
        s = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        if causal:
            s = s + _as_additive(_causal_bool(L, S), s.dtype, True, op)
        if mask is not None:
            s = s + mask
        w = _core.softmax(s, -1)
        if p > 0:  # PyTorch returns the weights after dropout
            w = F.dropout(w, p, True)
        out = w @ v
        weights = w.mean(1) if average_attn_weights else w
    else:
        out = scaled_dot_product_attention(q, k, v, mask, p, causal)
    out = out.permute(2, 0, 1, 3).reshape(L, n, e)  # (N, H, L, hd) -> (L, N, E)
    return F.linear(out, out_proj_weight, out_proj_bias), weights
