from datetime import timedelta

from odoo import Command, fields
from odoo.addons.healthcare_crm_messaging.tests.common import MessagingCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestQuoteFollowupLink(MessagingCase):
    def test_the_follow_up_message_links_to_the_quote_page(self):
        patient = self.patient(mobile="699 100 401", preferred_channel="sms")
        product = self.env["product.product"].create({"name": "Implante", "list_price": 1200})
        quote = self.env["sale.order"].create(
            {
                "partner_id": patient.id,
                "date_order": fields.Datetime.now() - timedelta(days=8),
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        self.messages._cron_send_followups()
        [sms] = self.sent_to("+34699100401")
        url = quote.get_base_url() + quote.get_portal_url()
        self.assertIn(url, sms["Body"])
        self.assertIn("acéptelo en línea", sms["Body"])
        self.assertIn(quote.access_token, self.sent(patient).body)
