from itertools import cycle

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class HealthcareCallList(models.TransientModel):
    _name = "healthcare.call.list"
    _description = "Call List"

    patient_ids = fields.Many2many("res.partner", string="Patients", domain=[("is_patient", "=", True)])
    user_ids = fields.Many2many(
        "res.users",
        string="Callers",
        domain=[("share", "=", False)],
        help="The calls are shared out in turn among these users.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity",
        required=True,
        default=lambda self: self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False),
        domain=[("res_model", "in", (False, "res.partner"))],
    )
    date_deadline = fields.Date(string="Call By", required=True, default=fields.Date.context_today)
    summary = fields.Char(default=lambda self: _("Invite the patient back"))
    note = fields.Html()

    @api.model
    def default_get(self, fields_list):
        """The selected patients, or the patients of the selected recalls (Actions menu of a list or form).

        An x2many default is a list of commands: the web client's first onchange reads it as such
        (a bare list of ids fails there with "'int' object is not subscriptable", while create()
        and odoo.tests.Form convert it silently). Only the fields asked for are given.
        """
        values = super().default_get(fields_list)
        context = self.env.context
        model = context.get("active_model")
        ids = context.get("active_ids") or ([context["active_id"]] if context.get("active_id") else [])
        if model == "res.partner":
            patients = self.env["res.partner"].browse(ids)
        elif model == "healthcare.recall":
            patients = self.env["healthcare.recall"].browse(ids).patient_id
            if "summary" in fields_list:
                values["summary"] = _("Book the recall")
        else:
            return values
        if "patient_ids" in fields_list:
            values["patient_ids"] = [Command.set(patients.ids)]
        return values

    def action_create(self):
        """One activity per patient, given to the callers in turn; patients already waiting for
        this kind of activity are left out, so nobody is called twice for one campaign."""
        self.ensure_one()
        if not self.user_ids:
            raise UserError(_("Choose who makes the calls."))
        patients = self.patient_ids.filtered("is_patient")
        waiting = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", patients.ids),
                ("activity_type_id", "=", self.activity_type_id.id),
            ]
        )
        waiting_ids = set(waiting.mapped("res_id"))
        patients = patients.filtered(lambda p: p.id not in waiting_ids)
        if not patients:
            raise UserError(_("Every selected patient already has this activity planned."))
        model = self.env["ir.model"]._get_id("res.partner")
        callers = cycle(self.user_ids.sorted("id"))
        activities = self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": patient.id,
                    "activity_type_id": self.activity_type_id.id,
                    "user_id": next(callers).id,
                    "date_deadline": self.date_deadline,
                    "summary": self.summary,
                    "note": self.note,
                }
                for patient in patients.sorted("id")
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Call List"),
            "res_model": "mail.activity",
            "view_mode": "list,form",
            "domain": [("id", "in", activities.ids)],
            "context": {"search_default_group_by_user_id": 1},
        }
