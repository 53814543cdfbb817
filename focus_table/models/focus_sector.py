from odoo import fields, models


class FocusSector(models.Model):
    _name = "focus.sector"
    _description = "Agency Sector"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in exports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    agency_ids = fields.One2many("focus.agency", "sector_id", string="Agencies")

    _code_uniq = models.Constraint("UNIQUE(code)", "A sector code must be unique.")
