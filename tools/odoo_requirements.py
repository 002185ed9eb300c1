"""Print the pip requirements of an Odoo 18 source tree, installable on Python 3.11.

Odoo pins, for Python 3.11, releases that only build from source (cbor2 5.4.2,
an old cryptography and pyopenssl, python-ldap); the releases it pins for
Python 3.12 ship wheels for 3.11 too, so we evaluate its markers as 3.12.
psycopg2 becomes psycopg2-binary (same module, no libpq headers needed) and
python-ldap, used only by auth_ldap, is left out.

Usage: python tools/odoo_requirements.py /opt/odoo/requirements.txt
"""

import re
import sys

TARGET = {"python_version": (3, 12), "sys_platform": "linux"}
SKIP = {"python-ldap", "pypiwin32", "rl-renderpm"}
RENAME = {"psycopg2": "psycopg2-binary"}

_CLAUSE = re.compile(r"""^\s*(python_version|sys_platform)\s*(==|!=|<=|>=|<|>)\s*['"]([^'"]+)['"]\s*$""")


def _compare(left, op, right):
    return {
        "==": left == right,
        "!=": left != right,
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
    }[op]


def marker_holds(marker):
    """Evaluate the small marker language Odoo's requirements use ('and' of clauses)."""
    for clause in filter(None, (c.strip() for c in marker.split(" and "))):
        match = _CLAUSE.match(clause)
        if not match:
            raise ValueError(f"unsupported marker: {marker!r}")
        name, op, value = match.groups()
        if name == "python_version":
            value = tuple(int(part) for part in value.split("."))
        if not _compare(TARGET[name], op, value):
            return False
    return True


def requirements(text):
    result = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, marker = line.partition(";")
        if marker and not marker_holds(marker):
            continue
        spec = spec.strip()
        name = re.split(r"[<>=!~ ]", spec, maxsplit=1)[0]
        if name.lower() in SKIP:
            continue
        result.append(RENAME.get(name.lower(), name) + spec[len(name) :])
    return result


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print("\n".join(requirements(handle.read())))
