"""The optimizer base class: parameter groups, lazily created state, one fused C++ call per group.

A subclass declares its state buffers (``_buffer_names``), checks its hyperparameters
(``_check``) and calls its fused kernel (``_update``); everything else lives here. Per step,
Python only gathers the group's tensors into lists (skipping parameters whose ``.grad`` is None);
every element is touched once, in C++, with the GIL released.
"""
from .. import _core
from .._core import Tensor
from ..autograd import enable_grad, no_grad
from .._tensor import full_like


class _TensorKeyDict(dict):
    """A dict keyed by tensor identity (``Tensor.__eq__`` is elementwise, so tensors cannot be plain keys).
    ``version`` counts the assignments and deletions, so that a cache of lookups knows when it is stale."""

    version = 0

    def __getitem__(self, p):
        return dict.__getitem__(self, hash(p))

    def __setitem__(self, p, v):
        self.version += 1
        dict.__setitem__(self, hash(p), v)

    def __delitem__(self, p):
        self.version += 1
        dict.__delitem__(self, hash(p))

    def __contains__(self, p):
        return dict.__contains__(self, hash(p))

    def get(self, p, default=None):
        return dict.get(self, hash(p), default)


def _require(cond, message):
    if not cond:
        raise ValueError(message)


def _snapshot(t, dtype=None):
    """A fresh contiguous copy of ``t``, optionally cast: state saved or loaded never aliases live state."""
    with no_grad():
        c = _core.clone(t.detach())
        return c if dtype is None or c.dtype == dtype else c.to(dtype)


