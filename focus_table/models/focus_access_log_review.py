from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.actions import dialog_action
from .focus_access_log import ACCESS_REASONS
from .focus_step_guard import in_step, step

FLAGS = [
    ("outside", "Outside the agency's involvement"),
    ("closed", "Closed situation or purge due"),
    ("burst", "Many situations in a short time"),
    ("reason", "Reason missing or boilerplate"),
    ("blocked", "Identifying detail in de-identified text"),
]
REVIEW_STATES = [("to_review", "To Review"), ("reviewed", "Reviewed")]
# What the flag job and the review step write; nothing else of an entry changes.
REVIEW_FIELDS = {
    "flag",
    "flag_note",
    "flags_checked",
    "review_state",
    "review_note",
    "reviewed_by_id",
    "reviewed_on",
}
# Channels read by a person (not the system's own processes, nor blocked saves).
PERSON_CHANNELS = ("form", "list", "rpc", "export", "report")
PURGE_SOON_DAYS = 7
REPEATED_REASON_COUNT = 5


class FocusAccessLogReview(models.Model):
    """The chair's oversight of the identity access log: flags and reviews.

    The log stays append-only: a scheduled job flags entries that deserve a look
    and gives the table's chairs a to-do; a chair records the review. Both write
    only the review fields, inside their steps.
    """

    _name = "focus.access.log"
    _inherit = ["focus.access.log", "mail.thread", "mail.activity.mixin"]

    flag = fields.Selection(FLAGS, readonly=True, index="btree_not_null")
    flag_note = fields.Char(string="Why Flagged", readonly=True)
    flags_checked = fields.Boolean(readonly=True, index=True, copy=False)
    review_state = fields.Selection(REVIEW_STATES, readonly=True, index=True)
    review_note = fields.Text(readonly=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    reviewed_on = fields.Datetime(readonly=True)

    def write(self, vals):
        if in_step() and set(vals) <= REVIEW_FIELDS:
            # sudo: the review step checked the chair; the job runs for every table.
            return super(FocusAccessLogReview, self.sudo()).write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Flags
    # ------------------------------------------------------------------
    def _flag_outside(self):
        """Read by an agency that had not been given the details at that time."""
        situation = self.situation_id
        agency = self.agency_id
        if not situation or situation.originating_agency_id == agency:
            return False
        granted = situation.disclosure_ids.filtered(
            lambda d: d.agency_id == agency and d.date <= self.date
        )
        if granted:
            return False
        return self.env._(
            "%(agency)s had no disclosure for this situation yet.",
            agency=agency.name or self.env._("No agency"),
        )

    def _flag_closed(self):
        situation = self.situation_id
        if situation.state != "closed" or not situation.date_closed:
            return False
        # The closing date is the day in the closer's time zone: the read is
        # compared by its day in the same zone, not by UTC midnight.
        read_day = fields.Date.context_today(self, self.date)
        if situation.date_closed > read_day:
            return False
        purge = situation.date_closed + timedelta(
            days=situation.table_id.retention_days
        )
        if purge - timedelta(days=PURGE_SOON_DAYS) <= read_day:
            return self.env._("Read when the identities were due for purging.")
        return self.env._("Read after the situation was closed.")

    def _flag_burst(self, earlier):
        table = self.table_id
        limit = table.oversight_burst_count or 5
        window = timedelta(minutes=table.oversight_burst_minutes or 60)
        recent = earlier.filtered(
            lambda e: e.user_id == self.user_id and self.date - window <= e.date
        )
        situations = (recent | self).situation_id
        if len(situations) > limit and not recent.filtered(lambda e: e.flag == "burst"):
            return self.env._(
                "%(count)s situations read within %(minutes)s minutes.",
                count=len(situations),
                minutes=int(window.total_seconds() // 60),
            )
        return False

    def _flag_reason(self, earlier):
        if self.channel not in PERSON_CHANNELS:
            return False
        reason = (self.reason or "").strip()
        if not reason:
            return self.env._("No reason given.")
        standard = {label for _key, label in ACCESS_REASONS}
        free = reason.split(":", 1)[-1].strip() if reason not in standard else ""
        if not free:
            return False
        if len(free.split()) < 3:
            return self.env._("A reason of fewer than three words.")
        same = earlier.filtered(
            lambda e: e.user_id == self.user_id and (e.reason or "").strip() == reason
        )
        if len(same) + 1 >= REPEATED_REASON_COUNT:
            return self.env._(
                "The same reason on %(count)s reads.", count=len(same) + 1
            )
        return False

    @api.model
    @step
    def _check_flags(self):
        """Flag the entries not checked yet; give the table's chairs a to-do each."""
        # sudo: the job reads every table's log; it writes only review fields.
        Log = self.sudo()
        pending = Log.search([("flags_checked", "=", False)], order="date, id")
        if not pending:
            return Log
        users = pending.user_id.ids
        start = min(pending.mapped("date")) - timedelta(days=1)
        history = Log.search(
            [
                ("user_id", "in", users),
                ("date", ">=", start),
                ("flags_checked", "=", True),
                ("channel", "!=", "blocked"),
            ]
        )
        flagged = Log
        for entry in pending:
            earlier = (history | flagged).filtered(lambda e, d=entry.date: e.date <= d)
            checks = (
                ("outside", entry._flag_outside),
                ("closed", entry._flag_closed),
                ("burst", lambda e=entry, h=earlier: e._flag_burst(h)),
                ("reason", lambda e=entry, h=earlier: e._flag_reason(h)),
            )
            vals = {"flags_checked": True}
            if entry.channel == "blocked":
                # A detail typed into, or found in, a de-identified text.
                checks = (
                    ("blocked", lambda e=entry: e.reason or dict(FLAGS)["blocked"]),
                )
            for flag, check in checks:
                note = check()
                if note:
                    vals.update(flag=flag, flag_note=note, review_state="to_review")
                    break
            entry.write(vals)
            if entry.channel != "blocked":
                history |= entry
            if entry.flag:
                flagged |= entry
                entry._schedule_review()
        return flagged

    def _schedule_review(self):
        flags = dict(FLAGS)
        for chair in self.table_id.chair_ids:
            # Reference and kind of flag only: activities reach their assignee's
            # inbox, which is no place for identifying details.
            self.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                summary=self.env._("Review identity access"),
                note=self.env._(
                    "%(ref)s: %(flag)s", ref=self.situation_ref, flag=flags[self.flag]
                ),
                user_id=chair.id,
            )

    def action_check_now(self):
        """Button: run the flag job now (chairs)."""
        if not self.env.user.has_group("focus_table.group_chair"):
            raise AccessError(self.env._("Only chairs check the access log."))
        self._check_flags()
        return True

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------
    def _check_reviewer(self):
        user = self.env.user
        for entry in self:
            # sudo: the entry's table; only its chairs are compared with the user.
            if not entry.sudo().table_id._is_chaired_by(user):
                raise AccessError(
                    self.env._(
                        "Only a chair of %(table)s reviews its access log.",
                        table=entry.sudo().table_id.name or "",
                    )
                )

    @step
    def action_mark_reviewed(self, note=None):
        self.check_access("read")
        self._check_reviewer()
        self.write(
            {
                "review_state": "reviewed",
                "review_note": (note or "").strip() or False,
                "reviewed_by_id": self.env.user.id,
                "reviewed_on": fields.Datetime.now(),
            }
        )
        for entry in self:
            entry.sudo().activity_ids.action_feedback(feedback=self.env._("Reviewed."))
        return True

    def action_open_review(self):
        self.ensure_one()
        return dialog_action(
            "focus.access.review",
            name=self.env._("Review %(ref)s", ref=self.situation_ref),
            context={"default_log_id": self.id},
        )
