"""Throughput of appointment reminders (issue 12), run inside `odoo-bin shell -d <db>`.

    odoo-bin shell -c odoo.conf -d <db> --log-level=warn < tests/benchmarks/reminders_throughput.py

Nothing leaves the machine: SMS go to the fake Twilio of the messaging tests, served from this
process on 127.0.0.1 (keeping connections alive, as Twilio does), and emails to a small SMTP
sink on 127.0.0.1 that an ir.mail_server of the bench points to. BENCH_REMINDERS patients with
email and as many with a mobile each get an appointment in 20 hours; then:

- email: the reminder cron queues the emails (`queue_msg_s`), Odoo's mail queue sends them
  to the sink (`send_msg_s`); `msg_s` is reminders over both;
- sms: the reminder cron queues and sends them to the fake Twilio at once (`msg_s`);
- Odoo's mail queue alone: as many plain emails (an .ics each, none of the addons' code)
  sent by `process_email_queue`, the ceiling of any email reminder on this machine.

The database's own appointments in the cron's window (the generated clinic's) are reminded by
an untimed run first, so a timed run reminds the bench's patients only (`own_queued`,
`own_sent` say so). Prints one `BENCH {json}` line per channel. It commits (the cron does,
between batches) and deletes every reminder it made at the end (a later run makes them again). BENCH_PROFILE=1 prints
cProfile's top functions to stderr, by cumulative and by own time.
"""

import cProfile
import io
import json
import os
import pstats
import sys
import threading
import time
from datetime import timedelta

from odoo import Command, fields

sys.path.insert(0, os.environ.get("HCRM_BENCH_DIR", "tests/benchmarks"))
from bench_lib import SmtpSink  # noqa: E402

from odoo.addons.healthcare_crm_messaging.tests.fake_providers import FakeTwilio

COUNT = int(os.environ.get("BENCH_REMINDERS", "2000"))
PLAIN_ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Cita\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
PROFILE = os.environ.get("BENCH_PROFILE") == "1"

env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)


def timed(call):
    profiler = cProfile.Profile() if PROFILE else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    call()
    env.flush_all()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - start
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue(), file=sys.stderr)
    return elapsed


def make_appointments(prefix, values):
    hygiene = env.ref("healthcare_crm.appointment_type_hygiene")
    patients = env["res.partner"].create(
        [
            {"name": f"{prefix} {number}", "is_patient": True, "lang": "es_ES", **values(number)}
            for number in range(COUNT)
        ]
    )
    start = fields.Datetime.now() + timedelta(hours=20)
    events = env["calendar.event"].create(
        [
            {"name": "Higiene", "patient_id": patient.id, "appointment_type_id": hygiene.id, "start": start}
            for patient in patients
        ]
    )
    env.cr.commit()
    return patients, events


def new_since(model, before):
    """The records made since `before` (the ids there were then): ids need not grow with time."""
    return env[model].search([("id", "not in", list(before[model]))])


def cleanup(patients, events, made=None):
    """Delete the bench's patients and appointments, and the reminders of other appointments
    made since `made` ({model: the ids there were before the run})."""
    messages = env["healthcare.message"].search([("calendar_event_id", "in", events.ids)])
    interactions = env["healthcare.interaction"].search([("partner_id", "in", patients.ids)])
    if made:
        messages |= new_since("healthcare.message", made)
        interactions |= new_since("healthcare.interaction", made).filtered(
            lambda interaction: interaction.partner_id in messages.patient_id
        )
    messages.mail_id.unlink()
    env["sms.sms"].search([("partner_id", "in", patients.ids)]).unlink()
    messages.unlink()
    interactions.unlink()
    events.unlink()
    patients.unlink()
    env.cr.commit()


messages = env["healthcare.message"]
company = env.company
# What an interrupted run left.
leftover = env["res.partner"].search(["|", ("name", "=like", "Bench Email %"), ("name", "=like", "Bench SMS %")])
if leftover:
    cleanup(leftover, env["calendar.event"].search([("patient_id", "in", leftover.ids)]))
