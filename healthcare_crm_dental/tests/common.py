from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class DentalCase(TransactionCase):
    """A patient, the clinic's roles and the dental catalogue shipped as data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "healthcare_crm.group_healthcare_"
        cls.clinician = new_test_user(cls.env, login="dental_clinician", groups=groups + "clinician", lang="en_US")
        cls.receptionist = new_test_user(cls.env, login="dental_desk", groups=groups + "receptionist", lang="en_US")
        cls.manager = new_test_user(cls.env, login="dental_manager", groups=groups + "manager", lang="en_US")
        cls.patient = cls.env["res.partner"].create({"name": "Lucía Navarro", "is_patient": True})
        ref = cls.env.ref
        cls.filling = ref("healthcare_crm_dental.product_dental_composite_filling")
        cls.crown = ref("healthcare_crm_dental.product_dental_crown")
        cls.implant = ref("healthcare_crm_dental.product_dental_implant")
        cls.extraction = ref("healthcare_crm_dental.product_dental_extraction")
        cls.hygiene = ref("healthcare_crm_dental.product_dental_hygiene")
        cls.scaling = ref("healthcare_crm_dental.product_dental_scaling_quadrant")

    def chart(self, user=None, patient=None):
        return (patient or self.patient).with_user(user or self.clinician)

    def plan(self, product, selections, phase=1, user=None):
        return self.chart(user).dental_plan_treatments(selections, product.id, phase=phase)

    def treatments(self, patient=None):
        return self.env["healthcare.dental.treatment"].search(
            [("patient_id", "=", (patient or self.patient).id)], order="id"
        )

    def states(self, patient=None):
        states = self.env["healthcare.dental.tooth.state"].search([("patient_id", "=", (patient or self.patient).id)])
        return {state.tooth: state for state in states}

    def appointment(self, days=-1):
        return self.env["calendar.event"].create(
            {
                "name": "Tratamiento",
                "patient_id": self.patient.id,
                "practitioner_id": self.clinician.id,
                "start": fields.Datetime.now() + timedelta(days=days),
                "stop": fields.Datetime.now() + timedelta(days=days, hours=1),
            }
        )
