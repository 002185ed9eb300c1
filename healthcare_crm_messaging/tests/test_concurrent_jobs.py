"""The messaging jobs on several cron workers at once, as Odoo runs them with --max-cron-threads=2.

Each worker is a thread with a cursor of its own on committed data, committing as ir.cron does;
the appointments are written by the front desk meanwhile. Whatever the interleaving, each
patient gets each message once from the fake Twilio, and a job that loses a race (the same key,
a row updated under it: "could not serialize access due to concurrent update") claims again
instead of failing or sending twice.
"""

import threading
import traceback
from collections import Counter
from contextlib import closing, contextmanager
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

from .fake_providers import FakeTwilio

PATIENTS = 24
# What the jobs write: the demo's own appointments due tomorrow get their reminders too (the test
# opens the sending hours to the whole day), so everything written after setUp's watermark goes.
WRITTEN = ("sms.sms", "healthcare.message", "healthcare.interaction", "mail.mail")
COMPANY_FIELDS = (
    "healthcare_send_from",
    "healthcare_send_until",
    "healthcare_sms_provider",
    "twilio_account_sid",
    "twilio_auth_token",
    "twilio_from_number",
    "twilio_api_url",
)


@tagged("post_install", "-at_install")
class TestConcurrentJobs(TransactionCase):
    def setUp(self):
        super().setUp()
        self.twilio = self.enterContext(FakeTwilio())
        self.db = sql_db.db_connect(self.env.cr.dbname)
        with self.committed() as env:
            self.watermarks = {
                model: env[model].with_context(active_test=False).search([], order="id desc", limit=1).id
                for model in WRITTEN
            }
            company = env.company
            saved = {name: company[name] for name in COMPANY_FIELDS}
            company.write(
                {
                    "healthcare_send_from": 0.0,
                    "healthcare_send_until": 24.0,
                    **self.twilio.company_values(),
                }
            )
            hygiene = env.ref("healthcare_crm.appointment_type_hygiene")
            patients = env["res.partner"].create(
                [
                    {
                        "name": f"Paciente concurrente {number}",
                        "is_patient": True,
                        "lang": "es_ES",
                        "mobile": f"+34 655 {number:06d}",
                        "preferred_channel": "sms",
                    }
                    for number in range(PATIENTS)
                ]
            )
            start = fields.Datetime.now() + timedelta(hours=20)
            events = env["calendar.event"].create(
                [
                    {"name": "Higiene", "patient_id": p.id, "appointment_type_id": hygiene.id, "start": start}
                    for p in patients
                ]
            )
            self.patient_ids, self.event_ids = patients.ids, events.ids
            self.numbers = patients.mapped("mobile_e164")
        self.addCleanup(self.clean, saved)

    @contextmanager
    def committed(self):
        """An environment on a cursor of its own, committed at the end: what another worker sees."""
        with closing(self.db.cursor()) as cr:
            cr.execute("SET lock_timeout = '20s'")  # a lock held by the test's transaction fails, not hangs
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            yield env
            env.flush_all()
            cr.commit()

    def clean(self, saved):
        with self.committed() as env:
            for model in WRITTEN:
                env[model].with_context(active_test=False).search([("id", ">", self.watermarks[model])]).unlink()
            env["calendar.event"].browse(self.event_ids).unlink()
            env["res.partner"].browse(self.patient_ids).unlink()
            env.company.write(saved)

    def run_together(self, *jobs):
        """Run each job (a function of an env) in a thread of its own, all starting at once,
        each committing at the end as ir.cron does; returns what they raised."""
        barrier, raised = threading.Barrier(len(jobs)), []

        def work(job):
            with closing(self.db.cursor()) as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
                barrier.wait()
                try:
                    job(env)
                    env.flush_all()
                    cr.commit()
                except Exception:  # noqa: BLE001 (reported by the test)
                    raised.append(f"{job.__name__}: {traceback.format_exc()}")
                    cr.rollback()

        threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        return raised

    def assertTextedOnce(self):
        sent = Counter(message["To"] for message in self.twilio.messages)
        self.assertEqual(
            Counter({number: sent[number] for number in self.numbers}),
            Counter(dict.fromkeys(self.numbers, 1)),
            "each patient texted once",
        )
        self.assertEqual(max(sent.values()), 1, "nobody texted twice, the demo's patients included")

    def messages(self, env):
        return env["healthcare.message"].search([("patient_id", "in", self.patient_ids)])

    def test_two_reminder_workers_and_the_front_desk_send_each_reminder_once(self):
        def reminders(env):
            env["healthcare.message"]._cron_send_reminders(batch_size=5)

        def front_desk(env):
            # The receptionist confirms the appointments one by one while the reminders go out,
            # each click retried on a serialization failure as Odoo's web requests are.
            for event_id in self.event_ids:
                retrying(
                    lambda event_id=event_id: env["calendar.event"].browse(event_id).write({"attendance": "confirmed"}),
                    env,
                )
                env.cr.commit()

        self.assertEqual(self.run_together(reminders, reminders, front_desk), [])
        with self.committed() as env:
            reminders(env)  # a later run: nothing left, nothing twice
            messages = self.messages(env)
            self.assertEqual(len(messages), PATIENTS)
            self.assertEqual(set(messages.mapped("state")), {"sent"})
            self.assertEqual(
                len(env["healthcare.interaction"].search([("partner_id", "in", self.patient_ids)])), PATIENTS
            )
        self.assertTextedOnce()

    def test_two_retry_workers_send_each_due_message_once(self):
        self.twilio.mode = "down"
        with self.committed() as env:
            env["healthcare.message"]._cron_send_reminders()
        with self.committed() as env:
            messages = self.messages(env)
            self.assertEqual(set(messages.mapped("state")), {"queued"})
            self.assertTrue(all(messages.mapped("next_attempt")))
            messages.write({"next_attempt": fields.Datetime.now() - timedelta(minutes=1)})
        self.twilio.mode = "up"
        self.assertEqual(self.run_together(*[lambda env: env["healthcare.message"]._cron_retry(batch_size=5)] * 2), [])
        with self.committed() as env:
            self.assertEqual(set(self.messages(env).mapped("state")), {"sent"})
        self.assertTextedOnce()
