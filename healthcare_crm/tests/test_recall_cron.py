from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.addons.healthcare_crm.models.healthcare_recall_rule import HealthcareRecallRule

from .common import AppointmentCase


class TestRecallCron(AppointmentCase):
    """The nightly job, run as ir.cron runs it: a batch per call, progress reported."""

    def setUp(self):
        super().setUp()
        self.cron = self.env.ref("healthcare_crm.ir_cron_recalls")
        # Each rule costs the job a few grouped queries of its own, whatever the patients: the
        # ceilings below are for the rules this addon ships, so other addons' (the dental
        # catalogue's) are archived here.
        own = self.env["ir.model.data"].search(
            [("module", "=", "healthcare_crm"), ("model", "=", "healthcare.recall.rule")]
        )
        self.env["healthcare.recall.rule"].search([("id", "not in", own.mapped("res_id"))]).active = False
        while self.run_batch(500)[1]:
            pass  # whatever the demo data calls for
        # Twelve patients whose last hygiene was attended before the rules existed,
        # so none has a recall yet: the cron has twelve to plan.
        self.hygiene.recall_rule_id = False
        self.hygiene_rule.active = False
        self.patients = self.env["res.partner"].create(
            [{"name": f"Paciente {number:02d}", "is_patient": True} for number in range(12)]
        )
        for number, patient in enumerate(self.patients):
            self.appointment(patient, self.hygiene, days=-30 - number, attendance="attended")
        self.hygiene_rule.active = True
        self.hygiene.recall_rule_id = self.hygiene_rule
        self.assertFalse(self.env["healthcare.recall"].search([("patient_id", "in", self.patients.ids)]))

    def run_batch(self, batch_size):
        """One call of the job, with the progress record ir.cron gives it; returns (done, remaining)."""
        cron, progress = self.cron._add_progress()
        self.env["healthcare.recall"].with_context(cron.env.context)._cron_plan_recalls(batch_size=batch_size)
        return progress.done, progress.remaining

    def planned(self):
        return self.env["healthcare.recall"].search([("patient_id", "in", self.patients.ids)])

    def test_batches_report_progress_and_run_twice_plan_nothing_twice(self):
        self.assertEqual(self.run_batch(5), (5, 7))
        self.assertEqual(len(self.planned()), 5)
        self.assertEqual(self.run_batch(5), (5, 2))
        self.assertEqual(self.run_batch(5), (2, 0))
        self.assertEqual(self.run_batch(5), (0, 0))
        recalls = self.planned()
        self.assertEqual(len(recalls), 12)
        self.assertEqual(recalls.patient_id, self.patients)
        for recall in recalls:
            self.assertEqual(recall.due_date, recall.base_date + relativedelta(months=6))

    def test_resumes_after_an_exception_in_the_middle_of_a_batch(self):
        self.assertEqual(self.run_batch(5), (5, 7))
        calls = []
        due_date = HealthcareRecallRule._due_date

        def fail_on_the_third(rule, base_date):
            calls.append(base_date)
            if len(calls) == 3:
                raise OSError("connection lost")
            return due_date(rule, base_date)

        # As ir.cron does, each batch runs in its own transaction (a savepoint here).
        with patch.object(HealthcareRecallRule, "_due_date", fail_on_the_third):
            with self.assertRaises(OSError), self.env.cr.savepoint():
                self.run_batch(5)
        self.assertEqual(len(calls), 3, "the failure came in the middle of the batch")
        self.env.invalidate_all()
        self.assertEqual(len(self.planned()), 5, "the failed batch left nothing half-written")

        self.assertEqual(self.run_batch(5), (5, 2))
        self.assertEqual(self.run_batch(5), (2, 0))
        self.assertEqual(self.run_batch(5), (0, 0))
        self.assertEqual(len(self.planned()), 12)
        self.assertEqual(self.planned().patient_id, self.patients)

    def test_query_count_per_batch_does_not_grow_with_its_size(self):
        self.run_batch(2)  # warm the registry's caches
        for size in (2, 8):
            # Each size starts from the same state: ten recalls left to plan.
            self.env.cr.execute("SAVEPOINT batch_size")
            self.env.invalidate_all()
            with self.assertQueryCount(26):  # one reads the patients' companies for the new recalls
                self.assertEqual(self.run_batch(size), (size, 10 - size))
            self.env.cr.execute("ROLLBACK TO SAVEPOINT batch_size")

    def test_query_count_per_batch_does_not_grow_with_the_patients(self):
        """A batch looks only at the patients marked as needing a check, through an index."""
        self.run_batch(2)  # warm the registry's caches
        for others in (0, 30):
            self.env.cr.execute("SAVEPOINT patients")
            # Patients whose recalls are already planned, as after the job looked at them.
            patients = self.env["res.partner"].create(
                [{"name": f"Paciente al día {number:02d}", "is_patient": True} for number in range(others)]
            )
            for patient in patients:
                self.appointment(patient, self.hygiene, days=-20, attendance="attended")
            self.assertEqual(len(self.env["healthcare.recall"].search([("patient_id", "in", patients.ids)])), others)
            patients._recall_check_done()
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(26):  # the same with 30 more patients
                self.assertEqual(self.run_batch(4), (4, 6))
            self.env.cr.execute("ROLLBACK TO SAVEPOINT patients")

    def test_only_patients_marked_are_looked_at(self):
        while self.run_batch(20)[1]:
            pass
        patient = self.planned()[0].patient_id
        # Removed behind the ORM's back: nothing tells the job to look at the patient again.
        self.env.cr.execute("DELETE FROM healthcare_recall WHERE patient_id = %s", [patient.id])
        self.env.invalidate_all()
        self.assertEqual(self.run_batch(20), (0, 0))
        self.assertEqual(len(self.planned()), 11)
        patient._mark_recall_check_needed()
        self.assertEqual(self.run_batch(20), (1, 0))
        self.assertEqual(len(self.planned()), 12)

    def test_a_new_rule_has_its_patients_looked_at(self):
        while self.run_batch(20)[1]:
            pass
        rule = self.env["healthcare.recall.rule"].create(
            {
                "name": "Gum check after hygiene",
                "interval_number": 3,
                "interval_unit": "months",
                "trigger": "appointment",
                "trigger_appointment_type_ids": [(6, 0, self.hygiene.ids)],
            }
        )
        while self.run_batch(50)[1]:
            pass
        self.assertEqual(self.planned().filtered(lambda r: r.rule_id == rule).patient_id, self.patients)

    def test_recalls_become_due_then_overdue(self):
        self.run_batch(20)
        recall = self.planned()[0]
        self.assertEqual(recall.state, "planned")
        self.env.cr.execute("UPDATE healthcare_recall SET due_date = CURRENT_DATE + 10 WHERE id = %s", [recall.id])
        self.env.invalidate_all()
        self.run_batch(20)
        self.assertEqual(recall.state, "due")
        self.env.cr.execute("UPDATE healthcare_recall SET due_date = CURRENT_DATE - 1 WHERE id = %s", [recall.id])
        self.env.invalidate_all()
        self.assertEqual(self.run_batch(20), (1, 0))
        self.assertEqual(recall.state, "overdue")

    def test_ir_cron_runs_the_job(self):
        self.cron.method_direct_trigger()
        self.assertEqual(len(self.planned()), 12)
