from odoo import api, models


class ReportMeetingMinutes(models.AbstractModel):
    _name = "report.focus_table_reports.report_meeting_minutes"
    _inherit = "focus.report.meeting"
    _description = "Meeting Minutes"

    _report_xmlid = "focus_table_reports.action_report_meeting_minutes"

    @api.model
    def _get_report_values(self, docids, data=None):
        meetings = self.env["focus.meeting"].browse(docids)
        self._check_meetings(meetings)
        meetings._check_minutes_readable()
        values = self._values(meetings, data)
        for meeting in meetings:
            values["meeting_values"][meeting.id].update(
                self._in_lang(meeting)._minutes_values(
                    self._in_lang(meeting, meeting), data
                )
            )
        return values

    @api.model
    def _minutes_values(self, meeting, data):
        attendance = meeting.attendance_ids.sorted(
            lambda a: (a.agency_id.name or "", a.display_name or "")
        )
        previous = self._previous_meeting(meeting)
        incomplete = previous.action_ids.filtered(
            lambda a: a.state in ("open", "not_possible")
        ).sorted(lambda a: (a.state != "open", a.date_deadline, a.id))
        return {
            "present": attendance.filtered(lambda a: a.status == "present"),
            "guests": attendance.filtered(lambda a: a.status == "guest"),
            "excused": attendance.filtered(lambda a: a.status == "excused"),
            "absent": attendance.filtered(lambda a: a.status == "absent"),
            "previous": previous,
            "incomplete": incomplete,
            "actions": meeting.action_ids.sorted(lambda a: (a.date_deadline, a.id)),
            # Raised at the meeting, or discussed on its agenda.
            "systemic_issues": (
                meeting.systemic_issue_ids | meeting.item_ids.systemic_issue_id
            ).sorted("id"),
            "approval": self._approval(meeting, data),
            "edited_minutes": self._minutes_text_edited(meeting),
        }

    @api.model
    def _previous_meeting(self, meeting):
        """The table's last meeting held before this one."""
        return self.env["focus.meeting"].search(
            [
                ("table_id", "=", meeting.table_id.id),
                ("date_start", "<", meeting.date_start),
                ("state", "in", ("done", "approved")),
                ("id", "!=", meeting.id),
            ],
            order="date_start desc, id desc",
            limit=1,
        )
