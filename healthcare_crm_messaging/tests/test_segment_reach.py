from odoo import Command
from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .test_whatsapp import WhatsappCase

CHANNELS = ("email", "sms", "whatsapp")


class TestSegmentReach(WhatsappCase):
    """A segment says how many of its patients each channel reaches: the same patients
    `_channel_for` would send a campaign to. A mailing that reaches nobody is not sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env, login="hc_reach_marketing", groups="healthcare_crm.group_healthcare_marketing", lang="en_US"
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Campaña prótesis"})

    def consent(self, patient, *purposes, state="given"):
        for purpose in purposes:
            self.env["healthcare.consent"].create({"partner_id": patient.id, "purpose": purpose, "state": state})

    def tagged_patient(self, name, *purposes, **values):
        patient = self.patient(name, category_id=[Command.set(self.tag.ids)], **values)
        self.consent(patient, *purposes)
        return patient

    def segment(self, tag=None):
        with Form(self.env["healthcare.segment"].with_user(self.marketer)) as form:
            form.name = "Prótesis"
            form.domain = repr([("category_id", "in", (tag or self.tag).ids)])
        return form.record

    def clinic_patients(self):
        """Patients each channel reaches or not, and why."""
        everything = ("email_marketing", "sms", "whatsapp")
        return {
            "all": self.tagged_patient("Todo", *everything, email="todo@example.com", mobile="699 100 701"),
            "email_only": self.tagged_patient(
                "Solo email", "email_marketing", email="solo@example.com", mobile="699 100 702"
            ),
            "phone_only": self.tagged_patient("Solo móvil", *everything, mobile="699 100 703"),
            "email_blacklisted": self.tagged_patient("Bloqueada", *everything, email="bloqueada@example.com"),
            "mobile_blacklisted": self.tagged_patient("Móvil bloqueado", *everything, mobile="699 100 705"),
            "landline": self.tagged_patient("Fijo", *everything, phone="915 555 706"),
            "no_consent": self.tagged_patient("Sin consentimiento", email="sin@example.com", mobile="699 100 707"),
            "withdrawn": self.tagged_patient("Retirado", *everything, email="retirado@example.com"),
        }

    def setUp(self):
        super().setUp()
        self.env["mail.blacklist"].sudo()._add("bloqueada@example.com")
        self.env["phone.blacklist"].sudo().add("+34699100705")

    def reached_by_channel_for(self, patients, channel):
        return {
            patient
            for patient in patients
            if self.messages._channel_for(patient, wanted=channel, marketing=True, kind="campaign", fallback=False)
        }

    def test_counts_are_who_channel_for_reaches(self):
        self.approve("campana_revision_anual")
        patients = self.clinic_patients()
        self.consent(patients["withdrawn"], "email_marketing", "sms", "whatsapp", state="withdrawn")
        segment = self.segment()
        self.assertEqual(segment.patient_count, 8)
        expected = {
            "email": {patients["all"], patients["email_only"]},
            "sms": {patients["all"], patients["phone_only"]},
            "whatsapp": {patients["all"], patients["phone_only"]},
        }
        for channel in CHANNELS:
            with self.subTest(channel=channel):
                self.assertEqual(self.reached_by_channel_for(patients.values(), channel), expected[channel])
                self.assertEqual(segment[f"{channel}_reach"], len(expected[channel]))
        self.assertFalse(segment.whatsapp_unavailable)

        # Live: consent given now counts now.
        self.consent(patients["no_consent"], "sms")
        segment.invalidate_recordset()
        self.assertEqual((segment.email_reach, segment.sms_reach, segment.whatsapp_reach), (2, 3, 2))
        self.assertEqual(segment.sms_reach, len(self.reached_by_channel_for(patients.values(), "sms")))

    def test_whatsapp_reaches_nobody_without_account_or_approved_template_and_says_why(self):
        patients = self.clinic_patients()
        segment = self.segment()
        self.templates.action_sync_status()  # WhatsApp approved nothing
        self.assertEqual(segment.whatsapp_reach, 0)
        self.assertIn("approved no template", segment.whatsapp_unavailable)
        self.assertEqual(segment.sms_reach, 2, "the other channels still count")
        self.assertFalse(self.reached_by_channel_for(patients.values(), "whatsapp"))

        self.approve("campana_revision_anual")
        self.env.company.write({"whatsapp_token": False})
        segment.invalidate_recordset()
        self.assertEqual(segment.whatsapp_reach, 0)
        self.assertIn("WhatsApp is not configured", segment.whatsapp_unavailable)
        self.assertFalse(self.reached_by_channel_for(patients.values(), "whatsapp"))

        # The campaign opens, says so, and sends nothing.
        action = segment.with_user(self.marketer).action_whatsapp_campaign()
        with Form(self.env[action["res_model"]].with_user(self.marketer).with_context(action["context"])) as form:
            self.assertIn("WhatsApp is not configured", form.whatsapp_unavailable)
            form.template_id = self.env.ref("healthcare_crm_messaging.whatsapp_template_campaign_checkup")
        with self.assertRaisesRegex(UserError, "Nothing was sent. WhatsApp is not configured"):
            form.record.action_send()
        self.assertFalse(self.whatsapp.messages)
        self.assertFalse(self.messages.search([("kind", "=", "campaign")]))

    def test_whatsapp_campaign_that_reaches_nobody_is_refused(self):
        self.approve("campana_revision_anual")
        self.tagged_patient("Sin consentimiento", "sms", mobile="699 100 711")
        segment = self.segment()
        self.assertEqual(segment.whatsapp_reach, 0)
        action = segment.with_user(self.marketer).action_whatsapp_campaign()
        with Form(self.env[action["res_model"]].with_user(self.marketer).with_context(action["context"])) as form:
            form.template_id = self.env.ref("healthcare_crm_messaging.whatsapp_template_campaign_checkup")
            self.assertEqual(form.whatsapp_reach, 0)
        with self.assertRaisesRegex(UserError, "This campaign would reach nobody: none of the 1 patients"):
            form.record.action_send()
        self.assertFalse(self.whatsapp.messages)

    def test_counts_take_the_same_queries_for_any_number_of_patients(self):
        self.approve("campana_revision_anual")
        self.clinic_patients()
        segment = self.segment().with_user(self.marketer)

        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            segment.mapped("email_reach")
            segment.mapped("whatsapp_reach")
            return self.cr.sql_log_count - before

        few = queries()
        for n in range(20):
            self.tagged_patient(f"Más {n}", "sms", mobile=f"699 200 {n:03d}")
        segment.invalidate_recordset()
        self.assertEqual(segment.sms_reach, 22)
        self.assertEqual(queries(), few)

    def mailing(self, segment, kind="mail"):
        action = getattr(segment.with_user(self.marketer), f"action_{'email' if kind == 'mail' else 'sms'}_mailing")()
        mailing = self.env["mailing.mailing"].with_user(self.marketer).browse(action["res_id"])
        if kind == "mail":
            mailing.body_html = "<p>Revisión de prótesis gratuita este mes.</p>"
        else:
            mailing.body_plaintext = "Revisión de prótesis gratuita este mes."
        return mailing

    def assertNobody(self, mailing, reason):
        form = Form(mailing)
        self.assertEqual(form.healthcare_reach, 0)
        self.assertIn(reason, form.healthcare_nobody_reason)
        for action in ("action_put_in_queue", "action_launch", "action_schedule", "action_send_mail"):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, f"would reach nobody: {reason}"):
                getattr(mailing, action)()
        self.assertEqual(mailing.state, "draft")
        self.assertFalse(mailing.mailing_trace_ids)

    def test_mailing_that_reaches_nobody_is_not_queued(self):
        empty_tag = self.env["res.partner.category"].create({"name": "Nadie"})
        self.assertNobody(self.mailing(self.segment(empty_tag)), "no recipient matches its filter")

        self.tagged_patient("Sin consentimiento", email="sin@example.com", mobile="699 100 721")
        segment = self.segment()
        self.assertNobody(self.mailing(segment), "none of the 1 patients matching its filter accepts marketing emails")
        self.assertNobody(
            self.mailing(segment, "sms"), "none of the 1 patients matching its filter accepts marketing SMS"
        )

        self.tagged_patient("Bloqueada", "email_marketing", "sms", email="bloqueada@example.com", phone="915 555 722")
        self.assertNobody(self.mailing(segment), "the 1 recipients who accept it have no email address or are on")
        self.assertNobody(
            self.mailing(segment, "sms"), "the 1 recipients who accept it have no mobile number or are on"
        )
        self.assertEqual((segment.email_reach, segment.sms_reach), (0, 0))

    def test_mailing_that_reaches_someone_goes(self):
        self.tagged_patient("Sí", "email_marketing", "sms", email="si@example.com", mobile="699 100 731")
        self.tagged_patient("No", email="no@example.com", mobile="699 100 732")
        segment = self.segment()
        for kind in ("mail", "sms"):
            with self.subTest(kind=kind):
                mailing = self.mailing(segment, kind)
                self.assertEqual(Form(mailing).healthcare_reach, 1)
                mailing.action_put_in_queue()
                self.assertEqual(mailing.state, "in_queue")


@tagged("post_install", "-at_install")
class TestSegmentReachRpc(RpcCase):
    """The marketing user reads the reach over HTTP; a mailing that reaches nobody is refused there too."""

    def _answer(self, response):
        # Odoo leaves out the result of a method that returns None (action_launch): that is no error.
        body = response.json()
        if "result" not in body and "error" not in body:
            response.raise_for_status()
            return None
        return super()._answer(response)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = cls.role_user("marketing", login="reach_marketing")
        tag = cls.env["res.partner.category"].create({"name": "Campaña RPC"})
        cls.yes, cls.no = cls.env["res.partner"].create(
            [
                {"name": name, "is_patient": True, "email": email, "category_id": [Command.set(tag.ids)]}
                for name, email in (("Rosa Sí", "rosa@example.com"), ("Rosa No", "rosa.no@example.com"))
            ]
        )
        cls.env["healthcare.consent"].create({"partner_id": cls.yes.id, "purpose": "email_marketing", "state": "given"})
        cls.segment = cls.env["healthcare.segment"].create(
            {"name": "RPC", "domain": repr([("category_id", "in", tag.ids)])}
        )
        cls.nobody = cls.env["healthcare.segment"].create(
            {"name": "RPC nadie", "domain": repr([("id", "=", cls.no.id)])}
        )

    def new_mailing(self, segment):
        action = self.call_kw(self.marketing, "healthcare.segment", "action_email_mailing", [segment.id])
        self.call_kw(self.marketing, "mailing.mailing", "write", [action["res_id"]], {"body_html": "<p>Hola</p>"})
        return action["res_id"]

    def test_marketing_reads_the_reach(self):
        fields = ["patient_count", "email_reach", "sms_reach", "whatsapp_reach", "whatsapp_unavailable"]
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                [row] = call(self.marketing, "healthcare.segment", "read", [self.segment.id], fields)
                self.assertEqual(
                    [row[field] for field in fields[:4]], [2, 1, 0, 0], "WhatsApp is not configured in tests"
                )
                self.assertIn("WhatsApp is not configured", row["whatsapp_unavailable"])

    def test_mailing_to_nobody_is_refused_and_to_someone_goes(self):
        refused = self.new_mailing(self.nobody)
        error = self.assertRpcRefused(
            self.call_kw, self.marketing, "mailing.mailing", "action_launch", [refused], error="UserError"
        )
        self.assertIn("This mailing would reach nobody: none of the 1 patients", error.message)
        self.assertEqual(self.env["mailing.mailing"].browse(refused).state, "draft")

        sent = self.new_mailing(self.segment)
        [row] = self.call_kw(self.marketing, "mailing.mailing", "read", [sent], ["healthcare_reach"])
        self.assertEqual(row["healthcare_reach"], 1)
        self.call_kw(self.marketing, "mailing.mailing", "action_launch", [sent])
        self.assertEqual(self.env["mailing.mailing"].browse(sent).state, "in_queue")
