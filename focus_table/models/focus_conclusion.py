from odoo import fields, models

OUTCOMES = [
    ("risk_lowered", "Overall risk lowered"),
    ("still_aer", "Still acutely elevated risk"),
    ("withdrawn", "Not applicable (withdrawn or transferred)"),
]


class FocusConclusion(models.Model):
    _name = "focus.conclusion"
    _description = "Situation Conclusion"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    outcome = fields.Selection(
        OUTCOMES,
        required=True,
        default="risk_lowered",
        help="Used by the statistics: the share of situations whose risk was lowered.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "A conclusion code must be unique.")
