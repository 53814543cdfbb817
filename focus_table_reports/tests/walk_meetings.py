"""The meeting rules of the process walk (test_process_walk.py): plan a
meeting, prepare its agenda, start it, decide its new situations (accept,
reject, defer), close it and approve its minutes, each as a drawn user."""

from datetime import timedelta

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from odoo import Command, fields

from . import walk_model as model

MEETING_STEPS = (
    "action_prepare_agenda",
    "action_start",
    "action_close",
    "action_resume",
)


def chairs_meeting(user, meeting):
    return user in meeting.sudo().table_id.chair_ids


class WalkMeetings:
    """Meeting rules; the state and helpers are ProcessWalk's."""

    def _draw_meeting(self, data, approved=False, state=None):
        """A meeting of the walk (mostly in ``state``), or also one approved in
        the demo data."""
        pool = self.meetings if approved else self.meetings - self.demo_meetings
        pool = pool or self.meetings
        if state and data.draw(st.integers(0, 3), label="in state") > 0:
            pool = pool.filtered(lambda m: m.sudo().state == state) or pool
        return pool.browse(data.draw(st.sampled_from(pool.ids), label="meeting"))

    # Two meetings of the walk at most: the steps go to running them.
    @precondition(lambda self: len(self.meetings - self.demo_meetings) < 2)
    @rule(data=st.data(), north=st.integers(0, 3))
    def plan_meeting(self, data, north):
        # Mostly Riverside: Northgate has no chair of the fixture to run it.
        north = north == 0
        table = self.case.table_north if north else self.case.table
        user = self._draw_user(data, lambda u, t: u in t.chair_ids, table)
        # An hour ago: its decisions are dated after the situations' receipt.
        start = fields.Datetime.now() - timedelta(hours=1)
        done, meeting = self.attempt(
            lambda: (
                self.env["focus.meeting"]
                .with_user(user)
                .create({"table_id": table.id, "date_start": start})
            )
        )
        if done:
            self.meetings |= meeting.with_env(self.env)

    @precondition(lambda self: self.meetings)
    @rule(data=st.data(), step=st.sampled_from(MEETING_STEPS), next_one=st.booleans())
    def meeting_step(self, data, step, next_one):
        meeting = self._draw_meeting(data)
        if next_one:
            # Mostly the step that comes next, so that meetings reach their
            # decisions and their minutes within an example.
            state = meeting.sudo().state
            step = {
                "draft": "action_start"
                if meeting.sudo().item_ids
                else "action_prepare_agenda",
                "in_progress": "action_close",
                "done": "action_approve",
            }.get(state, step)
        user = self._draw_user(data, chairs_meeting, meeting)
        done, _ = self.attempt(lambda: getattr(meeting.with_user(user), step)())
        if done:
            # Members and archivists may read a meeting; only chairs run it.
            assert chairs_meeting(user, meeting) or user.has_group(
                "focus_table.group_manager"
            ), f"{user.login} ran {step} on {meeting.name}"
            if step == "action_approve":
                self.approved[meeting.id] = model.minutes_snapshot(meeting)
        self._note_frozen()

    @precondition(lambda self: self.meetings)
    @rule(data=st.data(), decision=st.sampled_from(("accept", "reject", "defer")))
    def decide_item(self, data, decision):
        meeting = self._draw_meeting(data, state="in_progress")
        # sudo: which items the meeting has; the decision is the user's.
        items = meeting.sudo().item_ids.filtered(lambda i: i.kind == "new_situation")
        if not items:
            return
        item = items.browse(data.draw(st.sampled_from(items.ids), label="item"))
        user = self._draw_user(data, chairs_meeting, meeting)
        situation = item.sudo().situation_id
        before = situation.state

        acknowledge = data.draw(st.integers(0, 3), label="acknowledge") > 0

        def decide():
            if acknowledge:
                # In the room, everyone first acknowledges confidentiality: only
                # then are the agenda items theirs to read.
                meeting.with_user(user).action_acknowledge_confidentiality()
            mine = item.with_user(user)
            if decision == "accept":
                agencies = meeting.sudo().table_id.agency_ids
                lead = data.draw(st.sampled_from(agencies.ids), label="lead")
                mine.write(
                    {
                        "lead_agency_id": lead,
                        "assisting_agency_ids": [Command.set(agencies.ids[:1])],
                    }
                )
            return getattr(mine, f"action_{decision}")()

        done, _ = self.attempt(decide)
        if done:
            assert chairs_meeting(user, meeting) or user.has_group(
                "focus_table.group_manager"
            ), f"{user.login} decided {item.id}"
            assert before == "submitted", f"decided a {before} situation"
            expected = {"accept": "accepted", "reject": "rejected"}.get(
                decision, "submitted"
            )
            assert situation.state == expected, (decision, situation.state)
            self.situations |= situation.sudo(False)
        self._note_frozen()

    @precondition(lambda self: self.meetings)
    @rule(data=st.data())
    def approve_minutes(self, data):
        meeting = self._draw_meeting(data)
        user = self._draw_user(data, chairs_meeting, meeting)
        done, _ = self.attempt(lambda: meeting.with_user(user).action_approve())
        if done:
            assert chairs_meeting(user, meeting) or user.has_group(
                "focus_table.group_manager"
            ), f"{user.login} approved {meeting.name}"
            self.approved[meeting.id] = model.minutes_snapshot(meeting)

    @precondition(lambda self: self.meetings)
    @rule(data=st.data())
    def write_meeting(self, data):
        """Plain writes of a meeting's minutes: refused once approved."""
        meeting = self._draw_meeting(data, approved=True)
        user = self._draw_user(data, chairs_meeting, meeting)
        approved = meeting.sudo().state == "approved"
        done, _ = self.attempt(
            lambda: meeting.with_user(user).write({"minutes": "<p>Rewritten.</p>"})
        )
        if done:
            assert not approved, f"{user.login} rewrote approved minutes"
