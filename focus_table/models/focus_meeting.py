import contextvars
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.actions import dialog_action, related_action, window_action
from .focus_situation import SUBJECT_TYPES
from .focus_step_guard import THREAD_FIELD_PREFIXES

# Set while the ORM fetches meetings: only then may the minutes' column appear in
# a user's SQL (see _field_to_sql).
_FETCHING = contextvars.ContextVar("focus_meeting_fetching", default=False)

MEETING_STATES = [
    ("draft", "Planned"),
    ("in_progress", "In Progress"),
    ("done", "Closed"),
    ("approved", "Approved"),
    ("cancelled", "Cancelled"),
]
# Changes of these fields are mirrored on the calendar event.
CALENDAR_FIELDS = {
    "date_start",
    "duration",
    "location",
    "videocall_url",
    "state",
    "chair_id",
    "table_id",
}


class FocusMeeting(models.Model):
    _name = "focus.meeting"
    _description = "Focus Table Meeting"
    _inherit = [
        "focus.step.guard",
        "focus.deidentified.mixin",
        "focus.table.column.mixin",
        "focus.meeting.calendar",
        "focus.meeting.agenda",
        "focus.meeting.live",
        "focus.meeting.approval",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_start desc, id desc"

    # The meeting's state and its approval record change through the chair's steps;
    # a meeting stays at the table it was planned for (its agenda belongs there).
    _step_fields = frozenset(
        {
            "table_id",
            "state",
            "series_date",
            "calendar_event_id",
            "minutes_attachment_id",
            "minutes_sha256",
            "date_closed",
            "date_approved",
            "approved_by_id",
        }
    )
    _create_fields = frozenset({"table_id"})
    # Child records (attendance, items, actions) guard themselves.
    _free_fields = frozenset(
        {
            "date_start",
            "duration",
            "location",
            "videocall_url",
            "chair_id",
            "minute_taker_id",
            "minutes",
            "attendance_ids",
            "item_ids",
            "action_ids",
            "systemic_issue_ids",
        }
    )
    # The minutes go to every agency at the table: never a name of any situation
    # on the agenda.
    # The location and link are copied to the calendar event, read by everyone.
    _deidentified_fields = ("minutes", "location", "videocall_url")

    name = fields.Char(compute="_compute_name", store=True, readonly=True, index=True)
    table_id = fields.Many2one(
        "focus.table",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    table_code = fields.Char(related="table_id.code")
    state = fields.Selection(
        MEETING_STATES,
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    date_start = fields.Datetime(
        string="Starts", required=True, tracking=True, index=True
    )
    duration = fields.Float(default=1.5, tracking=True)
    date_end = fields.Datetime(string="Ends", compute="_compute_date_end", store=True)
    location = fields.Char(tracking=True)
    videocall_url = fields.Char(string="Video Link", tracking=True)
    chair_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('id', 'in', table_chair_ids)]",
    )
    table_chair_ids = fields.Many2many(related="table_id.chair_ids")
    minute_taker_id = fields.Many2one("res.users", string="Minute-taker", tracking=True)
    series_date = fields.Date(
        readonly=True,
        copy=False,
        index=True,
        help="The day of the table's regular schedule this meeting was planned for.",
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    attendance_ids = fields.One2many(
        "focus.meeting.attendance",
        "meeting_id",
        copy=False,
    )
    item_ids = fields.One2many(
        "focus.meeting.item", "meeting_id", string="Agenda", copy=False
    )
    action_ids = fields.One2many(
        "focus.action",
        "meeting_id",
        string="Actions Recorded",
        copy=False,
    )
    systemic_issue_ids = fields.One2many(
        "focus.systemic.issue", "meeting_id", string="Systemic Issues Raised"
    )
    review_not_done_ids = fields.Many2many(
        "focus.action",
        string="Not Done",
        compute="_compute_review_actions",
    )
    review_not_possible_ids = fields.Many2many(
        "focus.action",
        string="No Longer Possible",
        compute="_compute_review_actions",
    )
    confidentiality_statement = fields.Text(
        related="table_id.confidentiality_statement"
    )
    minutes = fields.Html(
        copy=False, help="De-identified minutes, drafted when the meeting closes."
    )
    minutes_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Archived Minutes",
        readonly=True,
        copy=False,
    )
    minutes_sha256 = fields.Char(string="Minutes SHA-256", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    color = fields.Integer(related="table_id.color")

    item_count = fields.Integer(compute="_compute_counts")
    new_situation_count = fields.Integer(compute="_compute_counts")
    situation_count = fields.Integer(compute="_compute_counts")
    action_count = fields.Integer(compute="_compute_counts")
    is_chair = fields.Boolean(compute="_compute_my_role")
    my_attendance_id = fields.Many2one(
        "focus.meeting.attendance", compute="_compute_my_role"
    )
    my_acknowledged = fields.Boolean(compute="_compute_my_role")
    # The room's screen: the first new situation still waiting for the table, and its
    # de-identified presentation, read with the user's own rights.
    current_item_id = fields.Many2one(
        "focus.meeting.item", string="Now Presenting", compute="_compute_current_item"
    )
    current_situation_id = fields.Many2one(
        "focus.situation", string="Situation", compute="_compute_current_item"
    )
    current_subject_type = fields.Selection(
        SUBJECT_TYPES, string="Subject", compute="_compute_current_item"
    )
    current_age_band_id = fields.Many2one(
        "focus.age.band", string="Age Band", compute="_compute_current_item"
    )
    current_risk_category_ids = fields.Many2many(
        "focus.risk.category",
        string="Risk Categories",
        compute="_compute_current_item",
    )
    current_summary = fields.Text(
        string="De-identified Summary", compute="_compute_current_item"
    )

    _series_uniq = models.UniqueIndex(
        "(table_id, series_date) WHERE series_date IS NOT NULL",
        "A day of the table's schedule has one meeting.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("table_id", "date_start")
    def _compute_name(self):
        # Table code and local date only: the name travels to situations' chatter.
        for meeting in self:
            if not (meeting.table_id and meeting.date_start):
                meeting.name = meeting.name or "/"
                continue
            meeting.name = (
                f"{meeting.table_id.code} {meeting._local_date().isoformat()}"
            )

    @api.depends("date_start", "duration")
    def _compute_date_end(self):
        for meeting in self:
            meeting.date_end = meeting.date_start and meeting.date_start + timedelta(
                hours=meeting.duration or 1.0
            )

    @api.depends("item_ids.kind", "item_ids.situation_id", "action_ids")
    def _compute_counts(self):
        for meeting in self:
            meeting.item_count = len(meeting.item_ids)
            meeting.new_situation_count = len(
                meeting.item_ids.filtered(lambda i: i.kind == "new_situation")
            )
            meeting.situation_count = len(meeting.item_ids.situation_id)
            meeting.action_count = len(meeting.action_ids)

    @api.depends("item_ids.action_id.state")
    def _compute_review_actions(self):
        for meeting in self:
            reviewed = meeting.item_ids.filtered(
                lambda i: i.kind == "action_review"
            ).action_id
            meeting.review_not_done_ids = reviewed.filtered(lambda a: a.state == "open")
            meeting.review_not_possible_ids = reviewed.filtered(
                lambda a: a.state == "not_possible"
            )

    @api.depends_context("uid")
    @api.depends("table_id.chair_ids", "attendance_ids.acknowledged")
    def _compute_my_role(self):
        user = self.env.user
        for meeting in self:
            # sudo: finds the current user's own attendance row and chair seat only.
            attendance = meeting.sudo().attendance_ids.filtered(
                lambda a: a.user_id == user
            )[:1]
            meeting.is_chair = user in meeting.table_id.sudo().chair_ids
            meeting.my_attendance_id = attendance.sudo(False)
            meeting.my_acknowledged = bool(attendance.acknowledged)

    @api.depends(
        "item_ids.kind",
        "item_ids.decision",
        "item_ids.sequence",
        "item_ids.situation_id",
    )
    def _compute_current_item(self):
        # A search, not item_ids: the record rules (confidentiality acknowledged)
        # decide, whatever another user left in the cache.
        waiting = self.env["focus.meeting.item"].search(
            [
                ("meeting_id", "in", self.ids),
                ("kind", "=", "new_situation"),
                ("decision", "=", False),
            ]
        )
        for meeting in self:
            item = waiting.filtered(lambda i, m=meeting: i.meeting_id == m)[:1]
            # The item's own de-identified fields, read with the user's rights.
            meeting.current_item_id = item
            meeting.current_situation_id = item.situation_id
            meeting.current_subject_type = item.situation_subject_type
            meeting.current_age_band_id = item.situation_age_band_id
            meeting.current_risk_category_ids = item.situation_risk_category_ids
            meeting.current_summary = item.situation_summary

    def _local_date(self):
        self.ensure_one()
        tz = pytz.timezone(self.table_id.meeting_tz or "UTC")
        return pytz.utc.localize(self.date_start).astimezone(tz).date()

    # ------------------------------------------------------------------
    # CRUD and the approval lock
    # ------------------------------------------------------------------
    def _check_not_approved(self):
        """Approved minutes are the record: nobody changes them, not even the superuser.

        Only uninstalling the module removes them (the deletion checks are
        ``ondelete`` hooks that do not run at uninstall).
        """
        locked = self.filtered(lambda m: m.state == "approved")
        if locked:
            raise UserError(
                self.env._(
                    "The minutes of %(meeting)s are approved and locked: its agenda, "
                    "attendance and minutes can no longer be changed.",
                    meeting=locked[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        Table = self.env["focus.table"]
        for vals in vals_list:
            table = Table.browse(vals.get("table_id"))
            if table and "chair_id" not in vals:
                vals["chair_id"] = table.chair_ids[:1].id
            if table and "duration" not in vals and table.meeting_duration:
                vals["duration"] = table.meeting_duration
            if table and "location" not in vals:
                vals["location"] = table.meeting_location
            if table and "videocall_url" not in vals:
                vals["videocall_url"] = table.meeting_videocall_url
            if vals.get("state", "draft") == "approved":
                raise UserError(
                    self.env._("A meeting is approved by its chair, once closed.")
                )
        meetings = super().create(vals_list)
        meetings._sync_calendar_event()
        return meetings

    def write(self, vals):
        if any(not name.startswith(THREAD_FIELD_PREFIXES) for name in vals):
            self._check_not_approved()
        res = super().write(vals)
        if CALENDAR_FIELDS & set(vals):
            self._sync_calendar_event()
        return res

    def _deidentified_situations(self):
        return self.item_ids.situation_id

    @api.model
    def _deidentified_domain(self, situations):
        return [("item_ids.situation_id", "in", situations.ids)]

    def _deidentified_known_names(self):
        # The minutes name the chair, the minute-taker and the representatives.
        people = self.chair_id | self.minute_taker_id | self.attendance_ids.user_id
        return people.mapped("name") + self.attendance_ids.mapped("guest_name")

    # ------------------------------------------------------------------
    # Confidentiality of the minutes: as for the agenda items
    # ------------------------------------------------------------------
    def _minutes_readable(self):
        """The meetings whose minutes the current user may read: those whose
        agenda items the rules open to them (the table's chairs, an attendee who
        acknowledged the confidentiality statement, the archivist once approved),
        and the administrators."""
        user = self.env.user
        if self.env.su or user.has_group("focus_table.group_manager"):
            return self
        readable = self.browse()
        # sudo: the table's chairs and archivists and the attendance are compared
        # with the user only.
        for meeting in self.sudo():
            table = meeting.table_id
            if (
                user in table.chair_ids
                or (meeting.state == "approved" and user in table.archivist_ids)
                or meeting.attendance_ids.filtered(
                    lambda a: a.user_id == user and a.acknowledged
                )
            ):
                readable |= meeting
        return readable.sudo(self.env.su)

    def _check_minutes_readable(self):
        hidden = self - self._minutes_readable()
        if hidden:
            raise AccessError(
                self.env._(
                    "Acknowledge the confidentiality statement of %(meeting)s to "
                    "read its minutes.",
                    meeting=hidden[0].sudo().name,
                )
            )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if "minutes" in fnames and not self.env.su:
            readable = set(self._minutes_readable().ids)
            for values in result:
                if values["id"] not in readable:
                    values["minutes"] = False
        return result

    def export_data(self, fields_to_export):
        if any(path.split("/")[0] == "minutes" for path in fields_to_export):
            self._check_minutes_readable()
        return super().export_data(fields_to_export)

    def _field_to_sql(self, alias, field_expr, query=None):
        """The minutes are read, never searched, sorted or grouped by a user:
        a search would tell their words to those who may not read them."""
        fname = field_expr.split(".", 1)[0]
        if fname == "minutes" and not self.env.su and not _FETCHING.get():
            raise AccessError(self.env._("Minutes cannot be searched by their text."))
        return super()._field_to_sql(alias, field_expr, query)

    def _fetch_query(self, query, fields):
        token = _FETCHING.set(True)
        try:
            return super()._fetch_query(query, fields)
        finally:
            _FETCHING.reset(token)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        self._check_not_approved()
        for meeting in self:
            if meeting.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "%(meeting)s has taken place; cancel a meeting instead of "
                        "deleting it.",
                        meeting=meeting.name,
                    )
                )
            # sudo: only tells whether actions exist, not what they are.
            if (
                self.env["focus.action"]
                .sudo()
                .search_count([("meeting_id", "=", meeting.id)], limit=1)
            ):
                raise UserError(
                    self.env._(
                        "Actions were agreed at %(meeting)s; cancel the meeting "
                        "instead of deleting it.",
                        meeting=meeting.name,
                    )
                )

    def unlink(self):
        # sudo: the mirrored event belongs to the meeting and goes with it.
        events = self.sudo().calendar_event_id
        res = super().unlink()
        events.unlink()
        return res

    def copy(self, default=None):
        if self:
            raise UserError(
                self.env._("Plan a new meeting instead of duplicating one.")
            )
        return super().copy(default)

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    @api.readonly
    def action_view_situations(self):
        self.ensure_one()
        return window_action(
            self.env,
            "focus_table.focus_situation_action",
            [("id", "in", self.item_ids.situation_id.ids)],
        )

    @api.readonly
    def action_view_actions(self):
        return related_action(
            self,
            "focus_table.focus_action_action",
            "meeting_id",
            table_id=self.table_id.id,
        )

    @api.readonly
    def action_open_calendar_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    def action_raise_systemic_issue(self):
        """Button: the chair records a gap the table meets, on this meeting."""
        self.ensure_one()
        return dialog_action(
            "focus.systemic.issue",
            name=self.env._("Raise a Systemic Issue"),
            context={
                "default_table_id": self.table_id.id,
                "default_meeting_id": self.id,
            },
        )
