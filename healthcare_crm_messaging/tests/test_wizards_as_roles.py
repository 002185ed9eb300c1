"""The messaging wizards opened as marketing does, with the context the web client sends
(see healthcare_crm/tests/test_wizards_as_roles.py)."""

from odoo import Command
from odoo.addons.healthcare_crm.tests.test_wizards_as_roles import WebClientWizards
from odoo.tests import Form, new_test_user, tagged

from .test_whatsapp import WhatsappCase


@tagged("post_install", "-at_install")
class TestMessagingWizardsAsRoles(WebClientWizards, WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env, login="hc_wizard_marketing", groups="healthcare_crm.group_healthcare_marketing", lang="en_US"
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Blanqueamiento 2026"})

    def campaign_patient(self, name, **values):
        return self.patient(name, category_id=[Command.set(self.tag.ids)], **values)

    def segment(self):
        with Form(self.env["healthcare.segment"].with_user(self.marketer)) as form:
            form.name = "Blanqueamiento"
            form.domain = repr([("category_id", "in", self.tag.ids)])
        return form.record

    def segments_context(self):
        return self.action_context("healthcare_crm_messaging.action_segments", self.marketer)

    def test_whatsapp_campaign_from_the_segment_form(self):
        self.approve("campana_revision_anual")
        reached = self.campaign_patient("Marta WhatsApp", mobile="699 100 611")
        self.env["healthcare.consent"].create({"partner_id": reached.id, "purpose": "whatsapp", "state": "given"})
        self.campaign_patient("Luis Sin Consentimiento", mobile="699 100 612")
        segment = self.segment()
        action = segment.with_user(self.marketer).action_whatsapp_campaign()
        context = self.button_context(segment, action, self.segments_context())
        form = self.open_wizard(self.marketer, action["res_model"], context)
        self.assertEqual(form.segment_id, segment)
        form.template_id = self.env.ref("healthcare_crm_messaging.whatsapp_template_campaign_checkup")
        result = form.save().action_send()
        self.assertIn("1 of 2 patients", result["params"]["message"])
        self.assertEqual([sent["to"] for sent in self.whatsapp.messages], ["34699100611"])

    def test_call_list_from_the_segment_form(self):
        patients = self.campaign_patient("Ana Llamada") | self.campaign_patient("Raúl Llamada")
        segment = self.segment()
        action = segment.with_user(self.marketer).action_call_list()
        context = self.button_context(segment, action, self.segments_context())
        form = self.open_wizard(self.marketer, action["res_model"], context)
        self.assertEqual(sorted(form.patient_ids.ids), sorted(patients.ids))
        form.user_ids.add(self.marketer)
        action = form.save().action_create()
        calls = self.env["mail.activity"].search(action["domain"])
        self.assertEqual(sorted(calls.mapped("res_id")), sorted(patients.ids))
        self.assertEqual(calls.user_id, self.marketer)

    def test_settings_as_a_manager_who_administers_settings(self):
        """The clinic's messaging settings, saved from Settings by a manager with the Settings right."""
        manager = new_test_user(
            self.env,
            login="hc_wizard_settings_manager",
            groups="healthcare_crm.group_healthcare_manager,base.group_system",
            lang="en_US",
        )
        context = self.action_context("base_setup.action_general_configuration", manager)
        form = self.open_wizard(manager, "res.config.settings", context)
        form.healthcare_reminder_hours = "24"
        form.healthcare_send_from = 9.0
        form.healthcare_send_until = 20.5
        form.save().execute()
        company = self.env.company
        self.assertEqual(
            (company.healthcare_reminder_hours, company.healthcare_send_from, company.healthcare_send_until),
            ("24", 9.0, 20.5),
        )
