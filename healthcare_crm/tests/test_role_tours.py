"""One browser tour per clinic role, each as a user who speaks Spanish, on the demo clinic.

The tours read the demo data (Carmen García López, Javier Moreno Castillo, Antonio Ruiz Jiménez...);
what they rely on is set here explicitly (today's appointments, the recalls due, the quotes'
stages), so that they do not depend on the day the database was built or on the demo's random ids.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

MADRID = pytz.timezone("Europe/Madrid")


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's activity types (Llamada, Correo electrónico...) in Spanish, as in the demo database.
        # The test database loads Spanish when it installs our addons on a database that already
        # has Accounting: `--load-language` then runs before any model but base's is loaded, and
        # leaves the records of mail, sale... in English.
        if cls.env.ref("mail.mail_activity_data_call").with_context(lang="es_ES").name != "Llamada":
            cls.env["ir.module.module"].search([("name", "=", "mail")])._update_translations(["es_ES"])
            cls.env.invalidate_all()

    def ref(self, xmlid):
        return self.env.ref(f"healthcare_crm.{xmlid}")

    def user(self, login, name, group, **values):
        return new_test_user(self.env, login=login, name=name, groups=group, lang="es_ES", tz="Europe/Madrid", **values)

    def madrid_today_at(self, hour, minute=0):
        """Today in Madrid at the given time, as Odoo stores it (UTC, naive)."""
        today = datetime.now(MADRID).date()
        return MADRID.localize(datetime.combine(today, time(hour, minute))).astimezone(pytz.utc).replace(tzinfo=None)

    def recall_due(self, patient):
        """An open hygiene recall of the patient, due today (the demo's own if it has one)."""
        rule = self.ref("recall_rule_hygiene")
        today = fields.Date.context_today(self.env["res.partner"].with_context(tz="Europe/Madrid"))
        recall = self.env["healthcare.recall"].search(
            [
                ("patient_id", "=", patient.id),
                ("rule_id", "=", rule.id),
                ("state", "in", ("planned", "due", "notified", "booked", "overdue")),
            ]
        )
        if recall:
            recall.write({"due_date": today, "state": "due"})
            return recall
        return self.env["healthcare.recall"].create(
            {"rule_id": rule.id, "patient_id": patient.id, "due_date": today, "state": "due"}
        )

    def test_receptionist_day(self):
        receptionist = self.user(
            "tour_rol_recepcion",
            "Marta Tour Recepción",
            "healthcare_crm.group_healthcare_receptionist",
            action_id=self.ref("action_front_desk_agenda").id,
        )
        carmen = self.ref("patient_carmen_garcia")
        self.assertEqual(carmen.mobile, "+34 612 345 678")
        self.assertTrue(carmen.sale_order_ids, "the tour reads her quotes' count")
        today = self.ref("appointment_today_carmen")
        today.write(
            {"start": self.madrid_today_at(16), "stop": self.madrid_today_at(16, 30), "attendance": "scheduled"}
        )
        javier, sofia = self.ref("patient_javier_moreno"), self.ref("patient_sofia_hernandez")
        recalls = self.recall_due(javier) | self.recall_due(sofia)
        call = self.env.ref("mail.mail_activity_data_call")
        self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", (javier | sofia).ids),
                ("activity_type_id", "=", call.id),
            ]
        ).unlink()  # nobody is already waiting for a call, so the list calls both

        self.start_tour("/odoo", "healthcare_crm_receptionist_day_tour", login=receptionist.login)

        calls = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", recalls.patient_id.ids),
                ("activity_type_id", "=", call.id),
            ]
        )
        self.assertEqual(sorted(calls.mapped("res_id")), sorted((javier | sofia).ids))
        self.assertEqual(calls.user_id, receptionist)
        self.assertEqual(set(calls.mapped("summary")), {"Dar cita para la revisión"}, "in her language")

    def test_coordinator_quote(self):
        coordinator = self.user(
            "tour_rol_coordinacion", "Irene Tour Coordinación", "healthcare_crm.group_healthcare_receptionist"
        )
        followup, deciding = self.ref("quote_stage_followup"), self.ref("quote_stage_deciding")
        to_follow, to_reject = self.ref("quote_javier_implants"), self.ref("quote_sofia_whitening")
        to_follow.followup_stage_id = followup
        to_reject.followup_stage_id = deciding
        self.assertEqual((to_follow | to_reject).mapped("state"), ["draft", "draft"])
        pipeline = self.env["sale.order"].search([("partner_id.is_patient", "=", True)])
        for quote, stage in ((to_follow, followup), (to_reject, deciding)):
            same_card = pipeline.filtered(
                lambda q, q0=quote, s=stage: q.partner_id == q0.partner_id and q.followup_stage_id == s
            )
            self.assertEqual(same_card, quote, "the tour finds the quote by its patient in its column")

        self.start_tour("/odoo", "healthcare_crm_coordinator_quote_tour", login=coordinator.login)

        action = to_follow.interaction_ids.filtered(lambda i: i.user_id == coordinator)
        self.assertEqual(len(action), 1)
        self.assertEqual((action.channel, action.outcome), ("call", "reached"))
        self.assertIn("le llamo el jueves", action.summary)
        next_task = to_follow.activity_ids.filtered(lambda a: a.user_id == coordinator)
        self.assertEqual(next_task.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertGreaterEqual(next_task.date_deadline, fields.Date.today() - timedelta(days=1))
        self.assertEqual(to_reject.followup_outcome, "rejected")
        self.assertEqual(to_reject.rejection_reason_id, self.ref("rejection_reason_price"))
        self.assertEqual(to_reject.rejection_note, "Le parece caro; quizá el año que viene.")
        self.assertFalse(to_reject.activity_ids, "rejecting it cancels its open tasks")

    def test_clinician_alerts(self):
        clinician = self.user("tour_rol_clinica", "Dra. Tour Clínica", "healthcare_crm.group_healthcare_clinician")
        antonio = self.ref("patient_antonio_ruiz")
        self.assertIn(self.ref("condition_anticoagulant_therapy"), antonio.condition_ids)
        self.assertEqual(antonio.allergies, "Penicilina")
        # Seen this morning (or at midnight, when the tour runs in the first half hour of the day).
        start = max(self.madrid_today_at(0), fields.Datetime.now().replace(microsecond=0) - timedelta(minutes=30))
        extraction = self.env["calendar.event"].create(
            {
                "name": "Extracción del 4.6",
                "patient_id": antonio.id,
                "appointment_type_id": self.ref("appointment_type_treatment").id,
                "practitioner_id": clinician.id,
                "user_id": clinician.id,
                "start": start,
                "stop": start + timedelta(minutes=30),
                "attendance": "confirmed",
            }
        )
        if not antonio.sale_order_ids:
            self.env["sale.order"].create(
                {
                    "partner_id": antonio.id,
                    "followup_stage_id": self.ref("quote_stage_followup").id,
                    "order_line": [Command.create({"product_id": self.ref("product_extraction").id})],
                }
            )
        self.assertEqual(len(antonio.sale_order_ids), 1, "the smart button opens his one quote")

        self.start_tour("/odoo", "healthcare_crm_clinician_alerts_tour", login=clinician.login)

        self.assertEqual(extraction.attendance, "attended")
