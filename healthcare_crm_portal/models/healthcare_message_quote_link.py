from odoo import api, models


class HealthcareMessage(models.Model):
    """The quote follow-up message carries the link to the quote's page, where the patient reads,
    asks about or accepts and signs it."""

    _inherit = "healthcare.message"

    @api.model
    def _queue_messages(self, kind, due, compose, marketing=False, claimed=None):
        if kind == "followup":
            compose = self._with_quote_link(compose)
        return super()._queue_messages(kind, due, compose, marketing=marketing, claimed=claimed)

    @api.model
    def _with_quote_link(self, compose):
        # WhatsApp sends its approved template's text, which has no place for a link: the SMS and
        # email texts get it.
        def compose_with_link(quote, patient, env):
            content = compose(quote, patient, env)
            url = quote.get_base_url() + quote.sudo().get_portal_url()
            content["text"] = env._(
                "%(text)s See it, ask us or accept it online: %(url)s", text=content["text"], url=url
            )
            return content

        return compose_with_link
