from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .focus_step_guard import step

ISSUE_STATUSES = [
    ("open", "Open"),
    ("recommended", "Recommended"),
    ("escalated", "Escalated"),
    ("resolved", "Resolved"),
]


class FocusSystemicIssue(models.Model):
    """A gap the table keeps meeting, and what it recommends about it.

    De-identified throughout: reports print the number of linked situations,
    never their references.
    """

    _name = "focus.systemic.issue"
    _description = "Systemic Issue"
    _inherit = [
        "focus.step.guard",
        "focus.deidentified.mixin",
        "focus.table.column.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_raised desc, id desc"

    # The status moves with the chair's buttons; an issue stays at its table.
    _step_fields = frozenset({"status", "date_response", "table_id"})
    _create_fields = frozenset({"table_id"})
    _free_fields = frozenset(
        {
            "name",
            "description",
            "meeting_id",
            "situation_ids",
            "recommendation",
            "addressed_to",
            "response",
            "date_raised",
            "color",
        }
    )
    _deidentified_fields = (
        "name",
        "description",
        "recommendation",
        "addressed_to",
        "response",
    )

    name = fields.Char(string="Title", required=True, tracking=True)
    description = fields.Text(
        help="The gap the table meets, de-identified: no names, addresses or other "
        "identifying details."
    )
    table_id = fields.Many2one(
        "focus.table", required=True, index=True, ondelete="restrict", tracking=True
    )
    meeting_id = fields.Many2one(
        "focus.meeting",
        string="Raised At",
        index="btree_not_null",
        ondelete="set null",
        domain="[('table_id', '=', table_id)]",
    )
    situation_ids = fields.Many2many(
        "focus.situation",
        "focus_systemic_issue_situation_rel",
        "issue_id",
        "situation_id",
        string="Linked Situations",
        domain="[('table_id', '=', table_id), ('state', '!=', 'draft')]",
    )
    situation_count = fields.Integer(compute="_compute_situation_count")
    status = fields.Selection(
        ISSUE_STATUSES,
        required=True,
        default="open",
        tracking=True,
        index=True,
        group_expand="_expand_statuses",
    )
    recommendation = fields.Text(tracking=True)
    addressed_to = fields.Char(
        tracking=True, help="The agency or body the recommendation goes to."
    )
    response = fields.Text(tracking=True)
    date_raised = fields.Date(
        string="Raised On", required=True, default=fields.Date.context_today
    )
    date_response = fields.Date(string="Response On", readonly=True, tracking=True)
    color = fields.Integer()

    @api.depends("situation_ids")
    def _compute_situation_count(self):
        for issue in self:
            # sudo: a count of links, which every reader of the issue may know.
            issue.situation_count = len(issue.sudo().situation_ids)

    def _expand_statuses(self, statuses, domain):
        return [key for key, _label in ISSUE_STATUSES]

    @api.constrains("table_id", "meeting_id", "situation_ids")
    def _check_table(self):
        # sudo: compares tables only.
        for issue in self.sudo():
            if issue.meeting_id and issue.meeting_id.table_id != issue.table_id:
                raise ValidationError(
                    self.env._("The meeting is not one of this table's.")
                )
            if issue.situation_ids.table_id - issue.table_id:
                raise ValidationError(
                    self.env._("The linked situations must be this table's.")
                )

    def _deidentified_situations(self):
        # sudo: which identities apply; the guard reads them inside the check only.
        issues = self.sudo()
        return issues.situation_ids | issues.meeting_id.item_ids.situation_id

    @api.model
    def _deidentified_domain(self, situations):
        return [("situation_ids", "in", situations.ids)]

    @api.model_create_multi
    def create(self, vals_list):
        Meeting = self.env["focus.meeting"]
        for vals in vals_list:
            if not self.env.su:  # the demo history records issues raised earlier
                # sudo: reads the meeting's state only.
                meeting = Meeting.browse(vals.get("meeting_id") or []).sudo()
                meeting._check_not_approved()
        issues = super().create(vals_list)
        issues._add_to_agenda()
        return issues

    def write(self, vals):
        if "meeting_id" in vals and not self.env.su:
            # An approved meeting's minutes list the issues raised at it: none
            # moves onto or off it. sudo: reads the meetings' states only.
            meetings = (
                self.sudo().meeting_id
                | self.env["focus.meeting"].browse(vals["meeting_id"] or []).sudo()
            )
            meetings._check_not_approved()
        return super().write(vals)

    @step
    def _add_to_agenda(self):
        """An issue raised at a meeting still to be held goes on its agenda."""
        Item = self.env["focus.meeting.item"]
        for issue in self.filtered(
            lambda i: i.meeting_id.state in ("draft", "in_progress")
        ):
            Item.create(
                {
                    "meeting_id": issue.meeting_id.id,
                    "kind": "systemic_issue",
                    "systemic_issue_id": issue.id,
                }
            )

    # ------------------------------------------------------------------
    # Steps: the table's chairs move the status
    # ------------------------------------------------------------------
    def _check_chair(self):
        user = self.env.user
        if self.env.su or user.has_group("focus_table.group_manager"):
            return
        for issue in self:
            if not issue.table_id._is_chaired_by(user):
                raise AccessError(
                    self.env._(
                        "Only a chair of %(table)s moves its systemic issues.",
                        table=issue.table_id.name,
                    )
                )

    def _set_status(self, status, allowed, vals=None):
        self.check_access("write")
        self._check_chair()
        labels = dict(ISSUE_STATUSES)
        for issue in self:
            if issue.status not in allowed:
                raise UserError(
                    self.env._(
                        "%(issue)s cannot move from %(from)s to %(to)s.",
                        issue=issue.name,
                        **{"from": labels[issue.status], "to": labels[status]},
                    )
                )
        self.write({"status": status, **(vals or {})})
        return True

    @step
    def action_recommend(self):
        for issue in self:
            if not (issue.recommendation or "").strip():
                raise UserError(
                    self.env._(
                        "Write the recommendation of %(issue)s first.", issue=issue.name
                    )
                )
        return self._set_status("recommended", ("open", "escalated"))

    @step
    def action_escalate(self):
        for issue in self:
            if not (issue.addressed_to or "").strip():
                raise UserError(
                    self.env._(
                        "Say to whom %(issue)s is escalated (Addressed To).",
                        issue=issue.name,
                    )
                )
        return self._set_status("escalated", ("open", "recommended"))

    @step
    def action_resolve(self):
        for issue in self:
            if not (issue.response or "").strip():
                raise UserError(
                    self.env._(
                        "Record the response to %(issue)s first.", issue=issue.name
                    )
                )
        return self._set_status(
            "resolved",
            ("open", "recommended", "escalated"),
            {"date_response": fields.Date.context_today(self)},
        )

    @step
    def action_reopen(self):
        return self._set_status("open", ("resolved",), {"date_response": False})
