"""Meetings, their agenda items and attendance."""

import bisect
from datetime import datetime, timedelta

import pytz

from .copy_writer import copy_rows, reserve_ids
from .plan import DAY, MEETINGS_PER_SITUATION, MINUTES, SPAN_DAYS, SUPERUSER_ID


class MeetingsLoader:
    def _plan_meetings(self):
        """Meetings of each table, evenly over the span, the last two days ago."""
        rng = self.rng
        per_table = max(
            12, round(self.n_situations * MEETINGS_PER_SITUATION / self.n_tables)
        )
        last = self.today - 2 * DAY
        step = SPAN_DAYS / per_table
        self.meetings = {}  # table id -> sorted list of (start utc, meeting id)
        self.meeting_rows = []
        first_id = reserve_ids(
            self.cr, "focus_meeting", (per_table + 1) * len(self.tables)
        )
        next_id = first_id
        for table_id, info in self.table_info.items():
            tz = info["tz"]
            plan = []
            for k in range(per_table + 1):
                # k == per_table: the next meeting, two days ahead, still a draft.
                day = (
                    last - timedelta(days=int((per_table - 1 - k) * step))
                    if k < per_table
                    else self.today + 2 * DAY
                )
                local = tz.localize(datetime.combine(day, datetime.min.time()))
                start = (local + timedelta(hours=10)).astimezone(pytz.utc)
                start = start.replace(tzinfo=None)
                plan.append((start, next_id, day))
                next_id += 1
            self.meetings[table_id] = plan
            for start, meeting_id, day in plan:
                future = start > self.now
                cancelled = not future and rng.random() < 0.01
                state = "draft" if future else "cancelled" if cancelled else "done"
                end = start + timedelta(hours=1.5)
                self.meeting_rows.append(
                    (
                        meeting_id,
                        table_id,
                        f"{info['code']} {day.isoformat()}",
                        state,
                        start,
                        1.5,
                        end,
                        info["location"],
                        info["chair"],
                        info["archivist"],
                        MINUTES if state == "done" else None,
                        end if state == "done" else None,
                        info["chair"],
                        start - 14 * DAY,
                        SUPERUSER_ID,
                        end if state == "done" else start - 14 * DAY,
                    )
                )
        self.meeting_starts = {
            t: [start for start, _id, _day in plan] for t, plan in self.meetings.items()
        }
        self.meeting_state = {row[0]: row[3] for row in self.meeting_rows}

    def _load_meetings(self):
        self.stats["meetings"] = copy_rows(
            self.cr,
            "focus_meeting",
            [
                "id",
                "table_id",
                "name",
                "state",
                "date_start",
                "duration",
                "date_end",
                "location",
                "chair_id",
                "minute_taker_id",
                "minutes",
                "date_closed",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            self.meeting_rows,
        )
        self.loaded_ids = {"focus.meeting": [row[0] for row in self.meeting_rows]}

    def _meeting_after(self, table_id, moment, done_only=True):
        """The first held meeting of the table starting at or after ``moment``."""
        starts = self.meeting_starts[table_id]
        plan = self.meetings[table_id]
        k = bisect.bisect_left(starts, moment)
        while k < len(plan):
            start, meeting_id, _day = plan[k]
            if not done_only or self.meeting_state[meeting_id] == "done":
                return start, meeting_id
            k += 1
        return None

    def _load_items_and_attendance(self):
        rng = self.rng
        items = []
        item_agencies = []
        per_meeting = {}
        for s in self.situations:
            if s["meeting"]:
                per_meeting.setdefault(s["meeting"], []).append(("new_situation", s))
            if s["update_meeting"]:
                per_meeting.setdefault(s["update_meeting"][1], []).append(("update", s))
        total = sum(len(v) for v in per_meeting.values())
        first_id = reserve_ids(self.cr, "focus_meeting_item", total)
        next_id = first_id
        meeting_table = {row[0]: row[1] for row in self.meeting_rows}
        meeting_start = {row[0]: row[4] for row in self.meeting_rows}
        self.update_item = {}
        self.new_item = {}
        for meeting_id, entries in per_meeting.items():
            # Updates first, then new situations (focus_meeting_agenda.py).
            entries.sort(key=lambda e: (e[0] != "update", e[1]["id"]))
            for seq, (kind, s) in enumerate(entries, start=1):
                item_id = next_id
                next_id += 1
                decided = kind == "new_situation"
                decision = None
                if decided:
                    decision = "reject" if s["state"] == "rejected" else "accept"
                    self.new_item[s["id"]] = item_id
                else:
                    self.update_item[s["id"]] = item_id
                lead = s["lead_agency_id"] if decision == "accept" else None
                chair = self.table_info[s["table_id"]]["chair"]
                items.append(
                    (
                        item_id,
                        meeting_id,
                        meeting_table[meeting_id],
                        seq * 10,
                        kind,
                        s["id"],
                        False,
                        decision,
                        s["date_decision"] if decided else None,
                        lead,
                        chair,
                        meeting_start[meeting_id] - 7 * DAY,
                        chair,
                        s["date_decision"] if decided else meeting_start[meeting_id],
                    )
                )
                if decision == "accept":
                    item_agencies.extend((item_id, a) for a in s["assisting"])
        self.stats["items"] = copy_rows(
            self.cr,
            "focus_meeting_item",
            [
                "id",
                "meeting_id",
                "table_id",
                "sequence",
                "kind",
                "situation_id",
                "is_carried_over",
                "decision",
                "decision_date",
                "lead_agency_id",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            items,
        )
        copy_rows(
            self.cr,
            "focus_meeting_item_assisting_agency_rel",
            ["item_id", "agency_id"],
            item_agencies,
        )
        self.loaded_ids["focus.meeting.item"] = [row[0] for row in items]
        self.item_meeting = {row[0]: row[1] for row in items}

        attendance = []
        for row in self.meeting_rows:
            meeting_id, table_id, state, start = row[0], row[1], row[3], row[4]
            for agency in self.table_info[table_id]["agencies"]:
                if state == "done":
                    status = rng.choices(["present", "absent", "excused"], [85, 8, 7])[
                        0
                    ]
                else:
                    status = "absent"
                ack = status == "present"
                attendance.append(
                    [
                        meeting_id,
                        table_id,
                        self.agency_user[agency],
                        agency,
                        status,
                        ack,
                        start + timedelta(minutes=rng.randint(0, 10)) if ack else None,
                        SUPERUSER_ID,
                        start - 14 * DAY,
                    ]
                )
        first_id = reserve_ids(self.cr, "focus_meeting_attendance", len(attendance))
        for offset, row in enumerate(attendance):
            row.insert(0, first_id + offset)
        self.stats["attendance"] = copy_rows(
            self.cr,
            "focus_meeting_attendance",
            [
                "id",
                "meeting_id",
                "table_id",
                "user_id",
                "agency_id",
                "status",
                "acknowledged",
                "acknowledged_at",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            (tuple(row) + (row[-2], row[-1]) for row in attendance),
        )
        self.loaded_ids["focus.meeting.attendance"] = [row[0] for row in attendance]
