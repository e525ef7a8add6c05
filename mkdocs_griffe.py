"""A griffe extension for the API reference (mkdocs.yml), which inspects the live package.

- Inspection lists the ``__doc__`` and ``__module__`` of classes and modules (and other dunder
  data) as attributes, which ``filters: public`` keeps: they are dropped.
- A C++ function's docstring starts with pybind11's typed signature line(s) (``sum(self: ...) ->
  ...``, or ``Overloaded function.`` and one numbered line per overload): the page renders the
  signature from ``inspect.signature`` already, so only the prose is kept, each paragraph once.
"""
import re

import griffe


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


class APIReference(griffe.Extension):
    def on_class_members(self, *, cls, **kwargs):
        _drop_dunder_data(cls)

    def on_module_members(self, *, mod, **kwargs):
        _drop_dunder_data(mod)

    def on_function_instance(self, *, func, **kwargs):
        if func.docstring is not None:
            func.docstring.value = prose(func.name, func.docstring.value)
