from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FocusAgeBand(models.Model):
    _name = "focus.age.band"
    _description = "Age Band"
    _order = "sequence, age_min"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    age_min = fields.Integer(string="From Age", required=True)
    age_max = fields.Integer(
        string="To Age", help="Leave empty for an open upper bound."
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "An age band code must be unique.")

    @api.constrains("age_min", "age_max")
    def _check_ages(self):
        for band in self:
            if band.age_min < 0 or (band.age_max and band.age_max < band.age_min):
                raise ValidationError(
                    self.env._(
                        "Age band %(name)s has an invalid range.", name=band.name
                    )
                )
