"""Identity reads when read-only requests run on a replica.

Odoo serves read-only routes and ``@api.readonly`` methods on a read-only cursor
(the replica; in tests, a read-only transaction). A read of identifying details
must still leave its log entry: it never happens on such a cursor, and Odoo
serves the request again on the primary. tests/test_multiworker.py checks the
same with a real replica role and several worker processes.
"""

from psycopg2.errors import ReadOnlySqlTransaction

from odoo import api
from odoo.tests import HttpCase, tagged

from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestIdentityReplica(FocusSecurityCase, HttpCase):
    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_read_only_request_is_served_again_and_logged_once(self):
        # focus.situation.web_read is @api.readonly: the request starts read-only.
        self.authenticate(self.user_health.login, self.user_health.login)
        record = self.call(
            "focus.situation",
            "web_read",
            [self.accepted.id],
            specification={"identity_ids": {"fields": {"name": {}}}},
        )[0]
        self.assertEqual(
            [identity["name"] for identity in record["identity_ids"]],
            ["Robin Testcase"],
        )
        entry = self.logs_for(self.user_health, self.accepted)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.channel, "form")

    def test_read_only_request_without_identity_stays_read_only(self):
        """De-identified reads are served as they are, and log nothing."""
        self.authenticate(self.user_housing.login, self.user_housing.login)
        record = self.call(
            "focus.situation",
            "web_read",
            [self.accepted.id],
            specification={"name": {}, "summary": {}},
        )[0]
        self.assertEqual(record["name"], self.accepted.name)
        self.assertFalse(self.logs_for(self.user_housing))

    def test_no_identifying_value_reaches_a_read_only_cursor(self):
        """On a read-only cursor the read fails before any value is fetched, so
        that nothing could show it unlogged if the error were swallowed."""
        with self.registry.cursor(readonly=True) as cr:
            self.assertTrue(cr.readonly)
            env = api.Environment(cr, self.user_health.id, {})
            identity = env["focus.situation.identity"].browse(self.identity.id)
            self.assertEqual(identity.role, "subject")
            with self.assertRaises(ReadOnlySqlTransaction):
                identity.read(["name"])
            cache = identity._fields["name"]._get_cache(env)
            self.assertNotIn(identity.id, cache)
        self.assertFalse(self.logs_for(self.user_health))
