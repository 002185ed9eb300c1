import json

from odoo.tests import HttpCase, new_test_user, tagged

# A 1x1 PNG: the portal's signature pad sends the drawing as base64.
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestPortalSignature(HttpCase):
    """The patient signs the dental quote in Odoo's sale portal: the quote is accepted in the
    follow-up pipeline, its open lines and their treatments accepted, a rejected line kept."""

    def test_signing_online_accepts_the_quote(self):
        env = self.env
        clinician = new_test_user(env, login="portal_sign_dentist", groups="healthcare_crm.group_healthcare_clinician")
        patient = env["res.partner"].create({"name": "Marta Vidal", "is_patient": True, "email": "marta@example.com"})
        portal = new_test_user(env, login="portal_sign_marta", groups="base.group_portal", partner_id=patient.id)
        filling = env.ref("healthcare_crm_dental.product_dental_composite_filling")
        crown = env.ref("healthcare_crm_dental.product_dental_crown")
        chart = patient.with_user(clinician)
        chart.dental_plan_treatments([{"tooth": "36", "surfaces": ["O"]}], filling.id)
        chart.dental_plan_treatments([{"tooth": "46"}], crown.id)
        order = env["sale.order"].browse(chart.action_dental_create_quote()["res_id"])
        order.require_signature = True
        order.require_payment = False
        crown_line = order.order_line.filtered(lambda line: line.dental_teeth == "46")
        crown_line.action_dental_reject()
        self.assertEqual(order.followup_outcome, "open")

        self.authenticate(portal.login, portal.login)
        # The portal quote shows each line's teeth.
        page = self.url_open(order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="dental_teeth"', page.text)
        self.assertIn("36 O", page.text)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"access_token": order.access_token, "name": "Marta Vidal", "signature": SIGNATURE},
        }
        response = self.url_open(
            f"/my/orders/{order.id}/accept", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        result = response.json()["result"]
        self.assertNotIn("error", result, result)
        order.invalidate_recordset()
        self.assertEqual(order.signed_by, "Marta Vidal")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.followup_outcome, "accepted")
        filling_line = order.order_line - crown_line
        self.assertEqual(filling_line.dental_line_outcome, "accepted")
        self.assertEqual(crown_line.dental_line_outcome, "rejected")
        treatments = env["healthcare.dental.treatment"].search([("patient_id", "=", patient.id)])
        self.assertEqual(
            {treatment.tooth: treatment.status for treatment in treatments}, {"36": "accepted", "46": "rejected"}
        )
