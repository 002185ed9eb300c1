import json
from datetime import timedelta

from odoo import fields
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user
from odoo.tests.common import get_db_name


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
            cls.env,
            login="hc_front_desk",
            groups="healthcare_crm.group_healthcare_receptionist",
            lang="en_US",
            tz="Europe/Madrid",
        )
        cls.practitioner = new_test_user(
            cls.env,
            login="hc_dentist",
            groups="healthcare_crm.group_healthcare_clinician",
            lang="en_US",
            tz="Europe/Madrid",
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


class RpcError(Exception):
    """An error the server answered over JSON-RPC: its exception class name and message."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class RpcCase(HttpCase):
    """Calls the server over HTTP as each role would: the web client's `/web/dataset/call_kw`
    in a logged-in session, or `/jsonrpc` with login and password as an external script.

    Users made by `role_user` have their login as password.
    """

    ROLES = {
        "receptionist": "healthcare_crm.group_healthcare_receptionist",
        "manager": "healthcare_crm.group_healthcare_manager",
        "clinician": "healthcare_crm.group_healthcare_clinician",
        "marketing": "healthcare_crm.group_healthcare_marketing",
        "employee": "base.group_user",
        "portal": "base.group_portal",
    }

    @classmethod
    def role_user(cls, role, login=None, company=None, **values):
        company = company or cls.env.company
        return new_test_user(
            cls.env,
            login=login or f"rpc_{role}",
            groups=cls.ROLES[role],
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            lang="en_US",
            **{"tz": "Europe/Madrid", **values},  # the clinic's staff work on its clock
        )

    def _answer(self, response):
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(data.get("name", ""), data.get("message") or body["error"].get("message", ""))
        return body.get("result")  # absent when the method returned None

    def call_kw(self, user, model, method, *args, **kwargs):
        """The web client's call, in `user`'s session."""
        self.authenticate(user.login, user.login)
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return self._answer(response)

    def jsonrpc(self, user, model, method, *args, **kwargs):
        """An external script's call: `/jsonrpc` execute_kw with the user's login and password."""
        self.cr.flush()
        params = {
            "service": "object",
            "method": "execute_kw",
            "args": [get_db_name(), user.id, user.login, model, method, list(args), kwargs],
        }
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        response = self.url_open("/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"})
        return self._answer(response)

    def both_rpcs(self):
        """The two ways in, for subTests: the web client's and an external script's."""
        return (("call_kw", self.call_kw), ("jsonrpc", self.jsonrpc))

    def assertRpcRefused(self, call, *args, error="AccessError", **kwargs):
        """The call is refused with `error` (a class name such as AccessError or ValidationError)."""
        with self.assertRaises(RpcError) as caught:
            call(*args, **kwargs)
        self.assertIn(error, caught.exception.name, caught.exception.message)
        return caught.exception
