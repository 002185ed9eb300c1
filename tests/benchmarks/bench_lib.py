"""Shared helpers of `make bench` (issue 12): timing, the web client's specifications, the table.

The scripts in this folder run inside `odoo-bin shell` (generate.py, check.py, measure.py,
recall_cron.py); bench_table.py prints the table from their `BENCH {json}` lines. This module
imports Odoo only inside the functions that need it, so the table printer and the repo test
run without Odoo.
"""

import json
import socketserver
import statistics
import time

RUNS = 5


# --- a local SMTP server for the email benchmarks (nothing leaves the machine) ------------------
class SmtpSink(socketserver.ThreadingTCPServer):
    """Accepts every email and keeps its recipients and Message-Id: just enough SMTP for smtplib."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.received = []  # (Message-Id, To)
        super().__init__(("127.0.0.1", 0), SmtpHandler)


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                headers, in_headers = {}, True
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    if in_headers and data in (b"\r\n", b"\n"):
                        in_headers = False
                    elif in_headers and b":" in data and not data[:1].isspace():
                        name, value = data.decode(errors="replace").split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                self.server.received.append((headers.get("message-id"), headers.get("to")))
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


# --- timing -----------------------------------------------------------------------------------
def measure_orm(env, call, runs=RUNS, mutate=False):
    """Median milliseconds and query count of `call()` in a fresh cache, flushed at the end.

    A call that writes runs inside a savepoint rolled back after each run, so runs repeat.
    One warm-up run is not counted.
    """
    times, queries = [], []
    for run in range(runs + 1):
        env.flush_all()
        env.invalidate_all()
        savepoint = env.cr.savepoint(flush=False)
        try:
            count, start = env.cr.sql_log_count, time.perf_counter()
            call()
            env.flush_all()
            elapsed, used = (time.perf_counter() - start) * 1000, env.cr.sql_log_count - count
        except Exception:
            savepoint.close(rollback=True)
            env.invalidate_all(flush=False)
            raise
        savepoint.close(rollback=mutate)
        if mutate:
            env.invalidate_all(flush=False)
        if run:
            times.append(elapsed)
            queries.append(used)
    return statistics.median(times), int(statistics.median(queries))


def measure_sql(cr, query, params=(), runs=RUNS, mutate=False):
    """Median milliseconds of one hand-written query (fetched), in the same transaction."""
    times = []
    for run in range(runs + 1):
        if mutate:
            cr.execute("SAVEPOINT bench_sql")
        start = time.perf_counter()
        cr.execute(query, params)
        if cr.description:
            cr.fetchall()
        elapsed = (time.perf_counter() - start) * 1000
        if mutate:
            cr.execute("ROLLBACK TO SAVEPOINT bench_sql")
        if run:
            times.append(elapsed)
    return statistics.median(times)


def emit(operation, orm_ms=None, sql_ms=None, queries=None, note="", **extra):
    """One result line, read back by bench_table.py."""
    line = {"operation": operation, "orm_ms": orm_ms, "sql_ms": sql_ms, "queries": queries, "note": note}
    line.update(extra)
    print("BENCH " + json.dumps(line), flush=True)


# --- the web client's specification of a view -------------------------------------------------
def view_specification(env, model, view_type, view_id=False):
    """The `specification` the web client sends for `view_type`: its fields, many2one and
    x2many as display_name, x2many with an inline list as that list's fields (limit 40)."""
    from lxml import etree  # noqa: PLC0415 (Odoo-free module: the table printer imports it)

    views = env[model].get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return _spec(env, model, arch, views["models"])


def _spec(env, model, node, models_info):
    spec = {}
    model_fields = env[model]._fields
    for element in node.iter("field"):
        # only the fields of this level: skip those inside another field's subview
        parent, nested = element.getparent(), False
        while parent is not None and parent is not node:
            if parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        name = element.get("name")
        if nested or name not in model_fields or name in spec:
            continue
        field = model_fields[name]
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            subview = next((child for child in element if child.tag in ("list", "tree", "kanban")), None)
            if subview is not None:
                spec[name] = {"fields": _spec(env, field.comodel_name, subview, models_info), "limit": 40}
            else:
                sub = {"display_name": {}}
                if "color" in env[field.comodel_name]._fields:
                    sub["color"] = {}
                spec[name] = {"fields": sub}
        else:
            spec[name] = {}
    return spec


