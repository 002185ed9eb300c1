"""A patient signs their quote on the phone, in Spanish, from the link the clinic sent."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQuoteSignTour(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_the_patient_signs_and_accepts_the_quote_on_the_phone(self):
        if not self.env["res.lang"]._lang_get("es_ES").active:
            self.env["res.lang"]._activate_lang("es_ES")
        self.env.company.write({"portal_confirmation_sign": True, "portal_confirmation_pay": False})
        # A website shown in English by default that offers Spanish: the link opens it in Spanish.
        website = self.env["website"].search([("company_id", "=", self.env.company.id)], limit=1)
        website.write(
            {
                "language_ids": [Command.link(self.env.ref("base.lang_es").id)],
                "default_lang_id": self.env.ref("base.lang_en").id,
            }
        )
        coordinator = new_test_user(
            self.env,
            login="tour_quote_coordinator",
            name="Elena Coordinadora",
            groups="healthcare_crm.group_healthcare_receptionist,sales_team.group_sale_salesman",
            lang="es_ES",
        )
        patient = self.env["res.partner"].create(
            {"name": "Sofía Tour Hernández", "is_patient": True, "lang": "es_ES", "email": "sofia.tour@example.com"}
        )
        product = self.env["product.product"].create({"name": "Blanqueamiento dental", "list_price": 350})
        quote = self.env["sale.order"].create(
            {
                "partner_id": patient.id,
                "user_id": coordinator.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        quote.action_quotation_sent()

        self.start_tour(quote.get_portal_url(), "healthcare_crm_portal_quote_sign_tour")

        quote.invalidate_recordset()
        self.assertEqual((quote.state, quote.followup_outcome), ("sale", "accepted"))
        self.assertEqual(quote.signed_by, "Sofía Tour Hernández")
        self.assertEqual(quote.activity_ids.user_id, coordinator)
        interaction = self.env["healthcare.interaction"].search([("sale_order_id", "=", quote.id)])
        self.assertEqual((interaction.channel, interaction.direction), ("web", "inbound"))
