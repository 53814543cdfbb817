from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .focus_step_guard import step

ATTENDANCE_STATUSES = [
    ("present", "Present"),
    ("absent", "Absent"),
    ("excused", "Excused"),
    ("guest", "Guest"),
]


class FocusMeetingAttendance(models.Model):
    """One representative at one meeting, and their confidentiality acknowledgement.

    The acknowledgement opens the meeting's agenda items to the representative
    (record rules); only the representative records it, through
    :meth:`focus.meeting.action_acknowledge_confidentiality`.
    """

    _name = "focus.meeting.attendance"
    _inherit = ["focus.step.guard"]
    _description = "Meeting Attendance"
    _order = "meeting_id, agency_id, id"

    meeting_id = fields.Many2one(
        "focus.meeting",
        required=True,
        ondelete="cascade",
        index=True,
    )
    table_id = fields.Many2one(related="meeting_id.table_id", store=True, index=True)
    meeting_state = fields.Selection(
        related="meeting_id.state", string="Meeting Status"
    )
    user_id = fields.Many2one("res.users", string="Representative", index=True)
    guest_name = fields.Char(help="Name of a guest who has no user account.")
    agency_id = fields.Many2one("focus.agency", index=True)
    status = fields.Selection(ATTENDANCE_STATUSES, required=True, default="absent")
    acknowledged = fields.Boolean(
        string="Confidentiality Acknowledged",
        readonly=True,
        copy=False,
    )
    acknowledged_at = fields.Datetime(
        string="Acknowledged On", readonly=True, copy=False
    )

    # The acknowledgement is the representative's own step; once acknowledged, who
    # a row is for is fixed, so that nobody moves an acknowledgement to someone else.
    _step_fields = frozenset(
        {"meeting_id", "user_id", "agency_id", "acknowledged", "acknowledged_at"}
    )
    _create_fields = frozenset({"meeting_id", "user_id", "agency_id"})
    _free_fields = frozenset({"guest_name", "status"})

    _user_uniq = models.UniqueIndex(
        "(meeting_id, user_id) WHERE user_id IS NOT NULL",
        "A representative has one attendance row per meeting.",
    )

    @api.constrains("user_id", "guest_name")
    def _check_who(self):
        for attendance in self:
            if not attendance.user_id and not attendance.guest_name:
                raise ValidationError(
                    self.env._("Name the representative or the guest.")
                )

    @api.depends("user_id", "guest_name")
    def _compute_display_name(self):
        for attendance in self:
            attendance.display_name = (
                attendance.user_id.name or attendance.guest_name or ""
            )

    def _step_field_free(self, fname):
        # A row nobody acknowledged yet may still be corrected by the chair.
        return fname in ("user_id", "agency_id") and not self.acknowledged

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id.focus_agency_id:
            self.agency_id = self.user_id.focus_agency_id

    @api.model_create_multi
    def create(self, vals_list):
        Meeting = self.env["focus.meeting"]
        Meeting.browse(
            {vals.get("meeting_id") for vals in vals_list}
        )._check_not_approved()
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        self.meeting_id._check_not_approved()
        res = super().write(vals)
        if "status" in vals:
            # Excused representatives leave the calendar event.
            self.meeting_id._sync_calendar_event()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self.meeting_id._check_not_approved()

    @step
    def _acknowledge(self):
        """Record the acknowledgement of the rows' representatives, now."""
        for attendance in self:
            vals = {"acknowledged": True, "acknowledged_at": fields.Datetime.now()}
            if attendance.status == "absent":
                vals["status"] = "present"
            # sudo: members may not edit attendance; acknowledging is their one write.
            attendance.sudo().write(vals)
