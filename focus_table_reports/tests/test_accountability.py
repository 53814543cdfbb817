from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.focus_table.tests.rpc_common import JsonRpcMixin, RpcError
from odoo.addons.focus_table.tests.security_common import FocusSecurityCase

ACCOUNTABILITY = "focus_table_reports.report_situation_accountability"


class AccountabilityCase(FocusSecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="t_privacy",
            groups="base.group_user,focus_table.group_privacy_officer",
        )
        Identity = cls.env["focus.situation.identity"]
        cls.accepted.identity_ids.invalidate_recordset()
        # Health reads the details: the read is logged.
        Identity.with_user(cls.user_health).search(
            [("situation_id", "=", cls.accepted.id)]
        ).read(["name"])
        # The same person presented at Northgate.
        Identity.create(
            {
                "situation_id": cls.north.id,
                "name": "Robin Testcase",
                "birth_date": "2009-09-09",
            }
        )
        cls.Request = cls.env["focus.access.request"]

    def html(self, user, situations):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(ACCOUNTABILITY, situations.ids)
        )
        return html.decode()


class TestAccountabilityReport(AccountabilityCase):
    def test_chair_prints_who_saw_what(self):
        html = self.html(self.user_chair, self.accepted)
        self.assertIn(self.accepted.name, html)
        self.assertIn(self.user_health.name, html)
        self.assertIn("Test Mental Health", html)
        self.assertIn("Test School Board", html)
        self.assertIn("Consent obtained", html)
        for detail in ("Robin", "Testcase", "Hidden Lane", "2009-09-09"):
            self.assertNotIn(detail, html)

    def test_only_the_tables_chair_or_a_privacy_officer(self):
        for user, situations in (
            (self.user_chair, self.north),
            (self.user_health, self.accepted),
            (self.user_archivist, self.accepted),
            (self.user_other, self.north),
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.html(user, situations)
        html = self.html(self.officer, self.accepted | self.north)
        self.assertIn(self.north.name, html)


class TestSubjectAccessRequest(AccountabilityCase):
    def request(self, user, name="Robin Testcase", birth_date="2009-09-09"):
        return self.Request.with_user(user).create(
            {
                "reference": "FILE-42",
                "person_name": name,
                "person_birth_date": birth_date,
            }
        )

    def test_officer_finds_every_table_and_keeps_no_name(self):
        request = self.request(self.officer)
        self.assertEqual(request.state, "done")
        self.assertEqual(request.requested_by_id, self.officer)
        self.assertTrue(request.date)
        self.assertEqual(request.situation_count, 2)
        self.assertEqual(
            set(request.line_ids.mapped("situation_ref")),
            {self.accepted.name, self.north.name},
        )
        self.env.flush_all()
        for table in ("focus_access_request", "focus_access_request_line"):
            self.env.cr.execute(f"SELECT * FROM {table}")  # noqa: SQL001
            rows = repr(self.env.cr.fetchall())
            self.assertNotIn("Robin", rows)
            self.assertNotIn("2009", rows)
        self.assertNotIn("Robin", "".join(request.message_ids.mapped("body")))
        request.invalidate_recordset()
        self.assertFalse(request.person_name)
        action = request.with_user(self.officer).action_print_reports()
        self.assertEqual(
            set(action["context"]["active_ids"]),
            set(request.sudo().line_ids.situation_id.ids),
        )

    def test_chair_finds_their_tables_only(self):
        request = self.request(self.user_chair)
        self.assertEqual(request.line_ids.mapped("situation_ref"), [self.accepted.name])

    def test_purged_situations_are_found_through_the_repeat_key(self):
        situation = self._new_situation()
        self.env["focus.situation.identity"].create(
            {
                "situation_id": situation.id,
                "name": "Ali Purged",
                "birth_date": "1990-01-02",
            }
        )
        situation.action_submit()
        situation.with_user(self.user_chair).action_reject(
            date_decision=fields.Datetime.now()
        )
        self.env["focus.situation"]._cron_purge_identities()
        self.assertTrue(situation.identity_purged_on)
        self.assertFalse(situation.sudo().identity_ids)
        request = self.request(self.officer, "ali purged", "1990-01-02")
        self.assertEqual(request.line_ids.mapped("situation_ref"), [situation.name])
        self.assertTrue(request.line_ids.identity_purged_on)
        self.assertIn(situation.name, self.html(self.officer, situation))

    def test_nobody_else_asks(self):
        for user in (self.user_health, self.user_archivist):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.request(user)

    def test_a_searched_request_is_history(self):
        request = self.request(self.officer)
        for vals in (
            {"situation_count": 0},
            {"state": "draft"},
            {"requested_by_id": self.user_chair.id},
            {"date": "2020-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                request.with_user(self.officer).write(vals)
        with self.assertRaises(UserError):
            request.with_user(self.officer).write(
                {"person_name": "Someone Else", "person_birth_date": "2000-01-01"}
            )


@tagged("post_install", "-at_install")
class TestSubjectAccessOverJsonRpc(JsonRpcMixin, AccountabilityCase, HttpCase):
    def test_roles_over_rpc(self):
        vals = {"person_name": "Robin Testcase", "person_birth_date": "2009-09-09"}
        for user in (self.user_health, self.user_archivist):
            with self.subTest(user=user.login):
                self.as_user(user)
                with self.assertRaises(RpcError) as caught:
                    self.call("focus.access.request", "create", [vals])
                self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        self.as_user(self.officer)
        (request_id,) = self.call("focus.access.request", "create", [vals])
        lines = self.call(
            "focus.access.request.line",
            "search_read",
            [("request_id", "=", request_id)],
            fields=["situation_ref"],
        )
        self.assertEqual(len(lines), 2)
        self.as_user(self.user_chair)
        with self.assertRaises(RpcError):
            self.call("focus.access.request", "read", [request_id], ["situation_count"])
