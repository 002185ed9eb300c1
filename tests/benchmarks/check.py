"""Check generated data against the addons' own computations (run inside `odoo-bin shell`).

On a random sample of generated records per model, every stored computed or related field is
recomputed by its compute method in a fresh cache and compared with what generate.py wrote;
the figures the addons keep up to date by events (visits, no-shows, next appointment, last
contact) are recomputed by their own methods. Nothing is committed. Any difference fails
loudly: prints each one and exits with status 1.
"""

import datetime
import os
import sys

env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
cr = env.cr
SAMPLE = int(os.environ.get("BENCH_CHECK_SAMPLE", "50"))
SAMPLES = {
    "res.partner": "SELECT id FROM res_partner WHERE patient_code LIKE 'PAC-B%%' ORDER BY random() LIMIT %s",
    "calendar.event": "SELECT e.id FROM calendar_event e JOIN res_partner p ON p.id = e.patient_id "
    "WHERE p.patient_code LIKE 'PAC-B%%' ORDER BY random() LIMIT %s",
    "sale.order": "SELECT id FROM sale_order WHERE name LIKE 'SB%%' ORDER BY random() LIMIT %s",
    "healthcare.interaction": "SELECT x.id FROM healthcare_interaction x JOIN res_partner p ON p.id = x.partner_id "
    "WHERE p.patient_code LIKE 'PAC-B%%' ORDER BY random() LIMIT %s",
    "healthcare.consent": "SELECT c.id FROM healthcare_consent c JOIN res_partner p ON p.id = c.partner_id "
    "WHERE p.patient_code LIKE 'PAC-B%%' ORDER BY random() LIMIT %s",
    "sale.order.line": "SELECT l.id FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id "
    "WHERE o.name LIKE 'SB%%' ORDER BY random() LIMIT %s",
    "calendar.attendee": "SELECT a.id FROM calendar_attendee a JOIN res_partner p ON p.id = a.partner_id "
    "WHERE p.patient_code LIKE 'PAC-B%%' ORDER BY random() LIMIT %s",
}
# Engagement kept by events, recomputed by the method the events call.
ENGAGEMENT = (
    "first_visit_date",
    "last_visit_date",
    "next_appointment_date",
    "no_show_count",
    "recent_no_show_count",
    "frequent_no_show",
    "lifetime_invoiced",
    "last_interaction_date",
)


def normalize(value):
    if value in (None, False, ""):
        return False
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0)
    if hasattr(value, "_name"):  # a record
        return tuple(sorted(value.ids)) if value._fields else False
    if isinstance(value, (list, tuple)):
        return tuple(sorted(value))
    return value


def db_values(model, fields, ids):
    table = env[model]._table
    names = ", ".join(f'"{field.name}"' for field in fields)
    cr.execute(f'SELECT id, {names} FROM "{table}" WHERE id IN %s', [tuple(ids)])
    return {row[0]: dict(zip([f.name for f in fields], map(normalize, row[1:]), strict=True)) for row in cr.fetchall()}


failures, checked = [], 0
for model, query in SAMPLES.items():
    cr.execute(query, [SAMPLE])
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        failures.append(f"{model}: no generated record to check")
        continue
    fields = [
        field
        for field in env[model]._fields.values()
        if field.store and field.column_type and (field.compute or field.related)
    ]
    stored = db_values(model, fields, ids)
    for field in fields:
        env.invalidate_all(flush=False)
        records = env[model].sudo().browse(ids)
        try:
            field.compute_value(records)
        except Exception as error:  # noqa: BLE001 (reported as a failure)
            failures.append(f"{model}.{field.name}: compute failed: {error!r}")
            cr.rollback()
            continue
        for record in records:
            value = env.cache.get(record, field, None)
            if field.type == "many2one" and value is not None:
                value = value if isinstance(value, int) else getattr(value, "id", value)
            computed = normalize(field.convert_to_column(value, record) if field.type == "monetary" else value)
            if field.type in ("float", "monetary"):
                computed = round(float(computed or 0), 2)
                stored[record.id][field.name] = round(float(stored[record.id][field.name] or 0), 2)
            checked += 1
            if computed != stored[record.id][field.name]:
                failures.append(
                    f"{model}({record.id}).{field.name}: stored {stored[record.id][field.name]!r}, "
                    f"computed {computed!r}"
                )
    cr.rollback()
    env.invalidate_all(flush=False)

# engagement and last contact, by the methods the addons call when an event changes them
cr.execute(SAMPLES["res.partner"], [SAMPLE])
ids = [row[0] for row in cr.fetchall()]
patients = env["res.partner"].sudo().browse(ids)
fields = [patients._fields[name] for name in ENGAGEMENT]
before = db_values("res.partner", fields, ids)
patients._update_engagement()
env["healthcare.interaction"]._refresh_last_interaction_date(patients)
env.flush_all()
after = db_values("res.partner", fields, ids)
for pid in ids:
    for name in ENGAGEMENT:
        checked += 1
        if before[pid][name] != after[pid][name]:
            failures.append(f"res.partner({pid}).{name}: stored {before[pid][name]!r}, recomputed {after[pid][name]!r}")
cr.rollback()

if failures:
    print(f"CHECK FAILED: {len(failures)} of {checked} values differ from the addons' computation")
    for failure in failures[:60]:
        print("  " + failure)
    sys.exit(1)
print(f"CHECK OK: {checked} values of {len(SAMPLES)} models agree with the addons' computation")
