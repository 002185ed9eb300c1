"""The messaging jobs on a live multi-worker Odoo while users write (issue 12).

    createdb -T lead_demo helper_cron_demo      # a copy of a demo database (make demo), used up
    ~/.cache/healthcare-crm/venv/bin/python tests/benchmarks/multiworker.py

Starts a real `odoo-bin --workers=2 --max-cron-threads=2` on 127.0.0.1 (its own config, data_dir
and log under MW_DIR) on that copy, with SMS going to the fake Twilio of the messaging tests and
email to a small SMTP sink, both served from this process on 127.0.0.1. Nothing leaves the
machine: the jobs that call other services (publisher, PEPPOL, IAP...) are deactivated in the
copy before Odoo starts, and the server runs with a proxy that refuses everything but 127.0.0.1.

Each messaging job (reminders, recalls, follow-ups, birthdays, surveys, retry) is there twice
(a copy of its ir.cron), so that the two cron workers also run the same job at once, which one
ir.cron record never does (Odoo locks it while it runs). For MW_SECONDS the jobs and Odoo's mail
queue are made due every MW_FORCE_EVERY seconds (ir.cron triggers, as Odoo's own `_trigger`
does), while JSON-RPC clients (/web/session/authenticate then /web/dataset/call_kw) work as the
demo users: the front desk (recepcion) registers patients with an appointment tomorrow and a
visit today, confirms and moves appointments, writes patients; the coordinator (coordinacion)
makes quotes and reads the messages. MW_PATIENTS patients with every message due (a reminder,
a recall, a quote follow-up, a birthday with consent, a survey) are made first, as admin.

Then it lets the jobs finish what is due, stops Odoo and prints a summary (and `MULTIWORKER
{json}`): messages per kind and channel, what the fake Twilio and the SMTP sink received,
duplicates (a text the provider took that is no message's, one (number, text) twice, one email
twice: all must be 0), what was lost (a bench patient without one of their messages), the
serialization failures and unique-key conflicts of the server log and how each was retried, and
the server's other errors.

Environment: MW_DB (helper_cron_demo), MW_PORT (8392), MW_DIR (/tmp/helper_cron/mw), MW_ADDONS
(the directory holding the addons: this repository; a `git archive` of a commit runs that commit),
ODOO_SRC (/opt/odoo), MW_SECONDS (60), MW_PATIENTS (150), MW_FORCE_EVERY (2).
"""

import collections
import getpass
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg2
import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "healthcare_crm_messaging" / "tests"))
from bench_lib import SmtpSink  # noqa: E402 (this folder, first on the path of a script)
from fake_providers import FakeTwilio  # noqa: E402

DB = os.environ.get("MW_DB", "helper_cron_demo")
PORT = int(os.environ.get("MW_PORT", "8392"))
DIR = Path(os.environ.get("MW_DIR", "/tmp/helper_cron/mw"))
ADDONS = os.environ.get("MW_ADDONS", str(REPO))
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo"))
SECONDS = float(os.environ.get("MW_SECONDS", "60"))
PATIENTS = int(os.environ.get("MW_PATIENTS", "150"))
FORCE_EVERY = float(os.environ.get("MW_FORCE_EVERY", "2"))
RUN = int(time.time()) % 100  # in the bench patients' numbers
BASE = f"http://127.0.0.1:{PORT}"
# The jobs that stay active in the copy: the messaging ones, the clinic's own, Odoo's mail and
# SMS queues. Every other one is deactivated (some call services outside the machine).
MESSAGING_CRONS = [
    "healthcare_crm_messaging.ir_cron_appointment_reminders",
    "healthcare_crm_messaging.ir_cron_message_retry",
    "healthcare_crm_messaging.ir_cron_recall_messages",
    "healthcare_crm_messaging.ir_cron_followup_messages",
    "healthcare_crm_messaging.ir_cron_birthday_messages",
    "healthcare_crm_messaging.ir_cron_survey_messages",
]
FORCED_CRONS = [*MESSAGING_CRONS, "mail.ir_cron_mail_scheduler_action"]
KEPT_CRONS = [*FORCED_CRONS, "sms.ir_cron_sms_scheduler_action"]
KINDS = ("reminder", "recall", "followup", "birthday", "survey")
CONFLICTS = re.compile(
    r"could not serialize access|deadlock detected|"
    r'duplicate key value violates unique constraint "healthcare_message_key_unique"'
)


