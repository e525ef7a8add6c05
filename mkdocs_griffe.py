"""A griffe extension for the API reference (mkdocs.yml): inspection lists the ``__doc__`` and
``__module__`` of classes and modules (and other dunder data) as attributes, which
``filters: public`` keeps; drop them."""
import griffe


def _drop_dunder_data(obj):
    for name, member in list(obj.members.items()):
        if name.startswith("__") and name.endswith("__") and not member.is_alias and member.is_attribute:
            obj.del_member(name)


class HideDunderAttributes(griffe.Extension):
    def on_class_members(self, *, cls, **kwargs):
        _drop_dunder_data(cls)

    def on_module_members(self, *, mod, **kwargs):
        _drop_dunder_data(mod)
