from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    focus_agency_id = fields.Many2one(
        "focus.agency",
        string="Focus Table Agency",
        index=True,
        help="The agency this user represents at focus tables. It decides which "
        "situations and identifying details the user may see.",
    )
    focus_role = fields.Selection(
        [
            ("member", "Agency representative"),
            ("archivist", "Archivist"),
            ("chair", "Chair"),
            ("manager", "Administrator"),
        ],
        string="Focus Table Role",
        compute="_compute_focus_role",
    )
    focus_single_table = fields.Boolean(
        string="Sits at One Table",
        compute="_compute_focus_single_table",
        help="The user reads exactly one focus table: lists need no Table column.",
    )

    @api.depends("group_ids")
    def _compute_focus_role(self):
        for user in self:
            user.focus_role = next(
                (
                    role
                    for role in ("manager", "chair", "archivist", "member")
                    if user.has_group(f"focus_table.group_{role}")
                ),
                False,
            )

    def _compute_focus_single_table(self):
        for user in self:
            # The user's own rights: the tables they sit at (all, for managers).
            tables = self.env["focus.table"].with_user(user)
            user.focus_single_table = (
                user.has_group("focus_table.group_member")
                and tables.search_count([], limit=2) == 1
            )
