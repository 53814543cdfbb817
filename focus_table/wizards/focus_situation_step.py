from odoo import api, fields, models

from ..models.focus_disclosure import AUTHORITIES, CONSENT_STATUSES

STEPS = [
    ("accept", "Accept (AER)"),
    ("reject", "Reject (not AER)"),
    ("intervention", "Record Intervention"),
    ("close", "Close"),
    ("agencies", "Change Agencies"),
    ("override", "Share Without an Agreement"),
    ("withdraw_consent", "Withdraw Consent"),
    ("transfer", "Transfer to Another Table"),
]
ROLES = [("lead", "Lead agency"), ("assisting", "Assisting agency")]


class FocusSituationStep(models.TransientModel):
    """Asks what a step of the Four Filters needs, then runs the step.

    The values are checked again by the situation's step methods: this form is a
    convenience, not the guard.
    """

    _name = "focus.situation.step"
    _description = "Situation Step"

    situation_id = fields.Many2one("focus.situation", required=True, ondelete="cascade")
    table_id = fields.Many2one(related="situation_id.table_id")
    step = fields.Selection(STEPS, required=True)
    date = fields.Datetime(default=fields.Datetime.now)
    conclusion_id = fields.Many2one("focus.conclusion")
    lead_agency_id = fields.Many2one(
        "focus.agency", domain="[('table_ids', 'in', table_id)]"
    )
    assisting_agency_ids = fields.Many2many(
        "focus.agency",
        string="Assisting Agencies",
        domain="[('table_ids', 'in', table_id)]",
    )
    consent_status = fields.Selection(CONSENT_STATUSES)
    disclosure_authority = fields.Selection(AUTHORITIES)
    reason = fields.Text(help="Why the agencies change. No identifying details.")
    agency_id = fields.Many2one(
        "focus.agency",
        domain="[('table_ids', 'in', table_id), "
        "('isa_state', 'in', ('missing', 'expired'))]",
    )
    agency_isa_state = fields.Selection(related="agency_id.isa_state")
    agency_isa_expires_on = fields.Date(related="agency_id.isa_expires_on")
    role = fields.Selection(ROLES, default="assisting")
    override_authority = fields.Selection(
        [(key, label) for key, label in AUTHORITIES if key != "consent"],
        string="Legal Authority",
    )
    withdrawal_date = fields.Date(default=fields.Date.context_today)
    target_table_id = fields.Many2one(
        "focus.table",
        "Receiving Table",
        domain="[('id', '!=', table_id), ('accepts_transfers', '=', True)]",
    )
    receiving_agency_id = fields.Many2one(
        "focus.agency",
        domain="[('table_ids', 'in', target_table_id)]",
    )
    share_identities = fields.Boolean(
        string="Send the Identifying Details",
        help="Only under a legal authority, recorded as a disclosure to the "
        "receiving agency.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        situation = self.env["focus.situation"].browse(values.get("situation_id"))
        if situation and values.get("step") == "agencies":
            values.setdefault("lead_agency_id", situation.lead_agency_id.id)
            values.setdefault(
                "assisting_agency_ids",
                [fields.Command.set(situation.assisting_agency_ids.ids)],
            )
            if situation.consent_status != "not_sought":
                values.setdefault("consent_status", situation.consent_status)
            values.setdefault("disclosure_authority", situation.disclosure_authority)
        return values

    def action_confirm(self):
        self.ensure_one()
        situation = self.situation_id
        if self.step == "accept":
            situation.action_accept(
                date_decision=self.date,
                lead_agency_id=self.lead_agency_id.id,
                assisting_agency_ids=self.assisting_agency_ids.ids,
            )
        elif self.step == "reject":
            situation.action_reject(date_decision=self.date)
        elif self.step == "intervention":
            situation.action_start_intervention(date_intervention=self.date)
        elif self.step == "close":
            situation.action_close(conclusion_id=self.conclusion_id.id)
        elif self.step == "agencies":
            situation.action_change_agencies(
                self.lead_agency_id.id,
                self.assisting_agency_ids.ids,
                self.reason,
                consent_status=self.consent_status,
                disclosure_authority=self.disclosure_authority,
            )
        elif self.step == "override":
            situation.action_override_agreement(
                self.agency_id.id, self.role, self.override_authority, self.reason
            )
        elif self.step == "withdraw_consent":
            situation.action_withdraw_consent(self.withdrawal_date, self.reason)
        elif self.step == "transfer":
            situation.action_transfer(
                self.target_table_id.id,
                self.receiving_agency_id.id,
                self.reason,
                share_identities=self.share_identities,
                authority=self.disclosure_authority,
            )
        return {"type": "ir.actions.act_window_close"}
