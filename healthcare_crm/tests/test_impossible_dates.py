from odoo.tests import tagged

from .common import RpcCase


@tagged("post_install", "-at_install")
class TestImpossibleDates(RpcCase):
    """A date that does not exist, typed over RPC, is refused with a message, not a crash."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = cls.role_user("receptionist", login="date_reception")
        cls.patient = cls.env["res.partner"].create(
            {"name": "Raúl Ortega", "is_patient": True, "birthdate": "1990-01-02"}
        )

    def test_birthdate_february_30(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                error = self.assertRpcRefused(
                    call,
                    self.receptionist,
                    "res.partner",
                    "write",
                    [self.patient.id],
                    {"birthdate": "2023-02-30"},
                    error="ValidationError",
                )
                self.assertIn("2023-02-30", error.message)
                self.assertIn("Birthdate", error.message)
                error = self.assertRpcRefused(
                    call,
                    self.receptionist,
                    "res.partner",
                    "create",
                    {"name": "Nadie Creado", "is_patient": True, "birthdate": "2023-02-30"},
                    error="ValidationError",
                )
        self.patient.invalidate_recordset()
        self.assertEqual(str(self.patient.birthdate), "1990-01-02", "nothing half-written")
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Nadie Creado")]))

    def test_interaction_and_appointment_dates(self):
        for model, values in (
            (
                "healthcare.interaction",
                {"partner_id": self.patient.id, "summary": "Llamada", "date": "2026-04-31 10:00:00"},
            ),
            ("calendar.event", {"name": "Revisión", "start": "2026-13-01 10:00:00", "stop": "2026-13-01 11:00:00"}),
        ):
            with self.subTest(model=model):
                self.assertRpcRefused(self.call_kw, self.receptionist, model, "create", values, error="ValidationError")
