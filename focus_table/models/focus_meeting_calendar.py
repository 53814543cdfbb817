"""The attendance rows of a meeting and its mirrored calendar event, which
carries the table's name, the time and place, and who comes: nothing about
situations."""

from odoo import Command, models


class FocusMeetingCalendar(models.AbstractModel):
    """Part of ``focus.meeting`` (see the module's docstring)."""

    _name = "focus.meeting.calendar"
    _description = "Meeting: Attendance and Calendar"

    # ------------------------------------------------------------------
    # Attendance and calendar
    # ------------------------------------------------------------------
    def _expected_attendees(self):
        """Representatives of the member agencies, the chairs and the archivists."""
        self.ensure_one()
        # sudo: who sits at the table is organisational data, not situation data.
        table = self.table_id.sudo()
        users = table.agency_ids.user_ids | table.chair_ids | table.archivist_ids
        return users.filtered(
            lambda u: u.active and u.has_group("focus_table.group_member")
        )

    def _sync_attendance(self):
        """Add an attendance row for each expected attendee who has none yet."""
        vals_list = []
        for meeting in self.filtered(lambda m: m.state in ("draft", "in_progress")):
            # sudo: attendance rows are system-managed; only users are compared.
            present = meeting.sudo().attendance_ids.user_id
            vals_list += [
                {
                    "meeting_id": meeting.id,
                    "user_id": user.id,
                    "agency_id": user.focus_agency_id.id,
                }
                for user in meeting._expected_attendees() - present
            ]
        if vals_list:
            self.env["focus.meeting.attendance"].sudo().create(vals_list)

    def _calendar_event_values(self):
        """What the calendar may know: the table, the time and place, who comes.

        Events are read by every employee (titles of private events show as busy
        to non-attendees), so nothing about situations goes there.
        """
        self.ensure_one()
        # sudo: the invitation lists who comes; it carries no situation content.
        rows = self.sudo().attendance_ids
        excused = rows.filtered(lambda a: a.status == "excused").user_id
        attendees = (self._expected_attendees() | rows.user_id) - excused
        organizer = self.chair_id or self.table_id.sudo().chair_ids[:1] or self.env.user
        return {
            "name": self.env._("%(table)s meeting", table=self.table_id.name),
            "start": self.date_start,
            "stop": self.date_end,
            "allday": False,
            "privacy": "private",
            "show_as": "busy",
            "description": False,
            "location": self.location or False,
            "videocall_location": self.videocall_url or False,
            "user_id": organizer.id,
            "partner_ids": [Command.set((attendees | organizer).partner_id.ids)],
            "active": self.state != "cancelled",
        }

    def _sync_calendar_event(self):
        """Create or update the mirrored calendar event of each meeting."""
        # sudo: events are written for the attendees; their content is only the
        # table name, time and place (see _calendar_event_values).
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                skip_contact_description=True,
                no_mail_to_attendees=self.env.context.get("no_mail_to_attendees")
                or self.env.context.get("install_mode"),
                active_test=False,
            )
        )
        for meeting in self:
            vals = meeting._calendar_event_values()
            event = meeting.sudo().calendar_event_id.with_env(Event.env)
            if not event:
                # An approved meeting is locked and past: a lost event is not
                # recreated (linking it would change the locked record).
                if meeting.state != "approved":
                    meeting.sudo().calendar_event_id = Event.create(vals)
                continue
            current = {
                "partner_ids": [Command.set(event.partner_ids.ids)],
                "active": event.active,
            }
            if current["partner_ids"] == vals["partner_ids"]:
                vals.pop("partner_ids")
            if current["active"] == vals["active"]:
                vals.pop("active")
            event.write(vals)
