from collections import Counter, defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

from .focus_disclosure import AUTHORITIES, CONSENT_STATUSES
from .focus_step_guard import step, step_now, step_today
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
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("intervention", "Intervention"),
    ("closed", "Closed"),
]
OPEN_STATES = ("submitted", "accepted", "intervention")
# Hours before the response target at which the lead agency gets a reminder.
ALERT_LEAD_HOURS = 12
REPEAT_WINDOW_DAYS = 365
GRANTED_STATES = ("accepted", "intervention", "closed")
DISCLOSURE_TRIGGERS = {
    "state",
    "lead_agency_id",
    "assisting_agency_ids",
    "table_id",
    "disclosure_mode",
}
FROZEN_STATES = ("rejected", "closed")
# A de-identified summary is a few paragraphs; anything longer is a pasted file.
TEXT_MAX_LENGTH = 5000
# Situations purged per savepoint (and per cron progress commit).
PURGE_BATCH = 500


class FocusSituation(models.Model):
    _name = "focus.situation"
    _description = "Situation of Acutely Elevated Risk"
    _inherit = [
        "focus.step.guard",
        "focus.deidentified.mixin",
        "focus.table.column.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = False

    # Who needs to know and where the situation stands are decided by the steps of
    # the Four Filters (DESIGN §3), never by a plain write.
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
            "disclosure_mode",
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
    )

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index=True,
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
    is_my_agency = fields.Boolean(
        string="My Agency",
        compute="_compute_is_my_agency",
        search="_search_is_my_agency",
        help="My agency presented the situation, leads or assists.",
    )
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

    @api.depends_context("uid")
    def _compute_is_my_agency(self):
        agency = self.env.user.focus_agency_id
        for situation in self:
            situation.is_my_agency = bool(agency) and agency in (
                situation.originating_agency_id
                | situation.lead_agency_id
                | situation.assisting_agency_ids
            )

    def _search_is_my_agency(self, operator, value):
        if operator != "in":
            return NotImplemented
        agency = self.env.user.focus_agency_id.id or 0
        # One index scan per role, united: an OR of the three relations makes
        # PostgreSQL read every situation of a province.
        mine = SQL(
            """(
            SELECT id FROM focus_situation WHERE originating_agency_id = %(agency)s
             UNION
            SELECT id FROM focus_situation WHERE lead_agency_id = %(agency)s
             UNION
            SELECT situation_id FROM focus_situation_assisting_agency_rel
             WHERE agency_id = %(agency)s
            )""",
            agency=agency,
        )
        return [("id", "in" if True in value else "not in", mine)]

    @api.depends_context("uid")
    def _compute_identity_count(self):
        # Counted with the user's rights: a sudo count would tell that names exist.
        counts = dict(
            self.env["focus.situation.identity"]._read_group(
                [("situation_id", "in", self.ids)], ["situation_id"], ["__count"]
            )
        )
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

    @api.depends(
        "date_decision", "date_intervention", "state", "table_id.response_target_hours"
    )
    def _compute_timeliness(self):
        for situation in self:
            accepted = situation.date_decision and situation.state in (
                "accepted",
                "intervention",
                "closed",
            )
            if not accepted:
                situation.date_target = False
                situation.intervention_hours = 0.0
                situation.within_target = False
                continue
            target = situation.table_id.response_target_hours or 48
            situation.date_target = situation.date_decision + timedelta(hours=target)
            if situation.date_intervention:
                delta = situation.date_intervention - situation.date_decision
                situation.intervention_hours = round(delta.total_seconds() / 3600.0, 2)
                situation.within_target = situation.intervention_hours <= target
            else:
                situation.intervention_hours = 0.0
                situation.within_target = False

    @api.depends("date_target", "date_intervention", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for situation in self:
            situation.is_overdue = bool(
                situation.state == "accepted"
                and not situation.date_intervention
                and situation.date_target
                and situation.date_target < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the overdue flag."))
        domain = [
            ("state", "=", "accepted"),
            ("date_intervention", "=", False),
            ("date_target", "<", fields.Datetime.now()),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", "&", *domain]

    @api.depends("repeat_of_ids")
    @api.depends_context("uid")
    def _compute_repeat_link_ids(self):
        user = self.env.user
        # sudo: the links are compared with the reader's need-to-know; only the
        # situations known to the reader on both ends are kept.
        for situation in self:
            if not situation.is_repeat:
                situation.repeat_link_ids = False
                continue
            earlier = situation.sudo().repeat_of_ids
            if self.env.uid != SUPERUSER_ID and not situation.sudo()._known_to(user):
                earlier = earlier.browse()
            elif self.env.uid != SUPERUSER_ID:
                earlier = earlier._known_to(user)
            situation.repeat_link_ids = earlier.sudo(False).ids

    @api.depends("repeat_of_ids")
    def _compute_is_repeat(self):
        for situation in self:
            situation.is_repeat = bool(situation.repeat_of_ids)

    @api.model_create_multi
    def create(self, vals_list):
        Table = self.env["focus.table"]
        for vals in vals_list:
            if vals.get("name", "/") != "/" and self._guard_applies():
                raise UserError(
                    self.env._("The reference of a situation comes from its table.")
                )
            if vals.get("name", "/") == "/" and vals.get("table_id"):
                vals["name"] = Table.browse(vals["table_id"])._next_reference()
        situations = super().create(vals_list)
        situations._record_disclosures({})
        return situations

    def write(self, vals):
        if not DISCLOSURE_TRIGGERS & set(vals):
            return super().write(vals)
        before = {situation.id: situation._granted_agencies() for situation in self}
        # A refused disclosure must leave the situation as it was.
        with self.env.cr.savepoint():
            res = super().write(vals)
            self._record_disclosures(before)
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
    # Who may take a step
    # ------------------------------------------------------------------
    def _is_chair(self):
        self.ensure_one()
        # sudo: the table of a situation the user reads; only its chairs are used.
        return self.env.su or self.sudo().table_id._is_chaired_by(self.env.user)

    def _check_chair(self, action):
        for situation in self:
            if not situation._is_chair():
                raise AccessError(
                    self.env._(
                        "Only a chair of %(table)s can %(action)s %(ref)s.",
                        table=situation.table_id.name,
                        action=action,
                        ref=situation.name,
                    )
                )

    def _check_lead_or_chair(self, action):
        agency = self.env.user.focus_agency_id
        for situation in self:
            if situation._is_chair():
                continue
            if not agency or agency != situation.lead_agency_id:
                raise AccessError(
                    self.env._(
                        "Only the lead agency or a chair of %(table)s can %(action)s "
                        "%(ref)s.",
                        table=situation.table_id.name,
                        action=action,
                        ref=situation.name,
                    )
                )

    def _check_originating(self, action):
        agency = self.env.user.focus_agency_id
        for situation in self:
            if self.env.su:
                continue
            if not agency or agency != situation.originating_agency_id:
                raise AccessError(
                    self.env._(
                        "Only the originating agency can %(action)s %(ref)s.",
                        action=action,
                        ref=situation.name,
                    )
                )

    # ------------------------------------------------------------------
    # Four Filter workflow
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        for situation in self:
            if situation.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot be %(action)s while it is %(state)s.",
                        ref=situation.name,
                        action=action,
                        state=dict(STATES)[situation.state],
                    )
                )

    @step
    def action_submit(self):
        """Filter 1 → 2: the originating agency brings the situation to its table."""
        self.check_access("write")
        self._check_state(("draft",), self.env._("submitted"))
        self._check_originating(self.env._("submit"))
        for situation in self:
            missing = []
            if not situation.subject_type:
                missing.append(self.env._("subject type"))
            if not situation.risk_factor_ids:
                missing.append(self.env._("risk factors"))
            if not situation.summary:
                missing.append(self.env._("de-identified summary"))
            if missing:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot be submitted without: %(missing)s.",
                        ref=situation.name,
                        missing=", ".join(missing),
                    )
                )
            if situation.originating_agency_id not in situation.table_id.agency_ids:
                raise UserError(
                    self.env._(
                        "%(agency)s does not sit at %(table)s.",
                        agency=situation.originating_agency_id.name,
                        table=situation.table_id.name,
                    )
                )
        self.write({"state": "submitted", "date_submitted": step_now()})
        return True

    def _check_decision_date(self, action):
        for situation in self:
            if not situation.date_decision:
                raise UserError(
                    self.env._(
                        "Set the decision date before the situation %(ref)s is "
                        "%(action)s.",
                        ref=situation.name,
                        action=action,
                    )
                )
            if situation.date_decision.date() < situation.date_received:
                raise UserError(
                    self.env._(
                        "The decision date of %(ref)s is before the date it was "
                        "received.",
                        ref=situation.name,
                    )
                )

    def _decide(self, state, action, date_decision=None):
        """Filter 2: record the table's decision on submitted situations."""
        self.check_access("write")
        self._check_state(("submitted",), action)
        self._check_chair(self.env._("decide on"))
        if date_decision:
            self.write({"date_decision": date_decision})
        self._check_decision_date(action)
        for situation in self:
            vals = {
                "state": state,
                "date_presented": situation.date_presented
                or situation.date_decision.date(),
            }
            if state == "accepted":
                # sudo: the table's setting, stamped on the situation it governs.
                vals["disclosure_mode"] = situation.sudo().table_id.disclosure_mode
            situation.write(vals)

    @step
    def action_accept(
        self, date_decision=None, lead_agency_id=None, assisting_agency_ids=None
    ):
        """Filter 2: the table agrees the situation is of acutely elevated risk.

        Filter 3 may be decided at once: the lead and assisting agencies named here
        receive the identifying details (with a disclosure record each).
        """
        self._decide("accepted", self.env._("accepted"), date_decision)
        if lead_agency_id or assisting_agency_ids:
            Agency = self.env["focus.agency"]
            lead = Agency.browse(lead_agency_id or [])
            assisting = Agency.browse(assisting_agency_ids or []) - lead
            self._check_table_agencies(lead | assisting)
            self.write(
                {
                    "lead_agency_id": lead.id,
                    "assisting_agency_ids": [fields.Command.set(assisting.ids)],
                }
            )
        return True

    def _check_table_agencies(self, agencies):
        for situation in self:
            strangers = agencies - situation.table_id.agency_ids
            if strangers:
                raise UserError(
                    self.env._(
                        "%(agencies)s do not sit at %(table)s.",
                        agencies=", ".join(strangers.mapped("name")),
                        table=situation.table_id.name,
                    )
                )

    @step
    def action_reject(self, date_decision=None):
        """Filter 2: not AER. Only minimal data is kept (DESIGN §2)."""
        self._decide("rejected", self.env._("rejected"), date_decision)
        self._minimise_rejected()
        return True

    def _minimise_rejected(self):
        """Keep table, dates, originating sector, age band, gender and decision only."""
        self.write(
            {
                "risk_factor_ids": [fields.Command.clear()],
                "assisting_agency_ids": [fields.Command.clear()],
                "lead_agency_id": False,
                "summary": False,
                "notes": False,
                "subject_type": False,
                "presenter_id": False,
                "consent_status": False,
                "disclosure_authority": False,
            }
        )
        # sudo: the deciding chair may lack identity access; deleting shows nothing.
        self.sudo().identity_ids.unlink()
        notes = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("message_type", "=", "comment"),
                ]
            )
        )
        notes.attachment_ids.unlink()
        notes.unlink()
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
            ]
        ).unlink()

    @step
    def action_start_intervention(self, date_intervention=None):
        """Filter 4: the lead agency has intervened (door knock)."""
        self.check_access("write")
        self._check_state(("accepted",), self.env._("moved to intervention"))
        self._check_lead_or_chair(self.env._("record the intervention of"))
        if date_intervention:
            self.write({"date_intervention": date_intervention})
        for situation in self:
            if not situation.lead_agency_id:
                raise UserError(
                    self.env._(
                        "Name the lead agency of %(ref)s first.", ref=situation.name
                    )
                )
            if not situation.date_intervention:
                raise UserError(
                    self.env._(
                        "Set the date of the first intervention of %(ref)s.",
                        ref=situation.name,
                    )
                )
            if situation.date_intervention < situation.date_decision:
                raise UserError(
                    self.env._(
                        "The intervention of %(ref)s cannot be before its acceptance.",
                        ref=situation.name,
                    )
                )
        self.write({"state": "intervention"})
        self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
                and a.summary == self._target_alert_summary()
            )
        ).action_feedback(feedback=self.env._("Intervention recorded."))
        return True

    @step
    def action_close(self, conclusion_id=None):
        """The lead agency reports the outcome; the situation is closed."""
        self.check_access("write")
        self._check_state(("intervention",), self.env._("closed"))
        self._check_lead_or_chair(self.env._("close"))
        if conclusion_id:
            self.write({"conclusion_id": conclusion_id})
        for situation in self:
            if not situation.conclusion_id:
                raise UserError(
                    self.env._(
                        "Choose the conclusion of %(ref)s before closing it.",
                        ref=situation.name,
                    )
                )
        self.write({"state": "closed", "date_closed": step_today(self)})
        return True

    @step
    def action_reopen(self, reason=None):
        """Re-open a closed situation; the reason is kept in the chatter."""
        self.check_access("read")
        self._check_state(("closed",), self.env._("re-opened"))
        self._check_chair(self.env._("re-open"))
        if not reason or not reason.strip():
            raise UserError(self.env._("Give a reason to re-open a closed situation."))
        self.write(
            {
                "state": "intervention",
                "date_closed": False,
                "conclusion_id": False,
                "reopen_reason": reason.strip(),
                # Closed again later, it is purged again after the retention period.
                "identity_purged_on": False,
            }
        )
        for situation in self:
            situation.message_post(
                body=self.env._("Re-opened: %(reason)s", reason=reason.strip()),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _open_step_wizard(self, step_name, title):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "focus.situation.step",
            "view_mode": "form",
            "target": "new",
            "context": {"default_situation_id": self.id, "default_step": step_name},
        }

    def action_open_accept_wizard(self):
        return self._open_step_wizard("accept", self.env._("Accept %s", self.name))

    def action_open_reject_wizard(self):
        return self._open_step_wizard("reject", self.env._("Reject %s", self.name))

    def action_open_intervention_wizard(self):
        return self._open_step_wizard(
            "intervention", self.env._("Record the intervention of %s", self.name)
        )

    def action_open_close_wizard(self):
        return self._open_step_wizard("close", self.env._("Close %s", self.name))

    def action_open_agencies_wizard(self):
        return self._open_step_wizard(
            "agencies", self.env._("Change the agencies of %s", self.name)
        )

    def action_open_reopen_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Re-open %(ref)s", ref=self.name),
            "res_model": "focus.situation.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_situation_id": self.id},
        }

    # ------------------------------------------------------------------
    # Filter 3: disclosures
    # ------------------------------------------------------------------
    def _granted_agencies(self):
        """Agencies, other than the originating one, given the identifying details."""
        self.ensure_one()
        Agency = self.env["focus.agency"]
        if self.state not in GRANTED_STATES:
            return Agency
        if self.disclosure_mode == "whole_table":
            granted = self.table_id.agency_ids
        else:
            granted = self.lead_agency_id | self.assisting_agency_ids
        return granted - self.originating_agency_id

    @step
    def action_change_agencies(
        self,
        lead_agency_id,
        assisting_agency_ids,
        reason,
        consent_status=None,
        disclosure_authority=None,
    ):
        """Filter 3 revisited: the chair changes who needs to know, and says why.

        New recipients get a disclosure record carrying the reason; agencies taken
        off the list lose access to the identifying details at once (rules).
        """
        self.check_access("write")
        self._check_state(
            ("accepted", "intervention"), self.env._("given new agencies")
        )
        self._check_chair(self.env._("change the agencies of"))
        if not (reason or "").strip():
            raise UserError(
                self.env._("Say why the lead or assisting agencies change.")
            )
        Agency = self.env["focus.agency"]
        lead = Agency.browse(lead_agency_id or [])
        assisting = Agency.browse(assisting_agency_ids or [])
        self._check_table_agencies(lead | assisting)
        if not lead:
            raise UserError(self.env._("Name the lead agency."))
        vals = {
            "lead_agency_id": lead.id,
            "assisting_agency_ids": [fields.Command.set((assisting - lead).ids)],
        }
        if consent_status:
            vals["consent_status"] = consent_status
        if disclosure_authority:
            vals["disclosure_authority"] = disclosure_authority
        before = {situation.id: situation._granted_agencies() for situation in self}
        with self.env.cr.savepoint():
            super().write(vals)
            self._record_disclosures(before, reason=reason.strip())
        for situation in self:
            situation.message_post(
                body=self.env._(
                    "Agencies changed by the chair: %(reason)s", reason=reason.strip()
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _record_disclosures(self, before, reason=False):
        """Record each new grant of identifying details, with its authority."""
        Disclosure = self.env["focus.disclosure"]
        vals_list = []
        for situation in self:
            new = situation._granted_agencies() - before.get(
                situation.id, self.env["focus.agency"]
            )
            if not new:
                continue
            if (
                situation.consent_status in (False, "not_sought")
                or not situation.disclosure_authority
            ):
                raise UserError(
                    self.env._(
                        "Record the consent status and the legal authority of %(ref)s "
                        "before "
                        "its identifying details are shared with %(agencies)s.",
                        ref=situation.name,
                        agencies=", ".join(new.mapped("name")),
                    )
                )
            whole = situation.disclosure_mode == "whole_table"
            for agency in new:
                role = (
                    "lead"
                    if agency == situation.lead_agency_id
                    else "assisting"
                    if agency in situation.assisting_agency_ids
                    else "table"
                )
                if whole and role == "assisting":
                    role = "table"
                vals_list.append(
                    {
                        "situation_id": situation.id,
                        "agency_id": agency.id,
                        "role": role,
                        "scope": situation.disclosure_scope
                        or self.env._("Identifying details"),
                        "authority": situation.disclosure_authority,
                        "consent_status": situation.consent_status,
                        "notice_due": situation.disclosure_authority != "consent",
                        "recorded_by_id": self.env.user.id,
                        "reason": reason,
                    }
                )
        if vals_list:
            # sudo: disclosures are append-only records nobody may create by hand.
            Disclosure.sudo().create(vals_list)

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _purge_candidates(self):
        """Rejected and closed situations the purge has not passed, due today."""
        self.env.flush_all()
        # Situations the purge has passed carry its date and leave the partial
        # indexes: each table's due closings are one index range.
        today = fields.Date.context_today(self)
        cr = self.env.cr
        cr.execute(
            "SELECT id FROM focus_situation"
            " WHERE identity_purged_on IS NULL AND state = 'rejected'"
        )
        ids = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id, retention_days FROM focus_table")
        for table_id, retention_days in cr.fetchall():
            cr.execute(
                """
                SELECT id FROM focus_situation
                 WHERE identity_purged_on IS NULL AND state = 'closed'
                   AND table_id = %s AND date_closed <= %s
                """,
                [table_id, today - timedelta(days=retention_days or 0)],
            )
            ids += [row[0] for row in cr.fetchall()]
        return self.browse(sorted(ids))

    @api.model
    @step
    def _cron_purge_identities(self, batch_size=PURGE_BATCH):
        """Delete identifying details after the retention period (DESIGN §4).

        Situations are purged by batches, each in its own savepoint: an interrupted
        run leaves every situation either untouched or fully purged, and a re-run
        only finds the rest. The repeat-detection keys stay on the situation.
        """
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        candidates = self._purge_candidates()
        purged = self.browse()
        for start in range(0, len(candidates), batch_size):
            batch = candidates[start : start + batch_size]
            with self.env.cr.savepoint():
                batch._purge_identities()
            purged |= batch
            if in_cron:
                self.env["ir.cron"]._commit_progress(len(batch))
            # A province purges hundreds of thousands: keep the cache small.
            self.env.invalidate_all()
        return purged

    def _purge_identities(self):
        # sudo: the purge deletes what it cannot leak; it reads hashes and counts only.
        identities = (
            self.env["focus.situation.identity"]
            .sudo()
            .search([("situation_id", "in", self.ids)])
        )
        counts = Counter()
        keys = defaultdict(set)
        for row in identities.read(["situation_id", "repeat_key"], load=None):
            counts[row["situation_id"]] += 1
            if row["repeat_key"]:
                keys[row["situation_id"]].add(row["repeat_key"])
        # Keys are stored when identities are entered; complete any that are not.
        stale = self.sudo().filtered(
            lambda s: not keys[s.id] <= set((s.repeat_keys or "").split())
        )
        stale._update_repeat_keys()
        identities.unlink()
        # The purge logs its own note: no field tracking to compute.
        self.with_context(mail_notrack=True).write(
            {"identity_purged_on": fields.Date.context_today(self)}
        )
        rejected = self.env._("the situation was rejected")
        bodies = {}
        for situation in self:
            if not counts[situation.id]:
                continue  # nothing was left to delete: the date says it was checked
            why = (
                rejected
                if situation.state == "rejected"
                else self.env._(
                    "retention period of %(days)s days after closing",
                    days=situation.table_id.retention_days,
                )
            )
            bodies[situation.id] = self.env._(
                "%(count)s identity record(s) deleted: %(why)s.",
                count=counts[situation.id],
                why=why,
            )
        if bodies:
            self._log_purge_notes(bodies)

    def _log_purge_notes(self, bodies):
        """One internal note per situation, in one INSERT.

        What ``_message_log_batch`` writes (an internal note, no notification),
        without the ORM's cost per message, which made the notes most of a
        province's purge time.
        """
        self.env.flush_all()
        author_id, email_from = self._message_compute_author()
        ids = list(bodies)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (
                    model, res_id, body, message_type, subtype_id, is_internal,
                    author_id, email_from, message_id, date,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(model)s, note.res_id, note.body, 'notification',
                       %(subtype)s, TRUE, %(author)s, %(email_from)s,
                       note.message_id, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::integer[], %(texts)s::text[],
                              %(message_ids)s::text[])
                       AS note(res_id, body, message_id)
                """,
                model=self._name,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=author_id,
                email_from=email_from,
                now=self.env.cr.now(),
                uid=self.env.uid,
                ids=ids,
                texts=[str(escape(bodies[res_id])) for res_id in ids],
                message_ids=[
                    generate_tracking_message_id("message-notify") for _id in ids
                ],
            )
        )
        self.env["mail.message"].invalidate_model()
        self.invalidate_recordset(["message_ids"])

    # ------------------------------------------------------------------
    # Timeliness alerts
    # ------------------------------------------------------------------
    def _target_alert_summary(self):
        return self.env._("Response target approaching")

    @api.model
    @step
    def _cron_target_alerts(self):
        """Remind the lead agency when the response target is about to pass.

        The activity carries only the reference and the due time: its assignees
        may read the summary without access to the situation's identities.
        """
        soon = fields.Datetime.now() + timedelta(hours=ALERT_LEAD_HOURS)
        situations = self.search(
            [
                ("state", "=", "accepted"),
                ("date_intervention", "=", False),
                ("target_alert_sent", "=", False),
                ("lead_agency_id", "!=", False),
                ("date_target", "<=", soon),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        for situation in situations:
            user = situation.lead_agency_id.user_ids[:1]
            if not user:
                continue
            situation.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=fields.Date.to_date(situation.date_target),
                summary=situation._target_alert_summary(),
                note=self.env._(
                    "%(ref)s: first intervention due by %(due)s.",
                    ref=situation.name,
                    due=fields.Datetime.to_string(situation.date_target),
                ),
                user_id=user.id,
            )
            situation.target_alert_sent = True

    # ------------------------------------------------------------------
    # Repeat presentations
    # ------------------------------------------------------------------
    def _update_repeat_keys(self):
        """Store the identities' keyed hashes and link earlier presentations."""
        # sudo: repeat keys are hashes, readable by administrators only.
        for situation in self.sudo():
            keys = sorted(set(situation.identity_ids.mapped("repeat_key")) - {False})
            if keys:
                situation.repeat_keys = " ".join(keys)
            known = set((situation.repeat_keys or "").split())
            if not known:
                continue
            since = situation.date_received - timedelta(days=REPEAT_WINDOW_DAYS)
            # sudo: earlier situations of the table are matched on hashes; only links
            # are stored, and readers see them only where rules allow.
            # Matched in SQL: the keys are 64 hex digits separated by spaces, so a
            # substring match is a whole-key match, and the year of the table is
            # never loaded.
            earlier = self.sudo().search(
                Domain.AND(
                    [
                        [
                            ("id", "!=", situation.id),
                            ("table_id", "=", situation.table_id.id),
                            ("date_received", ">=", since),
                            ("date_received", "<=", situation.date_received),
                        ],
                        Domain.OR([("repeat_keys", "like", key)] for key in known),
                    ]
                )
            )
            if earlier != situation.repeat_of_ids:
                situation.repeat_of_ids = [fields.Command.set(earlier.ids)]

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def _known_to(self, user):
        """The situations of ``self`` whose identifying details ``user`` may read:
        its agency originated them or was granted them (need-to-know, as the
        record rule of ``focus.situation.identity`` says)."""
        agency = user.focus_agency_id
        if not agency:
            return self.browse()
        return self.filtered(
            lambda s: (
                agency == s.originating_agency_id or agency in s._granted_agencies()
            )
        )

    def _user_may_see_identities(self):
        """Whether the current user's agency is on the need-to-know list."""
        self.ensure_one()
        return bool(self._known_to(self.env.user))

    @api.readonly
    def action_view_identities(self):
        """Ask for the reason first: every view of identifying details is logged."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reveal identifying details of %(ref)s", ref=self.name),
            "res_model": "focus.identity.reveal",
            "view_mode": "form",
            "target": "new",
            "context": {"default_situation_id": self.id},
        }

    # ------------------------------------------------------------------
    # Meetings and actions
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_meeting_counts(self):
        # With the user's own rights: agenda items need the confidentiality
        # acknowledgement.
        meetings = dict(
            self.env["focus.meeting.item"]._read_group(
                [("situation_id", "in", self.ids)],
                ["situation_id"],
                ["meeting_id:count_distinct"],
            )
        )
        actions = dict(
            self.env["focus.action"]._read_group(
                [("situation_id", "in", self.ids)],
                ["situation_id"],
                ["__count"],
            )
        )
        for situation in self:
            situation.meeting_count = meetings.get(situation, 0)
            situation.action_count = actions.get(situation, 0)

    @api.readonly
    def action_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "focus_table.focus_meeting_action"
        )
        action["domain"] = [("item_ids.situation_id", "=", self.id)]
        action["context"] = {"default_table_id": self.table_id.id}
        return action

    @api.readonly
    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "focus_table.focus_action_action"
        )
        action["domain"] = [("situation_id", "=", self.id)]
        action["context"] = {
            "default_situation_id": self.id,
            "default_table_id": self.table_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Demo history
    # ------------------------------------------------------------------
    def _demo_agency_user(self, agency):
        """Demo: who acts for ``agency`` at this table: its representative, or
        else its chair of the table."""
        self.ensure_one()
        users = self.env["res.users"].search(
            [("focus_agency_id", "=", agency.id)], order="id"
        )
        members = users.filtered(lambda u: u.has_group("focus_table.group_member"))
        return members[:1] or (users & self.table_id.chair_ids)[:1]

    def _demo_replay(self, story):
        """Demo: take draft situations through the Four Filters as the demo users.

        ``story`` holds the ``state`` to reach and the dates and choices of each
        step: ``date_submitted``, ``date_decision``, ``lead_agency_id``,
        ``assisting_agency_ids``, ``date_intervention``, ``conclusion_id`` and
        ``date_closed``. The presenter submits; a chair of the table decides; the
        lead agency records the intervention and the conclusion.
        """
        state = story["state"]
        self._demo_post_pending()
        for situation in self:
            chair = situation.table_id.chair_ids[:1]
            # sudo: the demo loader credits the "created" note to the presenter.
            situation.sudo().message_ids.filtered(
                lambda m: m.author_id == self.env.ref("base.partner_root")
            ).write(
                {
                    "author_id": situation.presenter_id.partner_id.id,
                    "date": fields.Datetime.to_datetime(situation.date_received),
                }
            )
            if state == "draft":
                continue
            situation._demo_step_as(
                situation.presenter_id, "action_submit", story["date_submitted"]
            )
            decided = story.get("date_decision")
            if state == "rejected":
                situation._demo_step_as(chair, "action_reject", decided, decided)
                continue
            if state == "submitted":
                continue
            situation._demo_step_as(
                chair,
                "action_accept",
                decided,
                decided,
                story["lead_agency_id"],
                story.get("assisting_agency_ids", []),
            )
            lead = situation._demo_agency_user(situation.lead_agency_id)
            if state == "accepted":
                continue
            situation._demo_step_as(
                lead,
                "action_start_intervention",
                story["date_intervention"],
                story["date_intervention"],
            )
            if state == "closed":
                closed = fields.Datetime.to_datetime(story["date_closed"])
                situation._demo_step_as(
                    lead, "action_close", closed, story["conclusion_id"]
                )
        return True
