"""The documentation site (mkdocs.yml): it builds with --strict, its internal links resolve, and
every public module has an API page or is re-exported whole by a module that has one. Skipped
when the docs extra (pip install ".[docs]") is not installed."""
import html.parser
import importlib
import inspect
import pathlib
import re
import subprocess
import sys
import urllib.parse

import pytest

from test_docstrings import public_modules, public_names

ROOT = pathlib.Path(__file__).resolve().parents[1]
API = ROOT / "docs" / "api"


def documented_modules():
    """The modules the API pages render (``::: module`` lines)."""
    names = set()
    for page in API.glob("*.md"):
        names.update(re.findall(r"^::: ([\w.]+)", page.read_text(), flags=re.M))
    return names


def _resolve(name):
    """The module, or the object inside one (``graphgrad.Tensor``), that ``name`` names."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        parent, _, attr = name.rpartition(".")
        return getattr(importlib.import_module(parent), attr)


def test_every_public_module_has_a_page():
    documented = documented_modules()
    objects = [_resolve(n) for n in documented]  # a typo'd page would render nothing
    pages = [o for o in objects if inspect.ismodule(o)]
    missing = []
    for module in public_modules():
        if module.__name__ in documented:
            continue
        covered = all(any(getattr(p, n, None) is getattr(module, n) for p in pages if p is not module)
                      for n in public_names(module) if not inspect.ismodule(getattr(module, n)))
        if not covered:
            missing.append(module.__name__)
    assert not missing, f"public modules without an API page (add one under docs/api/): {missing}"


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if tag in ("a", "img") and a.get(key):
                self.links.append(a[key])


@pytest.mark.slow  # a minute or two: mkdocstrings inspects the whole package
def test_site_builds_strictly_without_broken_links(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    pages = {p: _Links() for p in site.rglob("*.html")}
    for p, parser in pages.items():
        parser.feed(p.read_text())
    broken = []
    for p, parser in pages.items():
        for link in parser.links:
            url = urllib.parse.urlparse(link)
            if url.scheme or link.startswith("//"):
                continue  # external
            path = urllib.parse.unquote(url.path)
            base = site if path.startswith("/") else p.parent  # 404.html links from the site's root
            target = (base / path.lstrip("/")).resolve() if path else p
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{p.relative_to(site)}: {link}")
            elif url.fragment and target in pages and url.fragment not in pages[target].ids:
                broken.append(f"{p.relative_to(site)}: {link} (no such anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(broken)
    for module in documented_modules():  # every page rendered its module
        assert any(f'id="{module}"' in p.read_text() for p in pages), module


def test_every_environment_variable_read_is_documented():
    """docs/environment.md names each variable that the C++ core (getenv) or the package (os.environ)
    reads: a variable added later without a line there fails here."""
    pattern = re.compile(r"""(?:getenv\(|environ\.get\(|environ\[|environ, )\s*["']?([A-Z][A-Z0-9_]+)""")
    sources = [*ROOT.glob("cpp/**/*.cpp"), *ROOT.glob("cpp/**/*.h"), *ROOT.glob("python/graphgrad/**/*.py")]
    read = {name for path in sources for name in pattern.findall(path.read_text())}
    assert {"GRAPHGRAD_ISA", "OMP_NUM_THREADS", "GRAPHGRAD_DATA", "GRAPHGRAD_TEXT_SIGNATURES"} <= read, read
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "environment.md").read_text()))
    assert not read - documented, f"read but not in docs/environment.md: {sorted(read - documented)}"
