from odoo.tests import Form, TransactionCase, new_test_user


class PatientCase(TransactionCase):
    """Registers patients through the Patients form, as the front desk does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.es")
        cls.receptionist = new_test_user(
            cls.env, login="hc_reception", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )

    def new_patient(self, name, user=None, **values):
        partners = self.env["res.partner"].with_user(user or self.receptionist).with_context(default_is_patient=True)
        with Form(partners, view="healthcare_crm.view_patient_form") as form:
            form.name = name
            for field, value in values.items():
                setattr(form, field, value)
        return form.record
