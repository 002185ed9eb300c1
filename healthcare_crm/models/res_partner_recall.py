from odoo import api, models
from odoo.tools import SQL, sql

# Changing these on a patient may make them need a recall of a condition or tag rule.
RECALL_TRIGGER_FIELDS = {"condition_ids", "category_id", "is_patient", "active"}
# The patients the recall job must look at again: a narrow table of its own, not a column of
# res_partner, so that marking and clearing a patient never rewrites the partner's wide row
# and its many indexes.
CHECK_TABLE = "healthcare_recall_check"


class ResPartner(models.Model):
    """Which patients the recall job must look at again (see healthcare.recall._cron_plan_recalls)."""

    _inherit = "res.partner"

    def init(self):
        cr = self.env.cr
        if not sql.table_exists(cr, CHECK_TABLE):
            cr.execute(
                f"""CREATE TABLE {CHECK_TABLE} (
                        patient_id integer PRIMARY KEY REFERENCES res_partner (id) ON DELETE CASCADE,
                        marked bigserial NOT NULL
                    )"""
            )
            # A database upgraded to the queue: the recall job looks at every patient once.
            cr.execute(f"INSERT INTO {CHECK_TABLE} (patient_id) SELECT id FROM res_partner WHERE is_patient")

    def _mark_recall_check_needed(self):
        """Have the recall job look at these patients again: one statement whatever their number.

        A patient already waiting is marked again (a new `marked`), so that a job looking at
        them at the same moment fails to clear the mark (concurrent update) and looks again.
        """
        ids = [pid for pid in self.ids if pid]
        if not ids:
            return
        self.flush_recordset(["is_patient"])
        self.env.cr.execute(
            SQL(
                f"""INSERT INTO {CHECK_TABLE} (patient_id)
                    SELECT id FROM res_partner WHERE id = ANY(%s) AND is_patient
                    ON CONFLICT (patient_id) DO UPDATE SET marked = EXCLUDED.marked""",
                ids,
            )
        )

    @api.model
    def _recall_check_next(self, limit):
        """The next patients marked for the recall job, in id order (primary key)."""
        self.env.cr.execute(SQL(f"SELECT patient_id FROM {CHECK_TABLE} ORDER BY patient_id LIMIT %s", limit))
        return self.browse(pid for (pid,) in self.env.cr.fetchall())

    def _recall_check_done(self):
        self.env.cr.execute(SQL(f"DELETE FROM {CHECK_TABLE} WHERE patient_id = ANY(%s)", self.ids))

    @api.model
    def _recall_check_count(self, limit):
        """How many patients are marked, counted up to `limit` so that it costs a batch at most."""
        self.env.cr.execute(SQL(f"SELECT count(*) FROM (SELECT 1 FROM {CHECK_TABLE} LIMIT %s) marked", limit))
        return self.env.cr.fetchone()[0]

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.sudo().filtered(
            lambda p: p.is_patient and (p.condition_ids or p.category_id)
        )._mark_recall_check_needed()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if RECALL_TRIGGER_FIELDS & set(vals):
            self._mark_recall_check_needed()
        return result
