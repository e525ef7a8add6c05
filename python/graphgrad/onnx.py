"""``import torch.onnx`` in a PyTorch script (word_language_model's main.py) imports, but graphgrad
writes no ONNX: ``export`` raises, naming what to use instead."""

__all__ = ["export"]


def export(model, args=None, f=None, *unused_args, **unused_kwargs):
    """Not supported: graphgrad has no ONNX writer. Raises NotImplementedError; save the weights with
    ``gg.save(model.state_dict(), path)`` (safetensors, which ONNX tool chains can read) instead."""
    raise NotImplementedError(f"graphgrad.onnx.export: ONNX export is not supported (model "
                              f"{type(model).__name__}); save its state_dict with gg.save instead")
