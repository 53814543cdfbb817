from odoo.exceptions import AccessError, UserError

from ..models.focus_statistics import percentile
from .common import FocusReportCase


class TestStatistics(FocusReportCase):
    """The figures of the controlled quarter, worked out by hand."""

    def compute(self, user=None, tables=None):
        stats = self.env["focus.statistics"].with_user(user or self.user_archivist)
        return stats.compute(self.DATE_FROM, self.DATE_TO, tables or self.table)

    def test_percentile(self):
        self.assertIsNone(percentile([], 50))
        self.assertEqual(percentile([7], 90), 7)
        self.assertEqual(percentile([1, 2, 3, 4], 50), 2.5)
        self.assertAlmostEqual(percentile([10, 20, 30, 40, 50], 90), 46.0)
        # Order of the input does not matter.
        self.assertEqual(percentile([3, 1, 2], 50), 2)

    def test_population(self):
        figures = self.compute()
        self.assertEqual(figures["situations"], self.quarter)
        for left_out in (self.before, self.after, self.north_situation, self.draft):
            self.assertNotIn(left_out, figures["situations"])
        self.assertEqual(figures["presented"], 20)
        self.assertEqual(figures["accepted"], 13)
        self.assertEqual(figures["rejected"], 6)
        self.assertEqual(figures["pending"], 1)
        self.assertAlmostEqual(figures["acceptance_rate"], 100.0 * 13 / 19)
        self.assertEqual(figures["repeat"], 1)

    def test_conclusions(self):
        figures = self.compute()
        self.assertEqual(figures["concluded"], 9)
        self.assertEqual(figures["risk_lowered"], 6)
        self.assertAlmostEqual(figures["risk_lowered_rate"], 100.0 * 6 / 9)
        self.assertEqual(
            figures["conclusions"],
            [
                (self.concl_connected, 5),
                (self.concl_informed, 1),
                (self.concl_refused, 2),
                (self.concl_withdrawn, 1),
            ],
        )

    def test_timeliness(self):
        figures = self.compute()
        self.assertEqual(figures["interventions"], 12)
        self.assertEqual(figures["hours"], self.HOURS)
        # Sorted: 4 10 20 24 30 36 | 40 47 50 60 72 100
        self.assertAlmostEqual(figures["median_hours"], 38.0)
        # Rank 0.9 * 11 = 9.9: 60 + 0.9 * (72 - 60)
        self.assertAlmostEqual(figures["p90_hours"], 70.8)
        self.assertEqual(figures["within_target"], 8)
        self.assertEqual(figures["waiting_past_target"], 1)
        self.assertEqual(figures["target_base"], 13)
        self.assertAlmostEqual(figures["within_target_rate"], 100.0 * 8 / 13)
        self.assertEqual([n for _label, n in figures["hour_bands"]], [4, 4, 3, 1])
        # 13 lead agencies and 4 assisting ones for 13 accepted situations.
        self.assertAlmostEqual(figures["agencies_per_situation"], 17 / 13)

    def test_risk_categories_and_pairs(self):
        figures = self.compute()
        self.assertEqual(
            figures["risk_categories"],
            [(self.cat_a, 12), (self.cat_b, 10), (self.cat_c, 3)],
        )
        self.assertEqual(
            figures["category_pairs"],
            [((self.cat_a, self.cat_b), 8), ((self.cat_a, self.cat_c), 3)],
        )
        protective = self.factor_protective.category_id
        self.assertNotIn(protective, [c for c, _n in figures["risk_categories"]])

    def test_profile(self):
        figures = self.compute()
        sectors = {
            self.sector_police.name: 8,
            self.sector_school.name: 6,
            self.sector_health.name: 4,
            self.sector_housing.name: 2,
        }
        self.assertEqual(figures["originating_sectors"], list(sectors.items()))
        self.assertEqual(
            figures["lead_sectors"],
            [(self.sector_health.name, 8), (self.sector_housing.name, 5)],
        )
        self.assertEqual(
            figures["genders"], [("Female", 7), ("Male", 12), ("Not known", 1)]
        )
        self.assertEqual(
            figures["age_bands"],
            [
                (self.band_youth.name, 6),
                (self.band_young_adult.name, 13),
                ("Not recorded", 1),
            ],
        )
        # Rejected situations keep no subject type.
        self.assertEqual(
            figures["subject_types"], [("Individual", 14), ("Not recorded", 6)]
        )

    def test_months(self):
        months = self.compute()["months"]
        self.assertEqual(
            [
                (m["month"].month, m["presented"], m["accepted"], m["rejected"])
                for m in months
            ],
            # Decisions every 5 days from 6 Jan (6 in January, 5 in February, 1 in
            # March); rejections 3-8 Feb; deferred 10 Feb; the overdue one 20 Mar.
            [(1, 6, 6, 0), (2, 12, 5, 6), (3, 2, 2, 0)],
        )

    def test_small_counts(self):
        stats = self.env["focus.statistics"]
        self.assertEqual(stats.format_count(0), "0")
        for small in (1, 2, 3, 4):
            self.assertEqual(stats.format_count(small), "<5")
        self.assertEqual(stats.format_count(5), "5")
        self.assertEqual(stats.format_count(120), "120")
        # A percentage that would give a count under 5 away is not printed.
        self.assertEqual(stats.format_rate(13, 19), "68 %")
        self.assertEqual(stats.format_rate(3, 10), "–")
        self.assertEqual(stats.format_rate(4, 4), "–")
        self.assertEqual(stats.format_rate(0, 9), "0 %")
        self.assertEqual(stats.format_rate(0, 0), "–")
        self.assertEqual(stats.format_hours(38.0, 12), "38.0 h")
        self.assertEqual(stats.format_hours(38.0, 4), "–")

    def test_access(self):
        # Chairs and administrators too; members and other tables' archivists not.
        self.assertEqual(self.compute(self.user_chair)["presented"], 20)
        both = self.compute(self.user_manager, self.table | self.table_north)
        self.assertEqual(both["presented"], 21)
        with self.assertRaises(AccessError):
            self.compute(self.user_police)
        with self.assertRaises(AccessError):
            self.compute(self.user_archivist, self.table | self.table_north)
        with self.assertRaises(UserError):
            self.env["focus.statistics"].compute(
                self.DATE_FROM, self.DATE_TO, self.table.browse()
            )
        with self.assertRaises(UserError):
            self.env["focus.statistics"].compute(
                self.DATE_TO, self.DATE_FROM, self.table
            )
