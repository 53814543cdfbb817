from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .tour_common import FocusTourCase


@tagged("post_install", "-at_install")
class TestSituationTour(FocusTourCase):
    """A chair walks a situation from the table's decision to its conclusion."""

    def test_chair_closes_a_situation_with_buttons(self):
        origin, lead, office = self._tour_agencies(
            "Tour Police", "Tour Mental Health", "Tour Office"
        )
        chair = self._tour_user("tour_chair", "chair", office)
        table = self._tour_table("Tour Table", "TOUR", origin | lead | office, chair)
        now = fields.Datetime.now()
        situation = self.env["focus.situation"].create(
            {
                "table_id": table.id,
                "originating_agency_id": origin.id,
                "date_received": now.date() - timedelta(days=2),
                "subject_type": "individual",
                "risk_factor_ids": [
                    Command.set(self.env["focus.risk.factor"].search([], limit=2).ids)
                ],
                "summary": "Adult in crisis after eviction notice.",
                "consent_status": "obtained",
                "disclosure_authority": "consent",
            }
        )
        situation.action_submit()
        self.start_tour(
            f"/odoo/action-focus_table.focus_situation_action/{situation.id}",
            "focus_situation_chair_tour",
            login="tour_chair",
        )
        self.assertEqual(situation.state, "closed")
        self.assertEqual(situation.lead_agency_id, lead)
        self.assertEqual(situation.conclusion_id.outcome, "risk_lowered")
        self.assertEqual(situation.disclosure_ids.agency_id, lead)
