"""The meeting in the room: starting, closing and cancelling it, the
confidentiality acknowledgements, and the decisions on the item presented
(each one the item's own step)."""

from odoo import models
from odoo.exceptions import UserError

from .focus_step_guard import step, step_now


class FocusMeetingLive(models.AbstractModel):
    """Part of ``focus.meeting`` (see the module's docstring)."""

    _name = "focus.meeting.live"
    _description = "Meeting: In the Room"

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_meeting_state(self, allowed, action):
        self._check_not_approved()
        self._check_step_state(allowed, action)

    @step
    def action_start(self):
        """The chair opens the meeting in the room."""
        self.check_access("write")
        self._check_meeting_state(("draft",), self.env._("started"))
        self._sync_attendance()
        self.write({"state": "in_progress"})
        return True

    @step
    def action_close(self):
        """End of the meeting: undecided new situations deferred, minutes drafted."""
        self.check_access("write")
        self._check_meeting_state(("in_progress",), self.env._("closed"))
        for meeting in self:
            meeting.item_ids.filtered(
                lambda i: i.kind == "new_situation" and not i.decision
            ).action_defer()
        self.write({"state": "done", "date_closed": step_now()})
        for meeting in self:
            meeting.minutes = meeting._draft_minutes()
        return True

    @step
    def action_resume(self):
        """Re-open a closed meeting whose minutes are not approved yet."""
        self.check_access("write")
        self._check_meeting_state(("done",), self.env._("resumed"))
        self.write({"state": "in_progress", "date_closed": False})
        return True

    def action_redraft_minutes(self):
        self.check_access("write")
        self._check_meeting_state(("done",), self.env._("redrafted"))
        for meeting in self:
            meeting.minutes = meeting._draft_minutes()
        return True

    # ------------------------------------------------------------------
    # The room: decide the item being presented (each one is the item's step)
    # ------------------------------------------------------------------
    def _presented_item(self):
        self.ensure_one()
        if not self.current_item_id:
            raise UserError(
                self.env._(
                    "No new situation of %(meeting)s waits for a decision.",
                    meeting=self.name,
                )
            )
        return self.current_item_id

    def action_accept_current(self):
        return self._presented_item().action_accept_dialog()

    def action_reject_current(self):
        return self._presented_item().action_reject()

    def action_defer_current(self):
        return self._presented_item().action_defer()

    @step
    def action_cancel(self):
        self.check_access("write")
        self._check_meeting_state(("draft",), self.env._("cancelled"))
        self.write({"state": "cancelled"})
        return True

    @step
    def action_reset_draft(self):
        self.check_access("write")
        self._check_meeting_state(("cancelled",), self.env._("planned again"))
        self.write({"state": "draft"})
        return True

    def action_acknowledge_confidentiality(self):
        """The current user acknowledges the table's confidentiality statement."""
        self.ensure_one()
        self.check_access("read")
        self._check_not_approved()
        if self.state == "cancelled":
            raise UserError(self.env._("%(meeting)s is cancelled.", meeting=self.name))
        user = self.env.user
        # sudo: the user acknowledges for themselves only, on their own row.
        attendance = self.sudo().attendance_ids.filtered(lambda a: a.user_id == user)
        if not attendance:
            if user not in self._expected_attendees():
                raise UserError(
                    self.env._(
                        "Only the representatives of the member agencies, the chairs "
                        "and the archivists attend %(meeting)s.",
                        meeting=self.name,
                    )
                )
            attendance = (
                self.env["focus.meeting.attendance"]
                .sudo()
                .create(
                    {
                        "meeting_id": self.id,
                        "user_id": user.id,
                        "agency_id": user.focus_agency_id.id,
                    }
                )
            )
        attendance._acknowledge()
        return True
