from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FocusTableCase
from .rpc_common import JsonRpcMixin, RpcError

FOCUS_GROUPS = (
    "focus_table.group_member",
    "focus_table.group_archivist",
    "focus_table.group_chair",
    "focus_table.group_manager",
)


@tagged("post_install", "-at_install")
class TestMembership(JsonRpcMixin, FocusTableCase, HttpCase):
    """The Focus Table administrator manages an agency's representatives without
    Odoo's user-administration rights, and can grant nothing else."""

    def wizard(self, user=None, **vals):
        return (
            self.env["focus.membership"]
            .with_user(user or self.user_manager)
            .create({"agency_id": self.housing.id, **vals})
        )

    def other_groups(self, user):
        focus = set()
        for xmlid in FOCUS_GROUPS:
            focus.add(self.env.ref(xmlid).id)
        return set(user.group_ids.ids) - focus

    def test_add_change_role_and_remove(self):
        user = self.user_school
        others = self.other_groups(user)
        self.wizard(operation="add", user_id=user.id, role="chair").action_apply()
        self.assertEqual(user.focus_agency_id, self.housing)
        self.assertTrue(user.has_group("focus_table.group_chair"))
        self.assertFalse(user.has_group("focus_table.group_manager"))
        self.assertEqual(user.focus_role, "chair")
        self.wizard(operation="role", user_id=user.id, role="archivist").action_apply()
        self.assertFalse(user.has_group("focus_table.group_chair"))
        self.assertEqual(user.focus_role, "archivist")
        self.wizard(operation="remove", user_id=user.id).action_apply()
        self.assertFalse(user.focus_agency_id)
        self.assertFalse(user.has_group("focus_table.group_member"))
        self.assertTrue(user.has_group("base.group_user"))
        self.assertEqual(self.other_groups(user), others)
        self.assertIn(user, self.env["res.users"].search([("share", "=", False)]))

    def test_invite_a_new_user(self):
        self.wizard(
            operation="invite",
            name="Nadia Newcomer",
            email="Nadia.Newcomer@example.com",
            role="member",
        ).action_apply()
        user = self.env["res.users"].search(
            [("login", "=", "nadia.newcomer@example.com")]
        )
        self.assertEqual(user.focus_agency_id, self.housing)
        self.assertTrue(user.has_group("focus_table.group_member"))
        self.assertTrue(user.has_group("base.group_user"))
        for xmlid in ("base.group_system", "base.group_erp_manager"):
            self.assertFalse(user.has_group(xmlid))
        self.assertEqual(user.group_ids, self.env.ref("focus_table.group_member"))
        with self.assertRaises(UserError):
            self.wizard(
                operation="invite", name="Again", email=user.login, role="member"
            ).action_apply()

    def test_only_the_administrator_manages_members(self):
        for user in (self.user_police, self.user_chair, self.user_archivist):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.wizard(user, operation="add", user_id=self.user_school.id)
        # The administrator still has no right on users themselves.
        with self.assertRaises(AccessError):
            self.user_school.with_user(self.user_manager).write(
                {"group_ids": [(4, self.env.ref("base.group_system").id)]}
            )

    def test_no_escalation(self):
        admin = self.env.ref("base.user_admin")
        other_manager = new_test_user(
            self.env,
            login="t_manager2",
            groups="base.group_user,focus_table.group_manager",
        )
        for target in (admin, other_manager, self.user_manager):
            with (
                self.subTest(target=target.login),
                self.assertRaises(UserError),
            ):
                self.wizard(operation="add", user_id=target.id).action_apply()
        self.assertFalse(admin.focus_agency_id)
        for role in ("manager", "base.group_system"):
            with (
                self.subTest(role=role),
                self.assertRaises(ValueError),
            ):
                self.wizard(operation="add", user_id=self.user_school.id, role=role)

    def test_no_escalation_over_json_rpc(self):
        system = self.env.ref("base.group_system")
        self.as_user(self.user_manager)
        with self.assertRaises(RpcError):
            self.call(
                "res.users",
                "write",
                [self.user_school.id],
                {"group_ids": [(4, system.id)]},
            )
        with self.assertRaises(RpcError):
            self.call(
                "focus.membership",
                "create",
                [
                    {
                        "agency_id": self.housing.id,
                        "user_id": self.user_school.id,
                        "role": "manager",
                    }
                ],
            )
        wizard_ids = self.call(
            "focus.membership",
            "create",
            [
                {
                    "agency_id": self.housing.id,
                    "operation": "add",
                    "user_id": self.user_school.id,
                    "role": "chair",
                }
            ],
        )
        self.call("focus.membership", "action_apply", wizard_ids)
        self.assertTrue(self.user_school.has_group("focus_table.group_chair"))
        self.assertFalse(self.user_school.has_group("base.group_system"))
        self.assertFalse(self.user_school.has_group("focus_table.group_manager"))
        # A member cannot use the wizard at all.
        self.as_user(self.user_police)
        with self.assertRaises(RpcError):
            self.call(
                "focus.membership",
                "create",
                [{"agency_id": self.police.id, "user_id": self.user_police.id}],
            )
