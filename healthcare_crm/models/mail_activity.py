from odoo import _, fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # Read what the contact history needs before the activities are deleted.
        interaction_vals = self._healthcare_interaction_values(feedback)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if interaction_vals:
            # Whoever may complete the activity may leave its trace in the history.
            self.env["healthcare.interaction"].sudo().create(interaction_vals)
        return result

    def _healthcare_interaction_values(self, feedback=False):
        """Values of the interactions that completing these activities on patients logs, one each."""
        on_partners = self.filtered(lambda activity: activity.res_model == "res.partner" and activity.res_id)
        if not on_partners:
            return []
        patients = self.env["res.partner"].sudo().browse(set(on_partners.mapped("res_id"))).exists()
        patient_ids = set(patients.filtered("is_patient").ids)
        now = fields.Datetime.now()
        vals_list = []
        for activity in on_partners.filtered(lambda activity: activity.res_id in patient_ids):
            title = activity.summary or activity.activity_type_id.name or _("Activity")
            vals_list.append(
                {
                    "partner_id": activity.res_id,
                    "channel": activity.activity_type_id.healthcare_channel or "other",
                    "direction": "outbound",
                    "outcome": "done",
                    "summary": f"{title}\n{feedback}" if feedback else title,
                    "user_id": self.env.user.id,
                    "date": now,
                    "calendar_event_id": activity.calendar_event_id.id,
                    "company_id": self.env.company.id,
                }
            )
        return vals_list
