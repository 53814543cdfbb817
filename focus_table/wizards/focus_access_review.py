from odoo import fields, models


class FocusAccessReview(models.TransientModel):
    _name = "focus.access.review"
    _description = "Review of a Flagged Identity Read"

    log_id = fields.Many2one("focus.access.log", required=True, ondelete="cascade")
    note = fields.Text(help="What the chair found. No identifying details.")

    def action_confirm(self):
        self.ensure_one()
        self.log_id.action_mark_reviewed(note=self.note)
        return {"type": "ir.actions.act_window_close"}
