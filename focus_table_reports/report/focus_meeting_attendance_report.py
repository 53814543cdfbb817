from odoo import fields, models

from odoo.addons.focus_table.models.focus_meeting import MEETING_STATES
from odoo.addons.focus_table.models.focus_meeting_attendance import (
    ATTENDANCE_STATUSES,
)


class FocusMeetingAttendanceReport(models.Model):
    """One row per agency representative expected at (or guest of) a meeting.

    By agency and sector, without the representative's or guest's name.
    Restricted by its own record rules, like the other statistics.
    """

    _name = "focus.meeting.attendance.report"
    _description = "Attendance Statistics"
    _inherit = ["focus.report.view"]
    _auto = False
    _rec_name = "meeting_id"
    _order = "meeting_date desc, id desc"

    meeting_id = fields.Many2one("focus.meeting", readonly=True)
    table_id = fields.Many2one("focus.table", readonly=True)
    meeting_date = fields.Date(
        readonly=True, help="Date of the meeting in the table's timezone."
    )
    meeting_state = fields.Selection(MEETING_STATES, readonly=True)
    agency_id = fields.Many2one("focus.agency", readonly=True)
    sector_id = fields.Many2one("focus.sector", readonly=True)
    status = fields.Selection(ATTENDANCE_STATUSES, string="Attendance", readonly=True)
    acknowledged = fields.Boolean(string="Confidentiality Acknowledged", readonly=True)

    nbr = fields.Integer(string="# Rows", readonly=True)
    expected_count = fields.Integer(
        string="# Expected", readonly=True, help="Present, absent or excused."
    )
    present_count = fields.Integer(string="# Present", readonly=True)
    excused_count = fields.Integer(string="# Excused", readonly=True)
    absent_count = fields.Integer(string="# Absent", readonly=True)
    attendance_rate = fields.Float(
        string="Attendance (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the expected representatives present; guests left out.",
    )
    acknowledged_rate = fields.Float(
        string="Acknowledged (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the people present who acknowledged the confidentiality "
        "statement.",
    )

    def _select(self):
        return """
            att.id AS id,
            att.meeting_id AS meeting_id,
            m.table_id AS table_id,
            (m.date_start AT TIME ZONE 'UTC'
                AT TIME ZONE COALESCE(NULLIF(t.meeting_tz, ''), 'UTC'))::date
                AS meeting_date,
            m.state AS meeting_state,
            att.agency_id AS agency_id,
            ag.sector_id AS sector_id,
            att.status AS status,
            COALESCE(att.acknowledged, FALSE) AS acknowledged,
            1 AS nbr,
            CASE WHEN att.status != 'guest' THEN 1 ELSE 0 END AS expected_count,
            CASE WHEN att.status = 'present' THEN 1 ELSE 0 END AS present_count,
            CASE WHEN att.status = 'excused' THEN 1 ELSE 0 END AS excused_count,
            CASE WHEN att.status = 'absent' THEN 1 ELSE 0 END AS absent_count,
            CASE
                WHEN att.status = 'present' THEN 100.0
                WHEN att.status IN ('absent', 'excused') THEN 0.0
            END AS attendance_rate,
            CASE WHEN att.status IN ('present', 'guest') THEN
                CASE WHEN att.acknowledged THEN 100.0 ELSE 0.0 END
            END AS acknowledged_rate
        """

    def _from(self):
        return """
            focus_meeting_attendance att
            JOIN focus_meeting m ON m.id = att.meeting_id
            JOIN focus_table t ON t.id = m.table_id
            LEFT JOIN focus_agency ag ON ag.id = att.agency_id
        """

    def _where(self):
        return "m.state != 'cancelled'"
