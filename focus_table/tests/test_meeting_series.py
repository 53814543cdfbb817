from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.exceptions import ValidationError

from .meeting_common import FocusMeetingCase


class TestMeetingSeries(FocusMeetingCase):
    def _series(self, table=None):
        return self.Meeting.search(
            [("table_id", "=", (table or self.table).id), ("series_date", "!=", False)],
            order="date_start",
        )

    def _expected_days(self, weekdays, every_other_week=False, start=None):
        today = fields.Date.today()
        start = start or today
        monday = start - timedelta(days=start.weekday())
        days = []
        for offset in range(8 * 7):
            day = today + timedelta(days=offset)
            if day < start or day.weekday() not in weekdays:
                continue
            if every_other_week and ((day - monday).days // 7) % 2:
                continue
            days.append(day)
        return days

    def test_weekly_series_fills_eight_weeks(self):
        self.table.write(
            {
                "meeting_frequency": "weekly",
                "meeting_weekday": "1",
                "meeting_hour": 10.0,
                "meeting_duration": 2.0,
                "meeting_location": "Civic Centre, room 4",
            }
        )
        meetings = self._series()
        self.assertEqual(meetings.mapped("series_date"), self._expected_days({1}))
        self.assertEqual(len(meetings), 8)
        self.assertEqual(set(meetings.mapped("state")), {"draft"})
        first = meetings[0]
        self.assertEqual(
            first.date_start, datetime.combine(first.series_date, time(10))
        )
        self.assertEqual(first.date_end - first.date_start, timedelta(hours=2))
        self.assertEqual(first.location, "Civic Centre, room 4")
        self.assertEqual(first.chair_id, self.user_chair)
        self.assertEqual(first.name, f"TRV {first.series_date.isoformat()}")
        # The job adds nothing while the weeks ahead are filled.
        self.env["focus.table"]._cron_generate_meetings()
        self.assertEqual(self._series(), meetings)

    def test_twice_weekly_and_every_two_weeks(self):
        self.table.write(
            {
                "meeting_frequency": "twice_weekly",
                "meeting_weekday": "0",
                "meeting_weekday_2": "3",
            }
        )
        self.assertEqual(
            self._series().mapped("series_date"), self._expected_days({0, 3})
        )
        self.assertEqual(len(self._series()), 16)
        start = fields.Date.today()
        self.table_north.write(
            {
                "meeting_frequency": "biweekly",
                "meeting_weekday": "2",
                "meeting_series_start": start,
            }
        )
        north = self._series(self.table_north)
        self.assertEqual(
            north.mapped("series_date"), self._expected_days({2}, True, start)
        )
        self.assertIn(len(north), (4, 5))
        gaps = {
            (b - a).days
            for a, b in zip(
                north[:-1].mapped("series_date"),
                north[1:].mapped("series_date"),
                strict=True,
            )
        }
        self.assertEqual(gaps, {14})

    def test_schedule_in_the_table_timezone(self):
        self.table.write(
            {
                "meeting_tz": "America/Toronto",
                "meeting_frequency": "weekly",
                "meeting_weekday": "4",
                "meeting_hour": 9.5,
            }
        )
        meeting = self._series()[0]
        local = pytz.utc.localize(meeting.date_start).astimezone(
            pytz.timezone("America/Toronto")
        )
        self.assertEqual(
            (local.date(), local.hour, local.minute), (meeting.series_date, 9, 30)
        )

    def test_cancelling_a_meeting_keeps_the_series(self):
        self.table.write({"meeting_frequency": "weekly", "meeting_weekday": "2"})
        meetings = self._series()
        cancelled = meetings[1].with_user(self.user_chair)
        cancelled.action_cancel()
        self.assertEqual(cancelled.state, "cancelled")
        self.table._generate_meetings()
        self.env["focus.table"]._cron_generate_meetings()
        after = self._series()
        self.assertEqual(after, meetings, "the cancelled day is not planned again")
        self.assertEqual(
            after.filtered(lambda m: m.state == "cancelled"), cancelled.sudo()
        )
        # Moving a meeting does not bring its day back either.
        meetings[2].date_start += timedelta(days=1)
        self.table._generate_meetings()
        self.assertEqual(self._series(), meetings)

    def test_schedule_change_moves_untouched_meetings(self):
        # Days after today, so that every planned meeting is still ahead.
        tomorrow = (fields.Date.today().weekday() + 1) % 7
        later = (tomorrow + 1) % 7
        self.table.write(
            {"meeting_frequency": "weekly", "meeting_weekday": str(tomorrow)}
        )
        first = self._series()[0]
        prepared = self._series()[1]
        self.Item.create(
            {"meeting_id": prepared.id, "kind": "other", "name": "Terms of reference"}
        )
        self.table.meeting_weekday = str(later)
        series = self._series()
        self.assertFalse(
            first.exists(), "an empty planned meeting follows the schedule"
        )
        self.assertIn(prepared, series, "a meeting with an agenda is kept")
        self.assertEqual(
            (series - prepared).mapped("series_date"),
            self._expected_days({later}),
        )
        self.table.meeting_frequency = "none"
        self.assertEqual(self._series(), prepared)

    def test_schedule_checks(self):
        with self.assertRaises(ValidationError):
            self.table.write(
                {
                    "meeting_frequency": "twice_weekly",
                    "meeting_weekday": "1",
                    "meeting_weekday_2": "1",
                }
            )
        with self.assertRaises(ValidationError):
            self.table.write({"meeting_frequency": "weekly", "meeting_duration": 0})
        self.assertFalse(self._series())

    def test_manual_meeting_takes_table_defaults(self):
        self.table.write({"meeting_location": "Town hall", "meeting_duration": 1.0})
        meeting = self._new_meeting(days=3)
        self.assertFalse(meeting.series_date)
        self.assertEqual(meeting.location, "Town hall")
        self.assertEqual(meeting.chair_id, self.user_chair)
        self.assertEqual(meeting.date_end - meeting.date_start, timedelta(hours=1))