def action_views(env, xmlid):
    """{view_type: view_id} and the evaluated domain and context of a window action."""
    from odoo.tools.safe_eval import datetime, dateutil, safe_eval  # noqa: PLC0415 (Odoo-free module)
    from odoo.tools.safe_eval import time as safe_time  # noqa: PLC0415

    action = env.ref(xmlid).sudo()
    eval_context = {
        "uid": env.uid,
        "user": env.user,
        "context_today": datetime.date.today,
        "datetime": datetime,
        "relativedelta": dateutil.relativedelta.relativedelta,
        "time": safe_time,
        "allowed_company_ids": env.companies.ids,
        "active_id": False,
    }
    domain = safe_eval(action.domain or "[]", eval_context)
    context = safe_eval(action.context or "{}", eval_context)
    views = {view_type: view_id for view_id, view_type in action.views}
    return views, domain, context


# --- the table ------------------------------------------------------------------------------------
def read_results(path):
    """{operation: result} from a file of `BENCH {json}` lines (other lines ignored)."""
    results = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("BENCH "):
                result = as_row(json.loads(line[6:]))
                if result:
                    results[result["operation"]] = result
    return results


def as_row(result):
    """A row of the table from a BENCH line: measure.py's as is; recall_cron.py's and
    reminders_throughput.py's figures put in its columns and note."""
    if "recalls_planned" in result:
        return {
            "operation": "recall job full run",
            "orm_ms": round(result["seconds_total"] * 1000, 1),
            "queries": None,
            "note": f"{result['recalls_planned']:,} recalls planned in {result['batches']} batches of "
            f"{result['batch_size']}, {result.get('queries_per_full_batch')} queries a batch",
        }
    operation = str(result.get("operation", ""))
    if operation == "odoo_mail_queue":
        return {
            "operation": "Odoo's mail queue alone (plain emails, no addon code)",
            "orm_ms": round(result["seconds"] * 1000, 1),
            "queries": None,
            "note": f"{result['emails']} emails, {result['msg_s']} per second",
        }
    if operation.startswith("reminders_"):
        channel = operation.split("_", 1)[1]
        return {
            "operation": f"reminders by {channel}",
            "orm_ms": round(result["seconds"] * 1000, 1) if "seconds" in result else None,
            "queries": result.get("queries"),
            "note": f"{result.get('reminders', '?')} reminders, {result.get('msg_s', '?')} per second",
        }
    return result if operation else None


def _number(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def format_table(runs):
    """Markdown table: one row per operation, for each (label, results) of `runs`, then the
    growth of the ORM time from the first run to the last."""
    operations = []
    for __, results in runs:
        operations.extend(op for op in results if op not in operations)
    header = ["operation"]
    for label, __ in runs:
        header += [f"ORM ms {label}", f"SQL floor ms {label}", f"ratio {label}", f"queries {label}"]
    if len(runs) > 1:
        header.append(f"growth {runs[-1][0]}/{runs[0][0]}")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for operation in operations:
        row, notes = [operation], []
        for __, results in runs:
            result = results.get(operation) or {}
            orm, sql = result.get("orm_ms"), result.get("sql_ms")
            ratio = f"{orm / sql:,.1f}" if orm is not None and sql else "–"
            row += [_number(orm), _number(sql, 2), ratio, _number(result.get("queries"))]
            if result.get("note") and result["note"] not in notes:
                notes.append(result["note"])
        if len(runs) > 1:
            first, last = (runs[0][1].get(operation) or {}), (runs[-1][1].get(operation) or {})
            growth = "–"
            if first.get("orm_ms") and last.get("orm_ms") is not None:
                growth = f"×{last['orm_ms'] / first['orm_ms']:,.1f}"
            row.append(growth)
        if notes:
            row[0] += " (" + "; ".join(notes) + ")"
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
