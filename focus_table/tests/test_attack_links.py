from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .attack_common import AttackCase

DENIED = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestNoReidentificationThroughLinks(AttackCase):
    """Class 7: repeat links show only to those who know both persons; minutes
    follow the confidentiality rule of the agenda items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table.meeting_tz = "UTC"
        Situation = cls.env["focus.situation"]
        Identity = cls.env["focus.situation.identity"]
        person = {"name": "Sam Repeatperson", "birth_date": "2008-08-08"}
        # Earlier: presented by housing; later: by police, led by health.
        cls.earlier = Situation.create(
            cls._situation_vals(
                originating_agency_id=cls.housing.id,
                date_received=fields.Date.today() - timedelta(days=60),
            )
        )
        Identity.create({"situation_id": cls.earlier.id, **person})
        cls.earlier.action_submit()
        cls.later = Situation.create(cls._situation_vals(lead_agency_id=cls.health.id))
        Identity.create({"situation_id": cls.later.id, **person})
        cls.later.action_submit()
        cls.later.date_decision = fields.Datetime.now()
        cls.later.action_accept()

    def links(self, user, situation):
        self.as_user(user)
        return self.call(
            "focus.situation",
            "web_read",
            [situation.id],
            {"is_repeat": {}, "repeat_link_ids": {}},
        )[0]

    def test_repeat_links(self):
        self.assertEqual(self.later.repeat_of_ids, self.earlier)
        for user in (
            self.user_housing,
            self.user_health,
            self.user_school,
            self.user_chair,
        ):
            with self.subTest(user=user.login):
                values = self.links(user, self.later)
                self.assertTrue(values["is_repeat"])
                self.assertEqual(values["repeat_link_ids"], [])
                self.refused(
                    DENIED,
                    "focus.situation",
                    "read",
                    [self.later.id],
                    ["repeat_of_ids"],
                )
                self.refused(
                    DENIED,
                    "focus.situation",
                    "search_count",
                    [("repeat_of_ids", "=", self.earlier.id)],
                )
        # Housing joins the later situation: it knows both persons now.
        self.later.action_change_agencies(
            self.health.id, self.housing.ids, "Housing support needed"
        )
        self.assertEqual(
            self.links(self.user_housing, self.later)["repeat_link_ids"],
            self.earlier.ids,
        )

    def minutes_meeting(self):
        meeting = (
            self.env["focus.meeting"]
            .create({"table_id": self.table.id, "date_start": fields.Datetime.now()})
            .with_user(self.user_chair)
        )
        meeting.action_prepare_agenda()
        meeting.action_start()
        meeting.with_user(self.user_health).action_acknowledge_confidentiality()
        meeting.action_close()
        meeting.minutes = "<p>Consensus reached on the youth situation.</p>"
        meeting.action_approve()
        return meeting

    def test_minutes_follow_the_confidentiality_statement(self):
        meeting = self.minutes_meeting()
        attachment = meeting.sudo().minutes_attachment_id
        self.assertTrue(attachment)
        for user, readable in (
            (self.user_housing, False),
            (self.user_health, True),
            (self.user_chair, True),
            (self.user_archivist, True),
        ):
            with self.subTest(user=user.login):
                self.as_user(user)
                values = self.call(
                    "focus.meeting", "web_read", [meeting.id], {"minutes": {}}
                )
                self.assertEqual("Consensus" in (values[0]["minutes"] or ""), readable)
                response = self.url_open(f"/web/content/{attachment.id}?download=true")
                self.assertEqual(response.status_code == 200, readable)
                if not readable:
                    self.assertNotIn(b"Consensus", response.content)
                    self.refused(
                        DENIED,
                        "ir.attachment",
                        "read",
                        [attachment.id],
                        ["raw"],
                    )
                    self.refused(
                        DENIED,
                        "focus.meeting",
                        "export_data",
                        [meeting.id],
                        ["minutes"],
                    )
                self.refused(
                    DENIED,
                    "focus.meeting",
                    "search_count",
                    [("minutes", "ilike", "consensus")],
                )
