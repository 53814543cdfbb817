from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin, RpcError
from .security_common import FocusSecurityCase


class TransferCase(FocusSecurityCase):
    """``accepted`` (Riverside) moves to Northgate, taken in by its police."""

    def transfer(
        self, user=None, table=None, agency=None, reason="Moved to Northgate", **kwargs
    ):
        return self.accepted.with_user(user or self.user_chair).action_transfer(
            (table or self.table_north).id,
            (agency or self.other_police).id,
            reason,
            **kwargs,
        )

    def new_situations(self):
        return self.env["focus.situation"].search(
            [
                ("table_id", "=", self.table_north.id),
                ("transferred_from_id", "!=", False),
            ]
        )


class TestTransfer(TransferCase):
    def test_de_identified_facts_move_and_the_sender_closes(self):
        new = self.env["focus.situation"].browse(self.transfer())
        self.assertEqual(new.table_id, self.table_north)
        self.assertEqual(new.state, "submitted")
        self.assertEqual(new.originating_agency_id, self.other_police)
        self.assertEqual(new.transferred_from_id, self.accepted)
        self.assertEqual(self.accepted.transferred_to_id, new)
        for name in (
            "subject_type",
            "age_band_id",
            "gender",
            "summary",
            "risk_factor_ids",
        ):
            self.assertEqual(new[name], self.accepted[name], name)
        self.assertFalse(new.sudo().identity_ids)
        self.assertEqual(self.accepted.state, "closed")
        self.assertEqual(
            self.accepted.conclusion_id,
            self.env.ref("focus_table.focus_conclusion_transferred"),
        )
        self.assertEqual(self.accepted.conclusion_outcome, "withdrawn")
        self.assertIn(
            "Transferred to Test Northgate", self.accepted.message_ids[0].body
        )
        self.assertIn("Transferred from Test Riverside", new.message_ids[0].body)
        # The receiving agency alone: its own situation, no details.
        self.assertFalse(
            self.env["focus.situation.identity"]
            .with_user(self.user_other)
            .search([("situation_id", "=", new.id)])
        )

    def test_identities_move_under_an_authority_to_the_receiving_agency(self):
        new = self.env["focus.situation"].browse(
            self.transfer(share_identities=True, authority="serious_harm")
        )
        self.assertEqual(new.sudo().identity_ids.mapped("name"), ["Robin Testcase"])
        disclosure = self.accepted.disclosure_ids.filtered(
            lambda d: d.role == "transfer"
        )
        self.assertEqual(disclosure.agency_id, self.other_police)
        self.assertEqual(disclosure.authority, "serious_harm")
        self.assertEqual(disclosure.reason, "Moved to Northgate")
        self.assertTrue(
            self.env["focus.situation.identity"]
            .with_user(self.user_other)
            .search([("situation_id", "=", new.id)])
        )
        # Riverside's lead agency does not follow the person to Northgate.
        self.assertFalse(
            self.env["focus.situation.identity"]
            .with_user(self.user_health)
            .search([("situation_id", "=", new.id)])
        )

    def test_bad_transfers_change_nothing(self):
        before = self._snapshot(self.accepted)
        closed = self._accepted_situation(lead_agency_id=self.health.id)
        closed.action_start_intervention(date_intervention=fields.Datetime.now())
        closed.action_close(conclusion_id=self.conclusion.id)
        cases = [
            ("same table", {"table": self.table}, UserError),
            ("unseated agency", {"agency": self.health}, UserError),
            ("no reason", {"reason": "  "}, UserError),
            ("no authority", {"share_identities": True}, UserError),
            ("member", {"user": self.user_health}, AccessError),
            ("other chair", {"user": self.user_archivist}, AccessError),
        ]
        for label, kwargs, error in cases:
            with self.subTest(label), self.assertRaises(error):
                self.transfer(**kwargs)
        with self.assertRaises(UserError):
            closed.with_user(self.user_chair).action_transfer(
                self.table_north.id, self.other_police.id, "Moved"
            )
        self.table_north.accepts_transfers = False
        with self.assertRaises(UserError) as caught:
            self.transfer()
        self.assertIn("Test Northgate", str(caught.exception))
        self.table_north.accepts_transfers = True
        self.other_police.isa_expires_on = fields.Date.today() - timedelta(days=1)
        with self.assertRaises(UserError) as caught:
            self.transfer(share_identities=True, authority="serious_harm")
        self.assertIn("Test North Police", str(caught.exception))
        self.accepted.invalidate_recordset()
        self.assertEqual(self._snapshot(self.accepted), before)
        self.assertFalse(self.new_situations())


@tagged("post_install", "-at_install")
class TestTransferOverJsonRpc(JsonRpcMixin, TransferCase, HttpCase):
    def test_the_chairs_step_only(self):
        args = (
            "focus.situation",
            "action_transfer",
            [self.accepted.id],
            self.table_north.id,
            self.other_police.id,
            "Moved",
        )
        for user in (self.user_health, self.user_other, self.user_archivist):
            with self.subTest(user=user.login):
                self.as_user(user)
                with self.assertRaises(RpcError) as caught:
                    self.call(*args)
                self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        self.as_user(self.user_chair)
        for vals in ({"transferred_to_id": self.north.id}, {"state": "closed"}):
            with self.subTest(vals=vals), self.assertRaises(RpcError):
                self.call("focus.situation", "write", [self.accepted.id], vals)
        new_id = self.call(*args)
        self.assertEqual(self.accepted.transferred_to_id.id, new_id)
