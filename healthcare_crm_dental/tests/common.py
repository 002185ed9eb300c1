from datetime import timedelta

from odoo import fields
from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import TransactionCase, new_test_user


class DentalCase(TransactionCase):
    """A patient, the clinic's roles and the dental catalogue shipped as data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "healthcare_crm.group_healthcare_"
        cls.clinician = new_test_user(
            cls.env, login="dental_clinician", groups=groups + "clinician", lang="en_US", tz="Europe/Madrid"
        )
        cls.receptionist = new_test_user(
            cls.env, login="dental_desk", groups=groups + "receptionist", lang="en_US", tz="Europe/Madrid"
        )
        cls.manager = new_test_user(
            cls.env, login="dental_manager", groups=groups + "manager", lang="en_US", tz="Europe/Madrid"
        )
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


class TwoClinicsCase(RpcCase):
    """Two clinics of a group, a dentist in each, and a patient registered by the north one."""

    LOGIN_PREFIX = "dental_mc"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.north = cls.env.company
        cls.south = cls.env["res.company"].create({"name": "Clínica Sur", "country_id": cls.env.ref("base.es").id})
        cls.north_dentist = cls.role_user("clinician", login=f"{cls.LOGIN_PREFIX}_north", company=cls.north)
        cls.south_dentist = cls.role_user("clinician", login=f"{cls.LOGIN_PREFIX}_south", company=cls.south)
        cls.patient = (
            cls.env["res.partner"].with_user(cls.north_dentist).create({"name": "Elena Ruiz", "is_patient": True})
        )

    def assertOnlyNorthReaches(self, models):
        """Over JSON-RPC, the south dentist finds none of the patient's records of models, the north one finds them."""
        domain = [("patient_id", "=", self.patient.id)]
        for model in models:
            with self.subTest(model=model):
                self.assertEqual(self.jsonrpc(self.south_dentist, model, "search_read", domain, ["id"]), [])
                self.assertTrue(self.jsonrpc(self.north_dentist, model, "search_read", domain, ["id"]))