class RpcError(Exception):
    pass


class Client:
    """A user of the web client: a session cookie, then JSON-RPC calls."""

    def __init__(self, login, password):
        self.session = requests.Session()
        self.session.trust_env = False  # 127.0.0.1 only, whatever the proxy settings
        self.login = login
        self.calls, self.errors = 0, []
        self.rpc("/web/session/authenticate", {"db": DB, "login": login, "password": password})

    def rpc(self, path, params):
        answer = self.session.post(
            BASE + path, json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}, timeout=300
        ).json()
        if "error" in answer:
            data = answer["error"].get("data", {})
            raise RpcError(f"{data.get('name')}: {data.get('message') or answer['error'].get('message')}")
        return answer.get("result")  # absent when the method returned None

    def kw(self, model, method, *args, **kwargs):
        return self.rpc("/web/dataset/call_kw", {"model": model, "method": method, "args": args, "kwargs": kwargs})

    def act(self, what, *args, **kwargs):
        """One user action; its error is kept for the summary (a user would have seen it)."""
        self.calls += 1
        try:
            return self.kw(*args, **kwargs)
        except (RpcError, requests.RequestException) as error:
            self.errors.append(f"{self.login} {what}: {error}")
            return None


def connect(dbname=DB):
    """Each statement committed at once (never `with connection:`, which opens a transaction)."""
    connection = psycopg2.connect(dbname=dbname)
    connection.autocommit = True
    return connection


def xmlid_ids(cr, xmlids):
    ids = []
    for xmlid in xmlids:
        module, name = xmlid.split(".")
        cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", [module, name])
        ids.extend(row[0] for row in cr.fetchall())
    return ids


def prepare_database(twilio):
    """Before Odoo starts: nothing but our jobs, SMS to the fake Twilio, sending at any hour."""
    with closing(connect()) as connection, connection.cursor() as cr:
        kept = xmlid_ids(cr, KEPT_CRONS)
        cr.execute(
            "UPDATE ir_cron SET active = false WHERE id NOT IN %s AND cron_name NOT LIKE '%%(bench)'", [tuple(kept)]
        )
        cr.execute("UPDATE ir_mail_server SET active = false")
        cr.execute(
            """UPDATE res_company SET healthcare_send_from = 0, healthcare_send_until = 24,
                      healthcare_sms_provider = 'twilio', twilio_account_sid = %(twilio_account_sid)s,
                      twilio_auth_token = %(twilio_auth_token)s, twilio_from_number = %(twilio_from_number)s,
                      twilio_api_url = %(twilio_api_url)s""",
            twilio.company_values(),
        )
        cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = 'web.base.url'", [BASE])
        cr.execute(
            """SELECT (SELECT COALESCE(max(id), 0) FROM healthcare_message), (SELECT max(id) FROM res_partner),
                      now() at time zone 'UTC'"""
        )
        return cr.fetchone()


def start_odoo(sink_port):
    DIR.mkdir(parents=True, exist_ok=True)
    (DIR / "data").mkdir(exist_ok=True)
    log = DIR / "odoo.log"
    log.unlink(missing_ok=True)
    config = DIR / "odoo.conf"
    config.write_text(
        "[options]\n"
        f"addons_path = {ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons,{ADDONS}\n"
        f"data_dir = {DIR / 'data'}\n"
        f"db_user = {getpass.getuser()}\n"
        "http_interface = 127.0.0.1\n"
        f"http_port = {PORT}\n"
        f"gevent_port = {PORT + 2}\n"
        "list_db = False\n"
        "admin_passwd = multiworker-local-only\n"
    )
    blocked = "http://127.0.0.1:9"  # nothing listens there: any request outside 127.0.0.1 fails at once
    environ = {**os.environ, "HTTP_PROXY": blocked, "HTTPS_PROXY": blocked, "NO_PROXY": "127.0.0.1,localhost"}
    environ.update({name.lower(): value for name, value in environ.items() if name.endswith("_PROXY")})
    command = [
        sys.executable, str(ODOO_SRC / "odoo-bin"), "-c", str(config), "-d", DB, f"--db-filter=^{DB}$",
        "--workers=2", "--max-cron-threads=2", "--limit-time-real=600", "--limit-time-cpu=600",
        "--smtp=127.0.0.1", f"--smtp-port={sink_port}", f"--logfile={log}", "--log-level=info",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=environ, start_new_session=True)
    for __ in range(120):
        try:
            if requests.get(f"{BASE}/web/login", timeout=5, proxies={"http": None}).status_code == 200:
                return server, log
        except requests.RequestException:
            pass
        if server.poll() is not None:
            sys.exit(f"odoo-bin stopped at once: see {log}")
        time.sleep(1)
    stop_odoo(server)
    sys.exit(f"odoo-bin did not answer on {BASE}: see {log}")


