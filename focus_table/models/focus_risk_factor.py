from odoo import api, fields, models


class FocusRiskFactor(models.Model):
    _name = "focus.risk.factor"
    _description = "Risk Factor"
    _order = "category_sequence, category_id, sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one(
        "focus.risk.category", required=True, ondelete="restrict", index=True
    )
    category_sequence = fields.Integer(
        related="category_id.sequence", store=True, string="Category Sequence"
    )
    role = fields.Selection(
        [
            ("general", "General"),
            ("exhibiting", "Person exhibiting"),
            ("affected", "Affected"),
        ],
        required=True,
        default="general",
        help="Role-specific factors tell whether the person shows the behaviour "
        "or is affected by someone else's.",
    )
    is_protective = fields.Boolean(string="Protective")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "A risk factor code must be unique.")

    @api.depends("name", "category_id.name")
    def _compute_display_name(self):
        for factor in self:
            factor.display_name = (
                f"{factor.category_id.name}: {factor.name}"
                if factor.category_id
                else factor.name
            )
