from datetime import timedelta

from odoo import Command, fields

from .security_common import FocusSecurityCase


class TestNeedToKnowIsOneRule(FocusSecurityCase):
    """focus.situation._known_to, which the guard, the reveal wizard and the
    repeat links follow, says what the record rule of the identities says."""

    def test_known_to_matches_the_identity_rule(self):
        Situation = self.env["focus.situation"]
        whole = Situation.create(self._situation_vals(table_id=self.table.id))
        self.env["focus.situation.identity"].create(
            {"situation_id": whole.id, "name": "Pat Wholetable"}
        )
        whole.action_submit()
        whole.date_decision = fields.Datetime.now()
        self.table.disclosure_mode = "whole_table"
        whole.action_accept()
        self.table.disclosure_mode = "need_to_know"
        self.accepted.assisting_agency_ids = [Command.link(self.housing.id)]
        self.env["focus.situation.identity"].create(
            {"situation_id": self.north.id, "name": "Lee Northperson"}
        )
        # Under an agreement that ended, an override and a withdrawn consent.
        shared = Situation.create(self._situation_vals())
        self.env["focus.situation.identity"].create(
            {"situation_id": shared.id, "name": "Sam Sharedperson"}
        )
        shared.action_submit()
        shared.date_decision = fields.Datetime.now()
        shared.action_accept(
            lead_agency_id=self.health.id, assisting_agency_ids=self.school.ids
        )
        shared.with_user(self.user_chair).action_change_agencies(
            self.health.id,
            (self.school | self.housing).ids,
            "Housing support",
            disclosure_authority="serious_harm",
        )
        self.other_police.isa_expires_on = fields.Date.today() - timedelta(days=1)
        self.table.agency_ids = [Command.link(self.other_police.id)]
        shared.with_user(self.user_chair).action_override_agreement(
            self.other_police.id, "assisting", "statute", "Court order"
        )
        shared.with_user(self.user_health).action_withdraw_consent()
        self.school.isa_expires_on = fields.Date.today() - timedelta(days=1)
        situations = self.accepted | self.draft | self.north | whole | shared
        users = (
            self.user_police
            | self.user_health
            | self.user_housing
            | self.user_school
            | self.user_other
            | self.user_chair
            | self.user_archivist
            | self.user_manager
        )
        Identity = self.env["focus.situation.identity"]
        for user in users:
            readable = (
                Identity.with_user(user)
                .search([("situation_id", "in", situations.ids)])
                .situation_id
            )
            for situation in situations:
                with self.subTest(user=user.login, situation=situation.name):
                    self.assertEqual(
                        bool(situation._known_to(user)), situation in readable
                    )
