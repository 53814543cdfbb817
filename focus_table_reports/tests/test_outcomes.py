from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .common import FocusReportCase

TODAY = date(2026, 6, 1)  # every Q1 2025 closing has had its 12 months


class TestOutcomeStatistics(FocusReportCase):
    """Outcome facts of the quarter: 6 closed as risk lowered (i 0-5), 2 not
    lowered (i 6-7), 1 withdrawn (i 8); i 0 presented again within 12 months
    of its closing, i 1 only after them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Dated as a data migration would (closed situations are frozen).
        cls.intervened[:9].write({"date_closed": "2025-03-31"})
        cls.intervened[0].represented_on = "2025-09-01"
        cls.intervened[1].represented_on = "2026-09-01"
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        cls.domain = [
            ("table_id", "=", cls.table.id),
            ("date_month", ">=", cls.DATE_FROM),
            ("date_month", "<=", cls.DATE_TO),
        ]

    def recount(self):
        """The same figures, counted from the situations themselves."""
        situations = self.env["focus.situation"].search(
            [
                ("table_id", "=", self.table.id),
                ("state", "!=", "draft"),
                ("date_presented", ">=", self.DATE_FROM),
                ("date_presented", "<=", self.DATE_TO),
            ]
        )
        closed = situations.filtered(lambda s: s.state == "closed")
        lowered = closed.filtered(lambda s: s.conclusion_id.outcome == "risk_lowered")
        followed, lasting = self.env["focus.statistics"]._lasting(lowered, TODAY)
        return {
            "presented": len(situations),
            "risk_lowered": len(lowered),
            "risk_not_lowered": len(
                closed.filtered(lambda s: s.conclusion_id.outcome == "still_aer")
            ),
            "interventions": len(situations.filtered("date_intervention")),
            "within_target": len(situations.filtered("within_target")),
            "repeat": len(situations.filtered("is_repeat")),
            "lasting_base": len(followed),
            "lasting": len(lasting),
        }

    def test_facts_equal_a_recount_for_each_reader(self):
        expected = self.recount()
        self.assertEqual(
            (expected["risk_lowered"], expected["risk_not_lowered"]), (6, 2)
        )
        self.assertEqual((expected["lasting_base"], expected["lasting"]), (6, 5))
        for user in (self.user_archivist, self.user_chair, self.user_manager):
            with self.subTest(user=user.login):
                figures = (
                    self.env["focus.outcome.fact"]
                    .with_user(user)
                    .headline(self.domain, today=TODAY)
                )
                self.assertEqual({key: figures[key] for key in expected}, expected)
                self.assertAlmostEqual(figures["risk_lowered_rate"], 75.0)
                self.assertAlmostEqual(figures["lasting_rate"], 100.0 * 5 / 6)
                self.assertAlmostEqual(
                    figures["within_target_rate"],
                    100.0 * expected["within_target"] / expected["interventions"],
                )

    def test_lasting_waits_for_the_follow_up(self):
        figures = self.env["focus.outcome.fact"].headline(
            self.domain, today=date(2025, 12, 1)
        )
        self.assertEqual(figures["lasting_base"], 0)
        self.assertIsNone(figures["lasting_rate"])

    def test_facts_follow_the_writes(self):
        Fact = self.env["focus.outcome.fact"]
        before = Fact.headline(self.domain, today=TODAY)
        self.intervened[2].represented_on = "2025-05-01"
        self.env.flush_all()
        self.env.cr.precommit.run()
        after = Fact.headline(self.domain, today=TODAY)
        self.assertEqual(after["lasting"], before["lasting"] - 1)

    def test_readers_see_their_tables_only(self):
        Fact = self.env["focus.outcome.fact"]
        for user in (self.user_health, self.user_police):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Fact.with_user(user).search([])
        north_archivist = self.user_archivist.copy({"login": "t_north_archivist"})
        self.table_north.archivist_ids = north_archivist
        seen = Fact.with_user(north_archivist).search([])
        self.assertFalse(seen.filtered(lambda f: f.table_id == self.table))

    def test_summary_and_export_carry_the_outcomes(self):
        stats = self.env["focus.statistics"].with_user(self.user_archivist)
        result = stats.compute(self.DATE_FROM, self.DATE_TO, self.table)
        self.assertEqual(result["risk_not_lowered"], 2)
        self.assertEqual(result["not_applicable"], 1)
        self.assertEqual(result["outcome_base"], 8)
        wizard = self.period_wizard(
            "focus.provincial.export", self.user_archivist, export_type="counts"
        )
        wizard.action_export()
        import base64  # noqa: PLC0415
        import csv  # noqa: PLC0415
        import io  # noqa: PLC0415

        rows = list(
            csv.DictReader(
                io.StringIO(base64.b64decode(wizard.data).decode("utf-8-sig"))
            )
        )
        march = next(r for r in rows if r["month"] == "2025-03")
        self.assertIn("lasting_reduction", march)
        self.assertIn("risk_not_lowered", march)


class TestRepresentedOnFromRepeatKeys(FocusReportCase):
    def test_a_new_presentation_marks_the_closing_it_repeats(self):
        earlier = self._new_situation(
            date_received=fields.Date.today() - timedelta(days=40)
        )
        self.env["focus.situation.identity"].create(
            {"situation_id": earlier.id, "name": "Jo Again", "birth_date": "1999-09-09"}
        )
        earlier.write(
            {"state": "closed", "date_closed": fields.Date.today() - timedelta(days=20)}
        )
        later = self._new_situation(date_received=fields.Date.today())
        self.env["focus.situation.identity"].create(
            {"situation_id": later.id, "name": "jo again", "birth_date": "1999-09-09"}
        )
        self.assertEqual(earlier.represented_on, later.date_received)


class TestDashboard(FocusReportCase):
    def test_cards_read_with_the_users_rights(self):
        today = fields.Date.today()
        recent = self._new_situation(date_received=today - timedelta(days=30))
        recent.action_submit()
        recent.date_presented = today - timedelta(days=28)
        self.env.flush_all()
        self.env.cr.precommit.run()
        table = self.table.with_user(self.user_archivist)
        self.assertTrue(table.dashboard_has_figures)
        expected = self.env["focus.outcome.fact"].headline(
            [
                ("table_id", "=", self.table.id),
                ("date_month", ">=", today.replace(day=1) - timedelta(days=366)),
            ]
        )
        self.assertGreaterEqual(table.dashboard_presented, 1)
        self.assertLessEqual(table.dashboard_presented, expected["presented"])
        self.assertFalse(self.table.with_user(self.user_health).dashboard_has_figures)
        self.assertRegex(table.dashboard_risk_lowered, r"^(–|\d+%)$")
        # Nothing closed twelve months ago: no lasting reduction to show yet.
        self.assertEqual(table.dashboard_lasting, "–")
