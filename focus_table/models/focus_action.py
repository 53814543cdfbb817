from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .focus_situation import OPEN_STATES
from .focus_step_guard import step

ACTION_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("not_possible", "Not Possible"),
    ("cancelled", "Cancelled"),
]
REFERRAL_OUTCOMES = [
    ("accepted", "Accepted"),
    ("declined_person", "Declined by the person"),
    ("declined_service", "Declined by the service"),
    ("waiting_list", "Waiting list"),
    ("completed", "Completed"),
]


class FocusAction(models.Model):
    """A follow-up action agreed at the table, owned by one agency.

    Each open action gives its owner a to-do activity. Activities are read by
    their assignees without access to the situation, so the activity carries
    only the situation's reference and the due date, never the description.
    """

    _name = "focus.action"
    _description = "Follow-up Action"
    _inherit = [
        "focus.step.guard",
        "focus.deidentified.mixin",
        "focus.table.column.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_deadline, id"

    # The state changes through the owner's steps; what the action belongs to is
    # set when it is agreed.
    _step_fields = frozenset(
        {"state", "date_done", "situation_id", "meeting_id", "item_id", "table_id"}
    )
    _create_fields = frozenset({"situation_id", "meeting_id", "item_id", "table_id"})
    _free_fields = frozenset(
        {
            "name",
            "agency_id",
            "user_id",
            "date_deadline",
            "result",
            "action_type_id",
            "service_id",
            "referral_outcome",
        }
    )
    # Read by the table and by the owner's agency: never a name.
    _deidentified_fields = ("name", "result")

    name = fields.Char(
        string="Action",
        required=True,
        tracking=True,
        help="What is to be done, de-identified: no names, addresses or other "
        "identifying details.",
    )
    situation_id = fields.Many2one(
        "focus.situation",
        ondelete="restrict",
        index=True,
        tracking=True,
        domain="[('table_id', '=', table_id), "
        "('state', 'in', ('accepted', 'intervention'))]",
    )
    meeting_id = fields.Many2one(
        "focus.meeting",
        ondelete="restrict",
        index=True,
        help="The meeting the action was agreed at.",
    )
    item_id = fields.Many2one(
        "focus.meeting.item",
        string="Agenda Item",
        ondelete="set null",
        index="btree_not_null",
    )
    table_id = fields.Many2one(
        "focus.table",
        compute="_compute_table_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
        ondelete="restrict",
    )
    agency_id = fields.Many2one(
        "focus.agency",
        string="Owner Agency",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('table_ids', 'in', table_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Person",
        tracking=True,
        index=True,
        domain="[('focus_agency_id', '=', agency_id)]",
    )
    date_deadline = fields.Date(string="Due", required=True, tracking=True, index=True)
    state = fields.Selection(
        ACTION_STATES,
        required=True,
        default="open",
        tracking=True,
        index=True,
        copy=False,
    )
    result = fields.Text(
        tracking=True,
        copy=False,
        help="What was done, or why it was not possible. De-identified.",
    )
    date_done = fields.Date(string="Completed On", readonly=True, copy=False)
    action_type_id = fields.Many2one(
        "focus.action.type",
        string="Type",
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_action_type(),
    )
    is_referral = fields.Boolean(related="action_type_id.is_referral")
    service_id = fields.Many2one(
        "focus.service",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('active', '=', True)]",
        help="The service of the directory the person is referred to.",
    )
    service_sector_id = fields.Many2one(
        related="service_id.sector_id", string="Service Sector"
    )
    referral_outcome = fields.Selection(
        REFERRAL_OUTCOMES,
        tracking=True,
        copy=False,
        help="What came of the referral. De-identified.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )

    @api.model
    def _default_action_type(self):
        return self.env.ref(
            "focus_table.focus_action_type_task", raise_if_not_found=False
        )

    @api.depends("meeting_id", "situation_id", "item_id")
    def _compute_table_id(self):
        for action in self:
            action.table_id = (
                action.item_id.meeting_id.table_id
                or action.meeting_id.table_id
                or action.situation_id.table_id
                or action.table_id
            )

    @api.depends("state", "date_deadline")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.state == "open"
                and action.date_deadline
                and action.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the overdue flag."))
        domain = [
            ("state", "=", "open"),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.depends("situation_id", "agency_id", "table_id")
    def _compute_display_name(self):
        # Reference and agency only: the name shows in activities and notifications.
        for action in self:
            ref = action.situation_id.sudo().name or action.table_id.sudo().code or ""
            agency = action.agency_id.sudo()
            action.display_name = self.env._(
                "%(ref)s action of %(agency)s",
                ref=ref,
                agency=agency.code or agency.name or "",
            )

    @api.constrains("agency_id", "table_id", "situation_id", "meeting_id", "user_id")
    def _check_consistency(self):
        # sudo: compares table, agency and situation links; nothing is returned.
        for action in self.sudo():
            action.table_id._check_seated(action.agency_id, ValidationError)
            if action.situation_id and action.situation_id.table_id != action.table_id:
                raise ValidationError(
                    self.env._("The situation is not one of this table's.")
                )
            if action.meeting_id and action.meeting_id.table_id != action.table_id:
                raise ValidationError(
                    self.env._("The meeting is not one of this table's.")
                )
            if action.user_id and action.user_id.focus_agency_id != action.agency_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s does not represent %(agency)s.",
                        user=action.user_id.name,
                        agency=action.agency_id.name,
                    )
                )

    @api.constrains("action_type_id", "service_id")
    def _check_referral_service(self):
        for action in self:
            if action.action_type_id.is_referral and not action.service_id:
                raise ValidationError(
                    self.env._(
                        "A referral names the service the person is referred to: "
                        "choose one from the directory."
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _check_meeting_links(self, vals):
        """Actions cannot be added to, moved from or removed from approved minutes,
        nor linked to a situation, meeting or item their author may not read."""
        Meeting = self.env["focus.meeting"]
        Item = self.env["focus.meeting.item"]
        if not self.env.su:
            for fname in ("situation_id", "meeting_id", "item_id"):
                if vals.get(fname):
                    self.env[self._fields[fname].comodel_name].browse(
                        vals[fname]
                    ).check_access("read")
        meetings = Meeting.browse(vals.get("meeting_id") or [])
        meetings |= Item.browse(vals.get("item_id") or []).meeting_id
        meetings._check_not_approved()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            item = self.env["focus.meeting.item"].browse(vals.get("item_id") or [])
            if item:
                vals.setdefault("meeting_id", item.meeting_id.id)
                if item.situation_id:
                    vals.setdefault("situation_id", item.situation_id.id)
            self._check_meeting_links(vals)
        actions = super().create(vals_list)
        actions._schedule_owner_activity()
        return actions

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "agency_id", "date_deadline", "situation_id"} & set(vals):
            self.filtered(lambda a: a.state == "open")._schedule_owner_activity()
        return res

    def _deidentified_situations(self):
        # An action agreed under "other business" has no situation of its own:
        # the situations on the agenda of its meeting apply.
        situations = self.situation_id or self.meeting_id._deidentified_situations()
        if situations or not self.table_id:
            return situations
        # Nor a meeting: it may name anyone of the table's open situations (those
        # its writer knows are compared).
        return self.env["focus.situation"].search(
            [
                ("table_id", "=", self.table_id.id),
                ("state", "in", ("draft", *OPEN_STATES)),
                ("identity_ids", "!=", False),
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        # The owner's activity goes with the action (mail.activity.mixin).
        self.meeting_id._check_not_approved()

    # ------------------------------------------------------------------
    # Owner activity
    # ------------------------------------------------------------------
    def _activity_summary(self):
        return self.env._("Focus Table action due")

    def _activities(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        summary = self._activity_summary()
        return self.activity_ids.filtered(
            lambda a: a.activity_type_id == todo and a.summary == summary
        )

    def _owner(self):
        self.ensure_one()
        if self.user_id:
            return self.user_id
        # sudo: picks a representative of the owning agency; users are not shown.
        return self.agency_id.sudo().user_ids.filtered(
            lambda u: u.active and u.has_group("focus_table.group_member")
        )[:1]

    def _schedule_owner_activity(self):
        """One to-do for the owner of each open action, replacing an earlier one."""
        for action in self:
            action._activities().unlink()
            owner = action._owner()
            if not owner:
                continue
            action.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                date_deadline=action.date_deadline,
                summary=action._activity_summary(),
                note=self.env._(
                    "%(ref)s: action due by %(due)s.",
                    # sudo: the de-identified reference; the owner may lack access.
                    ref=action.situation_id.sudo().name or action.table_id.sudo().code,
                    due=fields.Date.to_string(action.date_deadline),
                ),
                user_id=owner.id,
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    @step
    def action_done(self):
        self._check_step_state(("open",), self.env._("marked done"))
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})
        for action in self:
            action._activities().action_feedback(feedback=self.env._("Action done."))
        return True

    @step
    def action_not_possible(self):
        self._check_step_state(("open",), self.env._("marked not possible"))
        for action in self:
            if not (action.result or "").strip():
                raise UserError(
                    self.env._(
                        "Say in the result why %(action)s is no longer possible.",
                        action=action.display_name,
                    )
                )
        self.write(
            {"state": "not_possible", "date_done": fields.Date.context_today(self)}
        )
        self._activities().unlink()
        return True

    @step
    def action_cancel(self):
        self._check_step_state(("open",), self.env._("cancelled"))
        self.write({"state": "cancelled"})
        self._activities().unlink()
        return True

    @step
    def action_reopen(self):
        self._check_step_state(
            ("done", "not_possible", "cancelled"), self.env._("re-opened")
        )
        self.write({"state": "open", "date_done": False})
        self._schedule_owner_activity()
        return True
