from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# The Focus Table roles this wizard grants: never the administrator role, never
# any group outside Focus Table (each implies the Odoo internal user group).
ROLES = [
    ("member", "Agency representative"),
    ("archivist", "Archivist"),
    ("chair", "Chair"),
]
ROLE_GROUPS = {
    "member": "focus_table.group_member",
    "archivist": "focus_table.group_archivist",
    "chair": "focus_table.group_chair",
}
OPERATIONS = [
    ("add", "Add an existing user"),
    ("invite", "Invite a new user by e-mail"),
    ("role", "Change a representative's role"),
    ("remove", "Remove a representative"),
]


class FocusMembership(models.TransientModel):
    """Who represents an agency, managed by the Focus Table administrator.

    The administrator has no right on users: the wizard writes only a user's agency
    and Focus Table role, with ``sudo()``, after checking who asks and whom it
    touches. It grants no other group and never touches Odoo administrators.
    """

    _name = "focus.membership"
    _description = "Agency Membership"

    agency_id = fields.Many2one("focus.agency", required=True, ondelete="cascade")
    operation = fields.Selection(OPERATIONS, required=True, default="add")
    user_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    role = fields.Selection(ROLES, default="member")
    name = fields.Char(string="Full Name")
    email = fields.Char()

    @api.model
    def _check_administrator(self):
        if not self.env.user.has_group("focus_table.group_manager"):
            raise AccessError(
                self.env._("Only a Focus Table administrator manages memberships.")
            )

    def _focus_groups(self):
        return (
            self.env.ref("focus_table.group_member")
            | self.env.ref("focus_table.group_archivist")
            | self.env.ref("focus_table.group_chair")
            | self.env.ref("focus_table.group_manager")
        )

    def _check_target(self, user):
        """Users this wizard may change: internal users without administration
        rights, other than the administrator themself."""
        user = user.sudo()  # sudo: reads the target's groups only.
        if not user or user.share or not user.active:
            raise UserError(self.env._("Choose an active internal user."))
        if user == self.env.user:
            raise UserError(self.env._("Ask another administrator to change you."))
        if user.has_group("base.group_system") or user.has_group(
            "base.group_erp_manager"
        ):
            raise AccessError(
                self.env._(
                    "%(user)s administers this database: only an Odoo administrator "
                    "changes their memberships.",
                    user=user.name,
                )
            )
        if user.has_group("focus_table.group_manager"):
            raise AccessError(
                self.env._(
                    "%(user)s is a Focus Table administrator: only an Odoo "
                    "administrator changes their memberships.",
                    user=user.name,
                )
            )

    def _role_group(self):
        if self.role not in ROLE_GROUPS:
            raise UserError(self.env._("Choose a Focus Table role."))
        return self.env.ref(ROLE_GROUPS[self.role])

    def _set_role(self, user, group):
        commands = [(3, g.id) for g in self._focus_groups() if g != group]
        if group:
            commands.append((4, group.id))
        # sudo: writes only the Focus Table groups; the target was checked above.
        user.sudo().write({"group_ids": commands})

    def _check_represents(self, user, agency):
        if user.focus_agency_id != agency:
            raise UserError(
                self.env._(
                    "%(user)s does not represent %(agency)s.",
                    user=user.name,
                    agency=agency.name,
                )
            )

    def action_apply(self):
        self.ensure_one()
        self._check_administrator()
        agency = self.agency_id
        agency.check_access("write")
        if self.operation == "invite":
            return self._invite(agency)
        self._check_target(self.user_id)
        user = self.user_id.sudo()  # sudo: checked by _check_target.
        if self.operation == "add":
            user.write({"focus_agency_id": agency.id})
            self._set_role(user, self._role_group())
        elif self.operation == "role":
            self._check_represents(user, agency)
            self._set_role(user, self._role_group())
        elif self.operation == "remove":
            self._check_represents(user, agency)
            user.write({"focus_agency_id": False})
            self._set_role(user, self.env["res.groups"])
        agency.message_post(
            body=self.env._(
                "%(operation)s: %(user)s.",
                operation=dict(OPERATIONS)[self.operation],
                user=user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}

    def _invite(self, agency):
        email = (self.email or "").strip().lower()
        if not (self.name or "").strip() or "@" not in email:
            raise UserError(self.env._("Give the person's name and e-mail address."))
        Users = self.env["res.users"].sudo()  # sudo: a new internal user, see below.
        if Users.with_context(active_test=False).search_count(
            ["|", ("login", "=ilike", email), ("email", "=ilike", email)], limit=1
        ):
            raise UserError(
                self.env._("A user with this e-mail address exists: add them instead.")
            )
        group = self._role_group()
        # The new user gets the internal user group (implied by the role) and the
        # role only; auth_signup e-mails them an invitation to set a password.
        user = Users.create(
            {
                "name": self.name.strip(),
                "login": email,
                "email": email,
                "focus_agency_id": agency.id,
                "group_ids": [(6, 0, [group.id])],
            }
        )
        agency.message_post(
            body=self.env._("Invited: %(user)s.", user=user.name),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
