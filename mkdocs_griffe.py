"""A griffe extension for the API reference (mkdocs.yml), which inspects the live package.

- Inspection lists the ``__doc__`` and ``__module__`` of classes and modules (and other dunder
  data) as attributes, which ``filters: public`` keeps: they are dropped.
- A module without ``__all__`` that imports ``Tensor`` for its own use would render the whole class
  (hundreds of members) again; Tensor has its own page, so only ``graphgrad`` keeps it.
- A C++ function's docstring starts with pybind11's typed signature line(s) (``sum(self: ...) ->
  ...``, or ``Overloaded function.`` and one numbered line per overload): the page renders the
  signature from ``inspect.signature`` already, so only the prose is kept, each paragraph once.
- The docstrings are plain text for ``help()`` (``code`` in double backticks, formulas in indented
  blocks, ``>>>`` examples), which the pages read as Markdown: ``markdown`` turns them into the
  Markdown that renders the same text (see its docstring).
"""
import re

import griffe

from graphgrad._registry import literal_markdown

_DOCTEST = re.compile(r"^(>>>|\.\.\.)( |$)")
_LIST_ITEM = re.compile(r"^([-*+|] |\d+[.)] )")


def _drop_dunder_data(obj):
    for name, member in list(obj.members.items()):
        if name.startswith("__") and name.endswith("__") and not member.is_alias and member.is_attribute:
            obj.del_member(name)


def prose(name, doc):
    """``doc`` without pybind11's signature lines, each remaining paragraph once."""
    signature = re.compile(rf"^(\d+\. )?{re.escape(name)}\(")
    if not signature.match(doc):
        return doc
    lines = [l for l in doc.splitlines() if not signature.match(l) and l.strip() != "Overloaded function."]
    paragraphs = [p.strip() for p in "\n".join(lines).split("\n\n") if p.strip()]
    return "\n\n".join(dict.fromkeys(paragraphs))


def _blocks(doc):
    """[kind, lines] runs of ``doc``: 'prose', 'code' (indented after a blank line), 'doctest'
    (``>>>`` lines and the output under them) and 'blank'."""
    blocks = []
    for line in doc.expandtabs(4).split("\n"):
        last = blocks[-1][0] if blocks else "blank"
        if _DOCTEST.match(line) or (last == "doctest" and line.strip()):
            kind = "doctest"
        elif not line.strip():
            kind = "blank"
        elif line.startswith("    ") and last in ("blank", "code"):
            kind = "code"
        else:
            kind = "prose"
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append([kind, [line]])
    return blocks


def markdown(doc):
    """The Markdown that renders ``doc`` as ``help()`` shows it: prose taken literally
    (``graphgrad._registry.literal_markdown``), reST's ``::`` before a literal block as ':', ``>>>`` examples as Python code
    blocks, and the first paragraph on one line (a summary table shows a docstring's first line)."""
    out, first = [], True
    for kind, lines in _blocks(doc):
        if kind == "doctest":
            out += ["", "```python", *lines, "```", ""]
            continue
        if kind == "prose":
            lines = [re.sub(r"\s*::$", ":", l) if l.strip() != "::" else "" for l in lines]
            if first:
                n = next((i for i, l in enumerate(lines[1:], 1) if _LIST_ITEM.match(l)), len(lines))
                lines = [" ".join(l.strip() for l in lines[:n])] + lines[n:]
            lines = literal_markdown("\n".join(lines)).split("\n")
            first = False
        out += lines
    return "\n".join(out).strip("\n")


class APIReference(griffe.Extension):
    def on_class_members(self, *, cls, **kwargs):
        _drop_dunder_data(cls)

    def on_module_members(self, *, mod, **kwargs):
        _drop_dunder_data(mod)
        tensor = mod.members.get("Tensor")
        if mod.path != "graphgrad" and tensor is not None and tensor.is_alias and \
                tensor.target_path == "graphgrad._core.Tensor":
            mod.del_member("Tensor")

    def on_instance(self, *, obj, **kwargs):
        if obj.docstring is None:
            return
        doc = obj.docstring.value
        if obj.is_function:
            doc = prose(obj.name, doc)
        obj.docstring.value = markdown(doc)
