from odoo import fields, models


class HealthcareInsurer(models.Model):
    _name = "healthcare.insurer"
    _description = "Health Insurer"
    _order = "name"

    name = fields.Char(required=True, translate=False)
    partner_id = fields.Many2one(
        "res.partner", string="Billing Contact", help="The insurer as a contact, to invoice it."
    )
    phone = fields.Char()
    email = fields.Char()
    website = fields.Char()
    note = fields.Text(string="Notes", help="Agreements with the clinic, authorisation steps...")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company")
    patient_count = fields.Integer(compute="_compute_patient_count")

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "There is already an insurer with this name."),
    ]

    def _compute_patient_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("insurer_id", "in", self.ids), ("is_patient", "=", True)], ["insurer_id"], ["__count"]
            )
        )
        for insurer in self:
            insurer.patient_count = counts.get(insurer, 0)
