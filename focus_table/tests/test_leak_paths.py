from odoo import Command
from odoo.exceptions import AccessError

from .security_common import FocusSecurityCase


class TestLeakPaths(FocusSecurityCase):
    """The leak paths of security/THREAT_MODEL.md that belong to focus_table."""

    def test_identity_values_are_never_tracked(self):
        self.assertNotIn("message_ids", self.env["focus.situation.identity"]._fields)
        self._flush_tracking()
        self.identity.write({"name": "Robin Renamed", "address": "99 Secret Road"})
        self.env["focus.situation.identity"].create(
            {"situation_id": self.accepted.id, "name": "Alex Newname"}
        )
        self.accepted.write({"decision_note": "Checked"})
        self._flush_tracking()
        messages = self.env["mail.message"].sudo().search([])
        values = messages.tracking_value_ids
        texts = [m.body or "" for m in messages]
        texts += [v.old_value_char or "" for v in values] + [
            v.new_value_char or "" for v in values
        ]
        for text in texts:
            for secret in ("Robin", "Secret Road", "Alex Newname", "Hidden Lane"):
                self.assertNotIn(secret, str(text))

    def test_attachments_on_identity_records(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "id-card.txt",
                "raw": b"Robin Testcase card",
                "res_model": "focus.situation.identity",
                "res_id": self.identity.id,
            }
        )
        for user in (
            self.user_housing,
            self.user_chair,
            self.user_manager,
            self.user_other,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                attachment.with_user(user).read(["raw"])
            self.assertFalse(
                self.env["ir.attachment"]
                .with_user(user)
                .search([("id", "=", attachment.id)])
            )
        self.assertEqual(
            attachment.with_user(self.user_health).raw, b"Robin Testcase card"
        )

    def test_following_gives_no_access(self):
        self.accepted.message_subscribe(partner_ids=self.user_other.partner_id.ids)
        self.north.message_subscribe(partner_ids=self.user_housing.partner_id.ids)
        with self.assertRaises(AccessError):
            self.accepted.with_user(self.user_other).read(["summary"])
        with self.assertRaises(AccessError):
            self.identity.with_user(self.user_other).read(["name"])
        with self.assertRaises(AccessError):
            self.north.with_user(self.user_housing).read(["summary"])

    def test_counts_follow_the_users_rights(self):
        for user, expected in (
            (self.user_health, 1),
            (self.user_housing, 0),
            (self.user_chair, 0),
            (self.user_manager, 0),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self.accepted.with_user(user).identity_count, expected)
        # The table's counters count only what the user may see (no draft of others).
        riverside = self.table.with_user(self.user_housing)
        self.assertEqual(riverside.situation_count, 1)
        self.assertEqual(self.table.with_user(self.user_police).situation_count, 2)

    def test_activity_summary_holds_no_identity(self):
        self.accepted.write(
            {"date_decision": self.accepted.date_decision.replace(year=2020)}
        )
        self.accepted.date_received = self.accepted.date_decision.date()
        self.env["focus.situation"]._cron_target_alerts()
        activity = self.accepted.activity_ids
        self.assertTrue(activity)
        # Assignees read activities without access to the record: nothing identifying.
        data = activity.with_user(self.user_health).read(
            ["summary", "note", "res_name"]
        )[0]
        for value in data.values():
            self.assertNotIn("Robin", str(value))
            self.assertNotIn("Hidden Lane", str(value))

    def test_rejection_removes_identities_of_everyone(self):
        situation = self._new_situation()
        self.env["focus.situation.identity"].create(
            {"situation_id": situation.id, "name": "Kim Rejected"}
        )
        situation.action_submit()
        situation.date_decision = situation.date_submitted
        situation.with_user(self.user_chair).action_reject()
        self.assertFalse(
            self.env["focus.situation.identity"]
            .sudo()
            .search([("name", "=", "Kim Rejected")])
        )

    def test_whole_table_never_reaches_other_tables(self):
        # Accepted under whole-table disclosure (the setting of its acceptance).
        self.table.disclosure_mode = "whole_table"
        self.accepted.disclosure_mode = "whole_table"
        self.accepted.assisting_agency_ids = [Command.clear()]
        with self.assertRaises(AccessError):
            self.identity.with_user(self.user_other).read(["name"])
        self.assertEqual(
            self.identity.with_user(self.user_housing).name, "Robin Testcase"
        )

    def test_export_through_the_situation_gives_no_names(self):
        export = self.env.ref("base.group_allow_export")
        fields_ = ["name", "identity_ids/name", "identity_ids/birth_date"]
        users = self.user_housing | self.user_chair | self.user_archivist
        for user in users | self.user_manager:
            with self.subTest(user=user.login):
                user.group_ids += export
                rows = self.accepted.with_user(user).export_data(fields_)["datas"]
                self.assertNotIn("Robin", str(rows))
                self.assertNotIn("2009", str(rows))
                self.assertFalse(self.logs_for(user))
        self.user_health.group_ids += export
        rows = self.accepted.with_user(self.user_health).export_data(fields_)["datas"]
        self.assertIn("Robin Testcase", str(rows))
        self.assertEqual(self.logs_for(self.user_health).identity_count, 1)
