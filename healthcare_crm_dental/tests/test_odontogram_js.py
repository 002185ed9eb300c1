"""The odontogram's JS unit tests (hoot, static/tests/*.test.js) in Chromium."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestOdontogramUnitTests(HttpCase):
    def test_odontogram_hoot_suite(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&filter=healthcare_crm_dental",
            "",
            "",
            login="admin",
            timeout=300,
            success_signal="[HOOT] test suite succeeded",
            error_checker=lambda message: "[HOOT]" not in message,
        )
