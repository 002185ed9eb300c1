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
