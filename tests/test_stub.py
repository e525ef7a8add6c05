"""The type stub: generated from the extension (pybind11-stubgen, which reads the registry's
parameter names and docstrings from the bindings), checked in, and kept current by this test."""
import pathlib
import pytest

import graphgrad as gg
from graphgrad import _registry

STUB = pathlib.Path(gg.__file__).with_name("_core.pyi")
REGENERATE = "python -m graphgrad._registry stub > python/graphgrad/_core.pyi"


def test_stub_is_current():
    pytest.importorskip("pybind11_stubgen")
    assert STUB.exists(), f"no stub; generate it with: {REGENERATE}"
    assert _registry.stub() == STUB.read_text(), f"graphgrad/_core.pyi is stale; regenerate it with: {REGENERATE}"
    assert STUB.with_name("py.typed").exists()


def test_stub_has_named_parameters_and_python_methods():
    text = STUB.read_text()
    assert "arg0" not in text
    for method in ("def sin(self", "def matmul(self", "def tolist(", "def to(", "def __setitem__("):
        assert method in text, method


@pytest.mark.slow  # ~15 s of mypy
def test_mypy_resolves_tensor_methods(tmp_path):
    api = pytest.importorskip("mypy.api")
    script = tmp_path / "user.py"
    script.write_text("import graphgrad as gg\nx = gg.ones(2, 3)\nw = gg.ones(3, 2)\n"
                      "y = x.matmul(w).sin().sum(dim=0).narrow(0, 0, 1).tolist()\nz = x.matmull(w)\n")
    out, _, status = api.run([str(script), "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
                              "--follow-imports=silent"])
    assert status == 1, out
    assert '"Tensor" has no attribute "matmull"' in out and out.count("error:") == 1, out
