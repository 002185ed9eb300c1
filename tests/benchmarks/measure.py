"""What each screen and job costs on the generated clinic (run inside `odoo-bin shell`).

Each ORM measurement is the call the web client makes, with the view's specification and as
the user whose screen it is (receptionist, coordinator, manager, marketing), or the method a
button or a job runs; each SQL floor is a hand-written query giving the same answer, timed in
the same transaction. Calls that write run in a savepoint rolled back after each run. Prints
one `BENCH {json}` line per operation (bench_table.py makes the table). Nothing but the
planner's statistics is committed.
"""

import os
import sys

import pytz

sys.path.insert(0, os.environ.get("HCRM_BENCH_DIR", "tests/benchmarks"))

from bench_lib import action_views, emit, measure_orm, measure_sql, view_specification  # noqa: E402
from lxml import etree  # noqa: E402

from odoo import fields  # noqa: E402
from odoo.osv import expression  # noqa: E402
from odoo.tools.safe_eval import datetime, dateutil, safe_eval  # noqa: E402

env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
cr = env.cr
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ONLY = os.environ.get("BENCH_ONLY", "")  # a substring of the operations to run, for trying one


def user_env(login):
    user = env["res.users"].search([("login", "=", login)], limit=1)
    assert user, f"no user {login}: the benchmark needs the demo users"
    return env(user=user.id, context={"lang": "en_US", "tz": "Europe/Madrid"})


reception = user_env("recepcion")
coordinator = user_env("coordinacion")
manager = user_env("admin")
marketing = user_env("marketing")
eval_context = {
    "context_today": datetime.date.today,
    "relativedelta": dateutil.relativedelta.relativedelta,
    "datetime": datetime,
    "uid": env.uid,
}


def search_filter(env_, model, view_id, name):
    """The domain of a search view's <filter name=...>, as the web client evaluates it."""
    arch = etree.fromstring(env_[model].get_views([(view_id, "search")])["views"]["search"]["arch"])
    node = arch.find(f".//filter[@name='{name}']")
    assert node is not None, f"{model} search view has no filter {name}"
    return safe_eval(node.get("domain") or "[]", dict(eval_context, uid=env_.uid))


def search_field(env_, model, view_id, name, term):
    """The domain the search box makes from typing `term` into the search view's field `name`."""
    arch = etree.fromstring(env_[model].get_views([(view_id, "search")])["views"]["search"]["arch"])
    node = arch.find(f".//field[@name='{name}']")
    if node is not None and node.get("filter_domain"):
        return safe_eval(node.get("filter_domain"), {"self": term})
    return [(name, node.get("operator", "ilike") if node is not None else "ilike", term)]


def run(operation, orm, sql=None, sql_params=(), *, runs=RUNS, mutate=False, note=""):
    if ONLY and ONLY not in operation:
        return
    try:
        orm_ms, queries = measure_orm(env, orm, runs=runs, mutate=mutate)
    except Exception as error:  # noqa: BLE001 (the row says why; the other rows still run)
        emit(operation, note=f"ORM call failed: {type(error).__name__}: {error}"[:200])
        return
    sql_ms = measure_sql(cr, sql, sql_params, runs=runs, mutate=mutate) if sql else None
    emit(operation, round(orm_ms, 1), round(sql_ms, 2) if sql_ms is not None else None, queries, note)


def list_columns(env_, model, spec):
    """The stored columns of a specification, for the SQL floor."""
    names = [
        name
        for name in spec
        if env_[model]._fields[name].store and env_[model]._fields[name].column_type and name != "id"
    ]
    return ", ".join(["t.id", *(f't."{name}"' for name in names)])


# Planner statistics as autovacuum keeps them on a live database (a restarted server or a
# reused benchmark database may have none); the only thing this script commits.
cr.execute("ANALYZE")
cr.commit()
cr.execute("SELECT COUNT(*) FROM res_partner WHERE is_patient")
patients_count = cr.fetchone()[0]
print(f"MEASURING on {patients_count} patients", flush=True)

