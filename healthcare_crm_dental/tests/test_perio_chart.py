from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestPerioChart(DentalCase):
    """Periodontal charts as the clinician takes them: dated snapshots, SEPA's summary figures,
    the next chart started from the last, and two charts compared."""

    def new_chart(self, date="2026-01-10", rows=None):
        """A chart where only `rows` ({tooth: values}) differ from the blank 32 rows."""
        chart = (
            self.env["healthcare.dental.perio.chart"]
            .with_user(self.clinician)
            .create({"patient_id": self.patient.id, "date": date})
        )
        for tooth, values in (rows or {}).items():
            chart.tooth_ids.filtered(lambda row, tooth=tooth: row.tooth == tooth).write(values)
        return chart

    def test_a_new_chart_has_the_32_permanent_teeth_upper_then_lower(self):
        chart = self.new_chart()
        self.assertEqual(len(chart.tooth_ids), 32)
        self.assertEqual(chart.upper_tooth_ids.mapped("tooth")[:3], ["18", "17", "16"])
        self.assertEqual(chart.upper_tooth_ids.mapped("tooth")[-1], "28")
        self.assertEqual(chart.lower_tooth_ids.mapped("tooth")[:2], ["48", "47"])
        self.assertEqual(chart.clinician_id, self.clinician)
        self.assertEqual((chart.site_count, chart.mean_depth, chart.bleeding_percent), (192, 0.0, 0.0))

    def test_summary_figures_count_the_present_teeth_only(self):
        # 30 teeth present (18 and 28 missing): 180 sites. Depths: 16 has 6,5,4,4,3,3 and bleeds
        # at 3 sites with plaque at 2; 26 has 7 at one site and bleeds there; the rest are 2 mm.
        rows = {
            "18": {"missing": True, "pd_mb": 9, "bop_mb": True},
            "28": {"missing": True},
            "16": {
                **{"pd_mb": 6, "pd_b": 5, "pd_db": 4, "pd_ml": 4, "pd_l": 3, "pd_dl": 3},
                **{"bop_mb": True, "bop_b": True, "bop_db": True, "plq_mb": True, "plq_l": True},
            },
            "26": {"pd_mb": 7, "pd_b": 2, "pd_db": 2, "pd_ml": 2, "pd_l": 2, "pd_dl": 2, "bop_mb": True},
        }
        chart = self.new_chart(rows=rows)
        others = chart.tooth_ids.filtered(lambda row: row.tooth not in rows)
        others.write({f"pd_{site}": 2 for site in ("mb", "b", "db", "ml", "l", "dl")})
        chart.invalidate_recordset()
        total_depth = 25 + 17 + 28 * 6 * 2  # 16, 26 and the 28 other present teeth
        self.assertEqual(chart.site_count, 180)
        self.assertEqual(chart.mean_depth, round(total_depth / 180, 1))
        self.assertEqual(chart.bleeding_percent, round(100 * 4 / 180, 1))
        self.assertEqual(chart.plaque_percent, round(100 * 2 / 180, 1))
        self.assertEqual(chart.sites_4mm, 5)  # 6, 5, 4, 4 on 16 and 7 on 26
        self.assertEqual(chart.sites_6mm, 2)

    def test_the_next_chart_starts_as_a_copy_of_the_last(self):
        first = self.new_chart(date="2025-06-01", rows={"36": {"pd_db": 6, "bop_db": True, "mobility": "2"}})
        second = self.new_chart(date="2025-12-01", rows={"36": {"pd_db": 5, "furcation": "1"}, "38": {"missing": True}})
        action = self.chart().action_dental_perio_new()
        new = self.env["healthcare.dental.perio.chart"].browse(action["res_id"])
        self.assertNotIn(new, first | second)
        self.assertEqual(new.date, fields.Date.context_today(new))
        self.assertEqual(new.previous_chart_id, second)
        self.assertEqual(second.previous_chart_id, first)
        self.assertEqual(len(new.tooth_ids), 32)
        tooth = new.tooth_ids.filtered(lambda row: row.tooth == "36")
        self.assertEqual((tooth.pd_db, tooth.bop_db, tooth.mobility, tooth.furcation), (5, False, "0", "1"))
        self.assertTrue(new.tooth_ids.filtered(lambda row: row.tooth == "38").missing)
        # The last chart is a snapshot: editing the new one leaves it as it was.
        tooth.pd_db = 3
        self.assertEqual(second.tooth_ids.filtered(lambda row: row.tooth == "36").pd_db, 5)

    def test_comparing_two_charts_per_site_and_in_summary(self):
        before = self.new_chart(
            date="2025-06-01",
            rows={"16": {"pd_mb": 6, "bop_mb": True, "pd_b": 4}, "46": {"pd_dl": 5, "bop_dl": True}, "11": {"pd_l": 2}},
        )
        after = self.new_chart(
            date="2025-12-01",
            rows={
                "16": {"pd_mb": 4, "bop_mb": False, "pd_b": 4},
                "46": {"pd_dl": 5, "bop_dl": False},
                "11": {"pd_l": 3},
            },
        )
        action = after.action_compare()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.chart_before_id, before)
        changes = [
            (
                line.tooth,
                line.site,
                line.depth_before,
                line.depth_after,
                line.depth_change,
                line.bleeding_before,
                line.bleeding_after,
            )
            for line in wizard.line_ids
        ]
        self.assertEqual(
            changes,
            [
                ("11", "l", 2, 3, 1, False, False),
                ("16", "mb", 6, 4, -2, True, False),
                ("46", "dl", 5, 5, 0, True, False),
            ],
        )
        self.assertEqual((wizard.improved_sites, wizard.worsened_sites), (1, 1))  # 16 MB better, 11 L worse
        self.assertEqual((wizard.before_sites_4mm, wizard.after_sites_4mm), (3, 3))
        self.assertEqual((wizard.before_sites_6mm, wizard.after_sites_6mm), (1, 0))
        self.assertEqual((wizard.before_bleeding_percent, wizard.after_bleeding_percent), (round(200 / 192, 1), 0.0))

    def test_charts_of_two_patients_are_not_compared(self):
        other = self.env["res.partner"].create({"name": "Otra Paciente", "is_patient": True})
        mine = self.new_chart()
        theirs = self.env["healthcare.dental.perio.chart"].create({"patient_id": other.id})
        with self.assertRaises(ValidationError):
            self.env["healthcare.dental.perio.compare"].create(
                {"chart_before_id": theirs.id, "chart_after_id": mine.id}
            )

    def test_only_patients_have_a_chart(self):
        contact = self.env["res.partner"].create({"name": "Proveedor Dental SL"})
        Chart = self.env["healthcare.dental.perio.chart"].with_user(self.clinician)
        with self.assertRaises(ValidationError):
            Chart.create({"patient_id": contact.id})
        with self.assertRaises(UserError):
            Chart.start_from_last(contact.id)
        self.assertFalse(Chart.search([("patient_id", "=", contact.id)]))

    def test_a_depth_out_of_range_is_refused_in_spanish(self):
        chart = self.new_chart()
        row = chart.tooth_ids.filtered(lambda row: row.tooth == "21").with_user(self.clinician)
        with self.assertRaises(ValidationError) as caught:
            row.with_context(lang="es_ES").write({"pd_mb": 4, "pd_b": 22})
        self.assertIn("profundidad de sondaje", str(caught.exception))
        row.invalidate_recordset()
        self.assertEqual(row.pd_mb, 0)

    def test_the_form_from_the_patient_smart_button(self):
        action = self.chart().action_view_dental_perio_charts()
        self.assertEqual(action["domain"], [("patient_id", "=", self.patient.id)])
        Chart = self.env["healthcare.dental.perio.chart"].with_user(self.clinician)
        with Form(Chart.with_context(**action["context"])) as form:
            self.assertEqual(form.patient_id, self.patient)
            form.date = "2026-02-02"
        chart = form.record
        self.assertEqual(len(chart.tooth_ids), 32)
        with Form(chart) as form:
            with form.upper_tooth_ids.edit(2) as row:  # 16
                self.assertEqual(row.tooth, "16")
                row.pd_mb = 5
                row.bop_mb = True
                row.mobility = "1"
            with form.lower_tooth_ids.edit(0) as row:  # 48
                row.missing = True
        sixteen = chart.tooth_ids.filtered(lambda row: row.tooth == "16")
        self.assertEqual((sixteen.pd_mb, sixteen.bop_mb, sixteen.mobility), (5, True, "1"))
        self.assertEqual(chart.site_count, 186)
        self.assertEqual(chart.sites_4mm, 1)
        self.assertEqual(self.chart().dental_perio_chart_count, 1)
