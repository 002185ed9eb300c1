"""Repository-wide pytest hooks.

- A browser tour that is skipped for lack of tooling (Chromium, websocket-client, or
  pytest-odoo started without its HTTP server) fails instead: Odoo would skip it silently.
- Where Odoo is missing (tools/hcrm.sh sets HCRM_ODOO_MISSING), the run ends by saying
  loudly how many Odoo tests it could not run.
"""

import ast
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging", "healthcare_crm_portal")
# What Odoo's browser helpers and pytest-odoo say when they skip a browser test.
BROWSER_SKIP_REASONS = ("websocket-client", "chrome", "--odoo-http")


def count_odoo_tests(root=ROOT, addons=ADDONS):
    """Number of test methods in the test classes of the addons' tests/ packages."""
    count = 0
    for addon in addons:
        for path in sorted((Path(root) / addon / "tests").glob("test_*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    count += sum(
                        isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test")
                        for item in node.body
                    )
    return count


@pytest.fixture(scope="session", autouse=True)
def _odoo_statics_loaded_once(request):
    """Read every manifest once, in this thread, before a browser tour starts.

    Odoo reads them lazily (``odoo.http.root.statics``) with ``ast.literal_eval`` from
    the HTTP threads serving a tour's first requests; CPython before 3.11.8 (gh-106905)
    may then fail with "AST constructor recursion depth mismatch".
    """
    http = sys.modules.get("odoo.http")
    if http is not None and request.config.pluginmanager.has_plugin("odoo"):
        request.getfixturevalue("load_registry")  # the addons path is complete only then
        _ = http.root.statics


# The clinic's (and every test user's) time zone. Odoo runs its server, and so the browser it
# starts, in UTC; a browser in UTC saw "today" as the day before between 23:00 and 24:00 UTC.
BROWSER_TZ = "Europe/Madrid"


@pytest.fixture(scope="session", autouse=True)
def _browser_in_the_clinics_time_zone():
    """Tours run in a browser on the clinic's clock, as its staff's browsers are."""
    common = sys.modules.get("odoo.tests.common")
    if common is None:
        yield
        return
    start = common.ChromeBrowser.__init__

    def init(browser, *args, **kwargs):
        start(browser, *args, **kwargs)
        browser._websocket_request("Emulation.setTimezoneOverride", params={"timezoneId": BROWSER_TZ})

    common.ChromeBrowser.__init__ = init
    yield
    common.ChromeBrowser.__init__ = start


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = report.longrepr[2]
        if any(marker in reason.lower() for marker in BROWSER_SKIP_REASONS):
            report.outcome = "failed"
            report.longrepr = f"Browser test could not run, and must: {reason}"


def pytest_terminal_summary(terminalreporter):
    if os.environ.get("HCRM_ODOO_MISSING"):
        terminalreporter.section("ODOO TESTS NOT RUN", sep="!", red=True, bold=True)
        terminalreporter.line(
            f"ODOO TESTS NOT RUN: Odoo 18 not found (set ODOO_SRC): "
            f"{count_odoo_tests()} Odoo tests of {len(ADDONS)} addons were not run",
            red=True,
            bold=True,
        )