# --- patients: list, searches, kanban, form -------------------------------------------------------------
Partner = reception["res.partner"]
views, patient_domain, patient_context = action_views(reception, "healthcare_crm.action_patients")
search_view = reception.ref("healthcare_crm.view_patient_search").id
list_spec = view_specification(reception, "res.partner", "list", views.get("list", False))
kanban_spec = view_specification(reception, "res.partner", "kanban", views.get("kanban", False))
form_spec = view_specification(reception, "res.partner", "form", views.get("form", False))
Partner = Partner.with_context(**patient_context)
columns = list_columns(reception, "res.partner", list_spec)
COUNT_LIMIT = 10001
floor_count = f"SELECT COUNT(*) FROM (SELECT 1 FROM res_partner WHERE is_patient AND active LIMIT {COUNT_LIMIT}) c"

run(
    "patients list (80 rows)",
    lambda: Partner.web_search_read(patient_domain, list_spec, limit=80, count_limit=COUNT_LIMIT),
    f"SELECT {columns}, ({floor_count}) FROM res_partner t WHERE t.is_patient AND t.active "
    "ORDER BY t.complete_name, t.id DESC LIMIT 80",
)
cr.execute(
    "SELECT complete_name, mobile, mobile_digits FROM res_partner WHERE patient_code LIKE 'PAC-B%' "
    "ORDER BY id DESC LIMIT 1"
)
sample_name, sample_mobile, sample_digits = cr.fetchone()
name_term = " ".join(sample_name.split()[1:])  # two surnames, as typed at the desk
name_domain = expression.AND([patient_domain, search_field(reception, "res.partner", search_view, "name", name_term)])
run(
    "patients search by name",
    lambda: Partner.web_search_read(name_domain, list_spec, limit=80, count_limit=COUNT_LIMIT),
    f"SELECT {columns} FROM res_partner t WHERE t.is_patient AND t.active AND (t.complete_name ILIKE %s "
    "OR t.patient_code ILIKE %s OR t.email ILIKE %s) ORDER BY t.complete_name, t.id DESC LIMIT 80",
    ["%" + name_term + "%"] * 3,
    note=f"'{name_term}'",
)
phone_domain = expression.AND(
    [patient_domain, search_field(reception, "res.partner", search_view, "phone_search", sample_mobile)]
)
run(
    "patients search by phone",
    lambda: Partner.web_search_read(phone_domain, list_spec, limit=80, count_limit=COUNT_LIMIT),
    f"SELECT {columns} FROM res_partner t WHERE t.is_patient AND t.active AND (t.mobile_digits LIKE %s "
    "OR t.phone_digits LIKE %s) ORDER BY t.complete_name, t.id DESC LIMIT 80",
    ["%" + sample_digits + "%"] * 2,
    note=f"'{sample_mobile}'",
)
run(
    "patients name_search (many2one, 8)",
    lambda: Partner.name_search(name_term, [("is_patient", "=", True)], limit=8),
    "SELECT id, complete_name FROM res_partner WHERE is_patient AND active AND complete_name ILIKE %s "
    "ORDER BY complete_name LIMIT 8",
    ["%" + name_term + "%"],
)
run(
    "patients search_count",
    lambda: Partner.search_count(patient_domain),
    "SELECT COUNT(*) FROM res_partner WHERE is_patient AND active",
)
run(
    "patients kanban (40 cards)",
    lambda: Partner.web_search_read(patient_domain, kanban_spec, limit=40, count_limit=COUNT_LIMIT),
    f"SELECT {list_columns(reception, 'res.partner', kanban_spec)}, ({floor_count}) FROM res_partner t "
    "WHERE t.is_patient AND t.active ORDER BY t.complete_name, t.id DESC LIMIT 40",
)
cr.execute(
    "SELECT partner_id FROM healthcare_interaction x JOIN res_partner p ON p.id = x.partner_id "
    "WHERE p.patient_code LIKE 'PAC-B%' GROUP BY partner_id ORDER BY COUNT(*) DESC, partner_id LIMIT 1"
)
long_patient = cr.fetchone()[0]
cr.execute("SELECT id FROM res_partner WHERE patient_code LIKE 'PAC-B%' ORDER BY id DESC LIMIT 1")
short_patient = cr.fetchone()[0]
form_floor = """SELECT p.*, (SELECT array_agg(x) FROM (SELECT x.id, x.date, x.channel, x.summary
        FROM healthcare_interaction x WHERE x.partner_id = p.id ORDER BY x.date DESC LIMIT 40) x),
    (SELECT COUNT(*) FROM healthcare_interaction x WHERE x.partner_id = p.id),
    (SELECT array_agg(e) FROM (SELECT e.id, e.start, e.attendance FROM calendar_event e WHERE e.patient_id = p.id
        ORDER BY e.start DESC LIMIT 40) e),
    (SELECT COUNT(*) FROM calendar_event e WHERE e.patient_id = p.id),
    (SELECT COUNT(*) FROM sale_order o WHERE o.partner_id = p.id)
    FROM res_partner p WHERE p.id = %s"""