def stop_odoo(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def double_the_jobs(admin):
    """A second ir.cron for each messaging job, so that both cron workers run the same job at once."""
    for xmlid in MESSAGING_CRONS:
        cron_id = ref(admin, xmlid)
        name = admin.kw("ir.cron", "read", [cron_id], ["cron_name"])[0]["cron_name"]
        if not admin.kw("ir.cron", "search", [("cron_name", "=", f"{name} (bench)")]):
            [copy] = admin.kw("ir.cron", "copy", [cron_id], {"name": f"{name} (bench)"})
            admin.kw("ir.cron", "write", [copy], {"active": True})


def ref(admin, xmlid):
    module, name = xmlid.split(".")
    [data] = admin.kw("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"])
    return data["res_id"]


def patient_values(mobile, number, today):
    """A patient who accepts marketing, born on this day; `mobile` is the first digits of their
    number (9 digits in all, unique to this run so that a text twice to a number is a duplicate)."""
    return {
        "name": f"Paciente {mobile} {number}",
        "is_patient": True,
        "lang": random.choice(["es_ES", "es_ES", "en_US"]),
        "mobile": f"+34 {mobile}{number:0{9 - len(mobile)}d}",
        "email": f"paciente.{mobile}.{number}@example.com",
        "preferred_channel": "email" if number % 4 == 0 else "sms",
        "birthdate": today.replace(year=1950 + number % 50).isoformat(),
    }


def everything_due(client, patient_ids, refs, now):
    """A consent, a recall due today, a quote waiting 8 days, a visit today and an appointment
    tomorrow for each patient: each of them is due a message of every kind."""
    client.act(
        "consents",
        "healthcare.consent",
        "create",
        [{"partner_id": p, "purpose": purpose} for p in patient_ids for purpose in ("sms", "email_marketing")],
    )
    client.act(
        "recalls",
        "healthcare.recall",
        "create",
        [{"patient_id": p, "rule_id": refs["rule"], "due_date": now.date().isoformat()} for p in patient_ids],
    )
    client.act(
        "quotes",
        "sale.order",
        "create",
        [{"partner_id": p, "date_order": stamp(now - timedelta(days=8))} for p in patient_ids],
    )
    visits = client.act("visits", "calendar.event", "create", [
        {"name": "Primera visita", "patient_id": p, "appointment_type_id": refs["first_visit"],
         "start": stamp(now - timedelta(hours=5)), "stop": stamp(now - timedelta(hours=4))}
        for p in patient_ids
    ])  # fmt: skip
    if visits:
        client.act("attended", "calendar.event", "action_mark_attended", visits)
    client.act("appointments", "calendar.event", "create", [
        {"name": "Revisión", "patient_id": p, "appointment_type_id": refs["first_visit"],
         "start": stamp(now + timedelta(hours=20, minutes=random.randrange(0, 120, 15)))}
        for p in patient_ids
    ])  # fmt: skip


def stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def force_jobs(stop, cron_ids):
    """Make the jobs due every FORCE_EVERY seconds, as ir.cron's `_trigger` does: a trigger row,
    then a NOTIFY on the postgres database, where the cron workers listen."""
    with closing(connect()) as connection, connection.cursor() as cr, closing(connect("postgres")) as listened:
        while not stop.wait(FORCE_EVERY):
            cr.execute(
                """INSERT INTO ir_cron_trigger (cron_id, call_at, create_date, write_date)
                   SELECT id, now() at time zone 'UTC', now() at time zone 'UTC', now() at time zone 'UTC'
                     FROM unnest(%s) AS id""",
                [cron_ids],
            )
            with listened.cursor() as notify:
                notify.execute("SELECT pg_notify('cron_trigger', %s)", [DB])


