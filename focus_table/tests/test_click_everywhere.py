from odoo.tests import HttpCase, tagged

# One demo user per role (see demo/res_users_demo.xml); passwords equal logins.
DEMO_LOGINS = (
    "riverside.police",  # agency representative
    "riverside.chair",
    "riverside.archivist",
    "focus.manager",  # Focus Table administrator
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(HttpCase):
    """Odoo's click bot opens every Focus Table menu, view, filter and group-by as
    each demo role: no error dialog, no failed request."""

    def test_click_everywhere_as_each_role(self):
        users = self.env["res.users"].search([("login", "in", DEMO_LOGINS)])
        if len(users) != len(DEMO_LOGINS):
            self.skipTest("the demo users are not installed (database without demo)")
        users.write({"tour_enabled": False})
        for login in DEMO_LOGINS:
            with self.subTest(login=login):
                self.browser_js(
                    "/odoo",
                    "odoo.loader.modules.get("
                    "'@web/webclient/clickbot/clickbot_loader'"
                    ").startClickEverywhere('focus_table.focus_table_menu_root');",
                    "odoo.isReady === true",
                    login=login,
                    timeout=600,
                    success_signal="clickbot test succeeded",
                )
