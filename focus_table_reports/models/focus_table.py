from odoo import fields, models


class FocusTable(models.Model):
    _inherit = "focus.table"

    export_area_services = fields.Boolean(
        string="Export Areas and Services",
        help="Add the area of each situation and the number of services mobilized "
        "to the provincial export (one row per situation).",
    )
