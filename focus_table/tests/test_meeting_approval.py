import hashlib
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from .meeting_common import FocusMeetingCase


class TestMeetingApproval(FocusMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Situation = cls.env["focus.situation"]
        cls.new = Situation.create(
            cls._situation_vals(summary="Teen missing from home twice.")
        )
        cls.new.action_submit()
        cls.env["focus.situation.identity"].create(
            {
                "situation_id": cls.new.id,
                "name": "Quentin Minutesworth",
                "address": "3 Lark Rise",
            }
        )
        cls.deferred = Situation.create(cls._situation_vals())
        cls.deferred.action_submit()

    def _closed_meeting(self):
        meeting = self._running_meeting()
        meeting.attendance_ids.filtered(
            lambda a: a.user_id == self.user_housing
        ).status = "excused"
        meeting.with_user(self.user_police).action_acknowledge_confidentiality()
        item = self._item_of(meeting, self.new)
        item.write(
            {
                "notes": "Consensus: AER. Joint visit within 24 hours.",
                "lead_agency_id": self.health.id,
                "assisting_agency_ids": [Command.set(self.police.ids)],
            }
        )
        item.action_accept()
        item.write(
            {
                "action_ids": [
                    Command.create(
                        {
                            "name": "Joint home visit with police liaison",
                            "agency_id": self.health.id,
                            "user_id": self.user_health.id,
                            "date_deadline": fields.Date.today() + timedelta(days=1),
                        }
                    )
                ],
            }
        )
        self._item_of(meeting, self.deferred).action_defer()
        meeting.action_close()
        return meeting

    def test_minutes_drafted_de_identified(self):
        meeting = self._closed_meeting()
        self.assertEqual(meeting.state, "done")
        self.assertTrue(meeting.date_closed)
        text = html2plaintext(meeting.minutes)
        for expected in (
            "Test Riverside",
            meeting.name,
            self.new.name,
            "Accepted (AER)",
            "Test Mental Health",
            "Joint home visit with police liaison",
            "Consensus: AER",
            self.deferred.name,
            "Deferred to the next meeting",
            self.user_police.name,
            "Excused",
        ):
            self.assertIn(expected, text)
        for forbidden in ("Quentin", "Minutesworth", "Lark Rise", self.new.summary):
            self.assertNotIn(forbidden, text)
        # The chair corrects the draft before approving.
        meeting.minutes = meeting.minutes + "<p>Next meeting in the library.</p>"
        meeting.action_redraft_minutes()
        self.assertNotIn("library", meeting.minutes)

    def test_approval_archives_and_hashes_the_minutes(self):
        meeting = self._closed_meeting()
        meeting.action_approve()
        self.assertEqual(meeting.state, "approved")
        self.assertEqual(meeting.approved_by_id, self.user_chair)
        attachment = meeting.minutes_attachment_id.sudo()
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("focus.meeting", meeting.id)
        )
        self.assertEqual(attachment.name, f"Minutes {meeting.name}.html")
        digest = hashlib.sha256(attachment.raw).hexdigest()
        self.assertEqual(meeting.minutes_sha256, digest)
        content, filename, mimetype = meeting._render_minutes_document()
        self.assertEqual(
            (hashlib.sha256(content).hexdigest(), filename, mimetype),
            (digest, attachment.name, "text/html"),
        )
        self.assertIn(meeting.name, content.decode())
        self.assertNotIn("Minutesworth", content.decode())
        self._flush_tracking()
        meeting.invalidate_recordset(["message_ids"])
        posted = meeting.message_ids.filtered(lambda m: digest in (m.body or ""))
        self.assertEqual(len(posted), 1)
        self.assertIn("SHA-256", posted.body)

    def test_approval_without_calendar_event(self):
        """A meeting whose calendar event was deleted is approved all the same."""
        meeting = self._closed_meeting()
        meeting.sudo().calendar_event_id.unlink()
        self.assertFalse(meeting.calendar_event_id)
        meeting.action_approve()
        self.assertEqual(meeting.state, "approved")
        self.assertTrue(meeting.minutes_attachment_id)
        self.assertFalse(meeting.calendar_event_id)

    def test_approval_needs_a_closed_meeting(self):
        meeting = self._running_meeting()
        with self.assertRaisesRegex(
            UserError, "cannot be approved while it is In Progress"
        ):
            meeting.action_approve()
        self.assertFalse(meeting.minutes_attachment_id)
        with self.assertRaises(UserError):
            self.Meeting.create(
                {
                    "table_id": self.table.id,
                    "date_start": self._meeting_start(),
                    "state": "approved",
                }
            )

    def _record_state(self, records):
        """The stored values of the records, without their chatter and activities."""
        self._flush_tracking()
        records.invalidate_recordset()
        names = [
            name
            for name, field in records._fields.items()
            if field.store
            and name != "write_date"
            and not name.startswith(("message_", "activity_", "website_message_"))
        ]
        return records.sudo().read(names)

    def _assert_locked(self, records, operation, *args):
        """The operation raises a UserError about the lock and changes nothing."""
        before = self._record_state(records)
        with self.assertRaisesRegex(UserError, "approved and locked|approved minutes"):
            getattr(records, operation)(*args)
        self.assertEqual(self._record_state(records), before)

    def test_approved_meeting_refuses_every_change(self):
        meeting = self._closed_meeting()
        meeting.action_approve()
        item = meeting.item_ids[0]
        row = meeting.attendance_ids[0]
        for user in (self.user_manager, self.user_chair):
            with self.subTest(user=user.login):
                m, i, a = (
                    meeting.with_user(user),
                    item.with_user(user),
                    row.with_user(user),
                )
                self._assert_locked(i, "write", {"notes": "Changed afterwards"})
                self._assert_locked(i, "write", {"sequence": 999})
                self._assert_locked(i, "unlink")
                self._assert_locked(a, "write", {"status": "absent"})
                self._assert_locked(a, "unlink")
                self._assert_locked(m, "write", {"minutes": "<p>Rewritten</p>"})
                self._assert_locked(
                    m, "write", {"date_start": meeting.date_start + timedelta(hours=1)}
                )
                self._assert_locked(m, "unlink")
                self._assert_locked(m, "action_redraft_minutes")
                self._assert_locked(m, "action_prepare_agenda")
                self._assert_locked(m, "action_approve")
                self._assert_locked(i, "action_accept")
                with self.assertRaisesRegex(UserError, "approved and locked"):
                    self.Item.with_user(user).create(
                        {
                            "meeting_id": meeting.id,
                            "kind": "other",
                            "name": "Late addition",
                        }
                    )
                with self.assertRaisesRegex(UserError, "approved and locked"):
                    self.env["focus.meeting.attendance"].with_user(user).create(
                        {
                            "meeting_id": meeting.id,
                            "guest_name": "Late guest",
                            "status": "guest",
                        }
                    )
                with self.assertRaisesRegex(UserError, "approved and locked"):
                    self.Action.with_user(user).create(
                        {
                            "name": "Late action",
                            "meeting_id": meeting.id,
                            "agency_id": self.police.id,
                            "date_deadline": fields.Date.today(),
                        }
                    )
                self._assert_locked(meeting.action_ids.with_user(user), "unlink")
        # Not even in sudo; and representatives cannot acknowledge any more.
        self._assert_locked(item.sudo(), "write", {"notes": "Changed in sudo"})
        self._assert_locked(meeting.sudo(), "write", {"minutes": "<p>sudo</p>"})
        self._assert_locked(
            meeting.with_user(self.user_health), "action_acknowledge_confidentiality"
        )
        self.assertEqual(meeting.item_count, 2)

    def test_archived_document_cannot_be_replaced(self):
        meeting = self._closed_meeting()
        meeting.action_approve()
        attachment = meeting.minutes_attachment_id
        for user in (self.user_chair, self.user_manager):
            with self.assertRaisesRegex(UserError, "approved minutes"):
                attachment.with_user(user).write({"raw": b"<p>forged</p>"})
            with self.assertRaisesRegex(UserError, "approved minutes"):
                attachment.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "approved minutes"):
            attachment.sudo().write({"datas": False})
        self.assertEqual(
            hashlib.sha256(attachment.sudo().raw).hexdigest(), meeting.minutes_sha256
        )

    def test_actions_live_on_after_approval(self):
        meeting = self._closed_meeting()
        meeting.action_approve()
        action = meeting.action_ids.with_user(self.user_health)
        action.write({"result": "Visit done; family accepted support."})
        action.action_done()
        self.assertEqual(action.state, "done")
