"""Benchmark of the recall cron, run by `tools/hcrm.sh bench` inside `odoo-bin shell`.

The database holds the demo clinic multiplied by generate.py. Every recall is deleted and
every patient marked for the job to look at, then the cron runs batch after batch,
committing each as ir.cron does, until nothing remains; it prints one JSON line of figures.
"""

import json
import os
import time

BATCH_SIZE = int(os.environ.get("BENCH_BATCH_SIZE", "200"))

env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env.cr.execute("DELETE FROM healthcare_recall")
patients = env["res.partner"].with_context(active_test=False).search([("is_patient", "=", True)])
if hasattr(patients, "_mark_recall_check_needed"):
    # A full run: the job looks at every patient, as after the upgrade that added its queue.
    patients._mark_recall_check_needed()
env.cr.commit()
cron = env.ref("healthcare_crm.ir_cron_recalls")
recalls = env["healthcare.recall"]
batches = []
start = time.perf_counter()
while True:
    job, progress = cron._add_progress()
    queries, began = env.cr.sql_log_count, time.perf_counter()
    recalls.with_context(job.env.context)._cron_plan_recalls(batch_size=BATCH_SIZE)
    env.flush_all()
    batches.append((time.perf_counter() - began, env.cr.sql_log_count - queries, progress.done))
    env.cr.commit()
    env.invalidate_all()
    if not progress.remaining:
        break
total = time.perf_counter() - start
full = [batch for batch in batches if batch[2] == BATCH_SIZE] or batches
print(
    "BENCH "
    + json.dumps(
        {
            "patients": env["res.partner"].search_count([("is_patient", "=", True)]),
            "appointments": env["calendar.event"].search_count([("patient_id", "!=", False)]),
            "recalls_planned": env["healthcare.recall"].search_count([]),
            "batch_size": BATCH_SIZE,
            "batches": len(batches),
            "queries_per_full_batch": sorted({queries for __, queries, __ in full}),
            "seconds_per_full_batch": round(sum(seconds for seconds, __, __ in full) / len(full), 3),
            "seconds_total": round(total, 2),
        }
    )
)
