from odoo.exceptions import AccessError

from .common import FocusReportCase

FIGURES = ["situation_count:sum", "intervention_hours:avg"]


class TestSituationFigures(FocusReportCase):
    """*Situation Figures* (the situation facts per table, month and status) give the
    numbers of the situations' own pivot: the same counts, and the same
    average hours to intervention, weighted by the situations of each bucket."""

    def situations_pivot(self, user):
        rows = (
            self.env["focus.situation"]
            .with_user(user)
            ._read_group(
                [("state", "!=", "draft"), ("date_presented", "!=", False)],
                ["table_id", "state"],
                ["__count", "intervention_hours:avg"],
            )
        )
        return {(t.id, s): (n, round(h or 0, 6)) for t, s, n, h in rows}

    def figures_pivot(self, user):
        rows = (
            self.env["focus.situation.fact"]
            .with_user(user)
            ._read_group([], ["table_id", "state"], FIGURES)
        )
        return {(t.id, s): (n, round(h or 0, 6)) for t, s, n, h in rows}

    def test_the_figures_equal_the_situations_pivot_for_each_reader(self):
        # Buckets of several situations with different hours: a plain average
        # of the buckets' averages would differ.
        self.intervened[0].write(
            {"date_intervention": self.intervened[0].date_decision + _hours(70)}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        for user in (self.user_archivist, self.user_chair, self.user_manager):
            with self.subTest(user=user.login):
                expected = self.situations_pivot(user)
                self.assertTrue(expected)
                self.assertEqual(self.figures_pivot(user), expected)

    def test_a_bucket_average_is_weighted_by_its_situations(self):
        Fact = self.env["focus.situation.fact"]
        facts = Fact.search([("table_id", "=", self.table.id)])
        measured = facts.filtered("hours_count")
        self.assertGreater(len(measured), 1)
        total = sum(measured.mapped("hours_total"))
        count = sum(measured.mapped("hours_count"))
        [(average,)] = Fact._read_group(
            [("id", "in", measured.ids)], [], ["intervention_hours:avg"]
        )
        self.assertAlmostEqual(average, total / count)

    def test_the_figures_follow_the_status(self):
        situation = self.intervened.filtered(lambda s: s.state == "closed")[:1]
        self.assertTrue(situation)
        key = (situation.table_id.id, "closed")
        before = self.figures_pivot(self.user_manager)
        situation.with_user(self.user_chair).action_reopen(reason="New facts")
        self.env.flush_all()
        self.env.cr.precommit.run()
        after = self.figures_pivot(self.user_manager)
        self.assertEqual(after[key][0], before[key][0] - 1)
        self.assertEqual(after, self.situations_pivot(self.user_manager))

    def test_readers_see_their_tables_only(self):
        Fact = self.env["focus.situation.fact"]
        for user in (self.user_health, self.user_police):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Fact.with_user(user).search([])
        north_archivist = self.user_archivist.copy({"login": "t_north_figures"})
        self.table_north.archivist_ids = north_archivist
        seen = Fact.with_user(north_archivist).search([])
        self.assertFalse(seen.filtered(lambda f: f.table_id == self.table))


def _hours(count):
    from datetime import timedelta  # noqa: PLC0415

    return timedelta(hours=count)
