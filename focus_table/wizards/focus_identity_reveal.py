from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.focus_access_log import ACCESS_REASONS


class FocusIdentityReveal(models.TransientModel):
    """Opens a situation's identifying details with a stated reason that is logged."""

    _name = "focus.identity.reveal"
    _description = "Reveal Identifying Details"

    situation_id = fields.Many2one("focus.situation", required=True, ondelete="cascade")
    reason = fields.Selection(ACCESS_REASONS, required=True, default="intervention")
    explanation = fields.Char()
    may_see = fields.Boolean(compute="_compute_may_see")

    @api.depends("situation_id")
    def _compute_may_see(self):
        for wizard in self:
            wizard.may_see = wizard.situation_id._user_may_see_identities()

    def _reason_text(self):
        label = dict(self._fields["reason"]._description_selection(self.env))[
            self.reason
        ]
        return f"{label}: {self.explanation}" if self.explanation else label

    def action_reveal(self):
        self.ensure_one()
        if self.reason == "other" and not self.explanation:
            raise AccessError(
                self.env._("Explain why you need the identifying details.")
            )
        if not self.may_see:
            raise AccessError(
                self.env._(
                    "Your agency is not among those that need to know the identity "
                    "behind %(ref)s.",
                    ref=self.situation_id.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Identifying details of %(ref)s", ref=self.situation_id.name
            ),
            "res_model": "focus.situation.identity",
            "view_mode": "list,form",
            "domain": [("situation_id", "=", self.situation_id.id)],
            "context": {
                "default_situation_id": self.situation_id.id,
                "focus_access_reason": self._reason_text(),
            },
        }
