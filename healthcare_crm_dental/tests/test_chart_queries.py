from odoo.tests import tagged

from .common import DentalCase

# What the odontogram's load costs, whatever the number of teeth and treatments.
CHART_QUERIES = 12


@tagged("post_install", "-at_install")
class TestChartQueries(DentalCase):
    def queries(self, load):
        for _warm_up in range(2):
            load()
            self.env.flush_all()
            self.env.invalidate_all()
        before = self.cr.sql_log_count
        load()
        return self.cr.sql_log_count - before

    def test_chart_costs_the_same_for_one_tooth_or_the_whole_mouth(self):
        chart = self.chart()
        self.plan(self.crown, [{"tooth": "11"}])
        self.chart().action_dental_create_quote()
        small = self.queries(chart.dental_chart_get)

        self.plan(self.filling, [{"tooth": tooth, "surfaces": "MO"} for tooth in ("14", "15", "24", "25", "34", "35")])
        self.chart().action_dental_create_quote()
        self.plan(self.implant, [{"tooth": tooth} for tooth in ("16", "26", "36", "46")], phase=2)
        self.env["healthcare.dental.tooth.state"].create(
            [
                {"patient_id": self.patient.id, "tooth": tooth, "condition": "caries"}
                for tooth in ("17", "27", "37", "47")
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(CHART_QUERIES):
            result = chart.dental_chart_get()
        self.assertEqual(len(result["treatments"]), 11)
        self.assertEqual(len(result["teeth"]), 4)
        self.assertEqual(self.queries(chart.dental_chart_get), small, "the query count grows with the chart")

    def test_performing_a_quote_costs_the_same_for_two_or_eight_teeth(self):
        def perform(teeth):
            patient = self.env["res.partner"].create({"name": f"Paciente {len(teeth)}", "is_patient": True})
            patient.with_user(self.clinician).dental_plan_treatments(
                [{"tooth": tooth, "surfaces": "MO"} for tooth in teeth], self.filling.id
            )
            action = patient.with_user(self.clinician).action_dental_create_quote()
            lines = self.env["sale.order"].browse(action["res_id"]).order_line.with_user(self.clinician)
            self.env.flush_all()
            before = self.cr.sql_log_count
            lines.action_dental_done()
            self.env.flush_all()
            count = self.cr.sql_log_count - before
            states = self.env["healthcare.dental.tooth.state"].search([("patient_id", "=", patient.id)])
            self.assertEqual(set(states.mapped("surface_o")), {"filled"})
            self.assertEqual(len(states.history_ids), 2 * len(teeth))
            return count

        perform(["14", "15"])  # warm-up: the caches a running server keeps
        self.assertEqual(perform(["16", "17"]), perform(["24", "25", "26", "34", "35", "36", "44", "45"]))
