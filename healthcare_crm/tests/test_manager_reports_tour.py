from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestManagerReportsTour(HttpCase):
    """The manager, in Spanish, supervises the pipeline, the quote and no-show reports and the
    clinical access log (static/src/js/tours/manager_reports_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_manager",
            name="Ana Gerencia Tour",
            groups="healthcare_crm.group_healthcare_manager",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        cls.responsible = new_test_user(
            cls.env,
            login="tour_responsible",
            name="Marta Responsable Tour",
            groups="healthcare_crm.group_healthcare_receptionist",
        )
        cls.practitioner = new_test_user(
            cls.env,
            login="tour_practitioner",
            name="Dr. Tour Ortega",
            groups="healthcare_crm.group_healthcare_clinician",
        )
        cls.clinician = new_test_user(
            cls.env,
            login="tour_clinician",
            name="Dra. Tour Clínica",
            groups="healthcare_crm.group_healthcare_clinician",
        )
        cls.patient = cls.env["res.partner"].create(
            {"name": "Tomás Tour Gerencia", "is_patient": True, "allergies": "Penicilina"}
        )
        implant = cls.env["product.product"].create(
            {"name": "Implante (tour)", "list_price": 2400.0, "taxes_id": False}
        )
        cls.quote = cls.env["sale.order"].create(
            {
                "partner_id": cls.patient.id,
                "user_id": cls.responsible.id,
                "order_line": [Command.create({"product_id": implant.id, "tax_id": False})],
            }
        )
        checkup = cls.env.ref("healthcare_crm.appointment_type_checkup")
        for days, attendance in ((-20, "attended"), (-10, "no_show")):
            cls.env["calendar.event"].create(
                {
                    "name": checkup.name,
                    "patient_id": cls.patient.id,
                    "appointment_type_id": checkup.id,
                    "practitioner_id": cls.practitioner.id,
                    "start": fields.Datetime.now() + timedelta(days=days),
                    "attendance": attendance,
                }
            )
        # The clinician reads the patient's allergies: one row in the access log, written at commit.
        cls.env["res.partner"].with_user(cls.clinician).browse(cls.patient.id).read(["allergies"])
        cls.env.cr.precommit.run()

    def test_manager_supervises_pipeline_reports_and_access_log(self):
        self.assertEqual(self.quote.currency_id, self.env.ref("base.EUR"), "the Spanish clinic quotes in euros")
        self.assertEqual(self.quote.amount_total, 2400.0)
        log = self.env["healthcare.clinical.access.log"].search(
            [("partner_id", "=", self.patient.id), ("user_id", "=", self.clinician.id), ("action", "=", "read")]
        )
        self.assertEqual(len(log), 1)
        attendance = (
            self.env["healthcare.appointment.report"]
            .with_user(self.manager)
            .with_context(lang="es_ES")
            .fields_get(["attendance"])
        )
        self.assertIn(("no_show", "No presentado"), attendance["attendance"]["selection"], "in the manager's Spanish")

        self.start_tour("/odoo", "healthcare_crm_manager_reports_tour", login="tour_manager")
