"""Which fields a user may not read, reached through any path of a domain or a template.

Mailings and templates are sent by the system user, which reads everything: what their
author wrote (a filter ``partner_id.allergies != False``, a placeholder
``object.partner_id.clinical_notes``) must therefore be checked against the author's own
rights when it is saved, field by field along the whole path.
"""

import re

from lxml import html

from odoo.tools.rendering_tools import parse_inline_template

# A placeholder that only reads fields: object.field.field...
PLACEHOLDER = re.compile(r"^\s*object((?:\.\w+)+)\s*$")
# QWeb attributes that print a placeholder; any other t-* attribute runs code.
QWEB_OUTPUT = ("t-out", "t-esc", "t-raw", "t-field")


def _walk(env, model_name, names):
    """The fields named along a path from `model_name`, and whether the path ends on a field."""
    model = env[model_name]
    fields = []
    for name in names:
        field = model._fields.get(name)
        if field is None:
            return fields, False
        fields.append(field)
        if field.relational:
            model = env[field.comodel_name]
    return fields, True


def unreadable_fields(env, fields):
    """The fields among `fields` whose groups the current user is not in."""
    if env.su:
        return []
    return [field for field in fields if field.groups and not env.user.has_groups(field.groups)]


def unreadable_domain_paths(env, model_name, domain):
    """Paths of `domain` (on `model_name`) that go through a field the current user may not read."""
    refused = []
    for leaf in domain or ():
        if not isinstance(leaf, list | tuple) or len(leaf) != 3 or not isinstance(leaf[0], str):
            continue
        path, operator, value = leaf
        fields, _complete = _walk(env, model_name, path.split("."))
        if unreadable_fields(env, fields):
            refused.append(path)
        elif operator in ("any", "not any") and fields and fields[-1].relational and isinstance(value, list):
            refused += [f"{path}.{sub}" for sub in unreadable_domain_paths(env, fields[-1].comodel_name, value)]
    return refused


def _qweb_expressions(source):
    """(attribute, expression) of every QWeb directive in an HTML template."""
    if not source or "t-" not in str(source):
        return []
    try:
        root = html.fragment_fromstring(str(source), create_parent="div")
    except Exception:  # noqa: BLE001 (not HTML: nothing QWeb would run either)
        return []
    return [
        (attribute, value)
        for element in root.iter()
        if isinstance(element.tag, str)
        for attribute, value in element.attrib.items()
        if attribute.startswith("t-")
    ]


def refused_template_expressions(env, model_name, source, engine):
    """Dynamic expressions of a template that the current user may not have rendered for them.

    Without the right to read every field, only placeholders may be used (``object.name``,
    ``object.partner_id.email``), and only through fields the user may read: any other
    expression could read any field once the system renders it.
    """
    if env.su or not source or not model_name or model_name not in env:
        return []
    if engine in ("qweb", "qweb_view"):
        expressions = [
            value if attribute in QWEB_OUTPUT else f"{attribute}={value}"
            for attribute, value in _qweb_expressions(source)
        ]
    else:
        expressions = [expression for _text, expression, _default in parse_inline_template(str(source)) if expression]
    refused = []
    for expression in expressions:
        match = PLACEHOLDER.match(expression)
        if not match:
            refused.append(expression)
            continue
        fields, complete = _walk(env, model_name, match.group(1).strip(".").split("."))
        if not complete or unreadable_fields(env, fields):
            refused.append(expression)
    return refused
