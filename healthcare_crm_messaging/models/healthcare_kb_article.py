import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

CATEGORIES = [
    ("financing", "Financing"),
    ("insurers", "Insurers Accepted"),
    ("preparation", "Preparation for a Treatment"),
    ("aftercare", "Post-treatment Care"),
    ("prices", "Prices"),
    ("other", "Other"),
]


class HealthcareKbArticle(models.Model):
    """An approved answer the front desk gives patients (financing, insurers, how to prepare,
    care after a treatment, prices), searched while talking to them and sent on their channel.
    Written in the clinic's language: the body is what the patient reads."""

    _name = "healthcare.kb.article"
    _inherit = ["mail.thread"]
    _description = "Knowledge Base Article"
    _order = "category, name, id"

    name = fields.Char(string="Title", required=True, tracking=True)
    body = fields.Text(required=True, help="The text the patient gets, as it will be sent.")
    category = fields.Selection(CATEGORIES, required=True, default="other", tracking=True)
    tag_ids = fields.Many2many("healthcare.kb.tag", string="Tags")
    product_ids = fields.Many2many(
        "product.product",
        "healthcare_kb_article_product_rel",
        "article_id",
        "product_id",
        string="Treatments",
        help="Sent automatically to the patient after one of these treatments (once per visit).",
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False, tracking=True)
    approved_at = fields.Datetime(string="Approved On", readonly=True, copy=False)
    approved = fields.Boolean(compute="_compute_approved", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company", default=lambda self: self.env.company)

    @api.depends("approved_by_id", "approved_at")
    def _compute_approved(self):
        for article in self:
            article.approved = bool(article.approved_by_id and article.approved_at)

    def write(self, vals):
        # What the patient reads changed: it needs approving again.
        if {"name", "body"} & set(vals) and "approved_by_id" not in vals:
            vals = {**vals, "approved_by_id": False, "approved_at": False}
        return super().write(vals)

    def action_approve(self):
        if not self.env.user.has_group("healthcare_crm.group_healthcare_manager"):
            raise UserError(_("Only a manager can approve an answer for patients."))
        self.write({"approved_by_id": self.env.user.id, "approved_at": fields.Datetime.now()})

    # Search, for the desk's dialogs and the inbox

    @api.model
    def _desk_domain(self, text):
        domain = [("approved", "=", True)]
        for word in (text or "").split():
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        "|",
                        "|",
                        ("name", "ilike", word),
                        ("body", "ilike", word),
                        ("tag_ids.name", "ilike", word),
                        ("product_ids.name", "ilike", word),
                    ],
                ]
            )
        return domain

    @api.model
    def _search_display_name(self, operator, value):
        # The desk's many2one finds an answer by any word of its title, text, tags or treatments.
        if operator == "ilike" and isinstance(value, str) and value.strip():
            return self._desk_domain(value)
        return super()._search_display_name(operator, value)

    @api.model
    def search_answers(self, text, limit=10):
        """Approved answers matching every word of `text` (title, text, tags, treatments), for the
        desk's dialogs and the conversations inbox: [{id, name, category, body}]."""
        articles = self.search_fetch(self._desk_domain(text), ["name", "category", "body"], limit=limit)
        labels = dict(self._fields["category"]._description_selection(self.env))
        return [{"id": a.id, "name": a.name, "category": labels[a.category], "body": a.body} for a in articles]

    # Sending

    def _send_to(self, patient, key=None, request=None):
        """Send this approved answer to the patient on their channel: free text by WhatsApp
        inside their 24-hour window, else what `healthcare.message._deliver` chooses. Logged in
        the contact history. Returns the message, or nothing if no channel reaches them."""
        self.ensure_one()
        if not self.approved:
            raise UserError(_("%s is not approved yet: only approved answers are sent to patients.", self.name))
        Message = self.env["healthcare.message"].sudo()
        key = key or f"article:{self.id}:{patient.id}:{uuid.uuid4().hex}"
        text = f"{self.name}\n\n{self.body}"
        if (
            patient.preferred_channel == "whatsapp"
            and patient.mobile_e164
            and not patient.phone_sanitized_blacklisted
            and self.env["healthcare.whatsapp"]._configured()
            and patient._whatsapp_free_text_allowed()
        ):
            if Message.search_count([("key", "=", key)]):
                return Message.browse()
            message = Message.create(
                {
                    "key": key,
                    "patient_id": patient.id,
                    "kind": "article",
                    "channel": "whatsapp",
                    "recipient": patient.mobile_e164,
                    "body": text,
                }
            )
            message._send_whatsapp()
            message._log_sent()
        else:
            message = Message._deliver(patient, "article", key, text)
        if message and request:
            request.message_post(body=_("Answer sent to the patient: %s", self.name), subtype_xmlid="mail.mt_note")
        return message

    @api.model
    def _cron_send_after_treatment(self, batch_size=200):
        """After an attended appointment whose quote has treatments with an approved answer,
        send each such answer once (the key names the visit and the answer). A care message:
        the blacklists apply, marketing consent is not needed."""
        Message = self.env["healthcare.message"]
        if not Message._sending_allowed(self.env.company):
            return
        now = fields.Datetime.now()
        articles = self.search([("approved", "=", True), ("product_ids", "!=", False)])
        if not articles:
            return
        visits = self.env["calendar.event"].search(
            [
                ("patient_id", "!=", False),
                ("attendance", "=", "attended"),
                ("stop", "<=", now),
                ("stop", ">=", now - timedelta(days=3)),
                ("sale_order_id.order_line.product_id", "in", articles.product_ids.ids),
            ]
        )
        due = {}
        for visit in visits:
            products = visit.sale_order_id.order_line.product_id
            for article in articles.filtered(lambda a, products=products: a.product_ids & products):
                due[f"article:{visit.id}:{article.id}"] = ((visit, article), visit.patient_id, None)

        def compose(record, patient, env):
            visit, article = record
            return {
                "text": f"{article.name}\n\n{article.body}",
                "links": {"calendar_event_id": visit.id},
                "params": (patient.name, article.name),
            }

        Message._send_batches("article", due, compose, batch_size=batch_size)
