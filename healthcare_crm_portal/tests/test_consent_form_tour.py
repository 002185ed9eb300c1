from odoo.tests import tagged

from .consent_form_common import ConsentFormCase


@tagged("post_install", "-at_install")
class TestConsentFormTour(ConsentFormCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_the_patient_signs_on_the_phone(self):
        form = self.send_for_quote()
        self.start_tour(f"/clinic/consent/{form.sudo().token}", "healthcare_crm_portal_consent_form_tour")
        self.assertEqual(form.state, "signed")
        self.assertEqual(form.signed_by, "Rocío Prieto")
        self.assertTrue(form.signature)
        self.assertEqual(self.quote.consent_form_state, "signed")
