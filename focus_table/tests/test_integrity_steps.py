import base64

from odoo import fields
from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin, RpcError
from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestStepsOverJsonRpc(JsonRpcMixin, FocusSecurityCase, HttpCase):
    """Each step is taken by its own role; frozen situations stay frozen; chatter,
    files and bad input give a clean refusal that changes nothing."""

    def refused(self, model, method, *args, **kwargs):
        with self.assertRaises(RpcError) as caught:
            self.call(model, method, *args, **kwargs)
        return caught.exception

    def _submitted(self):
        situation = self._new_situation()
        situation.action_submit()
        return situation

    def _closed(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        situation.action_start_intervention(date_intervention=fields.Datetime.now())
        situation.action_close(conclusion_id=self.conclusion.id)
        return situation

    def _rejected(self):
        situation = self._submitted()
        situation.action_reject(date_decision=fields.Datetime.now())
        return situation

    # ------------------------------------------------------------------
    # Who takes which step
    # ------------------------------------------------------------------
    def test_each_step_by_its_role(self):
        situation = self._submitted()
        now = fields.Datetime.to_string(fields.Datetime.now())
        for user in (self.user_police, self.user_health, self.user_archivist):
            self.as_user(user)
            for method in ("action_accept", "action_reject"):
                self.refused("focus.situation", method, [situation.id], now)
        self.assertEqual(situation.state, "submitted")
        self.as_user(self.user_chair)
        self.call(
            "focus.situation",
            "action_accept",
            [situation.id],
            date_decision=now,
            lead_agency_id=self.health.id,
        )
        self.assertEqual(situation.state, "accepted")
        self.assertEqual(situation.lead_agency_id, self.health)
        # Filter 4: the lead agency (or the chair), nobody else.
        for user in (self.user_police, self.user_housing, self.user_school):
            self.as_user(user)
            self.refused(
                "focus.situation", "action_start_intervention", [situation.id], now
            )
        self.as_user(self.user_health)
        self.call("focus.situation", "action_start_intervention", [situation.id], now)
        self.assertEqual(situation.state, "intervention")
        self.as_user(self.user_police)
        self.refused(
            "focus.situation", "action_close", [situation.id], self.conclusion.id
        )
        self.as_user(self.user_health)
        self.call("focus.situation", "action_close", [situation.id], self.conclusion.id)
        self.assertEqual(situation.state, "closed")
        # Re-opening is the chair's, with a reason.
        for user in (self.user_police, self.user_health):
            self.as_user(user)
            self.refused("focus.situation", "action_reopen", [situation.id], "Again")
        self.as_user(self.user_chair)
        self.call("focus.situation", "action_reopen", [situation.id], "New incident")
        self.assertEqual(situation.state, "intervention")

    def test_intervention_date_is_checked_by_the_step(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        self.as_user(self.user_health)
        error = self.refused(
            "focus.situation", "action_start_intervention", [situation.id], "2001-01-01"
        )
        self.assertIn("before its acceptance", error.message)
        self.assertEqual(situation.state, "accepted")
        self.assertFalse(situation.date_intervention)

    def test_change_of_agencies_is_the_chairs_step_with_a_reason(self):
        situation = self.accepted  # lead health, assisting school
        disclosures = situation.disclosure_ids
        for user, assisting, reason in (
            (self.user_health, self.housing, "More help needed"),
            (self.user_chair, self.housing, "  "),
            (self.user_chair, self.other_police, "Not at this table"),
        ):
            self.as_user(user)
            self.refused(
                "focus.situation",
                "action_change_agencies",
                [situation.id],
                self.health.id,
                [assisting.id],
                reason,
            )
        situation.invalidate_recordset()
        self.assertEqual(situation.disclosure_ids, disclosures)
        Identity = self.env["focus.situation.identity"]
        self.assertFalse(
            Identity.with_user(self.user_housing).search(
                [("situation_id", "=", situation.id)]
            )
        )
        self.call(
            "focus.situation",
            "action_change_agencies",
            [situation.id],
            self.health.id,
            [self.housing.id],
            "Eviction notice: housing support needed",
        )
        situation.invalidate_recordset()
        new = situation.disclosure_ids - disclosures
        self.assertEqual(new.agency_id, self.housing)
        self.assertEqual(new.reason, "Eviction notice: housing support needed")
        self.assertEqual(new.recorded_by_id, self.user_chair)
        self.assertEqual(situation.assisting_agency_ids, self.housing)
        self.assertEqual(
            Identity.with_user(self.user_housing).search(
                [("situation_id", "=", situation.id)]
            ),
            self.identity,
        )
        # The school, taken off the list, no longer reads the details.
        self.assertFalse(
            Identity.with_user(self.user_school).search(
                [("situation_id", "=", situation.id)]
            )
        )

    # ------------------------------------------------------------------
    # Rejected and closed situations are frozen
    # ------------------------------------------------------------------
    def test_rejected_and_closed_situations_are_frozen(self):
        unused_factor = self.env["focus.risk.factor"].search(
            [("id", "not in", self.factors.ids)], limit=1
        )
        for situation in (self._rejected(), self._closed()):
            before = self._snapshot(situation)
            self.as_user(self.user_police)
            for vals in (
                {"summary": "New details after the decision"},
                {"notes": "<p>More notes</p>"},
                {"risk_factor_ids": [(4, unused_factor.id)]},
                {"gender": situation.gender},  # even unchanged
                {"gender": "female"},
            ):
                with self.subTest(state=situation.state, vals=list(vals)):
                    error = self.refused(
                        "focus.situation", "write", [situation.id], vals
                    )
                    self.assertIn("can no longer be changed", error.message)
            self.refused(
                "focus.situation",
                "message_post",
                [situation.id],
                body="A note after the decision",
                message_type="comment",
            )
            self.refused(
                "focus.situation.identity",
                "create",
                [{"situation_id": situation.id, "name": "Late Name"}],
            )
            self.assertEqual(self._snapshot(situation), before)

    # ------------------------------------------------------------------
    # Identities, chatter and files outside need to know
    # ------------------------------------------------------------------
    def test_identity_on_a_situation_not_entitled_to(self):
        Identity = self.env["focus.situation.identity"].sudo()
        count = Identity.search_count([])
        for user, situation in (
            (self.user_housing, self.accepted),
            (self.user_other, self.accepted),
            (self.user_police, self.north),
            (self.user_chair, self.accepted),
        ):
            with self.subTest(user=user.login, situation=situation.name):
                self.as_user(user)
                self.refused(
                    "focus.situation.identity",
                    "create",
                    [{"situation_id": situation.id, "name": "Planted Name"}],
                )
        self.assertEqual(Identity.search_count([]), count)
        # An identity never moves to another situation, even for its own agency.
        self.as_user(self.user_police)
        self.refused(
            "focus.situation.identity",
            "write",
            [self.draft_identity.id],
            {"situation_id": self.accepted.id},
        )
        self.assertEqual(self.draft_identity.situation_id, self.draft)

    def test_chatter_outside_need_to_know(self):
        situation = self.accepted
        messages = len(situation.message_ids)
        followers = situation.message_partner_ids
        for user in (self.user_housing, self.user_other, self.user_archivist):
            with self.subTest(user=user.login):
                self.as_user(user)
                self.refused(
                    "focus.situation",
                    "message_post",
                    [situation.id],
                    body="Hello",
                    message_type="comment",
                )
                self.refused(
                    "focus.situation",
                    "message_subscribe",
                    [situation.id],
                    partner_ids=user.partner_id.ids,
                )
                # Identity records have no chatter at all.
                self.refused(
                    "focus.situation.identity",
                    "message_post",
                    [self.identity.id],
                    body="Hello",
                )
        situation.invalidate_recordset()
        self.assertEqual(len(situation.message_ids), messages)
        self.assertEqual(situation.message_partner_ids, followers)
        # The lead agency posts and follows.
        self.as_user(self.user_health)
        self.call(
            "focus.situation",
            "message_post",
            [situation.id],
            body="Visit planned",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.call(
            "focus.situation",
            "message_subscribe",
            [situation.id],
            partner_ids=self.user_health.partner_id.ids,
        )
        situation.invalidate_recordset()
        self.assertIn(self.user_health.partner_id, situation.message_partner_ids)

    def test_web_content_of_files_the_user_cannot_read(self):
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "referral.txt",
                    "datas": base64.b64encode(b"Referral letter"),
                    "res_model": "focus.situation",
                    "res_id": self.accepted.id,
                }
            )
        )
        self.as_user(self.user_other)
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"Referral letter", response.content)
        self.as_user(self.user_health)
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"Referral letter")

    # ------------------------------------------------------------------
    # Bad input: a clean error, nothing written
    # ------------------------------------------------------------------
    def test_bad_input_is_refused_whole(self):
        situation = self.draft
        self.as_user(self.user_police)
        before = self._snapshot(situation)
        for vals in (
            {"summary": "x" * 1_000_000},
            {"summary": "Changed", "date_received": "not a date"},
            {"summary": "Changed", "age_band_id": 987654321},
            {"summary": "Changed", "risk_factor_ids": [(4, 987654321)]},
            {"summary": "Changed", "gender": "martian"},
            {"summary": "Changed", "no_such_field": 1},
        ):
            with self.subTest(vals=str(vals)[:60]):
                self.refused("focus.situation", "write", [situation.id], vals)
                self.assertEqual(self._snapshot(situation), before)
        self.refused("focus.situation", "write", [987654321], {"summary": "Changed"})
        error = self.refused(
            "focus.situation", "write", [situation.id], {"summary": "x" * 1_000_000}
        )
        self.assertIn("limited to", error.message)
