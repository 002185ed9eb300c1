"""Multiply the demo clinic to BENCH_PATIENTS patients by set-based SQL (run inside `odoo-bin shell`).

Per generated patient: 3 appointments (with their attendee and partner rows), half a quote
(with the lines of the demo quote it copies), 5 interactions and 2.4 consents, i.e. at 100k
the sizes of issue 12: 100,000 patients, 300,000 appointments, 50,000 quotes, 500,000
interactions, 240,000 consents. Each row copies a demo row (every column, so columns other
addons add come along) and overrides what makes it another record; the stored fields the
addons compute (phones in E.164 and digits, patient code, age band, current consents,
visits, next appointment, no-shows, last contact, quote outcome and treatment state) are
filled by SQL from the same data, and check.py compares a sample with the ORM's computation.
Patients already generated are kept: running it with a larger BENCH_PATIENTS adds the rest.
"""

import json
import os
import time

env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
cr = env.cr
TARGET = int(os.environ.get("BENCH_PATIENTS", "10000"))
CODE_PREFIX = "PAC-B"
LONG_HISTORY = 300  # interactions of the one patient with a long history (the first generated)

FIRST_NAMES = (
    "Lucía María Paula Laura Marta Elena Carmen Ana Sara Julia Irene Alba Claudia Andrea Nuria "
    "Hugo Pablo Daniel Álvaro Adrián David Javier Sergio Mario Diego Manuel Jorge Carlos Iván Rubén"
).split()
SURNAMES = (
    "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz "
    "Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez "
    "Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín"
).split()


def columns(table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cr.fetchall()]


def copy_rows(table, source, overrides):
    """INSERT INTO table SELECT every column of the template row `t` from `source`, except `overrides`."""
    names = columns(table)
    unknown = set(overrides) - set(names)
    assert not unknown, f"{table} has no column {unknown}"
    exprs = [overrides.get(name, f't."{name}"') for name in names]
    quoted = ", ".join(f'"{name}"' for name in names)
    cr.execute(f'INSERT INTO "{table}" ({quoted}) SELECT {", ".join(exprs)} {source}')
    return cr.rowcount


def next_id(table):
    cr.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
    return cr.fetchone()[0]


def reset_sequence(table):
    cr.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM \"{table}\"))")


def step(label, started, count):
    print(f"  {label}: {count:,} rows in {time.perf_counter() - started:.1f}s", flush=True)


cr.execute("SELECT COUNT(*) FROM res_partner WHERE patient_code LIKE %s", [CODE_PREFIX + "%"])
done = cr.fetchone()[0]
todo = TARGET - done
if todo <= 0:
    print(f"GENERATED {done} patients already")
    raise SystemExit  # noqa: TRY301 (odoo-bin shell's stdin script)
lo, hi = done + 1, TARGET
began = time.perf_counter()
es = env.ref("base.es").id
company = env.company.id
cr.execute("SET LOCAL synchronous_commit TO off")
# one clock for the whole run, as the ORM's now (UTC, without time zone)
NOW = "(now() AT TIME ZONE 'UTC')"
SERIES = (
    f"FROM (SELECT i, abs(hashint4(i)) AS r, abs(hashint4(i + 1000003)) AS r2 FROM generate_series({lo}, {hi}) i) g"
)

