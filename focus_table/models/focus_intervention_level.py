from odoo import fields, models


class FocusInterventionLevel(models.Model):
    """Level of intervention a situation calls for, from prevention to intensive
    multi-agency work (the tiers of the Kirklees model). Reference data, editable."""

    _name = "focus.intervention.level"
    _description = "Intervention Level"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in exports.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint(
        "UNIQUE(code)", "An intervention level code must be unique."
    )