for label, patient in (("short", short_patient), ("long", long_patient)):
    cr.execute("SELECT COUNT(*) FROM healthcare_interaction WHERE partner_id = %s", [patient])
    history = cr.fetchone()[0]
    run(
        f"patient form, {label} history",
        lambda patient=patient: Partner.browse(patient).web_read(form_spec),
        form_floor,
        [patient],
        mutate=True,  # opening a patient may log a clinical access
        note=f"{history} interactions",
    )

# --- quote pipeline (the coordinator) -------------------------------------------------------------------
Order = coordinator["sale.order"]
views, pipeline_domain, pipeline_context = action_views(coordinator, "healthcare_crm.action_quote_pipeline")
Order = Order.with_context(**pipeline_context)
kanban_view = views.get("kanban", False)
pipeline_spec = view_specification(coordinator, "sale.order", "kanban", kanban_view)
group_by = "followup_stage_id"
groups_result = {}


def pipeline_groups():
    groups_result["groups"] = Order.web_read_group(pipeline_domain, ["amount_total:sum"], [group_by], lazy=True)[
        "groups"
    ]


pipeline_groups()
run(
    "pipeline grouped by stage (columns, totals)",
    pipeline_groups,
    "SELECT o.followup_stage_id, COUNT(*), SUM(o.amount_total) FROM sale_order o WHERE o.is_patient_quote "
    "GROUP BY o.followup_stage_id",
)


def pipeline_cards():
    for group in groups_result["groups"]:
        if group.get("__fold"):
            continue
        Order.web_search_read(expression.AND([pipeline_domain, group["__domain"]]), pipeline_spec, limit=40)


cr.execute("SELECT COUNT(*) FROM healthcare_quote_stage")
run(
    "pipeline cards (40 per column)",
    pipeline_cards,
    f"SELECT s.id, c.* FROM healthcare_quote_stage s CROSS JOIN LATERAL (SELECT "
    f"{list_columns(coordinator, 'sale.order', pipeline_spec).replace('t.', 'o.')} FROM sale_order o "
    "WHERE o.is_patient_quote AND o.followup_stage_id = s.id "
    "ORDER BY o.id DESC LIMIT 40) c",
    note=f"{len(groups_result['groups'])} columns",
)
views, air_domain, air_context = action_views(manager, "healthcare_crm.action_quotes_in_the_air")
air_search = manager.ref("healthcare_crm.view_quote_pipeline_search").id
air_domain = expression.AND([air_domain, search_filter(manager, "sale.order", air_search, "in_the_air")])
AirOrder = manager["sale.order"].with_context(lang="en_US")
run(
    "quotes in the air (grouped by responsible)",
    lambda: AirOrder.web_read_group(air_domain, ["amount_total:sum"], ["user_id"], lazy=True),
    """SELECT o.user_id, COUNT(*), SUM(o.amount_total) FROM sale_order o
    WHERE o.is_patient_quote AND o.followup_outcome = 'open' AND o.id NOT IN (SELECT a.res_id FROM mail_activity a
        WHERE a.res_model = 'sale.order' AND a.active GROUP BY a.res_id
        HAVING bool_and(a.date_deadline >= CURRENT_DATE))
    GROUP BY o.user_id""",
)


