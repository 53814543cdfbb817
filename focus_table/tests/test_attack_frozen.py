import base64

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .attack_common import AttackCase

FROZEN = "was rejected or closed"


@tagged("post_install", "-at_install")
class TestFrozenMeansFrozen(AttackCase):
    """Class 5: a rejected or closed situation takes no new message, attachment
    or activity by any path; an approved meeting keeps its systemic issues."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table.meeting_tz = "UTC"
        Situation = cls.env["focus.situation"]
        cls.rejected = Situation.create(cls._situation_vals())
        cls.rejected.action_submit()
        cls.rejected.date_decision = fields.Datetime.now()
        cls.rejected.action_reject()
        cls.closed = Situation.create(cls._situation_vals(lead_agency_id=cls.health.id))
        cls.closed.action_submit()
        cls.closed.date_decision = fields.Datetime.now()
        cls.closed.action_accept()
        cls.closed.date_intervention = fields.Datetime.now()
        cls.closed.action_start_intervention()
        cls.closed_message = cls.closed.with_user(cls.user_health).message_post(
            body="Visit done.", message_type="comment"
        )
        cls.closed.action_close(cls.conclusion.id)

    def paths(self, situation):
        model_id = self.env["ir.model"]._get_id("focus.situation")
        doc = {"res_model": "focus.situation", "res_id": situation.id}
        return {
            "message_post": (
                "message_post",
                "focus.situation",
                [situation.id],
                {"body": "Note"},
            ),
            "mail.message.create": (
                "create",
                "mail.message",
                [
                    {
                        "model": "focus.situation",
                        "res_id": situation.id,
                        "body": "Note",
                        "message_type": "comment",
                    }
                ],
                {},
            ),
            "attachment": ("create", "ir.attachment", [{**doc, "name": "a.txt"}], {}),
            "attachment with data": (
                "create",
                "ir.attachment",
                [{**doc, "name": "b.txt", "datas": base64.b64encode(b"x").decode()}],
                {},
            ),
            "activity": (
                "create",
                "mail.activity",
                [
                    {
                        "res_model_id": model_id,
                        "res_id": situation.id,
                        "summary": "Call",
                        "user_id": self.user_police.id,
                    }
                ],
                {},
            ),
        }

    def test_nothing_new_by_any_path(self):
        for situation, user in (
            (self.rejected, self.user_police),
            (self.closed, self.user_health),
        ):
            self.as_user(user)
            for name, (method, model, args, kwargs) in self.paths(situation).items():
                with self.subTest(state=situation.state, path=name):
                    error = self.refused(
                        "odoo.exceptions.UserError", model, method, args, **kwargs
                    )
                    self.assertIn(FROZEN, error.message)
            with self.subTest(state=situation.state, path="message_ids"):
                self.refused(
                    "odoo.exceptions.UserError",
                    "focus.situation",
                    "write",
                    [situation.id],
                    {"message_ids": [Command.create({"body": "x"})]},
                )
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "focus.situation"),
                    ("res_id", "=", self.rejected.id),
                ]
            )
        )

    def test_nothing_moved_onto_it_and_nothing_edited_on_it(self):
        self.as_user(self.user_health)
        [attachment] = self.call(
            "ir.attachment",
            "create",
            [
                {
                    "name": "c.txt",
                    "res_model": "focus.situation",
                    "res_id": self.accepted.id,
                }
            ],
        )
        error = self.refused(
            "odoo.exceptions.UserError",
            "ir.attachment",
            "write",
            [attachment],
            {"res_id": self.closed.id},
        )
        self.assertIn(FROZEN, error.message)
        self.refused(
            "odoo.exceptions.UserError",
            "mail.message",
            "write",
            [self.closed_message.id],
            {"body": "<p>Changed afterwards</p>"},
        )

    def test_outsiders_learn_nothing_of_the_frozen_state(self):
        """A user who may not change a record is refused for that, before the
        state of its document is looked at (which would name the document)."""
        [attachment] = (
            self.env["ir.attachment"]
            .create(
                [
                    {
                        "name": "d.txt",
                        "res_model": "focus.situation",
                        "res_id": self.closed.id,
                    }
                ]
            )
            .ids
        )
        self.as_user(self.user_housing)
        for model, record_id, vals in (
            ("mail.message", self.closed_message.id, {"body": "<p>Changed</p>"}),
            ("ir.attachment", attachment, {"name": "e.txt"}),
        ):
            with self.subTest(model=model):
                error = self.refused(
                    "odoo.exceptions.AccessError", model, "write", [record_id], vals
                )
                self.assertNotIn(self.closed.name, error.message)
                self.assertNotIn(FROZEN, error.message)

    def test_reopening_takes_messages_again(self):
        self.closed.with_user(self.user_chair).action_reopen("New incident reported.")
        self.as_user(self.user_health)
        self.call("focus.situation", "message_post", [self.closed.id], body="Back on.")

    def test_approved_meeting_keeps_its_systemic_issues(self):
        Meeting = self.env["focus.meeting"]
        meeting = Meeting.create(
            {"table_id": self.table.id, "date_start": fields.Datetime.now()}
        ).with_user(self.user_chair)
        meeting.action_prepare_agenda()
        meeting.action_start()
        Issue = self.env["focus.systemic.issue"].with_user(self.user_chair)
        raised = Issue.create(
            {
                "name": "No youth shelter beds",
                "table_id": self.table.id,
                "meeting_id": meeting.id,
            }
        )
        other = Issue.create(
            {"name": "Long waits for detox", "table_id": self.table.id}
        )
        meeting.action_close()
        meeting.action_approve()
        self.assertEqual(meeting.state, "approved")
        self.as_user(self.user_chair)
        for model, method, args in (
            ("focus.systemic.issue", "write", [[raised.id], {"meeting_id": False}]),
            ("focus.systemic.issue", "write", [[other.id], {"meeting_id": meeting.id}]),
            (
                "focus.systemic.issue",
                "create",
                [
                    [
                        {
                            "name": "Late",
                            "table_id": self.table.id,
                            "meeting_id": meeting.id,
                        }
                    ]
                ],
            ),
        ):
            with self.subTest(args=args):
                error = self.refused("odoo.exceptions.UserError", model, method, *args)
                self.assertIn("approved and locked", error.message)
        self.assertEqual(raised.meeting_id, meeting)
        self.assertFalse(other.meeting_id)
        with self.assertRaises(UserError):
            raised.with_user(self.user_chair).meeting_id = False
