from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import RpcCase


@tagged("post_install", "-at_install")
class TestConsentRpc(RpcCase):
    """Consent as recorded over HTTP: never dated in the future, always by who records it, and
    the last recorded decision is the patient's current one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = cls.role_user("receptionist", login="consent_rpc_desk")
        cls.colleague = cls.role_user("receptionist", login="consent_rpc_other")
        cls.patient = cls.env["res.partner"].create({"name": "Pilar Soto", "is_patient": True})

    def values(self, state, date=None, **values):
        values = {"partner_id": self.patient.id, "purpose": "email_marketing", "state": state, **values}
        if date:
            values["date"] = fields.Datetime.to_string(date)
        return values

    def record(self, state, date=None, call=None, **values):
        values = self.values(state, date, **values)
        consent_id = (call or self.call_kw)(self.receptionist, "healthcare.consent", "create", values)
        self.patient.invalidate_recordset()
        return self.env["healthcare.consent"].browse(consent_id)

    def test_a_consent_cannot_be_dated_in_the_future(self):
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                error = self.assertRpcRefused(
                    call,
                    self.receptionist,
                    "healthcare.consent",
                    "create",
                    self.values("given", tomorrow),
                    error="ValidationError",
                )
                self.assertIn("in the future", error.message)
        self.assertFalse(self.patient.consent_ids)

    def test_recorded_by_is_always_who_recorded_it(self):
        consent = self.record("given", user_id=self.colleague.id)
        self.assertEqual(consent.user_id, self.receptionist)

    def test_the_last_recorded_decision_is_current(self):
        with freeze_time(datetime.now() - timedelta(hours=3)):
            self.record("given", source="in_person")
        with freeze_time(datetime.now() - timedelta(hours=2)):
            self.record("withdrawn", source="phone")
        self.assertEqual(self.patient.consent_email_marketing, "withdrawn")
        with freeze_time(datetime.now() - timedelta(hours=1)):
            # The patient changed their mind again: dated today, recorded last.
            self.record("given", source="in_person", evidence="Nueva hoja firmada")
        self.assertEqual(self.patient.consent_email_marketing, "given")

    def test_a_withdrawal_wins_a_tie(self):
        with freeze_time(datetime.now() - timedelta(hours=1)):
            self.record("withdrawn", call=self.jsonrpc)
            self.record("given", call=self.jsonrpc)
        self.assertEqual(self.patient.consent_email_marketing, "withdrawn")

    def test_an_older_form_cannot_undo_a_withdrawal(self):
        self.record("withdrawn", date=fields.Datetime.now() - timedelta(days=1))
        error = self.assertRpcRefused(
            self.call_kw,
            self.receptionist,
            "healthcare.consent",
            "create",
            self.values("given", fields.Datetime.now() - timedelta(days=30)),
            error="ValidationError",
        )
        self.assertIn("withdrew", error.message)
        self.assertEqual(self.patient.consent_email_marketing, "withdrawn")
