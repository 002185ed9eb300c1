from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged

from .intake_common import IntakeMixin

HEALTH_READ = ["health_allergies", "health_allergies_details", "health_medications_details"]


@tagged("post_install", "-at_install")
class TestIntakeRpc(IntakeMixin, RpcCase):
    """The health answers are clinical data: over the web client's RPC and an external script's,
    the front desk reads the form's personal part and is refused the health answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_clinic()
        cls.desk_rpc = cls.role_user("receptionist", login="intake_rpc_desk")
        cls.doctor_rpc = cls.role_user("clinician", login="intake_rpc_doctor")

    def test_receptionist_is_refused_the_health_answers(self):
        intake = self.submitted()
        for name, call in self.both_rpcs():
            with self.subTest(rpc=name):
                [row] = call(self.desk_rpc, "healthcare.intake", "read", [intake.id], ["declared_city", "state"])
                self.assertEqual((row["declared_city"], row["state"]), ("Madrid", "submitted"))
                self.assertRpcRefused(call, self.desk_rpc, "healthcare.intake", "read", [intake.id], HEALTH_READ)
                self.assertRpcRefused(
                    call,
                    self.desk_rpc,
                    "healthcare.intake",
                    "search_read",
                    [("health_allergies", "=", "yes")],
                    ["declared_name"],
                )
                self.assertRpcRefused(
                    call, self.desk_rpc, "healthcare.intake", "write", [intake.id], {"declared_city": "Toledo"}
                )
                self.assertRpcRefused(call, self.desk_rpc, "healthcare.intake", "action_review_health", [intake.id])
        self.assertEqual(intake.declared_city, "Madrid")

    def test_clinician_reads_them_and_the_read_is_logged(self):
        intake = self.submitted()
        log = self.env["healthcare.clinical.access.log"]
        before = log.search_count([("partner_id", "=", self.patient.id), ("user_id", "=", self.doctor_rpc.id)])
        [row] = self.call_kw(self.doctor_rpc, "healthcare.intake", "read", [intake.id], HEALTH_READ)
        self.assertEqual(row["health_allergies_details"], "Penicilina")
        entry = log.search([("partner_id", "=", self.patient.id), ("user_id", "=", self.doctor_rpc.id)])
        self.assertEqual(len(entry) - before, 1)
        self.assertEqual((entry.action, entry.field_names), ("read", "allergies,medication_ids"))
