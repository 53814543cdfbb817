from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.actions import dialog_action
from .focus_step_guard import step

ITEM_KINDS = [
    ("update", "Update"),
    ("action_review", "Action Review"),
    ("new_situation", "New Situation"),
    ("systemic_issue", "Systemic Issue"),
    ("other", "Other Business"),
]
DECISIONS = [
    ("accept", "Accepted (AER)"),
    ("reject", "Rejected (not AER)"),
    ("defer", "Deferred to the next meeting"),
]


class FocusMeetingItem(models.Model):
    """One agenda item. Members read it only once they acknowledged confidentiality."""

    _name = "focus.meeting.item"
    _inherit = [
        "focus.step.guard",
        "focus.deidentified.mixin",
        "focus.table.column.mixin",
    ]
    _description = "Meeting Agenda Item"
    _order = "meeting_id, sequence, id"

    # The decision and what it decided are the record of the meeting; the choice of
    # agencies stays open until the table decides (then it is a step of its own).
    _step_fields = frozenset(
        {
            "meeting_id",
            "kind",
            "situation_id",
            "action_id",
            "systemic_issue_id",
            "is_carried_over",
            "decision",
            "decision_date",
            "lead_agency_id",
            "assisting_agency_ids",
        }
    )
    _create_fields = frozenset(
        {
            "meeting_id",
            "kind",
            "situation_id",
            "action_id",
            "systemic_issue_id",
            "lead_agency_id",
            "assisting_agency_ids",
        }
    )
    _free_fields = frozenset({"sequence", "name", "notes", "action_ids"})
    # Read by every agency at the table: never a name.
    _deidentified_fields = ("notes", "name")
    # Open while the table has not decided the item.
    _undecided_fields = frozenset(
        {
            "kind",
            "situation_id",
            "action_id",
            "systemic_issue_id",
            "lead_agency_id",
            "assisting_agency_ids",
        }
    )

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
    sequence = fields.Integer(default=1000)
    kind = fields.Selection(ITEM_KINDS, required=True, default="other")
    name = fields.Char(string="Subject", help="Subject of an item of other business.")
    situation_id = fields.Many2one(
        "focus.situation",
        ondelete="restrict",
        index=True,
        domain="[('table_id', '=', table_id), ('state', '!=', 'draft')]",
    )
    action_id = fields.Many2one(
        "focus.action",
        string="Reviewed Action",
        ondelete="restrict",
        index="btree_not_null",
    )
    systemic_issue_id = fields.Many2one(
        "focus.systemic.issue",
        ondelete="cascade",
        index="btree_not_null",
        domain="[('table_id', '=', table_id)]",
    )
    is_carried_over = fields.Boolean(
        string="Carried Over",
        readonly=True,
        help="Deferred at an earlier meeting.",
    )
    notes = fields.Text(
        string="De-identified Notes",
        help="What the table said and agreed. No names, addresses or other "
        "identifying details.",
    )
    decision = fields.Selection(DECISIONS, readonly=True, copy=False)
    decision_date = fields.Datetime(readonly=True, copy=False)
    lead_agency_id = fields.Many2one(
        "focus.agency",
        domain="[('table_ids', 'in', table_id)]",
    )
    assisting_agency_ids = fields.Many2many(
        "focus.agency",
        "focus_meeting_item_assisting_agency_rel",
        "item_id",
        "agency_id",
        string="Assisting Agencies",
        domain="[('table_ids', 'in', table_id)]",
    )
    action_ids = fields.One2many("focus.action", "item_id", string="Actions")

    # Read and written with the user's own rights: an item shows no more than its
    # situation does. Consent and authority are recorded in the room, before the
    # chosen agencies receive identifying details (Filter 3).
    consent_status = fields.Selection(
        related="situation_id.consent_status", readonly=False, compute_sudo=False
    )
    disclosure_authority = fields.Selection(
        related="situation_id.disclosure_authority", readonly=False, compute_sudo=False
    )
    situation_state = fields.Selection(
        related="situation_id.state",
        string="Situation Status",
        compute_sudo=False,
    )
    situation_summary = fields.Text(related="situation_id.summary", compute_sudo=False)
    situation_subject_type = fields.Selection(
        related="situation_id.subject_type",
        compute_sudo=False,
    )
    situation_age_band_id = fields.Many2one(
        related="situation_id.age_band_id",
        compute_sudo=False,
    )
    situation_risk_category_ids = fields.Many2many(
        related="situation_id.risk_category_ids",
        compute_sudo=False,
    )
    situation_is_overdue = fields.Boolean(
        related="situation_id.is_overdue", compute_sudo=False
    )
    action_state = fields.Selection(
        related="action_id.state",
        string="Action Status",
        compute_sudo=False,
    )
    action_deadline = fields.Date(related="action_id.date_deadline", compute_sudo=False)
    action_agency_id = fields.Many2one(
        related="action_id.agency_id", compute_sudo=False
    )

    _situation_uniq = models.UniqueIndex(
        "(meeting_id, situation_id) "
        "WHERE situation_id IS NOT NULL AND action_id IS NULL",
        "A situation is on the agenda of a meeting once.",
    )
    _action_uniq = models.UniqueIndex(
        "(meeting_id, action_id) WHERE action_id IS NOT NULL",
        "An action is reviewed once per meeting.",
    )

    @api.depends("kind", "situation_id", "action_id", "name", "systemic_issue_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for item in self:
            # sudo: the reference is de-identified; readers of the item may not see it.
            subject = (
                item.situation_id.sudo().name
                # sudo: the title is de-identified, as the item's other texts.
                or item.systemic_issue_id.sudo().name
                or item.name
                or ""
            )
            item.display_name = (
                f"{kinds.get(item.kind, '')}: {subject}"
                if subject
                else kinds.get(item.kind, "")
            )

    @api.constrains("kind", "situation_id", "action_id", "name", "systemic_issue_id")
    def _check_subject(self):
        for item in self:
            if item.kind in ("update", "new_situation") and not item.situation_id:
                raise ValidationError(
                    self.env._("Choose the situation of the agenda item.")
                )
            if item.kind == "action_review" and not item.action_id:
                raise ValidationError(self.env._("Choose the action to review."))
            if item.kind == "systemic_issue" and (
                not item.systemic_issue_id
                # sudo: compares tables only.
                or item.systemic_issue_id.sudo().table_id != item.meeting_id.table_id
            ):
                raise ValidationError(
                    self.env._("Choose a systemic issue of this table.")
                )
            if item.kind == "other" and not (item.name or item.situation_id):
                raise ValidationError(
                    self.env._("Give the subject of the item of other business.")
                )
            if (
                item.situation_id
                # sudo: compares tables only.
                and item.situation_id.sudo().table_id != item.meeting_id.table_id
            ):
                raise ValidationError(
                    self.env._("The situation is not one of this table's.")
                )

    # ------------------------------------------------------------------
    # CRUD and the approval lock
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Meeting = self.env["focus.meeting"]
        Meeting.browse(
            {vals.get("meeting_id") for vals in vals_list}
        )._check_not_approved()
        return super().create(vals_list)

    def write(self, vals):
        self.meeting_id._check_not_approved()
        return super().write(vals)

    def _deidentified_situations(self):
        # An item of other business has no situation: the agenda's apply.
        return (
            self.situation_id
            or self.action_id.situation_id
            or self.meeting_id._deidentified_situations()
        )

    def _step_field_free(self, fname):
        return fname in self._undecided_fields and self.decision in (False, "defer")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self.meeting_id._check_not_approved()

    # ------------------------------------------------------------------
    # Filter 2 decisions, taken in the room
    # ------------------------------------------------------------------
    def _check_decidable(self, allow_deferred=True):
        self.check_access("write")
        for item in self:
            meeting = item.meeting_id
            meeting._check_not_approved()
            if meeting.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Decisions are taken while the meeting is in progress; "
                        "%(meeting)s is not.",
                        meeting=meeting.name,
                    )
                )
            if item.kind != "new_situation":
                raise UserError(
                    self.env._("Only new situations take a Filter 2 decision.")
                )
            if item.decision and not (allow_deferred and item.decision == "defer"):
                raise UserError(
                    self.env._(
                        "%(ref)s was already decided at this meeting.",
                        ref=item.situation_id.name,
                    )
                )

    def _post_decision(self, outcome):
        for item in self:
            body = (
                Markup("%s %s")
                % (
                    self.env._("Decided at"),
                    item.meeting_id._get_html_link(),
                )
                + Markup(": %s") % outcome
            )
            item.situation_id.message_post(body=body, subtype_xmlid="mail.mt_note")

    def action_accept_dialog(self):
        """Accepting names the agencies: the chair confirms them in a dialog."""
        self.ensure_one()
        self._check_decidable()
        return dialog_action(
            self._name,
            name=self.env._("Accept %(ref)s", ref=self.situation_id.name),
            res_id=self.id,
            views=[
                (
                    self.env.ref("focus_table.focus_meeting_item_view_form_accept").id,
                    "form",
                )
            ],
        )

    @step
    def action_accept(self):
        """The table agrees the situation is of acutely elevated risk."""
        self._check_decidable()
        for item in self:
            situation = item.situation_id
            situation._check_step_state(("submitted",), self.env._("accepted"))
            # The situation's step names the agencies and records the disclosures.
            situation.action_accept(
                date_decision=item.meeting_id.date_start,
                lead_agency_id=item.lead_agency_id.id,
                assisting_agency_ids=item.assisting_agency_ids.ids,
            )
            item.write({"decision": "accept", "decision_date": fields.Datetime.now()})
            item._post_decision(self.env._("accepted"))
        return True

    @step
    def action_reject(self):
        """Not AER: the situation keeps only minimal data, and so does the item."""
        self._check_decidable()
        for item in self:
            situation = item.situation_id
            situation._check_step_state(("submitted",), self.env._("rejected"))
            if item.action_ids:
                raise UserError(
                    self.env._(
                        "Remove the actions of %(ref)s before rejecting it.",
                        ref=situation.name,
                    )
                )
            situation.action_reject(date_decision=item.meeting_id.date_start)
            item.write(
                {
                    "decision": "reject",
                    "decision_date": fields.Datetime.now(),
                    "notes": False,
                    "lead_agency_id": False,
                    "assisting_agency_ids": [Command.clear()],
                }
            )
            item._post_decision(self.env._("rejected"))
        return True

    @step
    def action_defer(self):
        """Not decided today: the situation stays submitted and comes back next time."""
        self._check_decidable(allow_deferred=False)
        for item in self:
            item.situation_id._check_step_state(("submitted",), self.env._("deferred"))
            item.write({"decision": "defer", "decision_date": fields.Datetime.now()})
            item._post_decision(self.env._("deferred to the next meeting"))
        return True

    @api.readonly
    def action_open(self):
        self.ensure_one()
        return dialog_action(self._name, res_id=self.id)