# --- patients ---------------------------------------------------------------------------------
started = time.perf_counter()
partner_base = next_id("res_partner") - lo
cr.execute(
    "CREATE TEMP TABLE bench_tpl_partner AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, p.* "
    f"FROM res_partner p WHERE is_patient AND active AND parent_id IS NULL AND country_id = {es} "
    "AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)"
)
cr.execute("SELECT COUNT(*) FROM bench_tpl_partner")
n_tpl = cr.fetchone()[0]
FIRST_ARRAY = "ARRAY[" + ",".join(f"'{n}'" for n in FIRST_NAMES) + "]"
SURNAME_ARRAY = "ARRAY[" + ",".join(f"'{n}'" for n in SURNAMES) + "]"
first = f"({FIRST_ARRAY})[1 + g.r % {len(FIRST_NAMES)}]"
last1 = f"({SURNAME_ARRAY})[1 + g.r2 % {len(SURNAMES)}]"
last2 = f"({SURNAME_ARRAY})[1 + (g.r / 97) % {len(SURNAMES)}]"
name = f"({first} || ' ' || {last1} || ' ' || {last2})"
mobile_digits = "(600000000 + (g.i::bigint * 7919) % 100000000)::text"  # a Spanish mobile, distinct per i
birthdate = "(date '1935-01-01' + (g.r % 31000))"
age = f"date_part('year', age(({NOW})::date, {birthdate}))"
overrides = {
    "id": f"{partner_base} + g.i",
    "commercial_partner_id": f"{partner_base} + g.i",
    "name": name,
    "complete_name": name,
    "patient_code": f"'{CODE_PREFIX}' || lpad(g.i::text, 6, '0')",
    "country_id": str(es),
    "company_id": "t.company_id",
    "email": "'paciente' || g.i || '@example.com'",
    "email_normalized": "'paciente' || g.i || '@example.com'",
    "mobile": f"substr({mobile_digits}, 1, 3) || ' ' || substr({mobile_digits}, 4, 3) || ' ' "
    f"|| substr({mobile_digits}, 7, 3)",
    "mobile_e164": f"'+34' || {mobile_digits}",
    "mobile_digits": f"'34' || {mobile_digits}",
    "phone": "NULL",
    "phone_e164": "NULL",
    "phone_digits": "NULL",
    "has_mobile": "TRUE",
    "phone_sanitized": f"'+34' || {mobile_digits}",
    "birthdate": birthdate,
    "age_band": f"CASE WHEN {age} < 18 THEN '0_17' WHEN {age} < 35 THEN '18_34' WHEN {age} < 50 THEN '35_49' "
    f"WHEN {age} < 65 THEN '50_64' ELSE '65_plus' END",
    "id_document_number": "NULL",
    "vat": "NULL",
    "ref": "NULL",
    "referred_by_id": "NULL",
    "create_date": f"{NOW} - interval '1 day' * (g.r % 1500)",
    "write_date": NOW,
    "message_bounce": "0",
    "first_visit_date": "NULL",
    "last_visit_date": "NULL",
    "next_appointment_date": "NULL",
    "no_show_count": "0",
    "recent_no_show_count": "0",
    "frequent_no_show": "FALSE",
    "lifetime_invoiced": "0",
    "last_interaction_date": "NULL",
}
names = set(columns("res_partner"))
for optional in ("phone_sanitized", "email_normalized", "signup_token", "signup_type", "signup_expiration"):
    if optional not in names:
        overrides.pop(optional, None)
for consent in [n for n in names if n.startswith("consent_")]:
    overrides[consent] = "'none'"
# The dental plan is not copied (no treatments): nothing pending.
overrides.update(
    {name: value for name, value in (("dental_pending_amount", "0"), ("dental_pending_since", "NULL")) if name in names}
)
count = copy_rows("res_partner", f"{SERIES} JOIN bench_tpl_partner t ON t.k = g.i % {n_tpl}", overrides)
reset_sequence("res_partner")
# patients "in the system": the ones generated this run, by id
cr.execute(
    f"CREATE TEMP TABLE bench_new AS SELECT g.i, g.r, g.r2, {partner_base} + g.i AS pid, t.id AS tpl "
    f"{SERIES} JOIN bench_tpl_partner t ON t.k = g.i % {n_tpl}"
)
cr.execute("CREATE INDEX ON bench_new (i)")
step("patients", started, count)

