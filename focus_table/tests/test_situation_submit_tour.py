from odoo.tests import tagged

from .tour_common import FocusTourCase


@tagged("post_install", "-at_install")
class TestSituationSubmitTour(FocusTourCase):
    """A representative creates, fills in and submits a situation in the browser."""

    def test_representative_submits_a_situation(self):
        agency = self._tour_agencies("Submit Tour Police")
        user = self._tour_user("submit_tour_rep", "member", agency)
        table = self._tour_table("Submit Tour Table", "STT", agency)
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
