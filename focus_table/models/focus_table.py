from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base.models.res_partner import _lang_get, _tz_get

from ..tools.actions import count_by, dialog_action, related_action
from .focus_situation_workflow import OPEN_STATES
from .focus_step_guard import in_step, step

DEFAULT_STATEMENT = (
    "Everything discussed at this table is confidential. Situations are presented "
    "without names; identifying details are shared only with the agencies that need "
    "to know them, under the authority recorded, and are used only to reduce the "
    "risk of harm. I will not record, copy or repeat identifying details outside my "
    "agency's intervention."
)

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
MEETING_FREQUENCIES = [
    ("none", "No regular meetings"),
    ("weekly", "Weekly"),
    ("biweekly", "Every two weeks"),
    ("twice_weekly", "Twice a week"),
]
# How far ahead the meeting series is kept filled.
SERIES_WEEKS = 8
DISCLOSURE_MODES = [
    ("need_to_know", "Chosen agencies only (need to know)"),
    ("whole_table", "All member agencies (whole table)"),
]
SCHEDULE_FIELDS = {
    "meeting_frequency",
    "meeting_weekday",
    "meeting_weekday_2",
    "meeting_hour",
    "meeting_duration",
    "meeting_tz",
    "meeting_location",
    "meeting_videocall_url",
    "meeting_series_start",
    "active",
}


