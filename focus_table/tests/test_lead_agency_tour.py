from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import FocusTableCase


@tagged("post_install", "-at_install")
class TestLeadAgencyTour(FocusTableCase, HttpCase):
    """The lead agency reveals identifying details with a reason and intervenes."""

    def test_lead_agency_reveals_and_intervenes(self):
        situation = self._new_situation(
            lead_agency_id=self.health.id,
            assisting_agency_ids=[Command.set(self.school.ids)],
        )
        situation.action_submit()
        situation.action_accept(
            date_decision=fields.Datetime.now() - timedelta(hours=5)
        )
        self.env["focus.situation.identity"].create(
            {"situation_id": situation.id, "name": "Tour Person"}
        )
        self.start_tour(
            f"/odoo/action-focus_table.focus_situation_action/{situation.id}",
            "focus_lead_agency_tour",
            login=self.user_health.login,
        )
        self.assertEqual(situation.state, "intervention")
        self.assertTrue(situation.within_target)
        log = self.env["focus.access.log"].search(
            [("user_id", "=", self.user_health.id), ("situation_id", "=", situation.id)]
        )
        self.assertTrue(log)
        self.assertEqual(set(log.mapped("reason")), {"Immediate safety concern"})
