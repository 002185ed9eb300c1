from datetime import datetime, timedelta

import pytz

from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged

MADRID = pytz.timezone("Europe/Madrid")
MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}


def madrid(*args):
    return MADRID.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestDashboardMessaging(RpcCase):
    """The dashboard's messaging figures against values counted by hand on a clinic of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.company"].create({"name": "Clínica Sur", "country_id": cls.env.ref("base.es").id})
        cls.manager = cls.role_user("manager", login="dashm_manager", company=cls.clinic, tz="Europe/Madrid")
        patients = (
            cls.env["res.partner"]
            .with_company(cls.clinic)
            .create([{"name": f"Paciente Sur {n}", "is_patient": True} for n in range(4)])
        )
        # Two appointments reminded (one attended, one missed), two not reminded (both attended).
        events = cls.env["calendar.event"].create(
            [
                {
                    "name": "Revisión",
                    "patient_id": patient.id,
                    "start": madrid(2025, 3, 10 + n, 10),
                    "stop": madrid(2025, 3, 10 + n, 10) + timedelta(minutes=30),
                    "attendance": attendance,
                }
                for n, (patient, attendance) in enumerate(
                    zip(patients, ("attended", "no_show", "attended", "attended"), strict=True)
                )
            ]
        )
        Message = cls.env["healthcare.message"]
        messages = Message.create(
            [
                {
                    "key": f"dash:{n}",
                    "patient_id": events[n].patient_id.id,
                    "kind": "reminder",
                    "channel": channel,
                    "calendar_event_id": event_id,
                    "state": state,
                }
                for n, (channel, event_id, state) in enumerate(
                    (("sms", events[0].id, "delivered"), ("sms", events[1].id, "sent"), ("email", False, "failed"))
                )
            ]
        )
        cls.env.cr.execute(
            "UPDATE healthcare_message SET create_date = %s WHERE id IN %s",
            [madrid(2025, 3, 9, 12), tuple(messages.ids)],
        )
        # The first patient confirmed from the reminder's page the next day.
        cls.env["healthcare.interaction"].create(
            {
                "partner_id": events[0].patient_id.id,
                "calendar_event_id": events[0].id,
                "channel": "other",
                "direction": "inbound",
                "summary": "Confirmada desde el enlace",
                "date": madrid(2025, 3, 10, 9),
            }
        )
        # The survey: scores 10, 9, 7 and 3, and the detractor's comment.
        survey = cls.env.ref("healthcare_crm_messaging.survey_visit_satisfaction")
        nps = cls.env.ref("healthcare_crm_messaging.survey_question_nps")
        improve = cls.env.ref("healthcare_crm_messaging.survey_question_improve")
        for patient, score in zip(patients, (10, 9, 7, 3), strict=True):
            answer = survey._create_answer(partner=patient, check_attempts=False)
            answer._save_lines(nps, str(score))
            if score <= 6:
                answer._save_lines(improve, "Esperé cuarenta minutos")
        cls.env.cr.execute(
            "UPDATE survey_user_input_line SET create_date = %s WHERE question_id IN %s",
            [madrid(2025, 3, 20, 12), (nps.id, improve.id)],
        )

    def dashboard(self):
        return self.call_kw(
            self.manager,
            "healthcare.dashboard",
            "get_dashboard",
            "custom",
            company_ids=[self.clinic.id],
            context={"tz": "Europe/Madrid"},
            **MARCH,
        )

    def section(self, dashboard, key):
        section = next(s for s in dashboard["sections"] if s["key"] == key)
        return {figure["key"]: figure["value"] for figure in section["figures"]}, section

    def test_reminders_effect_on_no_shows(self):
        figures = self.section(self.dashboard(), "no_shows")[0]
        self.assertEqual(figures["no_show_rate_reminded"], 50.0, "one of the two reminded was missed")
        self.assertEqual(figures["no_show_rate_not_reminded"], 0.0)

    def test_channels(self):
        figures, section = self.section(self.dashboard(), "channels")
        self.assertEqual(figures["messages"], 3)
        self.assertEqual((figures["link_answers"], figures["link_confirmations"]), (1, 1), "the first patient came")
        rows = {row["label"]: row["values"] for row in section["tables"][0]["rows"]}
        self.assertEqual(rows, {"Email": [0, 0, 0, 0, 1], "SMS": [2, 1, 0, 1, 0]}, "the first reminder answered")
        kinds = {row["label"]: row["values"] for row in section["tables"][1]["rows"]}
        self.assertEqual(kinds, {"Appointment reminder": [2, 1, 0, 1, 1]})

    def test_nps_and_what_detractors_said(self):
        figures, section = self.section(self.dashboard(), "satisfaction")
        self.assertEqual((figures["nps"], figures["nps_answers"]), (25.0, 4), "(2 promoters - 1 detractor) / 4")
        bands = [row["values"] for row in section["tables"][0]["rows"]]
        self.assertEqual(bands, [[2, 50.0], [1, 25.0], [1, 25.0]])
        comments = [row["label"] for row in section["tables"][1]["rows"]]
        self.assertEqual(comments, ["Paciente Sur 3: Esperé cuarenta minutos"])
        action = next(f for f in section["figures"] if f["key"] == "nps")["action"]
        self.assertEqual(len(self.call_kw(self.manager, "res.partner", "search", action["domain"])), 4)
