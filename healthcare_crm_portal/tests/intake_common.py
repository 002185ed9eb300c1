from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

# What a patient typically declares: a new address and insurer, an allergy, a medication, an anticoagulant.
PERSONAL = {
    "name": "Nuria Campos Gil",
    "birthdate": fields.Date.to_date("1988-04-12"),
    "id_document_type": "dni",
    "id_document_number": "50123456Q",
    "street": "Calle Mayor 10",
    "zip": "28013",
    "city": "Madrid",
    "email": "nuria.nueva@example.com",
    "mobile": "+34 611 222 333",
    "insurance_policy_number": "POL-123",
    "emergency_contact_name": "Pedro Campos",
    "emergency_contact_phone": "+34 600 111 222",
    "emergency_contact_relation": "Hermano",
}
HEALTH = {
    "health_allergies": "yes",
    "health_allergies_details": "Penicilina",
    "health_conditions": "yes",
    "health_conditions_details": "Hipotiroidismo",
    "health_medications": "yes",
    "health_medications_details": "Levotiroxina 50 mcg",
    "health_anticoagulants": "yes",
    "health_anticoagulants_details": "Apixabán 5 mg",
    "health_pregnancy": "no",
    "health_surgery": "yes",
    "health_surgery_details": "Apendicectomía en 2015",
}


class IntakeMixin:
    """A clinic with a receptionist, a clinician and a first-visit patient booked with the clinician."""

    @classmethod
    def setup_clinic(cls):
        cls.env.company.write({"country_id": cls.env.ref("base.es").id, "healthcare_timezone": "Europe/Madrid"})
        if not cls.env["res.lang"]._lang_get("es_ES").active:
            cls.env["res.lang"]._activate_lang("es_ES")
        cls.desk = new_test_user(
            cls.env, login="intake_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.clinician = new_test_user(
            cls.env, login="intake_doctor", groups="healthcare_crm.group_healthcare_clinician", lang="en_US"
        )
        cls.insurer = cls.env["healthcare.insurer"].create(
            {"name": "Aseguradora Tour", "company_id": cls.env.company.id}
        )
        cls.patient = cls.env["res.partner"].create(
            {
                "name": "Nuria Campos",
                "is_patient": True,
                "mobile": "+34 611 222 333",
                "email": "nuria@example.com",
                "lang": "es_ES",
                "city": "Alcalá",
            }
        )
        cls.appointment = (
            cls.env["calendar.event"]
            .with_user(cls.desk)
            .create(
                {
                    "name": "Primera visita",
                    "patient_id": cls.patient.id,
                    "appointment_type_id": cls.env.ref("healthcare_crm.appointment_type_checkup").id,
                    "practitioner_id": cls.clinician.id,
                    "user_id": cls.desk.id,
                    "start": fields.Datetime.now() + timedelta(days=2),
                }
            )
        )

    def pending(self, patient=None):
        patient = patient or self.patient
        return self.env["healthcare.intake"]._pending_for(patient, self.appointment)[patient.id]

    def submitted(self, patient=None, **personal):
        intake = self.pending(patient)
        intake._submit(
            {**PERSONAL, "insurer_id": self.insurer.id, **personal}, HEALTH, ip="10.1.2.3", user_agent="Phone"
        )
        return intake
