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
        cls.led = cls.env["focus.situation"].create(cls._situation_vals())
        cls.led.action_submit()
        cls.led.action_accept(
            date_decision=fields.Datetime.now(),
            lead_agency_id=cls.health.id,
            assisting_agency_ids=cls.housing.ids,
        )
        cls.assisted = cls.env["focus.situation"].create(cls._situation_vals())
        cls.assisted.action_submit()
        cls.assisted.action_accept(
            date_decision=fields.Datetime.now(),
            lead_agency_id=cls.housing.id,
            assisting_agency_ids=cls.health.ids,
        )
        cls.other = cls.env["focus.situation"].create(cls._situation_vals())
        cls.other.action_submit()
        cls.other.action_accept(
            date_decision=fields.Datetime.now(), lead_agency_id=cls.housing.id
        )
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