# --- reports: the pivots' read_group calls (total, rows, columns, cells) -----------------------------
def pivot_calls(env_, model, view_id, domain):
    arch = etree.fromstring(env_[model].get_views([(view_id, "pivot")])["views"]["pivot"]["arch"])
    fields_ = env_[model]._fields
    measures = [
        f"{node.get('name')}:{fields_[node.get('name')].aggregator or 'sum'}"
        for node in arch.iter("field")
        if node.get("type") == "measure"
    ] + ["__count"]

    def groupby(node):
        return node.get("name") + (f":{node.get('interval')}" if node.get("interval") else "")

    rows = [groupby(node) for node in arch.iter("field") if node.get("type") == "row"]
    cols = [groupby(node) for node in arch.iter("field") if node.get("type") == "col"]
    Model = env_[model]

    def call():
        for grouping in ([], rows, cols, rows + cols):
            Model.read_group(domain, measures, grouping, lazy=False)

    return call


views, report_domain, __ = action_views(manager, "healthcare_crm.action_quote_report")
run(
    "quote report (pivot: patient x month)",
    pivot_calls(manager, "healthcare.quote.report", views.get("pivot", False), report_domain),
    "SELECT partner_id, date_trunc('month', date), SUM(amount_quoted), SUM(amount_invoiced), SUM(amount_paid), "
    "SUM(amount_due), COUNT(*) FROM healthcare_quote_report GROUP BY GROUPING SETS "
    "((), (partner_id), (date_trunc('month', date)), (partner_id, date_trunc('month', date)))",
)
views, noshow_domain, __ = action_views(manager, "healthcare_crm.action_appointment_report")
# The "last 12 months" filter as the web client evaluates it (whole months from local midnight,
# sent in UTC); safe_eval has no datetime.to_utc().
manager_tz = pytz.timezone(manager.context["tz"])
first_month = manager_tz.localize(
    datetime.datetime.combine(
        fields.Date.context_today(manager.user) + dateutil.relativedelta.relativedelta(day=1, months=-11),
        datetime.time.min,
    )
)
noshow_since = first_month.astimezone(pytz.utc).replace(tzinfo=None)
noshow_domain = expression.AND([noshow_domain, [("start", ">=", fields.Datetime.to_string(noshow_since))]])
run(
    "no-show report (pivot: practitioner x type, 12 months)",
    pivot_calls(manager, "healthcare.appointment.report", views.get("pivot", False), noshow_domain),
    # The best hand-written query reads the same monthly counts the report keeps.
    "SELECT practitioner_id, appointment_type_id, SUM(appointment_count) FILTER (WHERE attendance = 'no_show'), "
    "SUM(appointment_count), SUM(appointment_count) FILTER (WHERE attendance IN ('attended', 'no_show')) "
    "FROM healthcare_appointment_stat WHERE month >= %s GROUP BY GROUPING SETS "
    "((), (practitioner_id), (appointment_type_id), (practitioner_id, appointment_type_id))",
    [first_month.date()],
)

# --- the manager's dashboard (issue 14): every section, this month and the one before -------------------
if "healthcare.dashboard" in env:
    run("dashboard (this month, every section)", lambda: manager["healthcare.dashboard"].get_dashboard("this_month"))

