from odoo import models


class FocusRiskCategory(models.Model):
    _inherit = "focus.risk.category"

    def write(self, vals):
        if "is_protective" in vals:
            self.env["focus.risk.fact"]._mark_all()
        return super().write(vals)
