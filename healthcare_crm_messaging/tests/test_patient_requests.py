"""Patient requests: routed by type, escalated by the cron once their deadline passes, closed
with a satisfaction question whose answer comes back to the request, first-contact resolution
measured."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestPatientRequests(MessagingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk_lead = new_test_user(
            cls.env, login="hc_req_lead", groups="healthcare_crm.group_healthcare_manager", lang="en_US"
        )
        cls.billing_a = new_test_user(
            cls.env, login="hc_req_billing_a", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.billing_b = new_test_user(
            cls.env, login="hc_req_billing_b", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.billing_team = cls.env.ref("healthcare_crm_messaging.request_team_billing")
        cls.billing_team.write(
            {"leader_id": cls.desk_lead.id, "member_ids": [(6, 0, (cls.billing_a | cls.billing_b).ids)]}
        )
        cls.env.ref("healthcare_crm_messaging.request_team_front_desk").write(
            {"leader_id": cls.desk_lead.id, "member_ids": [(6, 0, [])]}
        )
        cls.billing = cls.env.ref("healthcare_crm_messaging.request_type_billing")
        cls.complaint = cls.env.ref("healthcare_crm_messaging.request_type_complaint")
        cls.clinical = cls.env.ref("healthcare_crm_messaging.request_type_clinical")
        cls.solved = cls.env.ref("healthcare_crm_messaging.request_stage_solved")
        cls.cancelled = cls.env.ref("healthcare_crm_messaging.request_stage_cancelled")
        cls.requests = cls.env["healthcare.request"]

    def request(self, patient, request_type, **values):
        return self.requests.create(
            {"name": "Factura duplicada", "patient_id": patient.id, "type_id": request_type.id, **values}
        )

    def overdue(self, patient, request_type=None, **values):
        """A request opened long enough ago for its deadline to have passed."""
        request_type = request_type or self.complaint
        opened = fields.Datetime.now() - timedelta(hours=request_type.sla_hours + 1)
        return self.request(patient, request_type, opened_at=opened, **values)

    # Routing

    def test_routed_to_the_team_of_its_type_and_its_least_busy_member(self):
        patient = self.patient()
        first = self.request(patient, self.billing)
        second = self.request(patient, self.billing)
        self.assertEqual(first.team_id, self.billing_team)
        self.assertEqual((first | second).user_id, self.billing_a | self.billing_b, "one each")
        self.assertEqual(first.sla_deadline, first.opened_at + timedelta(hours=72))
        self.assertIn(self.desk_lead.partner_id, first.message_partner_ids, "the team lead follows it")
        self.assertEqual(first.stage_id, self.env.ref("healthcare_crm_messaging.request_stage_new"))

    def test_routing_follows_the_configuration(self):
        self.billing.team_id = self.env.ref("healthcare_crm_messaging.request_team_front_desk")
        self.billing.sla_hours = 8
        request = self.request(self.patient(), self.billing)
        self.assertEqual(request.team_id.name, "Front Desk")
        self.assertEqual(request.sla_deadline, request.opened_at + timedelta(hours=8))

    def test_health_data_kept_for_clinicians(self):
        receptionist = self.billing_a
        request = self.requests.with_user(receptionist).create(
            {
                "name": "Dolor tras la endodoncia",
                "patient_id": self.patient().id,
                "type_id": self.clinical.id,
                "description": "Le duele al masticar desde ayer.",
            }
        )
        self.assertFalse(request.description, "not where the desk reads it")
        self.assertEqual(request.sudo().clinical_description, "Le duele al masticar desde ayer.")
        self.assertEqual(request.team_id, self.env.ref("healthcare_crm_messaging.request_team_clinical"))
        # A billing question that turns out to be clinical moves its text too.
        other = self.request(self.patient("Pedro Gil"), self.billing, description="¿Me cubre la endodoncia?")
        other.type_id = self.clinical
        self.assertFalse(other.description)
        self.assertEqual(other.sudo().clinical_description, "¿Me cubre la endodoncia?")

    # Escalation

    def test_escalated_once_when_the_deadline_passes(self):
        patient = self.patient()
        late = self.overdue(patient, priority="1")
        on_time = self.request(patient, self.complaint)
        closed = self.overdue(patient, stage_id=self.cancelled.id)
        self.requests._cron_escalate()
        self.assertTrue(late.sla_expired)
        self.assertEqual(late.priority, "2", "one step up")
        todo = late.activity_ids
        self.assertEqual(todo.user_id, self.desk_lead)
        self.assertEqual(todo.summary, f"SLA expired: {late.name}")
        self.assertFalse(on_time.sla_expired or on_time.activity_ids)
        self.assertFalse(closed.sla_expired or closed.activity_ids)
        # Run again: nothing more.
        self.requests._cron_escalate()
        self.assertEqual(late.priority, "2")
        self.assertEqual(len(late.activity_ids), 1)

    def test_escalation_in_batches_costs_the_same_for_more_requests(self):
        patient = self.patient()

        def prepare(count):
            requests = self.requests.concat(*(self.overdue(patient) for __ in range(count)))
            self.env.flush_all()
            self.env.invalidate_all()
            return requests

        prepare(1)
        self.requests._cron_escalate()  # the first run fills Odoo's own caches
        few = prepare(2)
        queries = self.cr.sql_log_count
        self.requests._cron_escalate()
        self.env.flush_all()
        two = self.cr.sql_log_count - queries
        many = prepare(8)
        with self.assertQueryCount(two):
            self.requests._cron_escalate()
            self.env.flush_all()
        self.assertTrue(all((few | many).mapped("sla_expired")))
        self.assertEqual(len(many.activity_ids), 8)

    def test_escalation_batches_until_done(self):
        patient = self.patient()
        requests = self.requests.concat(*(self.overdue(patient) for __ in range(5)))
        self.requests._cron_escalate(batch_size=2)
        self.assertTrue(all(requests.mapped("sla_expired")))
        self.assertEqual(len(requests.activity_ids), 5)

    # Closing: satisfaction and first contact

    def test_closing_sends_the_satisfaction_question_once_and_links_the_answer(self):
        patient = self.patient(mobile="+34 699 100 200", preferred_channel="sms")
        request = self.request(patient, self.billing, resolution="Se anuló la factura repetida.")
        request.action_close()
        self.assertEqual(request.stage_id, self.solved)
        self.assertTrue(request.closed_at)
        sms = self.sent_to("+34699100200")
        self.assertEqual(len(sms), 1)
        self.assertIn("Factura duplicada", sms[0]["Body"])
        answer = request.csat_input_id
        self.assertEqual(answer.healthcare_request_id, request)
        self.assertEqual(answer.partner_id, patient)
        self.assertIn(answer.access_token, sms[0]["Body"])
        message = self.sent(patient).filtered(lambda m: m.kind == "csat")
        self.assertEqual(message.key, f"csat:{request.id}")
        # Reopened and closed again: no second question.
        request.stage_id = self.env.ref("healthcare_crm_messaging.request_stage_in_progress")
        self.assertFalse(request.closed_at)
        request.stage_id = self.solved
        self.assertEqual(len(self.sent_to("+34699100200")), 1)
        # The patient answers, through the survey's own answer saving.
        question = self.env.ref("healthcare_crm_messaging.survey_question_request_csat")
        answer._save_lines(question, 4)
        answer._mark_done()
        self.assertEqual(request.csat_score, 4)
        self.assertIn("4 out of 5", request.message_ids[0].body)

    def test_closing_needs_the_answer_given(self):
        request = self.request(self.patient(), self.billing)
        with self.assertRaisesRegex(UserError, "Write what was answered"):
            request.action_close()
        self.assertFalse(request.closed)

    def test_cancelled_requests_ask_nothing(self):
        patient = self.patient(mobile="+34 699 100 201", preferred_channel="sms")
        request = self.request(patient, self.complaint)
        request.stage_id = self.cancelled
        self.assertTrue(request.closed_at)
        self.assertFalse(self.sent_to("+34699100201"))

    def test_first_contact_resolution(self):
        patient = self.patient()
        Interaction = self.env["healthcare.interaction"]
        contact = Interaction.create(
            {"partner_id": patient.id, "channel": "call", "direction": "inbound", "summary": "Pregunta por su factura"}
        )
        at_once = self.request(patient, self.billing, interaction_id=contact.id, resolution="Explicada.")
        at_once.action_close()
        self.assertTrue(at_once.first_contact_resolution)
        self.assertEqual(at_once.fcr_rate, 100.0)
        later = self.request(patient, self.billing, interaction_id=contact.id, resolution="Devuelto.")
        Interaction.create(
            {
                "partner_id": patient.id,
                "channel": "call",
                "direction": "outbound",
                "summary": "Le llamamos para confirmar la devolución",
                "date": fields.Datetime.now() + timedelta(minutes=5),
                "user_id": self.billing_a.id,
            }
        )
        later.action_close()
        self.assertFalse(later.first_contact_resolution)
        self.assertEqual(later.fcr_rate, 0.0)
        groups = self.requests._read_group([("id", "in", (at_once | later).ids)], [], ["fcr_rate:avg"])
        self.assertEqual(groups[0][0], 50.0, "the report's rate")

    def test_dashboard_shows_the_first_contact_rate(self):
        patient = self.patient()
        self.request(patient, self.billing, resolution="Explicada.").action_close()
        dashboard = self.env["healthcare.dashboard"]
        today = fields.Date.context_today(dashboard)
        scope = {"full": True, "company_ids": [], "practitioner_id": False, "user_id": False}
        section = dashboard._section_requests(scope, (today, today))
        figures = {figure["key"]: figure["value"] for figure in section["figures"]}
        self.assertEqual(figures["first_contact_resolution"], 100.0)
        self.assertGreaterEqual(figures["requests_opened"], 1)
