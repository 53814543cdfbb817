from odoo import fields

from .common import FocusTableCase


class TestMyAgencyFilter(FocusTableCase):
    """The "My Agency" filter: presented, led or assisted by the user's agency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.presented = cls.env["focus.situation"].create(
            cls._situation_vals(originating_agency_id=cls.health.id)
        )

        def accepted(lead, assisting):
            situation = cls.env["focus.situation"].create(cls._situation_vals())
            situation.action_submit()
            situation.action_accept(
                date_decision=fields.Datetime.now(),
                lead_agency_id=lead.id,
                assisting_agency_ids=assisting.ids,
            )
            return situation

        cls.led = accepted(cls.health, cls.housing)
        cls.assisted = accepted(cls.housing, cls.health)
        cls.other = accepted(cls.housing, cls.env["focus.agency"])
        cls.mine = cls.presented | cls.led | cls.assisted

    def _search(self, user, value=True):
        ours = self.mine | self.other
        return (
            self.env["focus.situation"]
            .with_user(user)
            .search([("id", "in", ours.ids), ("is_my_agency", "=", value)])
        )

    def test_filter_and_field_agree(self):
        found = self._search(self.user_health)
        self.assertEqual(found, self.mine)
        for situation in (self.mine | self.other).with_user(self.user_health):
            self.assertEqual(situation.is_my_agency, situation in self.mine)

    def test_negation_and_other_agencies(self):
        self.assertEqual(self._search(self.user_health, False) & self.other, self.other)
        self.assertNotIn(self.presented, self._search(self.user_housing))
        self.assertEqual(
            self._search(self.user_housing), self.led | self.assisted | self.other
        )

    def test_assisting_agency_removed(self):
        self.led.action_change_agencies(
            lead_agency_id=self.health.id,
            assisting_agency_ids=[],
            reason="Housing no longer needed",
        )
        self.assertNotIn(self.led, self._search(self.user_housing))
        self.assertIn(self.led, self._search(self.user_health))
