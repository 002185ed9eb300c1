from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestMarketingSegmentTour(HttpCase):
    """Marketing, in Spanish, reads a segment's reach per channel, makes an email mailing of it
    and is stopped before sending one that reaches nobody (static/src/js/tours/marketing_segment_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="tour_marketing",
            name="Irene Marketing",
            groups="healthcare_crm.group_healthcare_marketing",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Tour blanqueamiento"})
        cls.lone_tag = cls.env["res.partner.category"].create({"name": "Tour sin consentimiento"})
        cls.tagged(
            "Lucía Tour Todo",
            "email_marketing",
            "sms",
            "whatsapp",
            email="lucia.todo@example.com",
            mobile="699 200 801",
        )
        cls.tagged("Mario Tour Email", "email_marketing", email="mario.email@example.com")
        cls.tagged("Nuria Tour Bloqueada", "email_marketing", "sms", email="nuria.bloqueada@example.com")
        cls.tagged("Pablo Tour Sin", email="pablo.sin@example.com", mobile="699 200 804")
        cls.tagged("Rosa Tour Sin consentimiento", email="rosa.sin@example.com", mobile="699 200 805", tag=cls.lone_tag)
        cls.env["mail.blacklist"]._add("nuria.bloqueada@example.com")
        segments = cls.env["healthcare.segment"]
        cls.reachable = segments.create(
            {"name": "Tour Blanqueamiento", "domain": repr([("category_id", "in", cls.tag.ids)])}
        )
        cls.nobody = segments.create(
            {"name": "Tour Sin consentimiento", "domain": repr([("category_id", "in", cls.lone_tag.ids)])}
        )

    @classmethod
    def tagged(cls, name, *purposes, tag=None, **values):
        patient = cls.env["res.partner"].create(
            {"name": name, "is_patient": True, "category_id": [Command.set((tag or cls.tag).ids)], **values}
        )
        for purpose in purposes:
            cls.env["healthcare.consent"].create({"partner_id": patient.id, "purpose": purpose, "state": "given"})
        return patient

    def test_marketing_reads_reach_and_cannot_send_to_nobody(self):
        # What the tour reads on the screen, as the model counts it for the marketer.
        reachable, nobody = (self.reachable | self.nobody).with_user(self.marketer)
        self.assertEqual(
            (reachable.patient_count, reachable.email_reach, reachable.sms_reach, reachable.whatsapp_reach),
            (4, 2, 1, 0),
        )
        self.assertTrue(reachable.whatsapp_unavailable, "no WhatsApp account in the test database")
        self.assertEqual((nobody.patient_count, nobody.email_reach, nobody.sms_reach), (1, 0, 0))
        mailings = self.env["mailing.mailing"]
        before = mailings.search([])

        with mute_logger("odoo.http"):  # the refused sending is a UserError, logged as a warning
            self.start_tour("/odoo", "healthcare_crm_marketing_segment_tour", login="tour_marketing")

        created = mailings.search([("id", "not in", before.ids)])
        self.assertEqual(sorted(created.mapped("subject")), ["Tour Blanqueamiento", "Tour Sin consentimiento"])
        self.assertEqual(set(created.mapped("mailing_type")), {"mail"})
        self.assertEqual(set(created.mapped("state")), {"draft"}, "nothing was sent")
        self.assertEqual(created.create_uid, self.marketer)