class FocusTable(models.Model):
    _name = "focus.table"
    _description = "Focus Table"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Prefix of the reference numbers of this table's situations, e.g. RIV.",
    )
    area = fields.Char(help="The neighbourhood, town or division the table serves.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    chair_ids = fields.Many2many(
        "res.users", "focus_table_chair_rel", "table_id", "user_id", string="Chairs"
    )
    archivist_ids = fields.Many2many(
        "res.users",
        "focus_table_archivist_rel",
        "table_id",
        "user_id",
        string="Archivists",
    )
    agency_ids = fields.Many2many(
        "focus.agency",
        "focus_table_agency_rel",
        "table_id",
        "agency_id",
        string="Member Agencies",
    )
    confidentiality_statement = fields.Text(
        required=True, default=lambda self: self.env._(DEFAULT_STATEMENT)
    )
    deidentified_words = fields.Text(
        string="Words Kept Out of Texts",
        help="One word or phrase per line (street names of the area, names of "
        "schools...): refused, as whole words, in the de-identified texts of this "
        "table's situations, meetings and actions.",
    )
    disclosure_mode = fields.Selection(
        DISCLOSURE_MODES,
        required=True,
        default="need_to_know",
        tracking=True,
        help="Who receives the identifying details of an accepted situation "
        "(Filter 3).",
    )
    identity_requires_totp = fields.Boolean(
        string="Two-factor Login for Identities",
        tracking=True,
        help="Only users signed in with two-factor authentication open the "
        "identifying details of this table's situations; the others keep the "
        "de-identified views.",
    )
    accepts_transfers = fields.Boolean(
        default=True,
        tracking=True,
        help="Other tables may transfer to this table the situations whose subject "
        "moved to its area.",
    )
    oversight_burst_count = fields.Integer(
        string="Burst: Situations",
        default=5,
        help="Flag a user who reads the identities of more than this many situations "
        "within the burst window.",
    )
    oversight_burst_minutes = fields.Integer(
        string="Burst: Minutes",
        default=60,
        help="The window, in minutes, of the burst flag.",
    )
    retention_days = fields.Integer(
        string="Retention (days)",
        default=90,
        required=True,
        help="Days after closing before the identifying details of a situation "
        "are purged.",
    )
    response_target_hours = fields.Integer(
        string="Response Target (hours)",
        default=48,
        required=True,
        help="Hours from acceptance to the first intervention.",
    )
    lang = fields.Selection(
        _lang_get,
        string="Report Language",
        help="Language the table's documents (case reports, agendas, minutes, "
        "summaries) are printed in. Leave empty to print in the language of the "
        "user who prints.",
    )
    sequence_id = fields.Many2one(
        "ir.sequence", string="Reference Sequence", readonly=True, copy=False
    )
    situation_ids = fields.One2many("focus.situation", "table_id", string="Situations")
    area_ids = fields.One2many(
        "focus.area",
        "table_id",
        string="Areas",
        context={"active_test": False},
        help="Neighbourhoods, wards or divisions the table serves, for the "
        "statistics. Never addresses.",
    )
    situation_count = fields.Integer(compute="_compute_situation_counts")
    open_situation_count = fields.Integer(compute="_compute_situation_counts")

    # Regular meeting schedule (the meeting series)
    meeting_frequency = fields.Selection(
        MEETING_FREQUENCIES,
        string="Meets",
        required=True,
        default="none",
        tracking=True,
    )
    meeting_weekday = fields.Selection(WEEKDAYS, string="Meeting Day", default="1")
    meeting_weekday_2 = fields.Selection(
        WEEKDAYS,
        string="Second Meeting Day",
        default="3",
        help="The other day of the week for tables that meet twice a week.",
    )
    meeting_hour = fields.Float(string="Meeting Time", default=10.0)
    meeting_duration = fields.Float(default=1.5)
    meeting_tz = fields.Selection(
        _tz_get,
        string="Timezone",
        default=lambda self: self.env.user.tz or "UTC",
    )
    meeting_location = fields.Char(string="Meeting Place")
    meeting_videocall_url = fields.Char(string="Video Link")
    meeting_series_start = fields.Date(
        string="Series Starts",
        default=fields.Date.context_today,
        help="First day of the series; meetings every two weeks count their weeks "
        "from it.",
    )
    meeting_ids = fields.One2many("focus.meeting", "table_id", string="Meetings")
    meeting_count = fields.Integer(compute="_compute_meeting_counts")
    open_action_count = fields.Integer(compute="_compute_meeting_counts")

    _code_uniq = models.Constraint("UNIQUE(code)", "A table code must be unique.")

    @api.constrains("retention_days", "response_target_hours", "code")
    def _check_settings(self):
        for table in self:
            if table.retention_days < 0:
                raise ValidationError(
                    self.env._("The retention period cannot be negative.")
                )
            if table.response_target_hours <= 0:
                raise ValidationError(
                    self.env._("The response target must be positive.")
                )
            if not table.code.replace("-", "").isalnum():
                raise ValidationError(
                    self.env._(
                        "The table code may only hold letters, digits and dashes."
                    )
                )

    @api.depends_context("uid")
    def _compute_situation_counts(self):
        # Counted with the user's own rights: only what the user may see.
        groups = self.env["focus.situation"]._read_group(
            [("table_id", "in", self.ids)], ["table_id", "state"], ["__count"]
        )
        for table in self:
            table.situation_count = sum(c for t, _s, c in groups if t == table)
            table.open_situation_count = sum(
                c for t, s, c in groups if t == table and s in OPEN_STATES
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        tables = super().create(vals_list)
        for table in tables:
            table.sequence_id = (
                # sudo: ir.sequence is technical; the table owns its reference sequence.
                self.env["ir.sequence"].sudo().create(table._sequence_values())
            )
        tables._generate_meetings()
        return tables

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        if "disclosure_mode" in vals and not (self.env.su or in_step()):
            if self.filtered(lambda t: t.disclosure_mode != vals["disclosure_mode"]):
                raise UserError(
                    self.env._(
                        "Who receives identifying details changes through the step "
                        "Change Disclosure Setting, with a reason."
                    )
                )
        res = super().write(vals)
        if SCHEDULE_FIELDS & set(vals):
            self._reschedule_meetings()
        if "code" in vals:
            for table in self.filtered("sequence_id"):
                # sudo: keeps the sequence prefix in step with the table code.
                table.sequence_id.sudo().prefix = table._sequence_values()["prefix"]
        return res

    def _sequence_values(self):
        self.ensure_one()
        return {
            "name": self.env._("Focus Table %(code)s situations", code=self.code),
            "code": f"focus.situation.{self.code}",
            "prefix": f"{self.code}-%(year)s-",
            "padding": 5,
            "implementation": "no_gap",
        }

    def _check_seated(self, agencies, error=UserError):
        """Refuse, with ``error``, the ``agencies`` that do not sit at this table."""
        self.ensure_one()
        # sudo: compares the table's member agencies only.
        strangers = agencies - self.sudo().agency_ids
        names = ", ".join(strangers.sudo().mapped("name"))
        if len(strangers) > 1:
            raise error(
                self.env._(
                    "%(agencies)s do not sit at %(table)s.",
                    agencies=names,
                    table=self.sudo().name,
                )
            )
        if strangers:
            raise error(
                self.env._(
                    "%(agency)s does not sit at %(table)s.",
                    agency=names,
                    table=self.sudo().name,
                )
            )

    def _is_chaired_by(self, user):
        """Whether ``user`` chairs this table: the chair role and a seat at it."""
        # sudo: compares the table's chairs with the user only.
        return bool(self) and (
            user.has_group("focus_table.group_chair") and user in self.sudo().chair_ids
        )

    def _next_reference(self):
        self.ensure_one()
        # sudo: members cannot read ir.sequence; only the next number is returned.
        return self.sequence_id.sudo().next_by_id()

    @api.readonly
    def action_view_situations(self):
        return related_action(self, "focus_table.focus_situation_action", "table_id")

    # ------------------------------------------------------------------
    # Meeting series
    # ------------------------------------------------------------------
    @api.constrains(
        "meeting_frequency",
        "meeting_weekday",
        "meeting_weekday_2",
        "meeting_hour",
        "meeting_duration",
    )
    def _check_meeting_schedule(self):
        for table in self.filtered(lambda t: t.meeting_frequency != "none"):
            if not table.meeting_weekday:
                raise ValidationError(self.env._("Choose the day the table meets."))
            if table.meeting_frequency == "twice_weekly" and (
                not table.meeting_weekday_2
                or table.meeting_weekday_2 == table.meeting_weekday
            ):
                raise ValidationError(
                    self.env._("A table meeting twice a week needs two different days.")
                )
            if not 0 <= table.meeting_hour < 24:
                raise ValidationError(
                    self.env._("The meeting time must be within the day.")
                )
            if table.meeting_duration <= 0:
                raise ValidationError(
                    self.env._("The meeting duration must be positive.")
                )

    @api.depends_context("uid")
    def _compute_meeting_counts(self):
        # With the user's own rights, like the situation counts.
        meetings = count_by(
            self, "focus.meeting", "table_id", [("state", "!=", "cancelled")]
        )
        actions = count_by(self, "focus.action", "table_id", [("state", "=", "open")])
        for table in self:
            table.meeting_count = meetings.get(table, 0)
            table.open_action_count = actions.get(table, 0)

    def _meeting_local_today(self):
        self.ensure_one()
        return datetime.now(pytz.timezone(self.meeting_tz or "UTC")).date()

    def _meeting_occurrences(self, date_from, date_to):
        """The days of the regular schedule from date_from to date_to, both included."""
        self.ensure_one()
        if self.meeting_frequency == "none" or not self.meeting_weekday:
            return []
        weekdays = {int(self.meeting_weekday)}
        if self.meeting_frequency == "twice_weekly" and self.meeting_weekday_2:
            weekdays.add(int(self.meeting_weekday_2))
        anchor = self.meeting_series_start or date_from
        anchor_monday = anchor - timedelta(days=anchor.weekday())
        day = max(date_from, anchor)
        days = []
        while day <= date_to:
            if day.weekday() in weekdays:
                week = (day - anchor_monday).days // 7
                if self.meeting_frequency != "biweekly" or week % 2 == 0:
                    days.append(day)
            day += timedelta(days=1)
        return days

    def _meeting_start(self, day):
        """The UTC start of the meeting held on the local day ``day``."""
        self.ensure_one()
        minutes = int(round((self.meeting_hour or 0.0) * 60))
        local = datetime.combine(day, time(min(minutes // 60, 23), minutes % 60))
        localized = pytz.timezone(self.meeting_tz or "UTC").localize(local)
        return localized.astimezone(pytz.utc).replace(tzinfo=None)

    def _series_meeting_values(self, day):
        self.ensure_one()
        return {
            "table_id": self.id,
            "series_date": day,
            "date_start": self._meeting_start(day),
            "duration": self.meeting_duration or 1.0,
            "location": self.meeting_location,
            "videocall_url": self.meeting_videocall_url,
            "chair_id": self.chair_ids[:1].id,
        }

    def _generate_meetings(self, weeks=SERIES_WEEKS):
        """Create the series meetings of the next ``weeks`` weeks that do not exist yet.

        A day of the series that already has a meeting, even a cancelled or moved
        one, is left alone: cancelling one meeting does not bring it back.
        """
        # sudo: the series is planned by the system (cron), whoever edits the table.
        Meeting = self.env["focus.meeting"].sudo()
        vals_list = []
        for table in self.filtered(
            lambda t: t.active and t.meeting_frequency != "none"
        ):
            today = table._meeting_local_today()
            days = table._meeting_occurrences(
                today, today + timedelta(weeks=weeks) - timedelta(days=1)
            )
            if not days:
                continue
            known = set(
                Meeting.search(
                    [
                        ("table_id", "=", table.id),
                        ("series_date", "in", days),
                    ]
                ).mapped("series_date")
            )
            vals_list += [
                table._series_meeting_values(day) for day in days if day not in known
            ]
        return Meeting.create(vals_list) if vals_list else Meeting

    def _reschedule_meetings(self):
        """Follow a schedule change in the planned, untouched series meetings."""
        # sudo: planned series meetings follow the schedule, whoever edits it.
        Meeting = self.env["focus.meeting"].sudo()
        now = fields.Datetime.now()
        for table in self:
            planned = Meeting.search(
                [
                    ("table_id", "=", table.id),
                    ("series_date", "!=", False),
                    ("state", "=", "draft"),
                    ("date_start", ">", now),
                ]
            )
            if not planned:
                continue
            days = (
                set(
                    table._meeting_occurrences(
                        min(planned.mapped("series_date")),
                        max(planned.mapped("series_date")),
                    )
                )
                if table.active
                else set()
            )
            dropped = planned.filtered(
                lambda m, days=days: m.series_date not in days and not m.item_ids
            )
            dropped.unlink()
            for meeting in planned - dropped:
                if meeting.series_date in days:
                    vals = table._series_meeting_values(meeting.series_date)
                    vals.pop("chair_id")
                    meeting.write(vals)
        self._generate_meetings()

    @api.model
    def _cron_generate_meetings(self):
        """Keep the meeting series of every table filled for the weeks ahead."""
        self.search([("meeting_frequency", "!=", "none")])._generate_meetings()

    @api.readonly
    def action_view_meetings(self):
        return related_action(self, "focus_table.focus_meeting_action", "table_id")

    @api.readonly
    def action_view_actions(self):
        action = related_action(self, "focus_table.focus_action_action", "table_id")
        action["context"]["search_default_open"] = 1
        return action

    def action_generate_meetings(self):
        """Button: fill the series now instead of waiting for the scheduled job."""
        self.check_access("write")
        self._generate_meetings()
        return self.action_view_meetings()

    # ------------------------------------------------------------------
    # Disclosure setting
    # ------------------------------------------------------------------
    @step
    def action_change_disclosure_mode(self, disclosure_mode, reason):
        """Change who receives identifying details, for the situations accepted
        from now on: those accepted before keep the setting they were accepted
        under (their disclosures were recorded then)."""
        self.check_access("write")
        modes = dict(self._fields["disclosure_mode"]._description_selection(self.env))
        if disclosure_mode not in modes:
            raise UserError(self.env._("Choose a disclosure setting."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the disclosure setting changes."))
        for table in self.filtered(lambda t: t.disclosure_mode != disclosure_mode):
            table.write({"disclosure_mode": disclosure_mode})
            table.message_post(
                body=self.env._(
                    "Disclosure setting changed to %(mode)s, for the situations "
                    "accepted from now on: %(reason)s",
                    mode=modes[disclosure_mode],
                    reason=reason.strip(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_open_disclosure_wizard(self):
        self.ensure_one()
        return dialog_action(
            "focus.table.disclosure",
            name=self.env._("Change the disclosure setting of %s", self.name),
            context={
                "default_table_id": self.id,
                "default_disclosure_mode": self.disclosure_mode,
            },
        )