# --- appointments: 3 per patient, two past and one past or upcoming -------------------------------------
started = time.perf_counter()
event_base = next_id("calendar_event")
cr.execute(
    "CREATE TEMP TABLE bench_tpl_event AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, e.* "
    "FROM calendar_event e WHERE patient_id IS NOT NULL AND recurrence_id IS NULL AND sale_order_id IS NULL "
    "AND NOT allday AND active"
)
cr.execute("SELECT COUNT(*) FROM bench_tpl_event")
n_event_tpl = cr.fetchone()[0]
# j = 0: 13 to 25 months ago; j = 1: in the last year; j = 2: upcoming for one in five, else past
cr.execute(
    f"""CREATE TEMP TABLE bench_event AS
    SELECT {event_base} - 1 + row_number() OVER (ORDER BY start, i, j) AS id, * FROM (
    SELECT n.pid, n.i, j, hashint4(n.i * 3 + j) AS h,
           date_trunc('hour', {NOW}) + CASE
               WHEN j = 0 THEN -interval '1 hour' * (9500 + abs(hashint4(n.i * 3 + j)) % 8500)
               WHEN j = 1 OR n.r % 5 <> 0 THEN -interval '1 hour' * (24 + abs(hashint4(n.i * 3 + j)) % 8700)
               ELSE interval '1 hour' * (2 + abs(hashint4(n.i * 3 + j)) % 1400) END AS start
    FROM bench_new n CROSS JOIN generate_series(0, 2) j) e"""
)  # ids in date order, as a clinic's records are: a patient's rows are spread over the table
cr.execute(
    """ALTER TABLE bench_event ADD COLUMN attendance varchar;
    UPDATE bench_event SET attendance = CASE
        WHEN start > (now() AT TIME ZONE 'UTC') THEN CASE WHEN abs(h) % 2 = 0 THEN 'scheduled' ELSE 'confirmed' END
        WHEN abs(h) % 100 < 8 THEN 'no_show' WHEN abs(h) % 100 < 12 THEN 'cancelled' ELSE 'attended' END"""
)
cr.execute("CREATE INDEX ON bench_event (id)")
count = copy_rows(
    "calendar_event",
    f"FROM bench_event b JOIN bench_tpl_event t ON t.k = abs(b.h) % {n_event_tpl} ORDER BY b.id",
    {
        "id": "b.id",
        "patient_id": "b.pid",
        "start": "b.start",
        "stop": "b.start + interval '1 hour' * COALESCE(t.duration, 0.5)",
        "start_date": "NULL",
        "stop_date": "NULL",
        "attendance": "b.attendance",
        "sale_order_id": "NULL",
        "res_id": "NULL",
        "res_model_id": "NULL",
        "res_model": "NULL",
        "create_date": "b.start - interval '7 days'",
        "write_date": "b.start - interval '7 days'",
        **({"access_token": "md5(b.id::text || 'bench')"} if "access_token" in columns("calendar_event") else {}),
        # No dental work booked on them, and no time of cancellation kept.
        **{
            name: value
            for name, value in (
                ("dental_work_booked", "FALSE"),
                ("cancelled_at", "NULL"),
                ("late_cancellation", "FALSE"),
            )
            if name in columns("calendar_event")
        },
    },
)
reset_sequence("calendar_event")
cr.execute(
    """INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id)
    SELECT b.id, CASE WHEN r.res_partner_id = t.patient_id THEN b.pid ELSE r.res_partner_id END
    FROM bench_event b JOIN bench_tpl_event t ON t.k = abs(b.h) %% %s
    JOIN calendar_event_res_partner_rel r ON r.calendar_event_id = t.id""",
    [n_event_tpl],
)
attendee_base = next_id("calendar_attendee")
copy_rows(
    "calendar_attendee",
    f"""FROM (SELECT b.*, a.id AS aid, row_number() OVER () AS n FROM bench_event b
        JOIN bench_tpl_event t ON t.k = abs(b.h) % {n_event_tpl}
        JOIN calendar_attendee a ON a.event_id = t.id) b
    JOIN calendar_attendee t ON t.id = b.aid
    JOIN res_partner p ON p.id = CASE WHEN t.partner_id = (SELECT patient_id FROM calendar_event WHERE id = t.event_id)
                                       THEN b.pid ELSE t.partner_id END""",
    {
        "id": f"{attendee_base} + b.n - 1",
        "event_id": "b.id",
        "partner_id": "p.id",
        "common_name": "p.name",
        "access_token": "md5(b.id::text || '-' || p.id::text)",
        "create_date": "b.start - interval '7 days'",
        "write_date": "b.start - interval '7 days'",
    },
)
reset_sequence("calendar_attendee")
step("appointments", started, count)

