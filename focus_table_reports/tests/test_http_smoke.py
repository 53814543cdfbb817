from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestHttpSmoke(HttpCase):
    """The HTTP server answers, the administrator can log in and the web
    client starts in a real browser."""

    def test_login_page(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)

    def test_admin_session(self):
        self.authenticate("admin", "admin")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["uid"], self.env.ref("base.user_admin").id)
        response = self.url_open("/odoo")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("/web/login", response.url)

    def test_admin_password(self):
        """The demo database promises admin / admin: check the real password."""
        result = self.make_jsonrpc_request(
            "/web/session/authenticate",
            {"db": self.env.cr.dbname, "login": "admin", "password": "admin"},
        )
        self.assertEqual(result["uid"], self.env.ref("base.user_admin").id)

    def test_web_client_in_browser(self):
        self.browser_js("/odoo", "console.log('test successful')", login="admin")
