from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    focus_agency_id = fields.Many2one(
        "focus.agency",
        string="Focus Table Agency",
        index=True,
        help="The agency this user represents at focus tables. It decides which "
        "situations and identifying details the user may see.",
    )
