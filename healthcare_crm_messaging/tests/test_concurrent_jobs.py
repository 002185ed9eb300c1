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
WRITTEN = ("sms.sms", "healthcare.message", "healthcare.interaction", "mail.mail", "survey.user_input")
# The patient jobs, each run by two workers at once.
PATIENT_JOBS = ("_cron_send_recalls", "_cron_send_followups", "_cron_send_birthdays", "_cron_send_surveys")
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
            # The demo's recalls due now are notified by the recall job: open again afterwards.
            self.demo_recalls = {
                recall.id: recall.state
                for recall in env["healthcare.recall"].search(
                    [("state", "in", ("due", "overdue")), ("notified_date", "=", False)]
                )
            }
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
            env["sale.order"].search([("partner_id", "in", self.patient_ids)]).unlink()
            env["calendar.event"].with_context(active_test=False).search(
                ["|", ("id", "in", self.event_ids), ("patient_id", "in", self.patient_ids)]
            ).unlink()
            env["res.partner"].browse(self.patient_ids).unlink()  # their recalls and consents with them
            for recall_id, state in self.demo_recalls.items():
                env["healthcare.recall"].browse(recall_id).write({"state": state, "notified_date": False})
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

    def test_a_batch_a_dead_worker_claimed_is_sent_once_never_while_being_sent(self):
        keys = {f"reminder:{event_id}:24": event_id for event_id in self.event_ids}
        with self.committed() as env:
            # A worker claimed these reminders (committed) and was killed before sending them.
            env["healthcare.message"]._queue_reminders(keys)

        def retry(env):
            env["healthcare.message"]._cron_retry()

        self.assertEqual(self.run_together(retry), [])
        self.assertFalse(
            [sms for sms in self.twilio.messages if sms["To"] in self.numbers],
            "just claimed: their worker may be sending them",
        )
        with self.committed() as env:
            env.cr.execute(
                "UPDATE healthcare_message SET write_date = write_date - interval '10 minutes' WHERE id IN %s",
                [tuple(self.messages(env).ids)],
            )
        # Another worker is still sending half of them, slowly: it holds their lock (as a sender
        # does from before it calls the provider), so the retry job takes only the other half.
        locked, retried = threading.Event(), threading.Event()
        half = self.patient_ids[: PATIENTS // 2]

        def slow_sender(env):
            messages = env["healthcare.message"].search([("patient_id", "in", half)])
            self.assertEqual(len(messages._lock_for_sending()), len(half))
            locked.set()
            retried.wait(60)
            messages._send_now()

        def retry_meanwhile(env):
            locked.wait(60)
            try:
                retry(env)
            finally:
                retried.set()

        self.assertEqual(self.run_together(slow_sender, retry_meanwhile), [])
        with self.committed() as env:
            messages = self.messages(env)
            self.assertEqual(set(messages.mapped("state")), {"sent"})
            retry(env)  # nothing left, nothing twice
        self.assertTextedOnce()

    def test_two_workers_of_each_patient_job_and_of_the_retry_job_send_each_message_once(self):
        with self.committed() as env:
            patients = env["res.partner"].browse(self.patient_ids)
            today = fields.Date.context_today(env["healthcare.message"])
            hygiene = env.ref("healthcare_crm.recall_rule_hygiene")
            first_visit = env.ref("healthcare_crm.appointment_type_first_visit")
            for number, patient in enumerate(patients):
                patient.birthdate = today.replace(year=1970 + number)
            env["healthcare.consent"].create([{"partner_id": p.id, "purpose": "sms"} for p in patients])
            env["healthcare.recall"].create(
                [{"patient_id": p.id, "rule_id": hygiene.id, "due_date": today} for p in patients]
            )
            env["sale.order"].create(
                [{"partner_id": p.id, "date_order": fields.Datetime.now() - timedelta(days=8)} for p in patients]
            )
            visits = env["calendar.event"].create(
                [
                    {
                        "name": "Primera visita",
                        "patient_id": p.id,
                        "appointment_type_id": first_visit.id,
                        "start": fields.Datetime.now() - timedelta(hours=5),
                        "stop": fields.Datetime.now() - timedelta(hours=4),
                    }
                    for p in patients
                ]
            )
            visits.action_mark_attended()

        def worker(job):
            def run(env):
                getattr(env["healthcare.message"], job)(batch_size=5)

            run.__name__ = job
            return run

        def front_desk(env):
            # The receptionist updates each patient while the messages go out (Odoo retries a
            # web request on a serialization failure, so does this).
            for patient_id in self.patient_ids:
                retrying(
                    lambda patient_id=patient_id: env["res.partner"].browse(patient_id).write({"comment": "Llamar"}),
                    env,
                )
                env.cr.commit()

        # The provider is down at first: each message claimed is tried once, then due again. A
        # batch claimed by the other worker 3 times over is left to the next run (see _claim).
        self.twilio.mode = "down"
        jobs = [worker(job) for job in PATIENT_JOBS for __ in range(2)]
        self.assertEqual(self.run_together(*jobs, front_desk), [])
        tried = Counter(self.twilio.attempts)
        with self.committed() as env:
            messages = self.messages(env)
            self.assertEqual(set(messages.mapped("state")), {"queued"})
            created = Counter(message.patient_id.mobile_e164 for message in messages)
            self.assertEqual({number: tried[number] for number in self.numbers}, {n: created[n] for n in self.numbers})
            self.assertGreater(len(messages), 2 * PATIENTS)
            queued = env["healthcare.message"].search([("id", ">", self.watermarks["healthcare.message"])])
            queued.filtered("next_attempt").write({"next_attempt": fields.Datetime.now() - timedelta(minutes=1)})

        # The provider is back: two retry workers, and the patient jobs again, at once.
        self.twilio.mode = "up"
        retry = worker("_cron_retry")
        self.assertEqual(self.run_together(retry, retry, *jobs, front_desk), [])
        with self.committed() as env:
            for job in (*PATIENT_JOBS, "_cron_retry"):  # a later run: what was left, nothing twice
                getattr(env["healthcare.message"], job)()
        with self.committed() as env:
            messages = self.messages(env)
            self.assertEqual(
                Counter(messages.mapped("kind")),
                Counter(dict.fromkeys(("recall", "followup", "birthday", "survey"), PATIENTS)),
                "a recall, a follow-up, a greeting, a survey each",
            )
            self.assertEqual(set(messages.mapped("state")), {"sent"})
            self.assertEqual(
                set(env["healthcare.recall"].search([("patient_id", "in", self.patient_ids)]).mapped("state")),
                {"notified"},
            )
            self.assertEqual(env["survey.user_input"].search_count([("partner_id", "in", self.patient_ids)]), PATIENTS)
            references = (
                env["healthcare.message"]
                .search([("id", ">", self.watermarks["healthcare.message"]), ("provider_ref", "!=", False)])
                .mapped("provider_ref")
            )
        sent_to = Counter(message["To"] for message in self.twilio.messages)
        self.assertEqual({number: sent_to[number] for number in self.numbers}, dict.fromkeys(self.numbers, 4))
        sids = [message["sid"] for message in self.twilio.messages]
        self.assertEqual(sorted(sids), sorted(references), "each text the provider took is one message")