# --- segments (marketing) ---------------------------------------------------------------------------------
if "healthcare.segment" in env:
    Segment = marketing["healthcare.segment"]
    segment = Segment.search([("domain", "ilike", "last_visit_date")], limit=1) or Segment.search([], limit=1)
    segment_form = view_specification(marketing, "healthcare.segment", "form")
    two_years = fields.Date.to_string(fields.Date.today() - dateutil.relativedelta.relativedelta(years=2))
    run(
        "segment count and reach (form)",
        lambda: segment.web_read(segment_form),
        """SELECT COUNT(*), COUNT(*) FILTER (WHERE consent_email_marketing = 'given' AND email IS NOT NULL),
            COUNT(*) FILTER (WHERE consent_sms = 'given' AND has_mobile),
            COUNT(*) FILTER (WHERE consent_whatsapp = 'given' AND has_mobile)
        FROM res_partner WHERE is_patient AND active AND last_visit_date < %s AND next_appointment_date IS NULL""",
        [two_years],
        note=segment.name,
    )
    preview = segment.action_preview()
    preview_spec = view_specification(marketing, "res.partner", "list", preview["views"][0][0])
    Preview = marketing["res.partner"].with_context(**(preview.get("context") or {}))
    run(
        "segment preview (80 patients)",
        lambda: Preview.web_search_read(segment._patient_domain(), preview_spec, limit=80, count_limit=COUNT_LIMIT),
        f"SELECT {list_columns(marketing, 'res.partner', preview_spec)} FROM res_partner t WHERE t.is_patient "
        "AND t.active AND t.last_visit_date < %s AND t.next_appointment_date IS NULL "
        "ORDER BY t.complete_name, t.id DESC LIMIT 80",
        [two_years],
    )
else:
    emit("segment count and reach (form)", note="not measured: healthcare_crm_messaging not installed")

# --- attendance (the front desk's buttons) ---------------------------------------------------------------
cr.execute(
    "SELECT e.id FROM calendar_event e JOIN res_partner p ON p.id = e.patient_id WHERE p.patient_code LIKE 'PAC-B%' "
    "AND e.attendance = 'no_show' AND e.start < now() AT TIME ZONE 'UTC' ORDER BY e.id LIMIT 1000"
)
missed = [row[0] for row in cr.fetchall()]
attendance_floor = """WITH e AS (UPDATE calendar_event SET attendance = 'attended' WHERE id = ANY(%s)
        RETURNING patient_id)
    UPDATE res_partner p SET no_show_count = s.no_shows, last_visit_date = s.last
    FROM (SELECT e.patient_id, COUNT(*) FILTER (WHERE e.attendance = 'no_show') - 1 AS no_shows,
                 MAX(e.start) FILTER (WHERE e.attendance = 'attended') AS last
          FROM calendar_event e WHERE e.patient_id IN (SELECT patient_id FROM e) GROUP BY e.patient_id) s
    WHERE p.id = s.patient_id"""
Event = reception["calendar.event"]
run(
    "one appointment marked attended",
    lambda: Event.browse(missed[:1]).action_mark_attended(),
    attendance_floor,
    [missed[:1]],
    mutate=True,
)
run(
    f"{len(missed):,} appointments marked attended in one call",
    lambda: Event.browse(missed).action_mark_attended(),
    attendance_floor,
    [missed],
    runs=max(3, RUNS // 2),
    mutate=True,
)

# --- invoices: posting 100, and the addons' share of it ------------------------------------------------------
if not ONLY or "invoice" in ONLY:
    cr.execute("SELECT p.id FROM res_partner p WHERE p.patient_code LIKE 'PAC-B%' ORDER BY p.id LIMIT 100")
    invoice_patients = [row[0] for row in cr.fetchall()]
    product = env["product.product"].search([("sale_ok", "=", True), ("type", "=", "service")], limit=1)
    savepoint = cr.savepoint(flush=False)
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": pid,
                "invoice_line_ids": [(0, 0, {"product_id": product.id, "quantity": 1, "price_unit": 60.0})],
            }
            for pid in invoice_patients
        ]
    )
    env.flush_all()
    share_floor = """UPDATE res_partner p SET lifetime_invoiced = s.total FROM (SELECT commercial_partner_id,
            SUM(amount_total_signed) AS total FROM account_move WHERE state = 'posted'
            AND move_type IN ('out_invoice', 'out_refund') AND commercial_partner_id = ANY(%s)
            GROUP BY commercial_partner_id) s WHERE p.id = s.commercial_partner_id"""
    run("post 100 invoices (whole action_post)", invoices.action_post, mutate=True, runs=2)
    run(
        "post 100 invoices: the addons' share (engagement update)",
        invoices._update_patient_engagement,
        share_floor,
        [invoice_patients],
        mutate=True,
    )
    savepoint.close(rollback=True)
    env.invalidate_all(flush=False)

cr.rollback()
