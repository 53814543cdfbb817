from datetime import timedelta

from odoo import api, fields, models

from ..tools.actions import dialog_action


class FocusAgency(models.Model):
    _name = "focus.agency"
    _description = "Participating Agency"
    _inherit = ["mail.thread"]
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
    isa_signed_on = fields.Date(
        string="Agreement Signed On",
        tracking=True,
        help="Date the information-sharing agreement was signed.",
    )
    isa_expires_on = fields.Date(string="Agreement Expires On", tracking=True)
    isa_document = fields.Binary(string="Agreement Document", attachment=True)
    isa_document_name = fields.Char(string="Agreement File Name")
    isa_state = fields.Selection(
        [
            ("missing", "No agreement"),
            ("valid", "Valid"),
            ("expiring", "Expires within 30 days"),
            ("expired", "Expired"),
        ],
        string="Agreement",
        compute="_compute_isa_state",
    )
    representative_count = fields.Integer(compute="_compute_representative_count")

    @api.depends("isa_signed_on", "isa_expires_on")
    def _compute_isa_state(self):
        today = fields.Date.context_today(self)
        for agency in self:
            if not agency.isa_signed_on:
                agency.isa_state = "missing"
            elif agency.isa_expires_on and agency.isa_expires_on < today:
                agency.isa_state = "expired"
            elif agency.isa_expires_on and agency.isa_expires_on < today + timedelta(
                days=30
            ):
                agency.isa_state = "expiring"
            else:
                agency.isa_state = "valid"

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
