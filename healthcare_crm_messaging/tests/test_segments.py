from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user

from .test_whatsapp import WhatsappCase


class TestSegments(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env, login="hc_marketing", groups="healthcare_crm.group_healthcare_marketing", lang="en_US"
        )
        cls.clinician = new_test_user(
            cls.env,
            login="hc_segment_doctor",
            groups="healthcare_crm.group_healthcare_clinician,healthcare_crm.group_healthcare_marketing",
            lang="en_US",
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Ortodoncia 2026"})

    def consent(self, patient, *purposes):
        for purpose in purposes:
            self.env["healthcare.consent"].create({"partner_id": patient.id, "purpose": purpose, "state": "given"})

    def braces(self, name, **values):
        return self.patient(name, category_id=[Command.set(self.tag.ids)], **values)

    def segment(self, domain, user=None):
        with Form(self.env["healthcare.segment"].with_user(user or self.marketer)) as form:
            form.name = "Ortodoncia"
            form.domain = repr(domain)
        return form.record

    def test_live_count_and_preview(self):
        adults = [self.braces(f"Adulto {n}", birthdate=date(1980, 1, n + 1)) for n in range(3)]
        self.braces("Niño", birthdate=date(2015, 1, 1))
        segment = self.segment([("category_id", "in", self.tag.ids), ("age", ">=", 18)])
        self.assertEqual(segment.patient_count, 3)
        self.braces("Adulta nueva", birthdate=date(1990, 5, 5))
        segment.invalidate_recordset(["patient_count"])
        self.assertEqual(segment.patient_count, 4, "the count is live")
        found = self.env["res.partner"].with_user(self.marketer).search(segment.action_preview()["domain"])
        self.assertEqual(len(found), 4)
        self.assertTrue(set(adults) <= set(found))

    def test_relative_dates_are_resolved_each_day(self):
        recent = self.braces("Reciente")
        lost = self.braces("Perdida")
        self.env.cr.execute(
            "UPDATE res_partner SET last_visit_date = now() - interval '3 years' WHERE id = %s", [lost.id]
        )
        self.env.cr.execute(
            "UPDATE res_partner SET last_visit_date = now() - interval '1 month' WHERE id = %s", [recent.id]
        )
        self.env.invalidate_all()
        with Form(self.env["healthcare.segment"].with_user(self.marketer)) as form:
            form.name = "Perdidos"
            form.domain = (
                f'[("category_id", "in", {self.tag.ids}), ("last_visit_date", "<", '
                '(context_today() - relativedelta(years=2)).strftime("%Y-%m-%d"))]'
            )
        self.assertEqual(form.record._patients(), lost)

    def test_clinical_filters_are_for_clinicians(self):
        diabetes = self.env.ref("healthcare_crm.condition_diabetes_type_2")
        self.braces("Diabético", condition_ids=[Command.set(diabetes.ids)])
        with self.assertRaisesRegex(ValidationError, "only clinicians"):
            self.segment([("condition_ids", "in", diabetes.ids)])
        segment = self.segment(
            [("condition_ids", "in", diabetes.ids), ("category_id", "in", self.tag.ids)], self.clinician
        )
        self.assertEqual(segment.patient_count, 1)
        seen_by_marketing = segment.with_user(self.marketer)
        self.assertEqual((seen_by_marketing.patient_count, seen_by_marketing.clinical), (0, True))
        with self.assertRaisesRegex(ValidationError, "only clinicians"):
            self.env["mailing.mailing"].with_user(self.marketer).create(
                {
                    "subject": "Diabéticos",
                    "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "mailing_domain": repr([("condition_ids", "in", diabetes.ids)]),
                }
            )

    def test_email_mailing_reaches_only_consented_and_not_blacklisted_patients(self):
        consented = self.braces("Con consentimiento", email="si@example.com")
        self.consent(consented, "email_marketing")
        blacklisted = self.braces("Bloqueada", email="bloqueada@example.com")
        self.consent(blacklisted, "email_marketing")
        self.env["mail.blacklist"].sudo()._add("bloqueada@example.com")
        self.braces("Sin consentimiento", email="no@example.com")
        withdrawn = self.braces("Retirado", email="retirado@example.com")
        self.consent(withdrawn, "email_marketing")
        self.env["healthcare.consent"].create(
            {"partner_id": withdrawn.id, "purpose": "email_marketing", "state": "withdrawn"}
        )

        segment = self.segment([("category_id", "in", self.tag.ids)])
        self.assertEqual(segment.patient_count, 4)
        action = segment.with_user(self.marketer).action_email_mailing()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual((mailing.mailing_type, mailing.mailing_model_real), ("mail", "res.partner"))
        self.assertEqual(set(mailing._get_recipients()), {consented.id, blacklisted.id})
        mailing.body_html = "<p>Revisión de ortodoncia gratuita este mes.</p>"
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        traces = {trace.res_id: trace.trace_status for trace in mailing.mailing_trace_ids}
        self.assertEqual(traces, {consented.id: "sent", blacklisted.id: "cancel"})

    def test_sms_mailing_needs_sms_consent(self):
        consented = self.braces("SMS sí", mobile="699 100 501")
        self.consent(consented, "sms")
        self.braces("SMS no", mobile="699 100 502")
        segment = self.segment([("category_id", "in", self.tag.ids)])
        mailing = self.env["mailing.mailing"].browse(segment.with_user(self.marketer).action_sms_mailing()["res_id"])
        self.assertEqual(mailing.mailing_type, "sms")
        self.assertEqual(mailing._get_recipients(), [consented.id])

    def test_whatsapp_campaign_only_to_whatsapp_consent(self):
        self.approve("campana_revision_anual")
        yes = self.braces("WhatsApp sí", mobile="699 100 601")
        self.consent(yes, "whatsapp")
        no_mobile = self.braces("Sin móvil", email="x@example.com")
        self.consent(no_mobile, "whatsapp")
        self.braces("Sin consentimiento", mobile="699 100 603")
        segment = self.segment([("category_id", "in", self.tag.ids)])
        action = segment.with_user(self.marketer).action_whatsapp_campaign()
        with Form(self.env[action["res_model"]].with_user(self.marketer).with_context(action["context"])) as form:
            form.template_id = self.env.ref("healthcare_crm_messaging.whatsapp_template_campaign_checkup")
        result = form.record.action_send()
        self.assertIn("1 of 3 patients", result["params"]["message"])
        [sent] = self.whatsapp.messages
        self.assertEqual((sent["to"], sent["template"]["name"]), ("34699100601", "campana_revision_anual"))
        self.assertEqual(self.sent(yes).kind, "campaign")
        self.assertFalse(self.sent_to("+34699100603"), "no SMS fallback for a WhatsApp campaign")

    def test_segment_becomes_a_call_list(self):
        patients = self.braces("Uno") | self.braces("Dos")
        segment = self.segment([("category_id", "in", self.tag.ids)])
        action = segment.with_user(self.marketer).action_call_list()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.marketer)
            .with_context(action["context"])
            .create({"user_ids": [Command.set(self.marketer.ids)]})
        )
        self.assertEqual(wizard.patient_ids, patients)
        calls = self.env["mail.activity"].search(wizard.action_create()["domain"])
        self.assertEqual(set(calls.mapped("res_id")), set(patients.ids))