def front_desk(client, stop, refs, patients, *, today, number):
    created = 0
    while not stop.is_set():
        created += 1
        values = patient_values(f"6{RUN:02d}{number}", created, today)
        patient = client.act("register a patient", "res.partner", "create", [values])
        if patient:
            everything_due(client, patient, refs, datetime.utcnow())
        appointments = (
            client.act("find appointments", "calendar.event", "search",
                       [("patient_id", "in", random.sample(patients, 5)), ("start", ">", stamp(datetime.utcnow()))])
            or []
        )  # fmt: skip
        for event in appointments[:2]:
            client.act("confirm", "calendar.event", "write", [event], {"attendance": "confirmed"})
        for event in appointments[2:3]:
            start = datetime.utcnow() + timedelta(hours=20, minutes=random.randrange(0, 180, 15))
            client.act("move", "calendar.event", "write", [event], {"start": stamp(start)})
        for patient_id in random.sample(patients, 3):
            client.act("write a patient", "res.partner", "write", [patient_id], {"comment": f"Llamada {time.time()}"})


def coordinator(client, stop, patients):
    while not stop.is_set():
        patient_id = random.choice(patients)
        quote = client.act(
            "quote",
            "sale.order",
            "create",
            [{"partner_id": patient_id, "date_order": stamp(datetime.utcnow() - timedelta(days=9))}],
        )
        if quote:
            client.act("note a quote", "sale.order", "write", quote, {"note": "Llamar la semana que viene"})
        client.act("read messages", "healthcare.message", "search_read", [("patient_id", "=", patient_id)],
                   ["kind", "state", "channel"])  # fmt: skip
        client.act("write a patient", "res.partner", "write", [patient_id], {"function": "Revisar presupuesto"})


def drain(cron_ids, watermark, timeout=120):
    """Keep the jobs due until nothing is left to send (or `timeout`)."""
    stop = threading.Event()
    threading.Thread(target=force_jobs, args=(stop, cron_ids), daemon=True).start()
    deadline = time.time() + timeout
    with closing(connect()) as connection, connection.cursor() as cr:
        while time.time() < deadline:
            time.sleep(5)
            cr.execute(
                """SELECT count(*) FROM healthcare_message m LEFT JOIN mail_mail mail ON mail.id = m.mail_id
                    WHERE m.id > %s AND m.state = 'queued' AND (m.channel != 'email' OR mail.state = 'outgoing')""",
                [watermark],
            )
            if not cr.fetchone()[0]:
                time.sleep(2 * FORCE_EVERY)  # the jobs' last run: what the users made last
                break
    stop.set()


def analyse(watermark, bench_patients, *, started, twilio, sink, log, clients):
    with closing(connect()) as connection, connection.cursor() as cr:
        cr.execute(
            "SELECT kind, channel, state, count(*) FROM healthcare_message WHERE id > %s GROUP BY 1, 2, 3",
            [watermark],
        )
        messages = collections.defaultdict(dict)
        for kind, channel, state, count in cr.fetchall():
            messages[kind][f"{channel}/{state}"] = count
        cr.execute(  # the messages sent in this run (the fake Twilio's references start again each run)
            "SELECT provider_ref, key FROM healthcare_message WHERE provider_ref IS NOT NULL AND write_date >= %s",
            [started],
        )
        key_of = dict(cr.fetchall())
        cr.execute(
            """SELECT p.id, array_agg(DISTINCT m.kind) FILTER (WHERE m.id IS NOT NULL)
                 FROM res_partner p LEFT JOIN healthcare_message m ON m.patient_id = p.id AND m.id > %s
                WHERE p.id IN %s GROUP BY p.id""",
            [watermark, tuple(bench_patients) or (0,)],
        )
        missing = collections.Counter()
        for __, kinds in cr.fetchall():
            for kind in set(KINDS) - set(kinds or ()):
                missing[kind] += 1
    sids = [sms["sid"] for sms in twilio.messages]
    texts = collections.Counter((sms["To"], sms["Body"]) for sms in twilio.messages)
    sent_per_kind = collections.Counter(key_of[sid].split(":")[0] for sid in sids if sid in key_of)
    emails = collections.Counter(message_id for message_id, __ in sink.received)
    lines = log.read_text(errors="replace").splitlines()
    conflicts = [
        line
        for line in lines
        if CONFLICTS.search(line) and not line.startswith("DETAIL") and "claimed by another job" not in line
    ]
    claim_retries = sum("claimed by another job" in line for line in lines)
    left = sum("left to the next run" in line for line in lines)
    request_retries = sum(bool(re.search(r"odoo\.service\.model: \w+, \d+ tries left", line)) for line in lines)
    request_lost = sum("maximum number of tries reached" in line for line in lines)
    errors = [
        line
        for line in lines
        if re.search(r" (ERROR|CRITICAL) ", line) and "bad query" not in line and "Importing test framework" not in line
    ]
    return {
        "seconds": SECONDS,
        "bench_patients": len(bench_patients),
        "messages": {kind: dict(sorted(counts.items())) for kind, counts in sorted(messages.items())},
        "twilio_texts": len(sids),
        "twilio_texts_per_kind": dict(sorted(sent_per_kind.items())),
        "smtp_emails": len(sink.received),
        "duplicates": {
            "texts_no_message_has": sum(sid not in key_of for sid in sids),
            "same_number_and_text_twice": sum(count - 1 for count in texts.values() if count > 1),
            "same_email_twice": sum(count - 1 for count in emails.values() if count > 1),
        },
        "lost": {"bench_patients_missing_a_message": dict(missing)},
        "conflicts_in_log": {
            "serialization_or_unique_key_errors": len(conflicts),
            "job_claims_retried": claim_retries,
            "job_batches_left_to_next_run": left,
            "requests_retried": request_retries,
            "requests_given_up": request_lost,
        },
        "user_calls": sum(client.calls for client in clients),
        "user_errors": [error for client in clients for error in client.errors][:20],
        "server_errors": errors[:20],
        "server_error_count": len(errors),
    }


