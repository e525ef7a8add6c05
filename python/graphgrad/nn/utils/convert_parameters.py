"""``torch.nn.utils.parameters_to_vector`` / ``vector_to_parameters``: a model's parameters as one
flat vector and back (second-order and evolutionary methods, line searches)."""
from ... import _core
from ..._core import Tensor

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def _check(op, parameters):
    if isinstance(parameters, Tensor):
        raise TypeError(f"{op}: expected an iterable of Tensors, got a Tensor (wrap it in a list)")
    parameters = list(parameters)
    for p in parameters:
        if not isinstance(p, Tensor):
            raise TypeError(f"{op}: expected Tensors, got {type(p).__name__}")
    return parameters


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated into one 1-D tensor (a new one, in the graph)."""
    parameters = _check("parameters_to_vector", parameters)
    return _core.cat([p.reshape(-1) for p in parameters], 0)


def vector_to_parameters(vec, parameters):
    """Sets each parameter's data to its slice of ``vec`` (1-D, as many elements as the parameters
    together), in order; as in PyTorch the parameters then share vec's memory."""
    if not isinstance(vec, Tensor) or vec.ndim != 1:
        raise TypeError(f"vector_to_parameters: expected a 1-D Tensor, got "
                        f"{tuple(vec.shape) if isinstance(vec, Tensor) else type(vec).__name__}")
    parameters = _check("vector_to_parameters", parameters)
    total = sum(p.numel() for p in parameters)
    if vec.numel() != total:
        raise ValueError(f"vector_to_parameters: vec has {vec.numel()} elements, the parameters {total}")
    at = 0
    for p in parameters:
        n = p.numel()
        p.data = vec[at:at + n].view_as(p).data
        at += n