# --- quotes: one patient in two, a copy of a demo quote without invoices, with its lines ------------------
started = time.perf_counter()
order_base = next_id("sale_order")
cr.execute(
    "CREATE TEMP TABLE bench_tpl_order AS SELECT (row_number() OVER (ORDER BY o.id) - 1)::int AS k, o.* "
    "FROM sale_order o JOIN res_partner p ON p.id = o.partner_id "
    f"WHERE p.is_patient AND p.country_id = {es} AND NOT EXISTS (SELECT 1 FROM sale_order_line l "
    "JOIN sale_order_line_invoice_rel r ON r.order_line_id = l.id WHERE l.order_id = o.id) "
    "AND NOT EXISTS (SELECT 1 FROM calendar_event e WHERE e.sale_order_id = o.id)"
)
cr.execute("SELECT COUNT(*) FROM bench_tpl_order")
n_order_tpl = cr.fetchone()[0]
cr.execute(
    f"""CREATE TEMP TABLE bench_order AS
    SELECT {order_base} + (n.i - {lo}) / 2 AS id, n.pid, n.i, t.id AS tpl
    FROM bench_new n JOIN bench_tpl_order t ON t.k = (n.r2 / 7) % {n_order_tpl} WHERE n.i % 2 = 0"""
)
count = copy_rows(
    "sale_order",
    "FROM bench_order b JOIN sale_order t ON t.id = b.tpl",
    {
        "id": "b.id",
        "name": "'SB' || lpad(b.i::text, 7, '0')",
        "partner_id": "b.pid",
        "partner_invoice_id": "b.pid",
        "partner_shipping_id": "b.pid",
        "date_order": f"{NOW} - interval '1 hour' * (abs(hashint4(b.id)) % 4000)",
        "create_date": f"{NOW} - interval '1 hour' * (abs(hashint4(b.id)) % 4000)",
        "write_date": NOW,
        "access_token": "NULL",
        "origin": "NULL",
        "client_order_ref": "NULL",
        "care_state": "CASE WHEN t.followup_outcome = 'accepted' THEN 'to_book' END",
        # No consent documents are copied; online payment as the clinic's setting says now.
        **({"consent_form_state": "'none'"} if "consent_form_state" in columns("sale_order") else {}),
        "require_payment": "(SELECT c.portal_confirmation_pay FROM res_company c WHERE c.id = t.company_id)",
    },
)
line_base = next_id("sale_order_line")
cr.execute(
    """CREATE TEMP TABLE bench_line AS SELECT row_number() OVER (ORDER BY b.id, l.id) AS n, b.id AS order_id,
    b.pid, l.id AS tpl FROM bench_order b JOIN sale_order_line l ON l.order_id = b.tpl"""
)
copy_rows(
    "sale_order_line",
    "FROM bench_line b JOIN sale_order_line t ON t.id = b.tpl",
    {
        "id": f"{line_base} + b.n - 1",
        "order_id": "b.order_id",
        "order_partner_id": "b.pid",
        "create_date": NOW,
        "write_date": NOW,
        # The quoted teeth come from treatments, which are not copied.
        **({"dental_teeth": "NULL"} if "dental_teeth" in columns("sale_order_line") else {}),
    },
)
cr.execute(
    f"""INSERT INTO account_tax_sale_order_line_rel (sale_order_line_id, account_tax_id)
    SELECT {line_base} + b.n - 1, r.account_tax_id FROM bench_line b
    JOIN account_tax_sale_order_line_rel r ON r.sale_order_line_id = b.tpl"""
)
reset_sequence("sale_order")
reset_sequence("sale_order_line")
step("quotes", started, count)

# --- interactions: 5 per patient (the first generated patient has a long history) --------------------------
started = time.perf_counter()
interaction_base = next_id("healthcare_interaction")
cr.execute(
    "CREATE TEMP TABLE bench_tpl_interaction AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, x.* "
    "FROM healthcare_interaction x"
)
cr.execute("SELECT COUNT(*) FROM bench_tpl_interaction")
n_interaction_tpl = cr.fetchone()[0]
cr.execute(
    f"""CREATE TEMP TABLE bench_interaction AS
    SELECT row_number() OVER (ORDER BY at, i, j) AS n, * FROM (
    SELECT n.pid, n.i, j, abs(hashint4(n.i * 5 + j)) AS h,
           date_trunc('minute', {NOW}) - interval '1 minute' * (60 + abs(hashint4(n.i * 5 + j)) % 1000000) AS at
    FROM bench_new n CROSS JOIN LATERAL generate_series(0, CASE WHEN n.i = 1 THEN {LONG_HISTORY} ELSE 4 END) j) x"""
)
count = copy_rows(
    "healthcare_interaction",
    f"FROM bench_interaction b JOIN bench_tpl_interaction t ON t.k = b.h % {n_interaction_tpl} ORDER BY b.n",
    {
        "id": f"{interaction_base} + b.n - 1",
        "partner_id": "b.pid",
        "sale_order_id": "NULL",
        "calendar_event_id": "NULL",
        "date": "b.at",
        "create_date": "b.at",
        "write_date": "b.at",
        "summary": "t.summary || ' (' || b.i || '-' || b.j || ')'",
    },
)
reset_sequence("healthcare_interaction")
step("interactions", started, count)

