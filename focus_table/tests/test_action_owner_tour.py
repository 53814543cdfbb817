from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import FocusTableCase


@tagged("post_install", "-at_install")
class TestActionOwnerTour(FocusTableCase, HttpCase):
    """An action's owner completes it from their activity."""

    def test_owner_completes_an_action_from_the_activity(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        action = self.env["focus.action"].create(
            {
                "name": "Owner tour home visit",
                "situation_id": situation.id,
                "agency_id": self.health.id,
                "user_id": self.user_health.id,
                "date_deadline": fields.Date.today(),
            }
        )
        self.assertEqual(action.activity_ids.user_id, self.user_health)
        self.user_health.tour_enabled = False
        if "odoobot_state" in self.user_health._fields:
            self.user_health.odoobot_state = "disabled"
        self.start_tour(
            "/odoo", "focus_action_owner_tour", login=self.user_health.login
        )
        self.assertEqual(action.state, "done")
        self.assertEqual(action.result, "Visit done; the family accepted support.")
        self.assertFalse(action.activity_ids)
