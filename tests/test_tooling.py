"""The set-up's requirement filter and the suite's guards against tests that silently do not run."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["pytester"]


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


odoo_requirements = load("odoo_requirements", ROOT / "tools" / "odoo_requirements.py")
repo_conftest = load("repo_conftest", ROOT / "conftest.py")

ODOO_STYLE = """
# comment
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
gevent==22.10.2; sys_platform != 'win32' and python_version > '3.10' and python_version < '3.12'
gevent==24.2.1 ; sys_platform != 'win32' and python_version >= '3.12'  # (Noble)
lxml-html-clean; python_version >= '3.12' # (Noble)
psycopg2==2.9.9 ; python_version >= '3.12'
python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'
pypiwin32 ; sys_platform == 'win32'
passlib==1.7.4 # min version
pytz  # no pinning
"""


def test_requirements_take_the_python_312_pins():
    assert odoo_requirements.requirements(ODOO_STYLE) == [
        "cbor2==5.6.2",
        "gevent==24.2.1",
        "lxml-html-clean",
        "psycopg2-binary==2.9.9",
        "passlib==1.7.4",
        "pytz",
    ]


def test_requirements_refuse_unknown_markers():
    with pytest.raises(ValueError, match="unsupported marker"):
        odoo_requirements.requirements("foo==1 ; platform_machine == 'x86_64'")


def test_odoo_tests_are_counted(tmp_path):
    tests = tmp_path / "addon_a" / "tests"
    tests.mkdir(parents=True)
    (tests / "test_one.py").write_text(
        "class A:\n    def test_x(self): pass\n    def test_y(self): pass\n    def helper(self): pass\n"
        "class B:\n    def test_z(self): pass\n"
    )
    (tests / "common.py").write_text("class C:\n    def test_not_a_test_module(self): pass\n")
    assert repo_conftest.count_odoo_tests(tmp_path, ["addon_a", "addon_b"]) == 3


@pytest.fixture
def inner(pytester):
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    return pytester


def test_browser_skip_fails_the_run(inner):
    inner.makepyfile(
        """
        import unittest
        class T(unittest.TestCase):
            def test_tour(self):
                raise unittest.SkipTest("Chrome executable not found")
            def test_ws(self):
                raise unittest.SkipTest("websocket-client module is not installed")
            def test_other_skip(self):
                raise unittest.SkipTest("needs the accounting localisation")
        """
    )
    result = inner.runpytest("-p", "no:odoo", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=2, skipped=1)


def test_missing_odoo_is_said_before_the_summary(inner, monkeypatch):
    monkeypatch.setenv("HCRM_ODOO_MISSING", "1")
    inner.makepyfile("def test_ok():\n    pass\n")
    result = inner.runpytest("-p", "no:odoo", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    lines = [line for line in result.outlines if line.strip()]
    banner = next(i for i, line in enumerate(lines) if line.startswith("ODOO TESTS NOT RUN: Odoo 18 not found"))
    assert "1 passed" in lines[banner + 1], "the banner stands just before pytest's summary line"