saved = {
    name: company[name]
    for name in (
        "healthcare_send_from",
        "healthcare_send_until",
        "healthcare_sms_provider",
        "twilio_account_sid",
        "twilio_auth_token",
        "twilio_from_number",
        "twilio_api_url",
        "email",
    )
}
# Twilio keeps connections alive: so does the fake, for this bench.
# (without Nagle's algorithm, or each answer waits for the client's delayed ACK: 40 ms).
FakeTwilio.handler = type(
    "KeepAlive", (FakeTwilio.handler,), {"protocol_version": "HTTP/1.1", "disable_nagle_algorithm": True}
)
sink = SmtpSink()
threading.Thread(target=sink.serve_forever, daemon=True).start()
with FakeTwilio() as twilio:
    company.write(
        {
            "healthcare_send_from": 0.0,
            "healthcare_send_until": 24.0,
            **twilio.company_values(),
            "email": company.email or "citas@bench.example.com",
        }
    )
    server = env["ir.mail_server"].create(
        {
            "name": "bench sink",
            "smtp_host": "127.0.0.1",
            "smtp_port": sink.server_address[1],
            "smtp_encryption": "none",
            "sequence": 0,
        }
    )
    env.cr.commit()
    models = ("healthcare.message", "healthcare.interaction")
    made = {model: set(env[model].search([]).ids) for model in models}
    no_bench = env["calendar.event"].browse()
    try:
        # The database's own appointments in the window first, untimed.
        messages._cron_send_reminders()
        env["mail.mail"].process_email_queue(ids=new_since("healthcare.message", made).mail_id.ids or [0])
        env.cr.commit()

        # Email: queued by the reminder cron, sent by Odoo's mail queue.
        patients, events = make_appointments(
            "Bench Email", lambda n: {"email": f"bench{n}@example.com", "preferred_channel": "email"}
        )
        before = {model: set(env[model].search([]).ids) for model in models}
        queue = timed(messages._cron_send_reminders)
        env.cr.commit()
        queued = new_since("healthcare.message", before)
        event_ids = set(events.ids)
        own = queued.filtered(lambda m: m.calendar_event_id.id in event_ids)
        emails = queued.filtered(lambda m: m.channel == "email")
        received = len(sink.received)
        send = timed(lambda: env["mail.mail"].process_email_queue(ids=emails.mail_id.ids or [0]))
        env.cr.commit()
        queued.invalidate_recordset(["state"])
        sent = queued.filtered(lambda m: m.state == "sent")
        sent_emails = sent & emails
        print(
            "BENCH "
            + json.dumps(
                {
                    "operation": "reminders_email",
                    "reminders": COUNT,
                    "queued": len(queued),
                    "queued_email": len(emails),
                    "own_queued": len(own),
                    "sent": len(sent),
                    "sent_email": len(sent_emails),
                    "own_sent": len(sent & own),
                    "smtp_data_commands": len(sink.received) - received,
                    "queue_msg_s": round(len(queued) / queue, 1),
                    "send_msg_s": round(len(sent_emails) / send, 1),
                    "msg_s": round(len(sent) / (queue + send), 1),
                    "seconds": round(queue + send, 2),
                }
            ),
            flush=True,
        )
        cleanup(patients, events)

        # SMS: queued and sent to the fake Twilio by the reminder cron.
        patients, events = make_appointments(
            "Bench SMS", lambda n: {"mobile": f"+34 6{n:08d}", "preferred_channel": "sms"}
        )
        before = {model: set(env[model].search([]).ids) for model in models}
        received = len(twilio.messages)
        queries = env.cr.sql_log_count
        seconds = timed(messages._cron_send_reminders)
        queries = env.cr.sql_log_count - queries
        env.cr.commit()
        queued = new_since("healthcare.message", before)
        sent = queued.filtered(lambda m: m.state == "sent")
        event_ids = set(events.ids)
        own = queued.filtered(lambda m: m.calendar_event_id.id in event_ids)
        print(
            "BENCH "
            + json.dumps(
                {
                    "operation": "reminders_sms",
                    "reminders": COUNT,
                    "queued": len(queued),
                    "own_queued": len(own),
                    "sent": len(sent),
                    "own_sent": len(sent & own),
                    "provider_received": len(twilio.messages) - received,
                    "msg_s": round(len(sent) / seconds, 1),
                    "queries": queries,
                    "seconds": round(seconds, 2),
                }
            ),
            flush=True,
        )
        cleanup(patients, events)

        # Odoo's mail queue alone, without the addons: as many plain emails with an .ics each,
        # sent by process_email_queue. No email reminder can go faster than this.
        plain = env["mail.mail"].create(
            [
                {
                    "subject": "Recordatorio de su cita",
                    "body_html": "<p>Su cita es mañana a las 9:00. Confirme aquí: https://clinica.example.com/c</p>",
                    "email_to": f"plain{n}@example.com",
                    "auto_delete": False,
                    "attachment_ids": [
                        Command.create({"name": "cita.ics", "mimetype": "text/calendar", "raw": PLAIN_ICS})
                    ],
                }
                for n in range(COUNT)
            ]
        )
        env.cr.commit()
        env.invalidate_all()
        received = len(sink.received)
        seconds = timed(lambda: env["mail.mail"].process_email_queue(ids=plain.ids))
        env.cr.commit()
        print(
            "BENCH "
            + json.dumps(
                {
                    "operation": "odoo_mail_queue",
                    "emails": COUNT,
                    "received": len(sink.received) - received,
                    "msg_s": round((len(sink.received) - received) / seconds, 1),
                    "seconds": round(seconds, 2),
                }
            ),
            flush=True,
        )
        plain.attachment_ids.unlink()
        plain.unlink()
        env.cr.commit()
    finally:
        env.cr.rollback()
        cleanup(no_bench.partner_ids, no_bench, made)  # the other appointments' reminders
        server.unlink()
        company.write(saved)
        env.cr.commit()
        sink.shutdown()
