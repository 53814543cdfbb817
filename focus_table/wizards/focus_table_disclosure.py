from odoo import fields, models

from ..models.focus_table import DISCLOSURE_MODES


class FocusTableDisclosure(models.TransientModel):
    """Asks why a table changes who receives identifying details."""

    _name = "focus.table.disclosure"
    _description = "Change Disclosure Setting"

    table_id = fields.Many2one("focus.table", required=True, ondelete="cascade")
    disclosure_mode = fields.Selection(
        DISCLOSURE_MODES,
        string="Disclosure Setting",
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.table_id.action_change_disclosure_mode(self.disclosure_mode, self.reason)
        return {"type": "ir.actions.act_window_close"}
