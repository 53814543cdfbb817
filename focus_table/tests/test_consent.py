from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .security_common import FocusSecurityCase


class TestConsentThatEnds(FocusSecurityCase):
    """``accepted`` shared with health and school on consent; housing is then
    added under the risk of serious harm."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.accepted.consent_date = cls.today - timedelta(days=10)
        cls.accepted.with_user(cls.user_chair).action_change_agencies(
            cls.health.id,
            (cls.school | cls.housing).ids,
            "Eviction notice: housing support needed",
            disclosure_authority="serious_harm",
        )
        cls.Identity = cls.env["focus.situation.identity"]

    def reads(self, user):
        return bool(
            self.Identity.with_user(user).search(
                [("situation_id", "=", self.accepted.id)]
            )
        )

    def test_withdrawal_stops_what_rests_on_consent(self):
        for user in (self.user_health, self.user_school, self.user_housing):
            self.assertTrue(self.reads(user))
        self.accepted.with_user(self.user_health).action_withdraw_consent(
            self.today, "Told the lead worker by phone"
        )
        self.assertTrue(self.accepted.consent_ended)
        self.assertEqual(self.accepted.consent_withdrawn_on, self.today)
        self.assertFalse(self.reads(self.user_health))
        self.assertFalse(self.reads(self.user_school))
        self.assertTrue(self.reads(self.user_housing))
        self.assertTrue(self.reads(self.user_police))  # it presented the situation
        for user in (self.user_health, self.user_school, self.user_housing):
            self.assertEqual(bool(self.accepted._known_to(user)), self.reads(user))
        status = {d.agency_id: d.status for d in self.accepted.disclosure_ids}
        self.assertEqual(status[self.health], "consent")
        self.assertEqual(status[self.school], "consent")
        self.assertEqual(status[self.housing], "active")
        body = self.accepted.message_ids[0].body
        self.assertIn("Test Mental Health", body)
        self.assertIn("Test Housing Corp (Risk of serious harm)", body)

    def test_the_chair_shares_again_under_another_authority(self):
        self.accepted.with_user(self.user_health).action_withdraw_consent()
        with self.assertRaises(UserError):
            self.accepted.with_user(self.user_chair).action_change_agencies(
                self.health.id,
                (self.school | self.housing).ids,
                "Still needed",
                disclosure_authority="consent",
            )
        self.accepted.with_user(self.user_chair).action_change_agencies(
            self.health.id,
            self.housing.ids,
            "The lead must keep the safety plan going",
            disclosure_authority="statute",
        )
        self.assertTrue(self.reads(self.user_health))
        self.assertFalse(self.reads(self.user_school))
        renewed = self.accepted.disclosure_ids.filtered(
            lambda d: d.agency_id == self.health and d.authority == "statute"
        )
        self.assertEqual(renewed.reason, "The lead must keep the safety plan going")

    def test_expiry_ends_consent_through_the_daily_job(self):
        self.accepted.consent_expires_on = self.today + timedelta(days=30)
        self.assertFalse(self.accepted.consent_ended)
        # The consent ran out: the stored flag is yesterday's.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE focus_situation SET consent_expires_on = %s WHERE id = %s",
            [self.today - timedelta(days=1), self.accepted.id],
        )
        self.accepted.invalidate_recordset()
        self.assertTrue(self.reads(self.user_health))
        ended = self.env["focus.situation"]._cron_consent_ends()
        self.assertEqual(ended, self.accepted)
        self.assertTrue(self.accepted.consent_ended)
        self.assertFalse(self.reads(self.user_health))
        self.assertTrue(self.reads(self.user_housing))
        self.assertIn("Consent ended on", self.accepted.message_ids[0].body)

    def test_ended_consent_is_history(self):
        self.accepted.with_user(self.user_chair).action_withdraw_consent()
        for vals in (
            {"consent_status": "obtained"},
            {"consent_expires_on": self.today + timedelta(days=90)},
            {"consent_date": self.today},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.accepted.with_user(self.user_health).write(vals)
        with self.assertRaises(UserError):
            self.accepted.with_user(self.user_chair).action_withdraw_consent()

    def test_refused_withdrawals(self):
        before = self._snapshot(self.accepted)
        for user, args, error in (
            (self.user_other, (), AccessError),
            (self.user_health, (self.today + timedelta(days=1),), UserError),
            (self.user_health, (self.today - timedelta(days=20),), UserError),
        ):
            with self.subTest(user=user.login, args=args), self.assertRaises(error):
                self.accepted.with_user(user).action_withdraw_consent(*args)
            self.assertEqual(self._snapshot(self.accepted), before)

    def test_consent_cannot_expire_before_it_was_given(self):
        with self.assertRaises(UserError):
            self.accepted.consent_expires_on = self.today - timedelta(days=20)
