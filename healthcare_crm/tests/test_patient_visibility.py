from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import RpcCase


@tagged("post_install", "-at_install")
class TestPatientVisibility(RpcCase):
    """Patients and their appointments, over HTTP, as clinic staff and as everyone else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = cls.role_user("receptionist", login="vis_reception")
        cls.employee = cls.role_user("employee", login="vis_employee")
        cls.employee.groups_id += cls.env.ref("base.group_allow_export")  # so that only the record rule refuses
        cls.portal = cls.role_user("portal", login="vis_portal")
        cls.patient = cls.env["res.partner"].create(
            {
                "name": "Inés Prieto Lago",
                "is_patient": True,
                "birthdate": "1980-05-04",
                "id_document_type": "dni",
                "id_document_number": "48213576X",
                "insurance_policy_number": "POL-4471",
            }
        )
        start = fields.Datetime.now() + timedelta(days=2)
        cls.appointment = cls.env["calendar.event"].create(
            {"name": "Revisión", "patient_id": cls.patient.id, "start": start, "stop": start + timedelta(hours=1)}
        )
        cls.meeting = (
            cls.env["calendar.event"]
            .with_user(cls.employee)
            .create({"name": "Reunión de equipo", "start": start, "stop": start + timedelta(hours=1)})
        )

    def test_plain_employee_reads_no_patient(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                found = call(self.employee, "res.partner", "search_read", [("id", "=", self.patient.id)], ["name"])
                self.assertEqual(found, [])
                self.assertEqual(call(self.employee, "res.partner", "name_search", "Inés Prieto"), [])
                self.assertEqual(call(self.employee, "res.partner", "search_count", [("is_patient", "=", True)]), 0)
                for method, args in (
                    ("read", ([self.patient.id], ["birthdate", "id_document_number", "insurance_policy_number"])),
                    ("export_data", ([self.patient.id], ["name", "birthdate"])),
                ):
                    with self.subTest(method=method):
                        self.assertRpcRefused(call, self.employee, "res.partner", method, *args)

    def test_plain_employee_sees_own_meetings_not_patient_appointments(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                events = call(self.employee, "calendar.event", "search_read", [], ["name", "partner_ids"])
                ids = {event["id"] for event in events}
                self.assertIn(self.meeting.id, ids)
                self.assertNotIn(self.appointment.id, ids)
                self.assertRpcRefused(call, self.employee, "calendar.event", "read", [self.appointment.id], ["name"])
                attendees = call(
                    self.employee, "calendar.attendee", "search_read", [("event_id", "=", self.appointment.id)], []
                )
                self.assertEqual(attendees, [], "the attendee list would name the patient")
                groups = call(
                    self.employee,
                    "calendar.event",
                    "read_group",
                    [],
                    ["partner_ids"],
                    ["partner_ids"],
                    lazy=False,
                )
                self.assertNotIn(self.patient.id, [group["partner_ids"][0] for group in groups if group["partner_ids"]])
        new_id = self.call_kw(
            self.employee,
            "calendar.event",
            "create",
            {"name": "Formación", "start": "2026-12-01 09:00:00", "stop": "2026-12-01 10:00:00"},
        )
        self.assertEqual(
            self.call_kw(self.employee, "calendar.event", "read", [new_id], ["name"])[0]["name"], "Formación"
        )

    def test_plain_employee_reaches_no_patient_record_of_the_clinic(self):
        for model in ("healthcare.interaction", "healthcare.recall", "healthcare.consent"):
            for via, call in self.both_rpcs():
                with self.subTest(model=model, via=via):
                    self.assertRpcRefused(call, self.employee, model, "search_read", [], ["partner_id"])

    def test_portal_user_reads_only_their_own_partner(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                self.assertRpcRefused(
                    call, self.portal, "res.partner", "read", [self.patient.id], ["name", "birthdate"]
                )
                self.assertRpcRefused(call, self.portal, "calendar.event", "read", [self.appointment.id], ["name"])
                own = call(self.portal, "res.partner", "read", [self.portal.partner_id.id], ["name"])
                self.assertEqual(own[0]["id"], self.portal.partner_id.id)

    def test_receptionist_sees_the_patient_and_the_appointment(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                patient = call(
                    self.receptionist, "res.partner", "read", [self.patient.id], ["birthdate", "id_document_number"]
                )[0]
                self.assertEqual(patient["id_document_number"], "48213576X")
                events = call(self.receptionist, "calendar.event", "search", [("patient_id", "=", self.patient.id)])
                self.assertEqual(events, [self.appointment.id])
