import json

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestIdentityOverJsonRpc(FocusSecurityCase, HttpCase):
    """The identity part of the matrix, through the web client's JSON-RPC routes."""

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def list_identities(self):
        return self.call(
            "focus.situation.identity",
            "web_search_read",
            domain=[("situation_id", "=", self.accepted.id)],
            specification={"name": {}, "birth_date": {}},
        )

    def test_need_to_know_user_reads_and_is_logged(self):
        for user, channel_method in (
            (self.user_health, "web_search_read"),
            (self.user_school, "web_read"),
            (self.user_police, "search_read"),
        ):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                if channel_method == "web_search_read":
                    result = self.list_identities()["records"]
                elif channel_method == "web_read":
                    result = self.call(
                        "focus.situation.identity",
                        "web_read",
                        [self.identity.id],
                        specification={"name": {}},
                    )
                else:
                    result = self.call(
                        "focus.situation.identity",
                        "search_read",
                        [("situation_id", "=", self.accepted.id)],
                        ["name"],
                    )
                self.assertEqual([r["name"] for r in result], ["Robin Testcase"])
                entry = self.logs_for(user, self.accepted)
                self.assertEqual(len(entry), 1, f"{user.login}: one entry for one read")
                expected = {
                    "web_search_read": "list",
                    "web_read": "form",
                    "search_read": "rpc",
                }
                self.assertEqual(entry.channel, expected[channel_method])
                self.assertIn(channel_method, entry.request_path)

    def test_reason_travels_with_the_action_context(self):
        self.authenticate(self.user_health.login, self.user_health.login)
        self.call(
            "focus.situation.identity",
            "web_search_read",
            domain=[("situation_id", "=", self.accepted.id)],
            specification={"name": {}},
            context={"focus_access_reason": "Door knock planning"},
        )
        self.assertEqual(self.logs_for(self.user_health).reason, "Door knock planning")

    def test_outsiders_get_nothing(self):
        for user in (
            self.user_housing,
            self.user_other,
            self.user_chair,
            self.user_archivist,
            self.user_manager,
        ):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertEqual(self.list_identities()["records"], [])
                with self.assertRaises(JsonRpcException):
                    self.call(
                        "focus.situation.identity",
                        "web_read",
                        [self.identity.id],
                        specification={"name": {}},
                    )
                with self.assertRaises(JsonRpcException):
                    self.call(
                        "focus.situation.identity", "read", [self.identity.id], ["name"]
                    )
                # Refused, not answered: a count would tell the values apart.
                with self.assertRaises(JsonRpcException):
                    self.call(
                        "focus.situation",
                        "search_count",
                        [("identity_ids.name", "ilike", "Robin")],
                    )
                groups = self.call(
                    "focus.situation.identity",
                    "formatted_read_group",
                    [],
                    ["situation_id"],
                    ["__count"],
                )
                self.assertEqual(groups, [])
                self.assertFalse(self.logs_for(user))

    def test_export_route_is_logged(self):
        self.user_health.group_ids += self.env.ref("base.group_allow_export")
        self.authenticate(self.user_health.login, self.user_health.login)
        response = self.url_open(
            "/web/export/csv",
            data={
                "data": json.dumps(
                    {
                        "model": "focus.situation.identity",
                        "fields": [
                            {"name": "name", "label": "Full Name", "type": "char"}
                        ],
                        "ids": [self.identity.id],
                        "domain": [],
                        "import_compat": False,
                    }
                ),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("Robin Testcase", response.text)
        self.assertEqual(self.logs_for(self.user_health).channel, "export")

    def test_report_route_is_logged(self):
        """A report that prints identifying details leaves a 'report' entry.

        Report routes are read-only requests: the entry still gets written.
        """
        view = self.env["ir.ui.view"].create(
            {
                "name": "test_identity_sheet",
                "type": "qweb",
                "key": "focus_table.test_identity_sheet",
                "arch": '<t t-name="focus_table.test_identity_sheet">'
                '<t t-foreach="docs" t-as="o"><p t-out="o.name"/></t></t>',
            }
        )
        report = self.env["ir.actions.report"].create(
            {
                "name": "Identity sheet",
                "model": "focus.situation.identity",
                "report_type": "qweb-html",
                "report_name": view.key,
            }
        )
        self.authenticate(self.user_health.login, self.user_health.login)
        response = self.url_open(
            f"/report/html/{report.report_name}/{self.identity.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Robin Testcase", response.text)
        entry = self.logs_for(self.user_health)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.channel, "report")
        # Someone outside the need-to-know list gets an error, not the name.
        self.authenticate(self.user_housing.login, self.user_housing.login)
        response = self.url_open(
            f"/report/html/{report.report_name}/{self.identity.id}"
        )
        self.assertNotIn("Robin Testcase", response.text)
        self.assertFalse(self.logs_for(self.user_housing))
