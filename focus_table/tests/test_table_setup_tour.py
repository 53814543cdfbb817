from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTableSetupTour(HttpCase):
    """The Focus Table administrator sets up a table in the browser."""

    def test_administrator_sets_up_a_table(self):
        sector = self.env["focus.sector"].search([], limit=1)
        Agency = self.env["focus.agency"]
        police = Agency.create({"name": "Setup Police", "sector_id": sector.id})
        housing = Agency.create({"name": "Setup Housing", "sector_id": sector.id})
        chair = new_test_user(
            self.env,
            login="setup_chair",
            name="Setup Chair",
            groups="base.group_user,focus_table.group_chair",
        )
        manager = new_test_user(
            self.env,
            login="setup_manager",
            groups="base.group_user,focus_table.group_manager",
        )
        self.start_tour(
            "/odoo/action-focus_table.focus_table_action",
            "focus_table_setup_tour",
            login=manager.login,
        )
        table = self.env["focus.table"].search([("code", "=", "EST")])
        self.assertEqual(table.name, "Eastside Situation Table")
        self.assertEqual(table.chair_ids, chair)
        self.assertEqual(table.agency_ids, police | housing)
        self.assertEqual(table.meeting_frequency, "weekly")
        meetings = self.env["focus.meeting"].search([("table_id", "=", table.id)])
        self.assertTrue(meetings)
        self.assertEqual(set(meetings.mapped("state")), {"draft"})
