from odoo import models

# A factor moved to another category, or made protective, moves every fact.
TAXONOMY_FIELDS = frozenset({"category_id", "is_protective"})


class FocusRiskFactor(models.Model):
    _inherit = "focus.risk.factor"

    def write(self, vals):
        if TAXONOMY_FIELDS & set(vals):
            self.env["focus.risk.fact"]._mark_all()
        return super().write(vals)

    def unlink(self):
        self.env["focus.risk.fact"]._mark_all()
        return super().unlink()
