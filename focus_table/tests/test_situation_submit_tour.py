from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSituationSubmitTour(HttpCase):
    """A representative creates, fills in and submits a situation in the browser."""

    def test_representative_submits_a_situation(self):
        sector = self.env["focus.sector"].search([], limit=1)
        agency = self.env["focus.agency"].create(
            {"name": "Submit Tour Police", "sector_id": sector.id}
        )
        user = new_test_user(
            self.env,
            login="submit_tour_rep",
            groups="base.group_user,focus_table.group_member",
            focus_agency_id=agency.id,
        )
        table = self.env["focus.table"].create(
            {
                "name": "Submit Tour Table",
                "code": "STT",
                "agency_ids": [Command.set(agency.ids)],
            }
        )
        self.start_tour(
            "/odoo/action-focus_table.focus_situation_action",
            "focus_situation_submit_tour",
            login=user.login,
        )
        situation = self.env["focus.situation"].search([("table_id", "=", table.id)])
        self.assertEqual(len(situation), 1)
        self.assertEqual(situation.state, "submitted")
        self.assertEqual(situation.originating_agency_id, agency)
        self.assertEqual(situation.presenter_id, user)
        self.assertTrue(situation.risk_factor_ids)
        self.assertTrue(situation.name.startswith("STT-"))
