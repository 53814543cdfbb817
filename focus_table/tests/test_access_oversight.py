from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.focus_table.models.focus_access_log import forced_channel

from .security_common import FocusSecurityCase


class TestAccessOversight(FocusSecurityCase):
    """The chair's oversight of identity reads: flags, to-dos and reviews."""

    def read_identities(self, user, situation, reason=False, channel="form"):
        self.env.invalidate_all()
        with forced_channel(channel):
            self.env["focus.situation.identity"].with_user(user).with_context(
                focus_access_reason=reason
            ).search([("situation_id", "=", situation.id)]).read(["name"])
        return self.logs_for(user, situation).sorted("id")[-1:]

    def check(self):
        return self.Log._check_flags()

    def test_read_outside_the_agencys_involvement(self):
        entry = self.read_identities(self.user_health, self.accepted, "Planning")
        # The read happened before the lead agency was given the details.
        entry.sudo().write({"date": fields.Datetime.now() - timedelta(days=2)})
        self.check()
        self.assertEqual(entry.flag, "outside")
        self.assertEqual(entry.review_state, "to_review")
        # The originating agency is never outside.
        own = self.read_identities(
            self.user_police, self.accepted, "Immediate safety concern"
        )
        self.check()
        self.assertFalse(own.flag)

    def test_read_of_a_closed_situation(self):
        situation = self.accepted
        situation.action_start_intervention(date_intervention=fields.Datetime.now())
        situation.action_close(conclusion_id=self.conclusion.id)
        entry = self.read_identities(self.user_police, situation, "Follow-up")
        self.check()
        self.assertEqual(entry.flag, "closed")

    def test_read_of_a_closed_situation_where_the_day_is_not_utcs(self):
        # At 23:30 UTC it is already tomorrow in Auckland and still today in
        # Honolulu: the closing day and the read's day are both the local day.
        for zone in ("Pacific/Auckland", "Pacific/Honolulu"):
            with self.subTest(zone=zone), freeze_time("2026-03-10 23:30:00"):
                self.env.user.tz = zone
                situation = self._accepted_situation(lead_agency_id=self.police.id)
                self.env["focus.situation.identity"].create(
                    {"situation_id": situation.id, "name": "Alex Night"}
                )
                situation.action_start_intervention(
                    date_intervention=fields.Datetime.now()
                )
                situation.action_close(conclusion_id=self.conclusion.id)
                entry = self.read_identities(self.user_police, situation, "Follow-up")
                self.check()
                self.assertEqual(entry.flag, "closed")

    def test_many_situations_in_a_short_time(self):
        self.table.oversight_burst_count = 2
        situations = self.accepted
        for _i in range(2):
            situation = self._accepted_situation(lead_agency_id=self.health.id)
            self.env["focus.situation.identity"].create(
                {"situation_id": situation.id, "name": "Sam Burst"}
            )
            situations |= situation
        entries = self.Log.browse()
        for situation in situations:
            entries |= self.read_identities(
                self.user_police, situation, "Planning or carrying out the intervention"
            )
        self.check()
        self.assertEqual(entries.mapped("flag"), [False, False, "burst"])

    def test_reasons_missing_short_or_repeated(self):
        standard = "Planning or carrying out the intervention"
        ok = self.read_identities(self.user_police, self.accepted, standard)
        missing = self.read_identities(self.user_police, self.accepted, False, "list")
        short = self.read_identities(self.user_police, self.accepted, "Other: checking")
        self.check()
        self.assertFalse(ok.flag)
        self.assertEqual(missing.flag, "reason")
        self.assertEqual(short.flag, "reason")
        repeated = self.Log.browse()
        for _i in range(5):
            repeated |= self.read_identities(
                self.user_health, self.accepted, "Other: routine check of the file"
            )
            self.check()
        self.assertEqual(repeated.mapped("flag"), [False] * 4 + ["reason"])

    def test_the_chair_gets_a_to_do_without_identifying_detail(self):
        entry = self.read_identities(self.user_police, self.accepted, False, "list")
        self.check()
        self.check()  # a second run flags nothing twice
        activity = entry.sudo().activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_chair)
        text = f"{activity.summary} {activity.note}"
        self.assertIn(self.accepted.name, text)
        for detail in ("Robin", "Testcase", "Hidden Lane", "2009"):
            self.assertNotIn(detail, text)

    def test_review_by_the_tables_chair_only(self):
        entry = self.read_identities(self.user_police, self.accepted, False, "list")
        self.check()
        other_chair = new_test_user(
            self.env,
            login="t_north_chair",
            groups="base.group_user,focus_table.group_chair",
        )
        self.table_north.chair_ids = other_chair
        for user in (self.user_police, self.user_health, other_chair):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                entry.with_user(user).action_mark_reviewed("Seen.")
        review = (
            self.env["focus.access.review"]
            .with_user(self.user_chair)
            .create({"log_id": entry.id, "note": "Asked the officer: data entry."})
        )
        review.action_confirm()
        self.assertEqual(entry.review_state, "reviewed")
        self.assertEqual(entry.reviewed_by_id, self.user_chair)
        self.assertEqual(entry.review_note, "Asked the officer: data entry.")
        self.assertFalse(entry.sudo().activity_ids)

    def test_the_log_stays_append_only(self):
        entry = self.read_identities(self.user_police, self.accepted, False, "list")
        self.check()
        for vals in (
            {"reason": "Better reason"},
            {"user_id": self.user_health.id},
            {"flag": False},
            {"review_state": "reviewed"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                entry.with_user(self.user_chair).write(vals)
        self.assertEqual(entry.review_state, "to_review")
        self.assertFalse(entry.reason)

    def test_demo_month_has_two_flagged_reads(self):
        demo = self.env.ref(
            "focus_table.user_riverside_police", raise_if_not_found=False
        )
        if not demo:
            self.skipTest("Installed without demo data.")
        flagged = self.Log.sudo().search([("flag", "!=", False)])
        self.assertEqual(sorted(flagged.mapped("flag")), ["closed", "reason"])
        self.assertGreaterEqual(self.Log.sudo().search_count([]), 10)
