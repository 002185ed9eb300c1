from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestDentalQuoteForm(DentalCase):
    """The quote made from the chart, as the coordinator opens it from the pipeline."""

    def test_coordinator_sees_the_teeth_and_answers_a_line(self):
        self.plan(self.filling, [{"tooth": "36", "surfaces": ["M", "O"]}])
        self.plan(self.crown, [{"tooth": "46"}])
        action = self.chart().action_dental_create_quote()
        self.assertEqual(
            (action["type"], action["res_model"], action["view_mode"]), ("ir.actions.act_window", "sale.order", "form")
        )
        pipeline = self.env.ref("healthcare_crm.action_quote_pipeline").sudo()
        context = safe_eval(pipeline.context or "{}", {"uid": self.receptionist.id, "context": {}})
        quote = self.env["sale.order"].browse(action["res_id"])
        self.assertIn(quote, self.env["sale.order"].search(safe_eval(pipeline.domain)))
        with Form(quote.with_user(self.receptionist).with_context(**context)) as form:
            teeth = [form.order_line.edit(index).dental_teeth for index in range(len(form.order_line))]
            self.assertEqual(sorted(teeth), ["36 MO", "46"])
            with form.order_line.edit(teeth.index("46")) as line:
                line.dental_line_outcome = "rejected"
        crown = self.treatments().filtered(lambda t: t.tooth == "46")
        self.assertEqual(crown.status, "rejected")
        quote.with_user(self.receptionist).action_followup_accept()
        self.assertEqual(self.treatments().filtered(lambda t: t.tooth == "36").status, "accepted")
