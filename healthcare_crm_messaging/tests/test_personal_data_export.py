from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPersonalDataExport(RpcCase):
    """The right-of-access export of a patient includes the messages the clinic sent them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.role_user("manager", login="export_msg_manager")
        cls.patient = cls.env["res.partner"].create({"name": "Rocío Prieto", "is_patient": True})
        cls.env["healthcare.message"].create(
            {
                "key": "test:personal-data",
                "patient_id": cls.patient.id,
                "kind": "reminder",
                "channel": "sms",
                "recipient": "+34600111222",
                "body": "Recordatorio: cita el lunes a las 10:00",
            }
        )

    def test_the_export_lists_the_messages_sent(self):
        data = self.jsonrpc(self.manager, "res.partner", "healthcare_personal_data_export", [self.patient.id])
        self.assertEqual(
            [(m["kind"], m["channel"], m["recipient"], m["body"]) for m in data["messages"]],
            [("Appointment reminder", "SMS", "+34600111222", "Recordatorio: cita el lunes a las 10:00")],
        )
