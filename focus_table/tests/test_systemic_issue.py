from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .security_common import FocusSecurityCase


class TestSystemicIssue(FocusSecurityCase):
    """Gaps the table keeps meeting: who sees them, who moves them, and the agenda."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        cls.Issue = cls.env["focus.systemic.issue"]
        cls.issue = cls.Issue.create(
            {
                "name": "No detox bed within 48 hours",
                "table_id": cls.table.id,
                "description": "Withdrawal beds are full for a week at a time.",
                "situation_ids": [Command.set(cls.accepted.ids)],
            }
        )

    def test_who_reads_and_who_writes(self):
        mine = [("table_id", "in", (self.table | self.table_north).ids)]
        for user in (
            self.user_police,
            self.user_housing,
            self.user_archivist,
            self.user_chair,
            self.user_manager,
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self.Issue.with_user(user).search(mine), self.issue)
        self.assertFalse(self.Issue.with_user(self.user_other).search(mine))
        with self.assertRaises(AccessError):
            self.issue.with_user(self.user_other).read(["name"])
        for user in (self.user_police, self.user_archivist):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.issue.with_user(user).write({"recommendation": "More beds"})
                with self.assertRaises(AccessError):
                    self.Issue.with_user(user).create(
                        {"name": "Another gap", "table_id": self.table.id}
                    )
        created = self.Issue.with_user(self.user_chair).create(
            {"name": "No youth shelter at night", "table_id": self.table.id}
        )
        self.assertEqual(created.status, "open")
        with self.assertRaises(AccessError):
            self.Issue.with_user(self.user_chair).create(
                {"name": "Not my table", "table_id": self.table_north.id}
            )

    def test_status_moves_with_the_chairs_buttons(self):
        issue = self.issue.with_user(self.user_chair)
        with self.assertRaises(UserError):
            issue.action_recommend()  # no recommendation yet
        issue.write(
            {
                "recommendation": "Reserve two beds for the table's referrals.",
                "addressed_to": "Regional Health Authority",
            }
        )
        issue.action_recommend()
        self.assertEqual(issue.status, "recommended")
        issue.action_escalate()
        self.assertEqual(issue.status, "escalated")
        with self.assertRaises(UserError):
            issue.action_resolve()  # no response yet
        issue.response = "Two beds reserved from next month."
        issue.action_resolve()
        self.assertEqual(issue.status, "resolved")
        self.assertEqual(issue.date_response, fields.Date.context_today(issue))
        # A plain write of the status is refused, whoever makes it.
        for user in (self.user_chair, self.user_manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.issue.with_user(user).write({"status": "open"})
        other_chair = new_test_user(
            self.env,
            login="t_north_chair",
            groups="base.group_user,focus_table.group_chair",
        )
        self.table_north.chair_ids = other_chair
        with self.assertRaises(AccessError):
            self.issue.with_user(other_chair).action_reopen()
        issue.action_reopen()
        self.assertEqual(issue.status, "open")
        self.assertFalse(issue.date_response)

    def test_raised_at_a_meeting_goes_on_its_agenda(self):
        self.table.meeting_tz = "UTC"
        meeting = self.env["focus.meeting"].create(
            {"table_id": self.table.id, "date_start": fields.Datetime.now()}
        )
        issue = self.Issue.with_user(self.user_chair).create(
            {
                "name": "No after-hours crisis team",
                "table_id": self.table.id,
                "meeting_id": meeting.id,
            }
        )
        item = meeting.item_ids.filtered(lambda i: i.kind == "systemic_issue")
        self.assertEqual(item.systemic_issue_id, issue)
        self.assertEqual(meeting.systemic_issue_ids, issue)
        self.assertIn(issue.name, item.display_name)
        with self.assertRaises(ValidationError):
            self.env["focus.meeting.item"].create(
                {"meeting_id": meeting.id, "kind": "systemic_issue"}
            )
        with self.assertRaises(ValidationError):
            self.Issue.create(
                {
                    "name": "Wrong table",
                    "table_id": self.table_north.id,
                    "meeting_id": meeting.id,
                }
            )

    def test_texts_stay_de_identified(self):
        # The chair's agency assists: the chair reads the identities, so its texts
        # are compared with them (test_attack_oracle covers chairs who do not).
        self.accepted.action_change_agencies(
            self.health.id, (self.school | self.chair_agency).ids, "Safety plan"
        )
        for vals in (
            {"description": "Robin Testcase waited nine days for a bed."},
            {"recommendation": "Call Mrs Testcase first."},
            {"name": "Beds near 12 Hidden Lane"},
        ):
            with self.subTest(vals=list(vals)), self.assertRaises(ValidationError):
                self.issue.with_user(self.user_chair).write(vals)
        with self.assertRaises(ValidationError):
            self.issue.with_user(self.user_chair).message_post(
                body="Robin Testcase again", message_type="comment"
            )
        self.assertEqual(
            self.issue.description, "Withdrawal beds are full for a week at a time."
        )

    def test_counts_only_in_reports(self):
        self.assertEqual(self.issue.with_user(self.user_housing).situation_count, 1)
