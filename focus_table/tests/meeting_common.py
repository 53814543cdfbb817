from datetime import datetime, time, timedelta

from odoo import fields

from .common import FocusTableCase


class FocusMeetingCase(FocusTableCase):
    """Meetings of the Riverside test table, in UTC, without invitation mails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        (cls.table | cls.table_north).write({"meeting_tz": "UTC"})
        cls.Meeting = cls.env["focus.meeting"]
        cls.Item = cls.env["focus.meeting.item"]
        cls.Action = cls.env["focus.action"]

    @classmethod
    def _meeting_start(cls, days=0, hour=10):
        return datetime.combine(fields.Date.today() + timedelta(days=days), time(hour))

    def _new_meeting(self, table=None, days=0, hour=10, **vals):
        return self.Meeting.create(
            {
                "table_id": (table or self.table).id,
                "date_start": self._meeting_start(days, hour),
                **vals,
            }
        )

    def _submitted_situation(self, **overrides):
        situation = self._new_situation(**overrides)
        situation.action_submit()
        return situation

    def _running_meeting(self, **vals):
        """A meeting of the test table, agenda prepared and started by its chair."""
        meeting = self._new_meeting(**vals).with_user(self.user_chair)
        meeting.action_prepare_agenda()
        meeting.action_start()
        return meeting

    def _item_of(self, meeting, situation, kind=None):
        items = meeting.sudo().item_ids.filtered(
            lambda i: i.situation_id == situation and (not kind or i.kind == kind)
        )
        return items.with_env(meeting.env)

    def _new_action(
        self, situation=None, meeting=None, agency=None, user=None, days=7, **vals
    ):
        agency = agency or self.police
        return self.Action.create(
            {
                "name": "Check in with the school counsellor",
                "table_id": self.table.id,
                "situation_id": situation.id if situation else False,
                "meeting_id": meeting.id if meeting else False,
                "agency_id": agency.id,
                "user_id": user.id if user else False,
                # "Overdue" is told in the user's time zone, as the deadline is.
                "date_deadline": fields.Date.context_today(self.Action)
                + timedelta(days=days),
                **vals,
            }
        )
