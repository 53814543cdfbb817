from odoo import api, fields, models

from odoo.addons.focus_table.models.focus_situation_workflow import ACCEPTED_STATES

from .focus_risk_fact import FACT_FIELDS


class FocusSituation(models.Model):
    _inherit = "focus.situation"

    agency_count = fields.Integer(
        string="Agencies Involved",
        compute="_compute_agency_count",
        store=True,
        help="Lead and assisting agencies of an accepted situation.",
    )

    @api.depends("state", "lead_agency_id", "assisting_agency_ids")
    def _compute_agency_count(self):
        # Stored so that the statistics never count the assisting agencies of a
        # million situations on the fly.
        for situation in self:
            if situation.state in ACCEPTED_STATES:
                agencies = situation.lead_agency_id | situation.assisting_agency_ids
                situation.agency_count = len(agencies)
            else:
                situation.agency_count = 0

    @api.model_create_multi
    def create(self, vals_list):
        situations = super().create(vals_list)
        self.env["focus.risk.fact"]._mark_situations(situations)
        return situations

    def write(self, vals):
        if not FACT_FIELDS & set(vals):
            return super().write(vals)
        Fact = self.env["focus.risk.fact"]
        Fact._mark_situations(self)  # the buckets they leave
        res = super().write(vals)
        Fact._mark_situations(self)  # the buckets they enter
        return res

    def unlink(self):
        self.env["focus.risk.fact"]._mark_situations(self)
        return super().unlink()
