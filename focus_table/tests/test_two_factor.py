from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin, RpcError
from .security_common import FocusSecurityCase

# A valid base32 secret: what auth_totp stores once a user turned it on.
SECRET = "JBSWY3DPEHPK3PXP"


@tagged("post_install", "-at_install")
class TestTwoFactorForIdentities(JsonRpcMixin, FocusSecurityCase, HttpCase):
    """A table may require two-factor login of those who open its identities."""

    def identities(self):
        return self.call(
            "focus.situation.identity",
            "search_read",
            [("situation_id", "=", self.accepted.id)],
            fields=["name"],
        )

    def test_without_two_factor_only_the_de_identified_views(self):
        self.table.identity_requires_totp = True
        self.as_user(self.user_health)
        with self.assertRaises(RpcError) as caught:
            self.identities()
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        self.assertIn("Test Riverside requires two-factor", caught.exception.message)
        self.assertIn("Two-factor Authentication", caught.exception.message)
        self.assertNotIn("Robin", caught.exception.message)
        # Nothing was read, nothing logged; the situation itself stays readable.
        self.assertFalse(self.logs_for(self.user_health, self.accepted))
        situation = self.call(
            "focus.situation", "read", [self.accepted.id], ["summary"]
        )
        self.assertTrue(situation[0]["summary"])

    def test_with_two_factor_the_identities_open(self):
        self.table.identity_requires_totp = True
        self.user_health.sudo().totp_secret = SECRET
        self.as_user(self.user_health)
        self.assertEqual([r["name"] for r in self.identities()], ["Robin Testcase"])
        self.assertTrue(self.logs_for(self.user_health, self.accepted))

    def test_tables_that_do_not_require_it(self):
        self.as_user(self.user_health)
        self.assertEqual([r["name"] for r in self.identities()], ["Robin Testcase"])
