from odoo import fields, models


class FocusSituationReopen(models.TransientModel):
    _name = "focus.situation.reopen"
    _description = "Re-open a Closed Situation"

    situation_id = fields.Many2one("focus.situation", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.situation_id.action_reopen(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
