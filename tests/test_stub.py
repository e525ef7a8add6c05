"""The type stub: generated from the extension (pybind11-stubgen, which reads the registry's
parameter names and docstrings from the bindings), checked in, and kept current by this test."""
import pathlib
import subprocess
import sys

import pytest

import graphgrad as gg

STUB = pathlib.Path(gg.__file__).with_name("_core.pyi")
REGENERATE = "python -m pybind11_stubgen graphgrad._core -o python --numpy-array-remove-parameters"


def generate(out):
    pytest.importorskip("pybind11_stubgen")
    subprocess.run([sys.executable, "-m", "pybind11_stubgen", "graphgrad._core", "-o", str(out),
                    "--numpy-array-remove-parameters"], check=True, capture_output=True)
    return (out / "graphgrad" / "_core.pyi").read_text()


def test_stub_is_current(tmp_path):
    assert STUB.exists(), f"no stub; generate it with: {REGENERATE}"
    assert generate(tmp_path) == STUB.read_text(), f"graphgrad/_core.pyi is stale; regenerate it with: {REGENERATE}"
    assert STUB.with_name("py.typed").exists()


def test_stub_has_named_parameters_and_python_methods():
    text = STUB.read_text()
    assert "arg0" not in text
    for method in ("def sin(self", "def matmul(self", "def tolist(", "def to(", "def __setitem__("):
        assert method in text, method


def test_mypy_resolves_tensor_methods(tmp_path):
    api = pytest.importorskip("mypy.api")
    script = tmp_path / "user.py"
    script.write_text("import graphgrad as gg\nx = gg.ones(2, 3)\nw = gg.ones(3, 2)\n"
                      "y = x.matmul(w).sin().sum(dim=0)\nz = x.matmull(w)\n")
    out, _, status = api.run([str(script), "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
                              "--follow-imports=silent"])
    assert status == 1, out
    assert '"Tensor" has no attribute "matmull"' in out and out.count("error:") == 1, out
