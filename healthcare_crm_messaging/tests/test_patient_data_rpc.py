import re

from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPatientDataRpc(RpcCase):
    """The messages sent to patients, over HTTP: only the patient's company's clinic staff read
    them, and an opt-out on the public page is recorded with its evidence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.healthcare_send_from, cls.env.company.healthcare_send_until = 0.0, 24.0
        cls.south = cls.env["res.company"].create({"name": "Clínica Sur"})
        cls.north_desk = cls.role_user("receptionist", login="msg_north")
        cls.south_desk = cls.role_user("receptionist", login="msg_south", company=cls.south)
        cls.employee = cls.role_user("employee", login="msg_employee")
        cls.manager = cls.role_user("manager", login="msg_manager")
        cls.patient = cls.env["res.partner"].create(
            {"name": "Rocío Prieto", "is_patient": True, "email": "rocio@example.com", "preferred_channel": "email"}
        )
        cls.env["healthcare.consent"].create(
            {"partner_id": cls.patient.id, "purpose": "email_marketing", "state": "given"}
        )
        cls.greeting = cls.env["healthcare.message"]._deliver(
            cls.patient, "birthday", "birthday:rpc", "Feliz cumpleaños", marketing=True
        )

    def test_messages_only_for_the_patient_company_clinic_staff(self):
        self.assertEqual(self.greeting.company_id, self.env.company)
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                bodies = call(self.north_desk, "healthcare.message", "search_read", [], ["body"])
                self.assertIn(self.greeting.id, [message["id"] for message in bodies])
                self.assertEqual(call(self.south_desk, "healthcare.message", "search_read", [], ["body"]), [])
                self.assertRpcRefused(call, self.south_desk, "healthcare.message", "read", [self.greeting.id], ["body"])
                self.assertRpcRefused(call, self.employee, "healthcare.message", "search_read", [], ["body"])

    def test_opt_out_keeps_the_patient_ip_and_browser(self):
        link = re.search(r"/clinic/optout/[\w-]+", self.greeting.body).group(0)
        browser = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile Safari"}
        page = self.url_open(link, headers=browser)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.assertEqual(self.url_open(link, data={"csrf_token": token}, headers=browser).status_code, 200)
        withdrawal = self.patient.consent_ids.filtered(lambda consent: consent.state == "withdrawn")
        self.assertEqual(withdrawal.ip_address, "127.0.0.1")
        self.assertEqual(withdrawal.user_agent, browser["User-Agent"])
        self.assertTrue(withdrawal.user_id._is_public(), "recorded by the patient on the public page")
        self.patient.invalidate_recordset()
        self.assertEqual(self.patient.consent_email_marketing, "withdrawn")
        # The patient's right of access shows that evidence too.
        export = self.call_kw(self.manager, "res.partner", "healthcare_personal_data_export", [self.patient.id])
        self.assertIn(
            ("127.0.0.1", browser["User-Agent"]), [(c["ip_address"], c["user_agent"]) for c in export["consents"]]
        )

    def test_nothing_is_sent_again_before_a_provider_is_set(self):
        """A manager's "Send again" over JSON-RPC, with no SMS provider chosen: refused, and why."""
        self.assertEqual(self.env.company.healthcare_sms_provider, "none")
        self.patient.write({"mobile": "+34 699 100 601", "preferred_channel": "sms"})
        failed = self.env["healthcare.message"].create(
            {
                "key": "reminder:rpc-failed",
                "patient_id": self.patient.id,
                "kind": "reminder",
                "channel": "sms",
                "recipient": "+34699100601",
                "body": "Su cita es mañana",
                "state": "failed",
            }
        )
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                error = self.assertRpcRefused(
                    call, self.manager, "healthcare.message", "action_retry", [failed.id], error="UserError"
                )
                self.assertIn("No SMS provider configured", error.message)
        failed.invalidate_recordset()
        self.assertEqual(failed.state, "failed")
        self.assertFalse(self.env["sms.sms"].search([("number", "=", "+34699100601")]))

    def test_the_patient_link_of_an_appointment_is_for_the_reminder_job_only(self):
        """The link a reminder email carries opens the patient's appointment page without a login:
        clinic staff see the appointment and its date in the patient's time, never the link."""
        event = self.env["calendar.event"].create(
            {
                "name": "Revisión",
                "partner_ids": [(6, 0, self.patient.ids)],
                "start": "2030-03-04 09:00:00",
                "stop": "2030-03-04 09:30:00",
            }
        )
        url = event._patient_urls()[event.id]
        self.assertIn("/clinic/appointment/", url)
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                for user in (self.north_desk, self.manager):
                    read = call(user, "calendar.event", "read", [event.id], ["patient_local_start_text"])
                    self.assertTrue(read[0]["patient_local_start_text"])
                    self.assertRpcRefused(call, user, "calendar.event", "read", [event.id], ["patient_url"])
                    self.assertRpcRefused(
                        call, user, "calendar.event", "search_read", [("id", "=", event.id)], ["patient_url"]
                    )
