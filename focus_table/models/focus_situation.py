import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.actions import count_by, dialog_action, related_action, window_action
from .focus_disclosure import AUTHORITIES, CONSENT_STATUSES
from .focus_situation_disclosure import DISCLOSURE_REASON
from .focus_situation_workflow import FROZEN_STATES, OPEN_STATES, STATES
from .focus_table import DISCLOSURE_MODES

SUBJECT_TYPES = [
    ("individual", "Individual"),
    ("family", "Family"),
    ("group", "Group"),
    ("place", "Place"),
]
GENDERS = [
    ("female", "Female"),
    ("male", "Male"),
    ("gender_diverse", "Gender diverse"),
    ("unknown", "Not known"),
    ("not_applicable", "Not applicable"),
]
DISCLOSURE_TRIGGERS = {
    "state",
    "lead_agency_id",
    "assisting_agency_ids",
    "table_id",
    "disclosure_mode",
}
# A de-identified summary is a few paragraphs; anything longer is a pasted file.
TEXT_MAX_LENGTH = 5000


class FocusSituation(models.Model):
    _name = "focus.situation"
    _description = "Situation of Acutely Elevated Risk"
    _inherit = [
        "focus.step.guard",
        "focus.deidentified.mixin",
        "focus.table.column.mixin",
        "focus.situation.workflow",
        "focus.situation.disclosure",
        "focus.situation.consent",
        "focus.situation.transfer",
        "focus.situation.retention",
        "focus.situation.timeliness",
        "focus.situation.repeat",
        "focus.situation.agency.filter",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = False

    # Who needs to know and where the situation stands are decided by the steps of
    # the Four Filters (docs/ARCHITECTURE.md), never by a plain write.
    _step_fields = frozenset(
        {
            "name",
            "state",
            "table_id",
            "originating_agency_id",
            "lead_agency_id",
            "assisting_agency_ids",
            "date_submitted",
            "date_presented",
            "date_decision",
            "date_intervention",
            "date_closed",
            "conclusion_id",
            "identity_purged_on",
            "reopen_reason",
            "target_alert_sent",
            "repeat_keys",
            "repeat_of_ids",
            "represented_on",
            "disclosure_mode",
            "consent_withdrawn_on",
            "consent_withdrawal_note",
            "transferred_to_id",
            "transferred_from_id",
        }
    )
    _create_fields = frozenset({"name", "table_id", "originating_agency_id"})
    # Child records (identities, items, actions) guard themselves.
    _free_fields = frozenset(
        {
            "presenter_id",
            "date_received",
            "subject_type",
            "age_band_id",
            "gender",
            "risk_factor_ids",
            "summary",
            "notes",
            "decision_note",
            "consent_status",
            "consent_date",
            "consent_expires_on",
            "disclosure_authority",
            "disclosure_scope",
            "color",
            "identity_ids",
            "disclosure_ids",
            "meeting_item_ids",
            "action_ids",
            "area_id",
            "intervention_level_id",
        }
    )
    _frozen_states = FROZEN_STATES
    # Read by every agency at the table: never a name (focus.deidentified.mixin).
    _deidentified_fields = (
        "summary",
        "decision_note",
        "notes",
        "disclosure_scope",
        "reopen_reason",
        "consent_withdrawal_note",
    )

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        # A reference is searched by a fragment ("RIV-1"): a trigram index
        # serves the ILIKE, where PostgreSQL has pg_trgm (see init()).
        index="trigram",
    )
    state = fields.Selection(
        STATES,
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_expand_states",
    )
    table_id = fields.Many2one(
        "focus.table",
        required=True,
        ondelete="restrict",
        tracking=True,
        index=True,
    )
    originating_agency_id = fields.Many2one(
        "focus.agency",
        required=True,
        ondelete="restrict",
        tracking=True,
        index=True,
        default=lambda self: self.env.user.focus_agency_id,
    )
    originating_sector_id = fields.Many2one(
        "focus.sector",
        string="Originating Sector",
        store=True,
        related="originating_agency_id.sector_id",
    )
    presenter_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_received = fields.Date(
        string="Received",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    date_presented = fields.Date(string="Presented", tracking=True, copy=False)
    date_decision = fields.Datetime(
        string="Decision Date",
        tracking=True,
        copy=False,
        help="When the table decided whether the situation is acutely elevated risk.",
    )
    date_intervention = fields.Datetime(
        string="First Intervention",
        tracking=True,
        copy=False,
    )
    date_closed = fields.Date(string="Closed On", tracking=True, copy=False)

    subject_type = fields.Selection(SUBJECT_TYPES, tracking=True)
    age_band_id = fields.Many2one("focus.age.band", tracking=True)
    gender = fields.Selection(GENDERS, tracking=True)
    risk_factor_ids = fields.Many2many(
        "focus.risk.factor", string="Risk Factors", copy=False
    )
    risk_category_ids = fields.Many2many(
        "focus.risk.category",
        string="Risk Categories",
        compute="_compute_risk_category_ids",
        store=True,
    )
    risk_factor_count = fields.Integer(compute="_compute_risk_category_ids", store=True)
    summary = fields.Text(
        string="De-identified Summary",
        help="What the table needs to decide. No names, addresses or other "
        "identifying details.",
    )
    notes = fields.Html(string="Working Notes", copy=False)
    decision_note = fields.Text(string="Decision", tracking=True, copy=False)

    lead_agency_id = fields.Many2one(
        "focus.agency",
        tracking=True,
        copy=False,
        index=True,
    )
    assisting_agency_ids = fields.Many2many(
        "focus.agency",
        "focus_situation_assisting_agency_rel",
        "situation_id",
        "agency_id",
        string="Assisting Agencies",
        tracking=True,
        copy=False,
    )
    consent_status = fields.Selection(
        [("not_sought", "Not sought"), *CONSENT_STATUSES],
        default="not_sought",
        tracking=True,
        copy=False,
    )
    disclosure_authority = fields.Selection(
        AUTHORITIES,
        tracking=True,
        copy=False,
        help="Legal authority under which identifying details are shared (Filter 3).",
    )
    conclusion_id = fields.Many2one(
        "focus.conclusion",
        tracking=True,
        copy=False,
        ondelete="restrict",
    )
    conclusion_outcome = fields.Selection(related="conclusion_id.outcome", store=True)
    reopen_reason = fields.Text(readonly=True, copy=False)

    identity_ids = fields.One2many(
        "focus.situation.identity",
        "situation_id",
        string="Identifying Details",
        copy=False,
    )
    identity_count = fields.Integer(
        compute="_compute_identity_count",
        help="Identity records the current user may see (never counted as superuser).",
    )
    identity_purged_on = fields.Date(
        readonly=True,
        copy=False,
        help="When the retention purge deleted what was left of the identifying "
        "details (possibly nothing) after this rejection or closing.",
    )
    disclosure_scope = fields.Char(
        string="Information Shared",
        copy=False,
        default=lambda self: self.env._(
            "Name, date of birth, address and contact details of the persons involved"
        ),
        help="What identifying information the chosen agencies receive (Filter 3).",
    )
    disclosure_mode = fields.Selection(
        DISCLOSURE_MODES,
        string="Disclosure Setting",
        readonly=True,
        copy=False,
        help="The table's disclosure setting when the situation was accepted: who "
        "receives its identifying details. A later change of the table's setting "
        "applies to the situations accepted after it.",
    )
    disclosure_ids = fields.One2many(
        "focus.disclosure", "situation_id", string="Disclosures", readonly=True
    )

    # Timeliness
    response_target_hours = fields.Integer(related="table_id.response_target_hours")
    date_target = fields.Datetime(
        string="Response Due",
        compute="_compute_timeliness",
        store=True,
    )
    intervention_hours = fields.Float(
        string="Hours to Intervention",
        compute="_compute_timeliness",
        store=True,
        aggregator="avg",
    )
    within_target = fields.Boolean(compute="_compute_timeliness", store=True)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Accepted, no intervention yet, and the response target has passed.",
    )
    target_alert_sent = fields.Boolean(copy=False, readonly=True)

    # Repeat presentations: keyed hashes of the identities, kept after the purge.
    repeat_keys = fields.Char(copy=False, groups="base.group_system")
    # The links name the earlier situations of the same person: readable only
    # through repeat_link_ids, which keeps those the reader knows the person of.
    repeat_of_ids = fields.Many2many(
        "focus.situation",
        "focus_situation_repeat_rel",
        "situation_id",
        "earlier_id",
        string="Earlier Presentations (all)",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )
    represented_on = fields.Date(
        string="Presented Again On",
        readonly=True,
        copy=False,
        help="The first day the same person was presented again to the table "
        "within 12 months of this situation's closing (repeat keys).",
    )
    repeat_link_ids = fields.Many2many(
        "focus.situation",
        string="Earlier Presentations",
        compute="_compute_repeat_link_ids",
        help="Earlier presentations of the same person, shown to those who need to "
        "know the identities of both; to everyone else, only that it is a repeat.",
    )
    is_repeat = fields.Boolean(
        string="Repeat",
        compute="_compute_is_repeat",
        store=True,
        help="The same person was presented at this table within the last 12 months.",
    )
    color = fields.Integer()

    # Where and how intensively: for the statistics, never an address.
    area_id = fields.Many2one(
        "focus.area",
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        domain="[('table_id', '=', table_id)]",
        help="The neighbourhood, ward or division of the table the situation "
        "belongs to. Never an address.",
    )
    intervention_level_id = fields.Many2one(
        "focus.intervention.level",
        tracking=True,
        ondelete="restrict",
    )
    service_ids = fields.Many2many(
        "focus.service",
        string="Services Mobilized",
        compute="_compute_service_ids",
        help="The services of the directory the situation's actions refer to.",
    )

    # Meetings
    meeting_item_ids = fields.One2many(
        "focus.meeting.item",
        "situation_id",
        string="Agenda Items",
        copy=False,
    )
    action_ids = fields.One2many(
        "focus.action", "situation_id", string="Actions", copy=False
    )
    meeting_count = fields.Integer(compute="_compute_meeting_counts")
    action_count = fields.Integer(compute="_compute_meeting_counts")

    _name_uniq = models.Constraint(
        "UNIQUE(name)", "A situation reference must be unique."
    )
    # The situations of a table over a period: statistics, summaries, exports.
    _table_presented_idx = models.Index("(table_id, date_presented)")
    # What the retention purge has still to pass: the closings within their
    # table's retention period, and the last rejections.
    _purge_closed_idx = models.Index(
        "(table_id, date_closed) WHERE identity_purged_on IS NULL AND state = 'closed'"
    )
    _purge_rejected_idx = models.Index(
        "(id) WHERE identity_purged_on IS NULL AND state = 'rejected'"
    )
    # The lists' order: a filtered page is read in that order, 80 rows, and
    # not sorted out of every match.
    _received_order_idx = models.Index("(date_received DESC, id DESC)")
    # What the visibility rule and the agency filters read of a situation:
    # counts of a table's situations come from the index alone.
    _table_visibility_idx = models.Index(
        "(table_id) INCLUDE (originating_agency_id, lead_agency_id, state, id)"
    )

    def init(self):
        super().init()
        if not self.pool.has_trigram:
            # Databases not created by Odoo may lack pg_trgm. Without the right
            # to create it, the reference index is left out and a search by
            # fragment reads the table: slower, the same answer.
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except psycopg2.Error:
                return
            self.pool.has_trigram = True

    @api.depends_context("uid")
    def _compute_identity_count(self):
        # Counted with the user's rights: a sudo count would tell that names exist.
        counts = count_by(self, "focus.situation.identity", "situation_id")
        for situation in self:
            situation.identity_count = counts.get(situation, 0)

    def _expand_states(self, states, domain):
        """Kanban columns in the order of the process; open stages always shown."""
        return [key for key, _label in STATES if key in states or key in OPEN_STATES]

    @api.depends("risk_factor_ids.category_id")
    def _compute_risk_category_ids(self):
        for situation in self:
            situation.risk_category_ids = situation.risk_factor_ids.category_id
            situation.risk_factor_count = len(situation.risk_factor_ids)

    @api.model_create_multi
    def create(self, vals_list):
        Table = self.env["focus.table"]
        for vals in vals_list:
            if vals.get("name", "/") != "/" and self._guard_applies():
                raise UserError(
                    self.env._("The reference of a situation comes from its table.")
                )
            agency = vals.get(
                "originating_agency_id",
                self.env.context.get("default_originating_agency_id")
                or self.env.user.focus_agency_id.id,
            )
            if not agency:
                raise UserError(
                    self.env._(
                        "Give the agency that presents the situation: you belong "
                        "to no agency of the table."
                    )
                )
            if vals.get("name", "/") == "/" and vals.get("table_id"):
                vals["name"] = Table.browse(vals["table_id"])._next_reference()
        situations = super().create(vals_list)
        situations._record_disclosures({})
        return situations

    def write(self, vals):
        self._check_consent_unchanged(vals)
        if not DISCLOSURE_TRIGGERS & set(vals):
            return super().write(vals)
        # The one path by which identifying details are granted: whatever step
        # names the agencies (acceptance, the agenda item, the chair's change)
        # writes them here, and the disclosures are recorded with the step's
        # reason, if it gave one.
        before = self._disclosures_before()
        # A refused disclosure must leave the situation as it was.
        with self.env.cr.savepoint():
            res = super().write(vals)
            self._record_disclosures(before, reason=DISCLOSURE_REASON.get())
        return res

    def copy(self, default=None):
        if self:
            raise UserError(
                self.env._("A situation cannot be duplicated; present a new one.")
            )
        return super().copy(default)

    def _step_field_free(self, fname):
        # A draft has not left its agency: it may still go to another of its tables.
        return fname == "table_id" and self.state == "draft"

    @api.depends("action_ids.service_id", "action_ids.state")
    @api.depends_context("uid")
    def _compute_service_ids(self):
        # Read with the user's rights: the actions the user may see.
        for situation in self:
            situation.service_ids = situation.action_ids.filtered(
                lambda a: a.state != "cancelled"
            ).service_id

    @api.constrains("area_id", "table_id")
    def _check_area_table(self):
        # sudo: compares the area's table with the situation's; nothing is returned.
        for situation in self.sudo():
            if situation.area_id and situation.area_id.table_id != situation.table_id:
                raise ValidationError(
                    self.env._(
                        "The area %(area)s is not one of %(table)s's.",
                        area=situation.area_id.name,
                        table=situation.table_id.name,
                    )
                )

    @api.constrains("summary", "decision_note")
    def _check_text_lengths(self):
        for situation in self:
            for fname in ("summary", "decision_note"):
                if len(situation[fname] or "") > TEXT_MAX_LENGTH:
                    raise ValidationError(
                        self.env._(
                            "%(field)s is limited to %(max)s characters.",
                            field=self._fields[fname]._description_string(self.env),
                            max=TEXT_MAX_LENGTH,
                        )
                    )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # Followers receive what is posted: only the agencies involved and the chair
        # (who may write) choose them, themselves included.
        if not self.env.su:
            self.check_access("write")
        return super().message_subscribe(partner_ids, subtype_ids)

    def _deidentified_situations(self):
        return self

    @api.model
    def _deidentified_domain(self, situations):
        return [("id", "in", situations.ids)]

    def _deidentified_frozen(self):
        return self.state in FROZEN_STATES

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    @api.readonly
    def action_view_identities(self):
        """Ask for the reason first: every view of identifying details is logged."""
        self.ensure_one()
        return dialog_action(
            "focus.identity.reveal",
            name=self.env._("Reveal identifying details of %(ref)s", ref=self.name),
            context={"default_situation_id": self.id},
        )

    # ------------------------------------------------------------------
    # Meetings and actions
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_meeting_counts(self):
        # With the user's own rights: agenda items need the confidentiality
        # acknowledgement.
        meetings = count_by(
            self,
            "focus.meeting.item",
            "situation_id",
            aggregate="meeting_id:count_distinct",
        )
        actions = count_by(self, "focus.action", "situation_id")
        for situation in self:
            situation.meeting_count = meetings.get(situation, 0)
            situation.action_count = actions.get(situation, 0)

    @api.readonly
    def action_view_meetings(self):
        self.ensure_one()
        return window_action(
            self.env,
            "focus_table.focus_meeting_action",
            [("item_ids.situation_id", "=", self.id)],
            {"default_table_id": self.table_id.id},
        )

    @api.readonly
    def action_view_actions(self):
        return related_action(
            self,
            "focus_table.focus_action_action",
            "situation_id",
            table_id=self.table_id.id,
        )
