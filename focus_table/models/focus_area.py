from odoo import fields, models

AREA_KINDS = [
    ("neighbourhood", "Neighbourhood"),
    ("ward", "Ward"),
    ("police_division", "Police division"),
    ("other", "Other"),
]


class FocusArea(models.Model):
    """A part of the territory a table serves: a neighbourhood, a ward, a police
    division. Never an address: an area groups enough people that naming it
    identifies nobody. Situations are placed in an area for the statistics."""

    _name = "focus.area"
    _description = "Area of a Focus Table"
    _order = "table_id, sequence, name"

    name = fields.Char(
        required=True,
        help="A neighbourhood, ward or division; never a street or an address.",
    )
    code = fields.Char(help="Short code used in exports.")
    sequence = fields.Integer(default=10)
    table_id = fields.Many2one(
        "focus.table", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(AREA_KINDS, required=True, default="neighbourhood")
    active = fields.Boolean(default=True)

    _code_table_uniq = models.Constraint(
        "UNIQUE(table_id, code)", "An area code must be unique within its table."
    )
