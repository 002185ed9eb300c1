from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestToothState(DentalCase):
    """One row per tooth, and every change of it kept in an append-only history."""

    def test_each_change_is_a_history_row(self):
        States = self.env["healthcare.dental.tooth.state"].with_user(self.clinician)
        state = States.create({"patient_id": self.patient.id, "tooth": "36", "surface_d": "caries"})
        state.write({"surface_d": "filled", "surface_o": "filled", "condition": "root_canal"})
        history = self.env["healthcare.dental.tooth.history"].search([("state_id", "=", state.id)], order="id")
        self.assertEqual(
            [(row.part, row.old_value, row.new_value) for row in history],
            [
                ("D", "healthy", "caries"),
                ("general", "healthy", "root_canal"),
                ("D", "caries", "filled"),
                ("O", "healthy", "filled"),
            ],
        )
        self.assertEqual(history.user_id, self.clinician)
        self.assertEqual(set(history.mapped("tooth")), {"36"})
        # Writing the same value again changes nothing, so it is no history.
        state.write({"condition": "root_canal"})
        self.assertEqual(len(state.history_ids), 4)

    def test_one_row_per_patient_and_tooth(self):
        States = self.env["healthcare.dental.tooth.state"]
        States.create({"patient_id": self.patient.id, "tooth": "11"})
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation), self.cr.savepoint():
            States.create({"patient_id": self.patient.id, "tooth": "11"})

    def test_history_is_append_only_for_everyone(self):
        state = (
            self.env["healthcare.dental.tooth.state"]
            .with_user(self.clinician)
            .create({"patient_id": self.patient.id, "tooth": "46", "condition": "crown"})
        )
        history = state.history_ids
        self.assertTrue(history)
        for user in (self.clinician, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                history.with_user(user).write({"new_value": "healthy"})
            with self.subTest(user=user.login), self.assertRaises(UserError):
                history.with_user(user).unlink()
        with self.assertRaises(UserError):
            history.sudo().write({"new_value": "healthy"})
        with self.assertRaises(UserError):
            history.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["healthcare.dental.tooth.history"].with_user(self.clinician).create(
                {
                    "patient_id": self.patient.id,
                    "tooth": "46",
                    "part": "general",
                    "new_value": "healthy",
                    "user_id": self.clinician.id,
                }
            )
        self.assertEqual(history.new_value, "crown")

    def test_front_desk_reads_no_tooth_state(self):
        self.env["healthcare.dental.tooth.state"].create({"patient_id": self.patient.id, "tooth": "21"})
        for user in (self.receptionist, self.manager):
            for model in (
                "healthcare.dental.tooth.state",
                "healthcare.dental.tooth.history",
                "healthcare.dental.treatment",
            ):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
