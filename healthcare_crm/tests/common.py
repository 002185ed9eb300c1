from datetime import timedelta

from odoo import fields
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


class AppointmentCase(TransactionCase):
    """Patients, appointment types and the recall rules shipped as data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_front_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.practitioner = new_test_user(
            cls.env, login="hc_dentist", groups="healthcare_crm.group_healthcare_clinician", lang="en_US"
        )
        cls.hygiene = cls.env.ref("healthcare_crm.appointment_type_hygiene")
        cls.checkup = cls.env.ref("healthcare_crm.appointment_type_checkup")
        cls.hba1c = cls.env.ref("healthcare_crm.appointment_type_hba1c")
        cls.hygiene_rule = cls.env.ref("healthcare_crm.recall_rule_hygiene")
        cls.hba1c_rule = cls.env.ref("healthcare_crm.recall_rule_hba1c")
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def new_patient(self, name="Lucía Navarro", **values):
        return self.env["res.partner"].create({"name": name, "is_patient": True, **values})

    def appointment(self, patient, appointment_type=None, days=0, attendance="scheduled", user=None, **values):
        """An appointment `days` from now (negative: in the past), booked through the ORM."""
        events = self.env["calendar.event"].with_user(user) if user else self.env["calendar.event"]
        return events.create(
            {
                "name": (appointment_type or self.checkup).name,
                "patient_id": patient.id,
                "appointment_type_id": (appointment_type or self.checkup).id,
                "practitioner_id": self.practitioner.id,
                "start": fields.Datetime.now() + timedelta(days=days),
                "attendance": attendance,
                **values,
            }
        )

    def recalls(self, patient, rule=None):
        domain = [("patient_id", "=", patient.id)]
        if rule:
            domain.append(("rule_id", "=", rule.id))
        return self.env["healthcare.recall"].search(domain, order="id")
