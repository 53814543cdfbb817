from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSituationTour(HttpCase):
    """A chair walks a situation from the table's decision to its conclusion."""

    def test_chair_closes_a_situation_with_buttons(self):
        sector = self.env["focus.sector"].search([], limit=1)
        origin = self.env["focus.agency"].create(
            {"name": "Tour Police", "sector_id": sector.id}
        )
        lead = self.env["focus.agency"].create(
            {"name": "Tour Mental Health", "sector_id": sector.id}
        )
        office = self.env["focus.agency"].create(
            {"name": "Tour Office", "sector_id": sector.id}
        )
        chair = new_test_user(
            self.env,
            login="tour_chair",
            groups="base.group_user,focus_table.group_chair",
            focus_agency_id=office.id,
        )
        table = self.env["focus.table"].create(
            {
                "name": "Tour Table",
                "code": "TOUR",
                "chair_ids": [Command.set(chair.ids)],
                "agency_ids": [Command.set((origin | lead | office).ids)],
            }
        )
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