# --- consents: data processing for all, email 80%, SMS 40%, WhatsApp 20% (2.4 per patient) --------
started = time.perf_counter()
consent_base = next_id("healthcare_consent")
cr.execute("SELECT id FROM healthcare_consent WHERE state = 'given' ORDER BY id LIMIT 1")
consent_tpl = cr.fetchone()[0]
cr.execute(
    f"""CREATE TEMP TABLE bench_consent AS
    SELECT row_number() OVER (ORDER BY abs(hashint4(n.i)), n.i, p.purpose) AS n, n.pid, p.purpose,
           CASE WHEN p.purpose <> 'data_processing' AND n.r % 10 = 0 THEN 'withdrawn' ELSE 'given' END AS state,
           date_trunc('second', {NOW}) - interval '1 hour' * (1 + abs(hashint4(n.i)) % 20000) AS at
    FROM bench_new n JOIN (VALUES ('data_processing', 100), ('email_marketing', 80), ('sms', 40),
                                  ('whatsapp', 20)) p(purpose, share) ON n.r2 % 100 < p.share"""
)
count = copy_rows(
    "healthcare_consent",
    f"FROM bench_consent b JOIN healthcare_consent t ON t.id = {consent_tpl}",
    {
        "id": f"{consent_base} + b.n - 1",
        "partner_id": "b.pid",
        "purpose": "b.purpose",
        "state": "b.state",
        "date": "b.at",
        "recorded_at": "b.at",
        "create_date": "b.at",
        "write_date": "b.at",
        **{name: "NULL" for name in ("evidence", "ip_address", "user_agent") if name in columns("healthcare_consent")},
    },
)
reset_sequence("healthcare_consent")
for purpose in ("data_processing", "email_marketing", "sms", "whatsapp"):
    cr.execute(
        f"UPDATE res_partner p SET consent_{purpose} = b.state FROM bench_consent b "
        "WHERE b.pid = p.id AND b.purpose = %s",
        [purpose],
    )
step("consents", started, count)

# --- what the patient keeps: visits, next appointment, no-shows, last contact --------------------------
started = time.perf_counter()
cr.execute(
    f"""UPDATE res_partner p SET first_visit_date = s.first, last_visit_date = s.last,
        next_appointment_date = s.next, no_show_count = s.no_shows, recent_no_show_count = s.recent,
        frequent_no_show = s.recent >= 2
    FROM (SELECT pid, MIN(start) FILTER (WHERE attendance = 'attended') AS first,
                 MAX(start) FILTER (WHERE attendance = 'attended') AS last,
                 MIN(start) FILTER (WHERE start >= {NOW} AND attendance IN ('scheduled', 'confirmed')) AS next,
                 COUNT(*) FILTER (WHERE attendance = 'no_show') AS no_shows,
                 COUNT(*) FILTER (WHERE attendance = 'no_show' AND start >= {NOW} - interval '12 months') AS recent
          FROM bench_event GROUP BY pid) s
    WHERE s.pid = p.id"""
)
cr.execute(
    """UPDATE res_partner p SET last_interaction_date = s.last
    FROM (SELECT partner_id, MAX(date) AS last FROM healthcare_interaction
          WHERE partner_id IN (SELECT pid FROM bench_new) GROUP BY partner_id) s
    WHERE s.partner_id = p.id"""
)
step("patients' engagement", started, cr.rowcount)
if "healthcare.appointment.stat" in env:
    started = time.perf_counter()
    env["healthcare.appointment.stat"]._rebuild()  # the no-show report's monthly counts
    step("appointment counts", started, env["healthcare.appointment.stat"].search_count([]))
cr.execute(
    "UPDATE ir_sequence SET number_next = number_next WHERE code = 'healthcare.patient'"
)  # generated codes have their own prefix: the clinic's sequence is untouched
for table in (
    "bench_tpl_partner",
    "bench_new",
    "bench_tpl_event",
    "bench_event",
    "bench_tpl_order",
    "bench_order",
    "bench_line",
    "bench_tpl_interaction",
    "bench_interaction",
    "bench_consent",
):
    cr.execute(f"DROP TABLE {table}")
cr.commit()
started = time.perf_counter()
cr.execute("ANALYZE")
cr.commit()  # the shell rolls back what is not committed, statistics included: without them every plan guesses
step("analyze", started, 0)
seconds = time.perf_counter() - began
cr.execute("SELECT COUNT(*) FROM res_partner WHERE is_patient")
patients = cr.fetchone()[0]
print(f"GENERATED {hi - lo + 1} patients ({patients} in all) in {seconds:.1f}s")
print("BENCH " + json.dumps({"generation": {"patients": patients, "added": hi - lo + 1, "seconds": round(seconds, 1)}}))
