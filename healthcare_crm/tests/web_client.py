"""The specification the web client sends to web_read / web_search_read for a view.

Odoo's web client reads exactly the fields a view's arch names: a many2one as its
display_name, a many2many or one2many through the fields of its own sub-view (or only its
ids and display_name when the arch gives none), everything else as is. Query counts
measured with these specifications are the counts a screen costs, not a guess of them.
"""

from lxml import etree

X2MANY_LIMIT = 40  # what the web client reads of a one2many shown in a form
# Fields a widget reads beside its own (its fieldDependencies in the web client).
ACTIVITY_DEPENDENCIES = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)
WIDGET_DEPENDENCIES = {"kanban_activity": ACTIVITY_DEPENDENCIES, "list_activity": ACTIVITY_DEPENDENCIES}


def _field_spec(model, node):
    name = node.get("name")
    field = model._fields[name]
    if field.type == "many2one":
        return {"fields": {"display_name": {}}}
    if field.type in ("one2many", "many2many"):
        subviews = [child for child in node if child.tag in ("list", "kanban", "form")]
        comodel = model.env[field.comodel_name]
        if subviews:
            spec = {"fields": _arch_spec(comodel, subviews[0])}
            if field.type == "one2many" or subviews[0].tag != "form":
                spec["limit"] = X2MANY_LIMIT
            return spec
        if node.get("widget", "").startswith("many2many_tags") or field.type == "many2many":
            return {"fields": {"display_name": {}}}
        return {}
    if field.type == "reference":
        return {"fields": {"display_name": {}}}
    return {}


def _arch_spec(model, root):
    spec = {}
    for node in root.iter("field"):
        # Fields of a nested x2many sub-view belong to that sub-view's specification.
        nested = False
        for ancestor in node.iterancestors():
            if ancestor is root:
                break
            nested = nested or ancestor.tag == "field"
        if nested or node.get("name") not in model._fields:
            continue
        spec[node.get("name")] = _field_spec(model, node)
        for dependency in WIDGET_DEPENDENCIES.get(node.get("widget"), ()):
            spec.setdefault(dependency, {"fields": {"display_name": {}}} if dependency.endswith("_id") else {})
    return spec


def view_specification(model, view_ref, view_type):
    """The web client's specification for `model`'s view `view_ref` (an xmlid) of `view_type`."""
    view = model.env.ref(view_ref)
    arch = model.get_view(view.id, view_type)["arch"]
    spec = _arch_spec(model, etree.fromstring(arch))
    spec.setdefault("display_name", {})
    return spec
