from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin, RpcError
from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestAgreementAndConsentOverJsonRpc(JsonRpcMixin, FocusSecurityCase, HttpCase):
    """What governs sharing is changed by its steps only, as each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.housing.isa_expires_on = fields.Date.today() - timedelta(days=3)

    def refused(self, model, method, *args, **kwargs):
        with self.assertRaises(RpcError) as caught:
            self.call(model, method, *args, **kwargs)
        return caught.exception

    def test_agreements_are_the_administrators(self):
        future = fields.Date.to_string(fields.Date.today() + timedelta(days=400))
        for user in (self.user_housing, self.user_chair, self.user_archivist):
            with self.subTest(user=user.login):
                self.as_user(user)
                error = self.refused(
                    "focus.agency",
                    "write",
                    [self.housing.id],
                    {"isa_expires_on": future, "isa_state": "valid"},
                )
                self.assertEqual(error.name, "odoo.exceptions.AccessError")
        self.housing.invalidate_recordset()
        self.assertEqual(self.housing.isa_state, "expired")

    def test_override_is_the_chairs_step(self):
        args = (
            "focus.situation",
            "action_override_agreement",
            [self.accepted.id],
            self.housing.id,
            "assisting",
            "serious_harm",
            "Threat tonight",
        )
        for user in (self.user_health, self.user_housing, self.user_archivist):
            with self.subTest(user=user.login):
                self.as_user(user)
                self.assertEqual(
                    self.refused(*args).name, "odoo.exceptions.AccessError"
                )
        self.as_user(self.user_chair)
        self.call(*args)
        self.accepted.invalidate_recordset()
        self.assertTrue(self.accepted.disclosure_ids.filtered("isa_override"))

    def test_consent_fields_only_through_the_withdrawal(self):
        self.as_user(self.user_health)
        for vals in (
            {"consent_withdrawn_on": fields.Date.to_string(fields.Date.today())},
            {"consent_ended": True},
            {"consent_withdrawal_note": "Withdrawn"},
        ):
            with self.subTest(vals=vals):
                error = self.refused(
                    "focus.situation", "write", [self.accepted.id], vals
                )
                self.assertIn(
                    error.name,
                    ("odoo.exceptions.UserError", "odoo.exceptions.AccessError"),
                )
        self.accepted.invalidate_recordset()
        self.assertFalse(self.accepted.consent_ended)
        self.as_user(self.user_other)
        self.assertEqual(
            self.refused(
                "focus.situation", "action_withdraw_consent", [self.accepted.id]
            ).name,
            "odoo.exceptions.AccessError",
        )
        self.as_user(self.user_health)
        self.call("focus.situation", "action_withdraw_consent", [self.accepted.id])
        self.accepted.invalidate_recordset()
        self.assertTrue(self.accepted.consent_ended)
        self.assertFalse(
            self.call(
                "focus.situation.identity",
                "search_read",
                [("situation_id", "=", self.accepted.id)],
                fields=["id"],
            )
        )
