from odoo import api, fields, models

from ..models.focus_disclosure import AUTHORITIES, CONSENT_STATUSES

STEPS = [
    ("accept", "Accept (AER)"),
    ("reject", "Reject (not AER)"),
    ("intervention", "Record Intervention"),
    ("close", "Close"),
    ("agencies", "Change Agencies"),
]


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
        return {"type": "ir.actions.act_window_close"}