class Optimizer:
    """Base class of all optimizers (PyTorch's interface).

    ``param_groups`` is a list of dicts, each with its ``params`` and its own hyperparameters
    (missing ones taken from ``defaults``). ``state[p]`` holds ``step`` (the number of updates this
    parameter received) and the algorithm's buffers.
    """

    def __init__(self, params, defaults):
        self.defaults = dict(defaults)
        self._check(self.defaults)
        self.state = _TensorKeyDict()
        self.param_groups = []
        self._states_cache = {}
        if isinstance(params, Tensor):
            raise TypeError(f"{type(self).__name__}: params must be an iterable of Tensors or of dicts, got a Tensor")
        groups = self._ordered(params)
        if not groups:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for g in groups:
            self.add_param_group(g)

    def _ordered(self, params):
        if isinstance(params, (set, frozenset)):
            raise TypeError(f"{type(self).__name__}: params must be an ordered collection (a set's order varies "
                            "between runs, and state_dict relies on the order)")
        return list(params)

    # -- subclass interface -------------------------------------------------------------------
    def _check(self, group):
        """Raise ValueError for invalid hyperparameters of ``group``."""
        raise NotImplementedError

    def _buffer_names(self, group):
        """Names of the state buffers in the kernel's order (None for a buffer the group does not use)."""
        raise NotImplementedError

    def _update(self, group, params, grads, buffers, steps):
        """Run the fused kernel over the group: ``buffers`` holds one list (or None) per buffer name."""
        raise NotImplementedError

    def _new_buffer(self, name, p, group, state):
        return full_like(p, 0.0)

    # -- public API ---------------------------------------------------------------------------
    def add_param_group(self, param_group):
        """Add a group of parameters with its own hyperparameters (missing ones from ``defaults``)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"{type(self).__name__}.add_param_group: expected a dict, got {type(param_group).__name__}")
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else self._ordered(params)
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{type(self).__name__}: parameter {i} is a {type(p).__name__}, not a Tensor")
            if not p.is_leaf:
                raise ValueError(f"{type(self).__name__}: can't optimize a non-leaf Tensor (parameter {i})")
            if not p.dtype.is_floating_point:
                raise TypeError(f"{type(self).__name__}: parameter {i} has dtype {p.dtype}; only float32/float64 can be optimized")
        seen = {hash(p) for g in self.param_groups for p in g["params"]}
        if len({hash(p) for p in params}) != len(params) or any(hash(p) in seen for p in params):
            raise ValueError(f"{type(self).__name__}: some parameters appear more than once in the parameter groups")
        group = dict(self.defaults)
        group.update({k: v for k, v in param_group.items() if k != "params"})
        self._check(group)
        group["params"] = params
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Forget the gradients: set ``.grad`` to None (default) or fill the existing ones with zeros."""
        if set_to_none:  # assigning None is cheaper than reading .grad to test it first
            for group in self.param_groups:
                for p in group["params"]:
                    p.grad = None
            return
        grads = [p.grad for group in self.param_groups for p in group["params"]]
        grads = [g for g in grads if g is not None]
        if grads:
            _core._group_fill_(grads, 0.0)

    def step(self, closure=None):
        """One update of every parameter that has a gradient. ``closure`` re-evaluates and returns the loss."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            names = self._buffer_names(group)
            params, grads, steps = [], [], []
            buffers = [[] if n else None for n in names]
            used = [(n, lst) for n, lst in zip(names, buffers) if n]
            states = self._group_states(group)
            for i, p in enumerate(group["params"]):
                g = p.grad
                if g is None:
                    continue
                st = states[i]
                if st is None:
                    st = states[i] = self.state[p] = {"step": 0}
                    self._states_cache.pop(id(group), None)  # self.state changed: look up afresh next step
                for n, lst in used:
                    b = st.get(n)
                    if b is None:
                        b = st[n] = self._new_buffer(n, p, group, st)
                    lst.append(b)
                st["step"] += 1
                params.append(p)
                grads.append(g)
                steps.append(st["step"])
            if params:
                self._update(group, params, grads, buffers, steps)
        return loss

    def _group_states(self, group):
        """The state dict of each parameter of ``group`` (None where it has none yet), kept while
        neither the group's parameters nor ``self.state`` change: looking each one up by tensor
        identity (``Tensor.__hash__``) every step costs more than a small layer's fused update."""
        params = group["params"]
        key = (len(params), *map(id, params))
        cached = self._states_cache.get(id(group))
        if cached is not None and cached[0] is group and cached[1] is self.state and cached[2] == self.state.version \
                and cached[3] == key:
            return cached[4]
        states = [self.state.get(p) for p in params]
        self._states_cache[id(group)] = (group, self.state, self.state.version, key, states)
        return states

    def __getstate__(self):
        """For pickle and deepcopy: the state keyed by the parameters themselves (the identity keys
        of ``state`` do not survive a copy; the parameters do, shared with the pickled model)."""
        d = dict(self.__dict__)
        d.pop("_states_cache", None)
        d["state"] = [(p, self.state[p]) for g in self.param_groups for p in g["params"] if p in self.state]
        return d

    def __setstate__(self, d):
        pairs = d.pop("state")
        self.__dict__.update(d)
        self._states_cache = {}
        self.state = _TensorKeyDict()
        for p, st in pairs:
            self.state[p] = st

    def state_dict(self):
        """A snapshot of the optimizer: hyperparameters per group, and state per parameter index.

        Tensors are copied, so later steps do not change a saved state dict (unlike PyTorch, where
        it holds references). Loading it into a fresh optimizer resumes bit-identically.
        """
        index, groups = {}, []
        for group in self.param_groups:
            g = {k: v for k, v in group.items() if k != "params"}
            g["params"] = []
            for p in group["params"]:
                index[hash(p)] = len(index)
                g["params"].append(index[hash(p)])
            groups.append(g)
        state = {index[k]: {n: _snapshot(v) if isinstance(v, Tensor) else v for n, v in st.items()}
                 for k, st in dict.items(self.state)}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Restore hyperparameters and state saved by ``state_dict`` (groups must have the same sizes)."""
        saved = state_dict["param_groups"]
        name = type(self).__name__
        if len(saved) != len(self.param_groups):
            raise ValueError(f"{name}.load_state_dict: the state dict has {len(saved)} parameter groups, "
                             f"the optimizer {len(self.param_groups)}")
        for i, (s, g) in enumerate(zip(saved, self.param_groups)):
            if len(s["params"]) != len(g["params"]):
                raise ValueError(f"{name}.load_state_dict: group {i} has {len(s['params'])} parameters in the state "
                                 f"dict and {len(g['params'])} in the optimizer")
        by_index = {i: p for s, g in zip(saved, self.param_groups) for i, p in zip(s["params"], g["params"])}
        state = _TensorKeyDict()
        for i, st in state_dict["state"].items():
            if i not in by_index:
                raise ValueError(f"{name}.load_state_dict: state for parameter index {i}, which no group lists")
            p = by_index[i]
            # buffers have the parameter's shape and take its dtype; 0-d tensors are scalar state
            # (NAdam's mu_product) and keep theirs
            for n, v in st.items():
                if isinstance(v, Tensor) and v.ndim and tuple(v.shape) != tuple(p.shape):
                    raise ValueError(f"{name}.load_state_dict: state '{n}' of parameter {i} has shape "
                                     f"{tuple(v.shape)}, the parameter {tuple(p.shape)}")
            state[p] = {n: _snapshot(v, p.dtype if v.ndim else None) if isinstance(v, Tensor) else v
                        for n, v in st.items()}
        groups = []
        for s, g in zip(saved, self.param_groups):
            new = {k: v for k, v in s.items() if k != "params"}
            self._check(new)
            new["params"] = g["params"]
            groups.append(new)
        self.state, self.param_groups = state, groups
        self._states_cache = {}

    def __repr__(self):
        lines = [type(self).__name__ + " ("]
        for i, g in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in sorted(g.items()) if k != "params"]
        return "\n".join(lines + [")"])

