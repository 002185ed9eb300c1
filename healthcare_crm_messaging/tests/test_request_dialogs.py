"""The requests and answers dialogs opened as the front desk does, with the context the web
client sends: the logging dialog's request and answer part, the patient's buttons, a request
from a message received."""

from odoo import fields
from odoo.addons.healthcare_crm.tests.test_wizards_as_roles import WebClientWizards
from odoo.tests import Form, new_test_user, tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestRequestDialogs(WebClientWizards, MessagingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_req_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.billing = cls.env.ref("healthcare_crm_messaging.request_type_billing")
        cls.answer = cls.env["healthcare.kb.article"].create(
            {"name": "Pago en cuotas", "category": "financing", "body": "Hasta 12 meses sin intereses."}
        )
        cls.answer.action_approve()

    def patients_context(self):
        return self.action_context("healthcare_crm.action_patients", self.receptionist)

    def log_dialog(self, patient):
        action = patient.with_user(self.receptionist).action_log_interaction()
        context = self.button_context(patient, action, self.patients_context())
        return self.open_wizard(self.receptionist, action["res_model"], context, view=action["view_id"][0])

    def test_logging_dialog_opens_a_request_solved_at_once_and_sends_an_answer(self):
        patient = self.patient(mobile="+34 699 300 400", preferred_channel="sms")
        form = self.log_dialog(patient)
        form.direction = "inbound"
        form.summary = "Pregunta si puede pagar el implante a plazos"
        form.no_followup = True
        form.create_request = True
        form.request_type_id = self.billing
        form.request_solved = True
        form.request_resolution = "Le explicamos la financiación en 12 meses."
        form.kb_article_id = self.answer
        form.kb_send = True
        result = form.save().action_log()
        request = self.env["healthcare.request"].browse(result["infos"]["request_id"])
        interaction = self.env["healthcare.interaction"].browse(result["infos"]["interaction_id"])
        self.assertEqual(request.interaction_id, interaction)
        self.assertEqual((request.patient_id, request.type_id), (patient, self.billing))
        self.assertEqual(request.description, "Pregunta si puede pagar el implante a plazos")
        self.assertTrue(request.closed)
        self.assertTrue(request.first_contact_resolution)
        bodies = [sms["Body"] for sms in self.sent_to("+34699300400")]
        self.assertEqual(len(bodies), 2, "the answer and the satisfaction question")
        self.assertTrue(any("Hasta 12 meses sin intereses." in body for body in bodies))

    def test_logging_dialog_unchanged_without_a_request(self):
        patient = self.patient()
        form = self.log_dialog(patient)
        form.summary = "Confirma la cita del martes"
        form.no_followup = True
        result = form.save().action_log()
        self.assertNotIn("request_id", result["infos"])
        self.assertFalse(self.env["healthcare.request"].search([("patient_id", "=", patient.id)]))
        self.assertEqual(patient.interaction_ids.summary, "Confirma la cita del martes")

    def test_logging_dialog_open_request_with_its_next_step(self):
        patient = self.patient()
        form = self.log_dialog(patient)
        form.summary = "Queja por la espera"
        form.activity_type_id = self.env.ref("mail.mail_activity_data_call")
        form.create_request = True
        form.request_type_id = self.env.ref("healthcare_crm_messaging.request_type_complaint")
        result = form.save().action_log()
        request = self.env["healthcare.request"].browse(result["infos"]["request_id"])
        self.assertFalse(request.closed)
        self.assertEqual(request.team_id, self.env.ref("healthcare_crm_messaging.request_team_front_desk"))
        self.assertEqual(request.priority, "1", "the type's default")

    def test_send_an_answer_from_the_patient_form(self):
        patient = self.patient(mobile="+34 699 300 401", preferred_channel="sms")
        action = patient.with_user(self.receptionist).action_send_kb_article()
        context = self.button_context(patient, action, self.patients_context())
        form = self.open_wizard(self.receptionist, action["res_model"], context)
        self.assertEqual(form.partner_id, patient)
        form.article_id = self.answer
        self.assertEqual(form.channel, "SMS")
        self.assertEqual(form.body, "Hasta 12 meses sin intereses.")
        form.save().action_send()
        self.assertEqual(len(self.sent_to("+34699300401")), 1)

    def test_request_from_the_patient_smart_button(self):
        patient = self.patient()
        action = patient.with_user(self.receptionist).action_view_healthcare_requests()
        with Form(
            self.env["healthcare.request"].with_user(self.receptionist).with_context(**action["context"])
        ) as form:
            self.assertEqual(form.patient_id, patient)
            form.name = "Pide copia de la factura"
            form.type_id = self.billing
        self.assertEqual(patient.with_user(self.receptionist).healthcare_request_count, 1)
        self.assertEqual(form.record.team_id, self.env.ref("healthcare_crm_messaging.request_team_billing"))

    def test_request_from_a_message_received(self):
        patient = self.patient(mobile="+34 699 300 402")
        message = (
            self.env["healthcare.inbound.message"]
            .sudo()
            .create(
                {
                    "channel": "whatsapp",
                    "provider_ref": "wamid.REQ1",
                    "partner_id": patient.id,
                    "sender": "+34699300402",
                    "body": "Me han cobrado dos veces la limpieza",
                    "received_at": fields.Datetime.now(),
                }
            )
        )
        action = message.with_user(self.receptionist).action_create_request()
        context = self.button_context(message, action, {})
        with Form(self.env["healthcare.request"].with_user(self.receptionist).with_context(**context)) as form:
            self.assertEqual(form.patient_id, patient)
            self.assertEqual(form.name, "Me han cobrado dos veces la limpieza")
            form.type_id = self.billing
        request = form.record
        self.assertEqual(request.inbound_message_id, message)
        self.assertEqual(request.description, "Me han cobrado dos veces la limpieza")

    def test_send_an_answer_from_a_request(self):
        patient = self.patient(mobile="+34 699 300 403", preferred_channel="sms")
        request = self.env["healthcare.request"].create(
            {"name": "¿Puedo pagar a plazos?", "patient_id": patient.id, "type_id": self.billing.id}
        )
        action = request.with_user(self.receptionist).action_send_article()
        current = self.action_context("healthcare_crm_messaging.action_healthcare_requests", self.receptionist)
        form = self.open_wizard(self.receptionist, action["res_model"], self.button_context(request, action, current))
        self.assertEqual((form.partner_id, form.request_id), (patient, request))
        form.article_id = self.answer
        form.save().action_send()
        self.assertEqual(len(self.sent_to("+34699300403")), 1)
        self.assertIn("Pago en cuotas", request.message_ids[0].body)
