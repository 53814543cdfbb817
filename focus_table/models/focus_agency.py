from odoo import api, fields, models

from ..tools.actions import dialog_action


class FocusAgency(models.Model):
    _name = "focus.agency"
    _description = "Participating Agency"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(help="Short name shown in minutes and reports.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    partner_id = fields.Many2one(
        "res.partner", string="Organisation", ondelete="restrict", tracking=True
    )
    sector_id = fields.Many2one(
        "focus.sector", required=True, ondelete="restrict", tracking=True, index=True
    )
    user_ids = fields.One2many("res.users", "focus_agency_id", string="Representatives")
    table_ids = fields.Many2many(
        "focus.table",
        "focus_table_agency_rel",
        "agency_id",
        "table_id",
        string="Tables",
    )
    representative_count = fields.Integer(compute="_compute_representative_count")

    @api.depends("user_ids")
    def _compute_representative_count(self):
        for agency in self:
            agency.representative_count = len(agency.user_ids)

    def action_manage_members(self):
        self.ensure_one()
        return dialog_action(
            "focus.membership",
            name=self.env._("Representatives of %(agency)s", agency=self.name),
            context={"default_agency_id": self.id},
        )
