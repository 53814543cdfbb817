from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import FocusReportCase

VIEW_MODELS = ("focus.situation.report", "focus.situation.risk.report")


class TestAnalysisViews(FocusReportCase):
    """The SQL-view statistics carry their own rules and no identity data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.flush_all()
        cls.user_north_archivist = new_test_user(
            cls.env,
            login="t_north_archivist",
            groups="base.group_user,focus_table.group_archivist",
            focus_agency_id=cls.school.id,
        )
        cls.table_north.archivist_ids = cls.user_north_archivist

    def rows(self, model, user):
        return self.env[model].with_user(user).search([])

    def test_archivist_sees_own_table_only(self):
        for model in VIEW_MODELS:
            rows = self.rows(model, self.user_archivist)
            self.assertTrue(rows)
            self.assertEqual(rows.table_id, self.table, model)
            north = self.rows(model, self.user_north_archivist)
            self.assertEqual(north.table_id, self.table_north, model)
            # Even though the school sits at both tables.
            self.assertFalse(
                self.env[model]
                .with_user(self.user_north_archivist)
                .search([("table_id", "=", self.table.id)])
            )

    def test_chair_and_manager(self):
        for model in VIEW_MODELS:
            self.assertEqual(self.rows(model, self.user_chair).table_id, self.table)
            tables = self.rows(model, self.user_manager).table_id
            self.assertLessEqual(self.table | self.table_north, tables)

    def test_members_have_no_access(self):
        for model in VIEW_MODELS:
            for user in (self.user_police, self.user_other):
                with self.assertRaises(AccessError):
                    self.rows(model, user)
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user)._read_group(
                        [], ["table_id"], ["__count"]
                    )

    def test_drafts_are_left_out(self):
        rows = self.rows("focus.situation.report", self.user_manager)
        self.assertNotIn(self.draft.id, rows.situation_id.ids)
        self.assertIn(self.deferred.id, rows.situation_id.ids)

    def test_quarter_figures(self):
        Report = self.env["focus.situation.report"].with_user(self.user_archivist)
        domain = [
            ("date_presented", ">=", self.DATE_FROM),
            ("date_presented", "<=", self.DATE_TO),
        ]
        [(count, accepted, rejected, acceptance, lowered, within, hours)] = (
            Report._read_group(
                domain,
                [],
                [
                    "nbr:sum",
                    "accepted_count:sum",
                    "rejected_count:sum",
                    "acceptance_rate:avg",
                    "risk_lowered_rate:avg",
                    "within_target_rate:avg",
                    "intervention_hours:avg",
                ],
            )
        )
        self.assertEqual((count, accepted, rejected), (20, 13, 6))
        self.assertAlmostEqual(acceptance, 100.0 * 13 / 19)
        self.assertAlmostEqual(lowered, 100.0 * 6 / 9)
        self.assertAlmostEqual(within, 100.0 * 8 / 13)
        self.assertAlmostEqual(hours, sum(self.HOURS) / len(self.HOURS))
        by_sector = dict(
            Report._read_group(domain, ["lead_sector_id"], ["accepted_count:sum"])
        )
        self.assertEqual(by_sector[self.sector_health], 8)
        self.assertEqual(by_sector[self.sector_housing], 5)
        [(agencies,)] = Report._read_group(
            domain + [("accepted_count", "=", 1)], [], ["agency_count:avg"]
        )
        self.assertAlmostEqual(agencies, 17 / 13)

    def test_risk_view_counts_situations(self):
        Risk = self.env["focus.situation.risk.report"].with_user(self.user_archivist)
        domain = [
            ("date_presented", ">=", self.DATE_FROM),
            ("date_presented", "<=", self.DATE_TO),
            ("is_protective", "=", False),
        ]
        counts = dict(
            Risk._read_group(
                domain, ["risk_category_id"], ["situation_id:count_distinct"]
            )
        )
        self.assertEqual(counts, {self.cat_a: 12, self.cat_b: 10, self.cat_c: 3})
        protective = Risk._read_group(
            [("is_protective", "=", True), ("date_presented", "<=", self.DATE_TO)],
            [],
            ["situation_id:count_distinct"],
        )
        self.assertEqual(protective, [(2,)])

    def test_no_identity_data(self):
        identity_fields = set(self.env["focus.situation.identity"]._fields) - {
            "id",
            "display_name",
            "create_uid",
            "create_date",
            "write_uid",
            "write_date",
            "situation_id",
            "table_id",
            "role",
            # The situation's reference, not the person's name.
            "name",
        }
        for model in VIEW_MODELS:
            Model = self.env[model]
            self.assertFalse(identity_fields & set(Model._fields), model)
            for field in Model._fields.values():
                self.assertNotEqual(field.comodel_name, "focus.situation.identity")
            if "name" in Model._fields:
                self.assertEqual(Model._fields["name"].string, "Reference")
            rows = Model.with_user(self.user_manager).search([])
            values = repr(rows.read([f for f in Model._fields if f != "id"]))
            self.assertNotIn("Quintrell", values)
            self.assertNotIn("Larkspur", values)
            self.assertNotIn("555-0199", values)
            self.env.cr.execute("SELECT pg_get_viewdef(%s::regclass)", [Model._table])
            self.assertNotIn("focus_situation_identity", self.env.cr.fetchone()[0])
