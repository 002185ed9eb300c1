from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import create_index

# A patient who missed this many appointments in these recent months is flagged.
FREQUENT_NO_SHOWS = 2
NO_SHOW_RECENT_MONTHS = 12


class ResPartner(models.Model):
    """Visits, next appointment, no-shows and lifetime invoiced, stored on the patient for segments."""

    _inherit = "res.partner"

    # Engagement, stored for segments and kept current by the appointments and invoices
    # that change it (see _update_engagement), never by recomputing every patient.
    first_visit_date = fields.Datetime(string="First Visit", readonly=True, copy=False, index="btree_not_null")
    last_visit_date = fields.Datetime(string="Last Visit", readonly=True, copy=False, index="btree_not_null")
    next_appointment_date = fields.Datetime(
        string="Next Appointment", readonly=True, copy=False, index="btree_not_null"
    )
    no_show_count = fields.Integer(
        string="No-shows", readonly=True, copy=False, help="Appointments the patient missed without notice."
    )
    recent_no_show_count = fields.Integer(
        string="Recent No-shows",
        readonly=True,
        copy=False,
        help=f"No-shows in the last {NO_SHOW_RECENT_MONTHS} months.",
    )
    frequent_no_show = fields.Boolean(
        string="Frequent No-show",
        readonly=True,
        copy=False,
        index=True,
        help=f"{FREQUENT_NO_SHOWS} or more no-shows in the last {NO_SHOW_RECENT_MONTHS} months: "
        "confirm their appointments by phone.",
    )
    lifetime_invoiced = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="Customer invoices posted to the patient, less credit notes, in the company currency.",
    )

    def init(self):
        super().init()
        # New patients of a period (the dashboard's growth): Odoo does not index create_date.
        create_index(
            self.env.cr,
            indexname="res_partner_patient_create_date_index",
            tablename=self._table,
            expressions=["create_date"],
            where="is_patient",
        )

    @api.model
    def _cron_passed_appointments(self):
        """A passed appointment is no longer the next one, and old no-shows stop being recent:
        refresh only those patients."""
        self.search(
            ["|", ("next_appointment_date", "<", fields.Datetime.now()), ("recent_no_show_count", ">", 0)]
        )._update_engagement()

    def _update_engagement(self):
        """Recompute visits, next appointment, no-shows and lifetime invoiced of these patients.

        Five grouped queries whatever the number of patients. A visit is an attended
        appointment (calendar event with the patient as attendee).
        """
        patients = self.sudo().filtered("is_patient").exists()
        if not patients:
            return
        now = fields.Datetime.now()
        events = self.env["calendar.event"].sudo()
        of_patients = [("partner_ids", "in", patients.ids)]
        visits = {
            partner: (first, last)
            for partner, first, last in events._read_group(
                [*of_patients, ("attendance", "=", "attended")], ["partner_ids"], ["start:min", "start:max"]
            )
        }
        upcoming = dict(
            events._read_group(
                [*of_patients, ("start", ">=", now), ("attendance", "in", ("scheduled", "confirmed"))],
                ["partner_ids"],
                ["start:min"],
            )
        )
        no_shows = dict(
            events._read_group([*of_patients, ("attendance", "=", "no_show")], ["partner_ids"], ["__count"])
        )
        recent_no_shows = dict(
            events._read_group(
                [
                    *of_patients,
                    ("attendance", "=", "no_show"),
                    ("start", ">=", now - relativedelta(months=NO_SHOW_RECENT_MONTHS)),
                ],
                ["partner_ids"],
                ["__count"],
            )
        )
        invoiced = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", patients.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            )
        )
        for patient in patients:
            first, last = visits.get(patient, (False, False))
            values = {
                "first_visit_date": first,
                "last_visit_date": last,
                "next_appointment_date": upcoming.get(patient, False),
                "no_show_count": no_shows.get(patient, 0),
                "recent_no_show_count": recent_no_shows.get(patient, 0),
                "frequent_no_show": recent_no_shows.get(patient, 0) >= FREQUENT_NO_SHOWS,
                "lifetime_invoiced": invoiced.get(patient, 0.0),
            }
            if any(patient[name] != value for name, value in values.items()):
                patient.write(values)
