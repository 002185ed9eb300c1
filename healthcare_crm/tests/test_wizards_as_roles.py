"""Every wizard opened as its real role, with the context the web client sends.

A wizard's dialog is opened by an object button of a form, by the Actions menu of a list or a
form, or by a menu. The web client then asks `onchange` for the defaults, with a specification
that asks the display name of every relational field (`Form` asks none for an x2many, so a
default the web client cannot read passes a bare `Form`), saves with `web_save` and calls the
button. `WebClientWizards` does the same: the context as the web client builds it, the web
client's first `onchange`, then `Form` and the button.
"""

import re
from datetime import timedelta

from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import AppointmentCase

# Keys of the current action's context that the web client drops when a button opens another
# action (odoo/addons/web/static/src/webclient/actions/action_service.js, CTX_KEY_REGEX).
ACTION_OWN_KEYS = re.compile(
    r"^(?:(?:default_|search_default_|show_).+|.+_view_ref|group_by|active_id|active_ids|orderedBy)$"
)


class WebClientWizards:
    """Opens wizards the way the web client does."""

    def action_context(self, xmlid, user):
        """The context of the window action `xmlid`, evaluated as the web client does for `user`."""
        context = self.env.ref(xmlid).sudo().context or "{}"
        return safe_eval(context, {"uid": user.id, "context": {}}) if isinstance(context, str) else dict(context)

    def button_context(self, record, action, current=None):
        """A wizard opened by an object button of `record`'s form, in a view whose action has `current`
        as context: that context without the action's own keys, the record as active one, then the
        context of the action the button returns."""
        context = {key: value for key, value in (current or {}).items() if not ACTION_OWN_KEYS.match(key)}
        context.update(active_model=record._name, active_id=record.id, active_ids=[record.id])
        context.update(action.get("context") or {})
        return context

    def actions_menu_context(self, records, current=None, domain=None):
        """A wizard opened from the Actions menu of a list (or of a form) of `records`, whose action has
        `current` as context: that context, with the selected records as active ones."""
        context = dict(current or {})
        context.update(active_id=records[:1].id, active_ids=records.ids, active_model=records._name)
        if domain is not None:
            context["active_domain"] = domain
        return context

    def open_wizard(self, user, model, context, view=None):
        """The dialog as `user` opens it: the web client's first onchange, then a `Form` on it."""
        wizards = self.env[model].with_user(user).with_context(**context)
        form = Form(wizards, view=view)
        spec = {}
        for name in form._view["fields_spec"]:
            field = wizards._fields[name]
            if field.type in ("many2one", "one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        result = wizards.onchange({}, [], spec)
        self.assertIn("value", result, f"the web client opens {model}")
        return form


@tagged("post_install", "-at_install")
class TestWizardsAsRoles(WebClientWizards, AppointmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.patient = cls.env["res.partner"].create({"name": "Lucía Navarro Wizard", "is_patient": True})
        cls.other = cls.env["res.partner"].create({"name": "Pedro Gil Wizard", "is_patient": True})
        cls.implant = cls.env["product.product"].create({"name": "Implante dental", "list_price": 1200.0})

    def patients_context(self):
        return self.action_context("healthcare_crm.action_patients", self.receptionist)

    def calls(self, patients):
        return self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "in", patients.ids)])

    # Call lists ------------------------------------------------------------------------------

    def create_calls(self, form, summary=None):
        form.user_ids.add(self.receptionist)
        if summary:
            form.summary = summary
        action = form.save().action_create()
        self.assertEqual(action["res_model"], "mail.activity")
        return self.env["mail.activity"].search(action["domain"])

    def test_call_list_from_the_patient_list(self):
        patients = self.patient | self.other
        context = self.actions_menu_context(patients, self.patients_context(), domain=[("is_patient", "=", True)])
        form = self.open_wizard(self.receptionist, "healthcare.call.list", context)
        self.assertEqual(sorted(form.patient_ids.ids), sorted(patients.ids))
        self.assertEqual(form.summary, "Invite the patient back")
        calls = self.create_calls(form, summary="Offer the whitening campaign")
        self.assertEqual(calls, self.calls(patients))
        self.assertEqual(set(calls.mapped("summary")), {"Offer the whitening campaign"})
        self.assertEqual((calls.activity_type_id, calls.user_id), (self.call, self.receptionist))

    def test_call_list_from_the_recall_list(self):
        self.appointment(self.patient, self.hygiene, days=-200, attendance="attended")
        self.appointment(self.other, self.hygiene, days=-190, attendance="attended")
        recalls = self.recalls(self.patient) | self.recalls(self.other)
        current = self.action_context("healthcare_crm.action_recalls", self.receptionist)
        form = self.open_wizard(self.receptionist, "healthcare.call.list", self.actions_menu_context(recalls, current))
        self.assertEqual(sorted(form.patient_ids.ids), sorted((self.patient | self.other).ids))
        self.assertEqual(form.summary, "Book the recall")
        calls = self.create_calls(form, summary="Book the hygiene visit")
        self.assertEqual(calls, self.calls(self.patient | self.other))
        self.assertEqual(set(calls.mapped("summary")), {"Book the hygiene visit"}, "what the user typed is kept")

    def test_call_list_from_one_patient_form(self):
        context = self.actions_menu_context(self.patient, self.patients_context())
        form = self.open_wizard(self.receptionist, "healthcare.call.list", context)
        self.assertEqual(form.patient_ids.ids, self.patient.ids)
        form.patient_ids.add(self.other)
        calls = self.create_calls(form)
        self.assertEqual(calls, self.calls(self.patient | self.other))

    # The other wizards -----------------------------------------------------------------------

    def test_consent_from_the_patient_form(self):
        action = self.patient.with_user(self.receptionist).action_record_consent()
        context = self.button_context(self.patient, action, self.patients_context())
        form = self.open_wizard(self.receptionist, action["res_model"], context)
        self.assertEqual(form.partner_id, self.patient)
        form.purpose = "sms"
        form.state = "given"
        form.save().action_record()
        self.assertEqual(self.patient.consent_sms, "given")

    def test_interaction_from_the_patient_form(self):
        action = self.patient.with_user(self.receptionist).action_log_interaction()
        context = self.button_context(self.patient, action, self.patients_context())
        form = self.open_wizard(self.receptionist, action["res_model"], context, view=action["view_id"][0])
        self.assertEqual(form.partner_id, self.patient)
        form.summary = "Asks for an afternoon appointment."
        form.outcome = "reached"
        form.activity_type_id = self.call
        form.save().action_log()
        self.assertEqual(self.patient.interaction_ids.summary, "Asks for an afternoon appointment.")
        self.assertEqual(self.patient.activity_ids.user_id, self.receptionist)

    def quote(self):
        with Form(self.env["sale.order"].with_user(self.receptionist)) as form:
            form.partner_id = self.patient
            with form.order_line.new() as line:
                line.product_id = self.implant
        return form.record

    def test_interaction_from_the_quote_form(self):
        """The treatment coordinator (a receptionist) logs a call about a quote."""
        quote = self.quote()
        action = quote.with_user(self.receptionist).action_log_followup()
        context = self.button_context(quote, action)
        form = self.open_wizard(self.receptionist, action["res_model"], context, view=action["view_id"][0])
        self.assertEqual((form.partner_id, form.sale_order_id), (self.patient, quote))
        form.summary = "Thinking about the financing."
        form.activity_type_id = self.call
        form.save().action_log()
        self.assertEqual(self.patient.interaction_ids.sale_order_id, quote)
        self.assertEqual(quote.activity_ids.activity_type_id, self.call)

    def test_reject_from_the_quote_form(self):
        quote = self.quote()
        action = quote.with_user(self.receptionist).action_followup_reject()
        context = self.button_context(quote, action)
        form = self.open_wizard(self.receptionist, action["res_model"], context)
        self.assertEqual(form.order_ids.ids, quote.ids)
        form.rejection_reason_id = self.env.ref("healthcare_crm.rejection_reason_price")
        form.save().action_reject()
        self.assertEqual(quote.followup_outcome, "rejected")

    def test_reschedule_from_the_appointment_form(self):
        appointment = self.appointment(self.patient, self.checkup, days=2)
        action = appointment.with_user(self.receptionist).action_reschedule()
        current = self.action_context("healthcare_crm.action_appointments", self.receptionist)
        context = self.button_context(appointment, action, current)
        form = self.open_wizard(self.receptionist, action["res_model"], context)
        self.assertEqual(form.appointment_id, appointment)
        form.start = appointment.start + timedelta(days=5)
        result = form.save().action_reschedule()
        new = self.env["calendar.event"].browse(result["res_id"])
        self.assertEqual(appointment.attendance, "rescheduled")
        self.assertEqual((new.patient_id, new.start), (self.patient, appointment.start + timedelta(days=5)))

    def test_reactivation_from_its_menu_as_manager(self):
        """The reactivation list is also the manager's; the menu's action has no context of its own."""
        manager = new_test_user(
            self.env, login="hc_wizard_manager", groups="healthcare_crm.group_healthcare_manager", lang="en_US"
        )
        self.appointment(self.patient, days=-900, attendance="attended")
        context = self.action_context("healthcare_crm.action_reactivation", manager)
        form = self.open_wizard(manager, "healthcare.reactivation", context)
        action = form.save().action_show_patients()
        found = self.env["res.partner"].with_user(manager).search(action["domain"])
        self.assertIn(self.patient, found)
        self.assertNotIn(self.other, found, "never treated")
