from psycopg2.errors import ReadOnlySqlTransaction

from odoo import api, fields, models
from odoo.exceptions import UserError

# The clinical summary of a patient (res.partner): whoever reads, changes or exports it is logged.
CLINICAL_FIELDS = ("allergies", "condition_ids", "medication_ids", "clinical_notes")
ACTIONS = [("read", "Read"), ("write", "Change"), ("export", "Data export")]
# Where the rows waiting for the end of the transaction are kept (cursor.precommit.data).
PENDING = "healthcare_crm.clinical_access_log"


class HealthcareClinicalAccessLog(models.Model):
    """Who read, changed or exported which patient's clinical summary, and when.

    Append-only, as the record of access to clinical data must be (GDPR art. 9 and 32,
    Spain's Ley 41/2002): rows are written only by the ORM hooks of res.partner and
    healthcare.patient.medication, as superuser, and nobody may change or delete them.
    They name the fields, never their values.
    """

    _name = "healthcare.clinical.access.log"
    _description = "Clinical Access Log"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="User", required=True, readonly=True, index=True, ondelete="restrict")
    # Restrict: a patient whose clinical data was accessed keeps that record (merging moves it).
    partner_id = fields.Many2one(
        "res.partner", string="Patient", required=True, readonly=True, index=True, ondelete="restrict"
    )
    action = fields.Selection(ACTIONS, required=True, readonly=True, index=True)
    field_names = fields.Char(
        string="Technical Field Names", readonly=True, help="The clinical fields read, changed or exported."
    )
    field_labels = fields.Char(string="Clinical Data", compute="_compute_field_labels")
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="The company the user was working in.",
    )

    @api.depends("field_names")
    def _compute_field_labels(self):
        partner_fields = self.env["res.partner"]._fields
        for entry in self:
            names = (entry.field_names or "").split(",")
            entry.field_labels = ", ".join(
                partner_fields[name]._description_string(self.env) if name in partner_fields else name
                for name in names
                if name
            )

    @api.depends("partner_id", "action")
    def _compute_display_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        for entry in self:
            entry.display_name = " · ".join(
                part for part in (entry.partner_id.display_name, actions.get(entry.action)) if part
            )

    def write(self, vals):
        if not vals:
            return True
        raise UserError(
            self.env._("The clinical access log cannot be changed: it is the record of who accessed clinical data.")
        )

    def unlink(self):
        raise UserError(
            self.env._("The clinical access log cannot be deleted: it is the record of who accessed clinical data.")
        )

    @api.model
    def _record(self, action, partner_ids, field_names):
        """Log `action` on the clinical `field_names` of the patients `partner_ids` by the current user.

        The rows wait for the end of the transaction and are then created in one batch: a list
        of 80 patients is one INSERT, and the same patient read twice in a request (the form
        reads the patient, then its medications) is one row naming every field. Nothing is
        logged for the superuser, which is how the system itself (crons, computations) reads.
        """
        env = self.env
        partner_ids = [pid for pid in partner_ids if isinstance(pid, int)]  # not the NewIds of onchanges
        if env.su or not partner_ids or not field_names:
            return
        if env.cr.readonly:
            # A read-only request (a web client read on a replica) cannot keep the log:
            # odoo.http runs the request again on a read/write cursor when it sees this error.
            raise ReadOnlySqlTransaction("Clinical data is read: its access log needs a read/write cursor")
        pending = env.cr.precommit.data.get(PENDING)
        if pending is None:
            pending = env.cr.precommit.data[PENDING] = {}
            env.cr.precommit.add(self.sudo()._create_pending)
        now = fields.Datetime.now()
        for partner_id in partner_ids:
            key = (env.uid, partner_id, action, env.company.id)
            entry = pending.setdefault(key, {"date": now, "fields": {}})
            entry["fields"].update(dict.fromkeys(field_names))

    def _create_pending(self):
        pending = self.env.cr.precommit.data.pop(PENDING, {})
        # A patient read then deleted in the same transaction has nothing left to log against.
        existing = set(self.env["res.partner"].browse(list({key[1] for key in pending})).exists().ids)
        self.create(
            [
                {
                    "date": entry["date"],
                    "user_id": uid,
                    "partner_id": partner_id,
                    "action": action,
                    "field_names": ",".join(name for name in CLINICAL_FIELDS if name in entry["fields"]),
                    "company_id": company_id,
                }
                for (uid, partner_id, action, company_id), entry in pending.items()
                if partner_id in existing
            ]
        )
        self.flush_model()
