from odoo import api, fields, models

from ..tools.actions import count_by


class FocusRiskCategory(models.Model):
    _name = "focus.risk.category"
    _description = "Risk Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    is_protective = fields.Boolean(
        string="Protective", help="Groups protective factors rather than risk factors."
    )
    active = fields.Boolean(default=True)
    factor_ids = fields.One2many("focus.risk.factor", "category_id", string="Factors")
    factor_count = fields.Integer(compute="_compute_factor_count")

    _code_uniq = models.Constraint(
        "UNIQUE(code)", "A risk category code must be unique."
    )

    @api.depends_context("uid")
    def _compute_factor_count(self):
        counts = count_by(self, "focus.risk.factor", "category_id")
        for category in self:
            category.factor_count = counts.get(category, 0)
