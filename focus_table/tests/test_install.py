from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """The addon's menus open and its demo data tells the story."""

    ROOT_MENU = "focus_table.focus_table_menu_root"

    def _menus_with_action(self):
        root = self.env.ref(self.ROOT_MENU)
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        return menus.filtered("action")

    def test_every_menu_action_opens(self):
        menus = self._menus_with_action()
        self.assertGreaterEqual(len(menus), 10)
        for menu in menus:
            action = menu.action
            with self.subTest(menu=menu.complete_name):
                if action._name != "ir.actions.act_window":
                    continue
                model = self.env[action.res_model]
                views = [(view.id, view.view_mode) for view in action.view_ids] or [
                    (False, mode) for mode in action.view_mode.split(",")
                ]
                if "search" not in [mode for _v, mode in views]:
                    views.append((action.search_view_id.id, "search"))
                result = model.get_views(views)
                self.assertEqual(
                    {mode for _v, mode in views} - set(result["views"]),
                    set(),
                    f"{menu.complete_name}: views missing",
                )
                # The records of the action load.
                model.web_search_read([], {"display_name": {}}, limit=5)

    def test_demo_data_present(self):
        module = self.env["ir.module.module"]._get("focus_table")
        if not module.demo:
            self.skipTest("installed without demo data")
        for xmlid in (
            "focus_table.focus_table_riverside",
            "focus_table.focus_table_northgate",
            "focus_table.user_riverside_chair",
            "focus_table.user_northgate_school",
            "focus_table.focus_situation_demo_r01",
        ):
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        Situation = self.env["focus.situation"]
        states = set(Situation.search([]).mapped("state"))
        self.assertEqual(
            states,
            {"draft", "submitted", "accepted", "rejected", "intervention", "closed"},
        )
        self.assertGreaterEqual(len(Situation.search([])), 25)
        self.assertEqual(len(self.env["focus.agency"].search([])), 8)
        self.assertTrue(Situation.search([("is_repeat", "=", True)]))
        self.assertTrue(Situation.search([("is_overdue", "=", True)]))
        # Every role has a demo login at both tables.
        for table in ("riverside", "northgate"):
            for role, group in (
                ("chair", "group_chair"),
                ("archivist", "group_archivist"),
            ):
                user = self.env.ref(f"focus_table.user_{table}_{role}")
                self.assertTrue(user.has_group(f"focus_table.{group}"))
        manager = self.env.ref("focus_table.user_focus_manager")
        self.assertTrue(manager.has_group("focus_table.group_manager"))
        self.assertFalse(manager.focus_agency_id)
        identities = self.env["focus.situation.identity"].with_user(manager)
        self.assertFalse(identities.search([]))
        members = self.env.ref("focus_table.group_member").all_user_ids
        self.assertGreaterEqual(len(members), 10)

    def test_reference_data_loaded(self):
        self.assertEqual(self.env["focus.risk.category"].search_count([]), 28)
        self.assertGreater(self.env["focus.risk.factor"].search_count([]), 100)
        roles = set(self.env["focus.risk.factor"].search([]).mapped("role"))
        self.assertEqual(roles, {"general", "exhibiting", "affected"})
        self.assertTrue(
            self.env["focus.risk.factor"].search([("is_protective", "=", True)])
        )
        self.assertEqual(self.env["focus.age.band"].search_count([]), 8)
        self.assertEqual(self.env["focus.conclusion"].search_count([]), 7)
        self.assertEqual(self.env["focus.sector"].search_count([]), 13)
        self.assertTrue(
            self.env["ir.config_parameter"].sudo().get_param("focus_table.repeat_key")
        )
