from odoo import fields, models


def _clinic_staff(self):
    # Only clinic staff can open a patient request: nobody else is offered as lead or member.
    return [
        ("share", "=", False),
        ("groups_id", "in", self.env.ref("healthcare_crm.group_healthcare_receptionist").ids),
    ]


class HealthcareRequestTeam(models.Model):
    """Who answers a kind of patient request: front desk, billing, clinical.

    A small model rather than Odoo groups: groups say what someone may see, a team says who
    must answer, who leads it (the person an overdue request is escalated to) and in which
    clinic. A clinician may sit in the front-desk team for a week without gaining or losing
    any right.
    """

    _name = "healthcare.request.team"
    _description = "Patient Request Team"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company", default=lambda self: self.env.company)
    leader_id = fields.Many2one(
        "res.users",
        string="Team Lead",
        domain=_clinic_staff,
        help="Gets a to-do when a request of the team passes its deadline.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "healthcare_request_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain=_clinic_staff,
        help="New requests are assigned to the member with the fewest open ones.",
    )