def main():
    random.seed(12)
    twilio, sink = FakeTwilio(), SmtpSink()
    twilio.__enter__()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    watermark, last_partner, run_start = prepare_database(twilio)
    server, log = start_odoo(sink.server_address[1])
    try:
        admin = Client("admin", "admin")
        double_the_jobs(admin)
        refs = {
            "rule": ref(admin, "healthcare_crm.recall_rule_hygiene"),
            "first_visit": ref(admin, "healthcare_crm.appointment_type_first_visit"),
        }
        with closing(connect()) as connection, connection.cursor() as cr:
            forced = xmlid_ids(cr, FORCED_CRONS)
            cr.execute("SELECT id FROM ir_cron WHERE cron_name LIKE '%%(bench)'")
            forced += [row[0] for row in cr.fetchall()]
        today = date.today()
        patients = admin.kw(
            "res.partner", "create", [patient_values(f"6{RUN:02d}0", n, today) for n in range(PATIENTS)]
        )
        everything_due(admin, patients, refs, datetime.utcnow())
        users = [
            Client("recepcion", "recepcion"),
            Client("recepcion", "recepcion"),
            Client("coordinacion", "coordinacion"),
        ]
        stop = threading.Event()
        threads = [
            threading.Thread(target=force_jobs, args=(stop, forced)),
            threading.Thread(
                target=front_desk, args=(users[0], stop, refs, patients), kwargs={"today": today, "number": 1}
            ),
            threading.Thread(
                target=front_desk, args=(users[1], stop, refs, patients), kwargs={"today": today, "number": 2}
            ),
            threading.Thread(target=coordinator, args=(users[2], stop, patients)),
        ]
        started = time.time()
        for thread in threads:
            thread.start()
        stop.wait(SECONDS)
        stop.set()
        for thread in threads:
            thread.join()
        drain(forced, watermark)
        elapsed = time.time() - started
        with closing(connect()) as connection, connection.cursor() as cr:
            cr.execute("SELECT id FROM res_partner WHERE id > %s AND name LIKE 'Paciente %%'", [last_partner])
            bench_patients = [row[0] for row in cr.fetchall()]
    finally:
        stop_odoo(server)
        twilio.__exit__(None, None, None)
        sink.shutdown()
    summary = analyse(
        watermark, bench_patients, started=run_start, twilio=twilio, sink=sink, log=log, clients=[admin, *users]
    )
    summary["elapsed_seconds"] = round(elapsed)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    print("MULTIWORKER " + json.dumps(summary, ensure_ascii=False))
    bad = summary["duplicates"] | {"lost": sum(summary["lost"]["bench_patients_missing_a_message"].values())}
    return 1 if any(bad.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
