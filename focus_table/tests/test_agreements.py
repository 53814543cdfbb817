from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from .security_common import FocusSecurityCase


class AgreementCase(FocusSecurityCase):
    """Housing's agreement has expired; the school board never signed one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.housing.isa_expires_on = cls.today - timedelta(days=3)
        cls.unsigned = cls.env["focus.agency"].create(
            {"name": "Test Unsigned Agency", "sector_id": cls.sector_school.id}
        )
        cls.table.agency_ids = [Command.link(cls.unsigned.id)]
        cls.Identity = cls.env["focus.situation.identity"]

    def reads_identities(self, user, situation):
        return bool(
            self.Identity.with_user(user).search([("situation_id", "=", situation.id)])
        )

    def submitted(self, **vals):
        situation = self._new_situation(**vals)
        situation.action_submit()
        self.Identity.create({"situation_id": situation.id, "name": "Kim Agreement"})
        return situation


class TestAgreementGovernsSharing(AgreementCase):
    def test_states(self):
        self.assertEqual(self.housing.isa_state, "expired")
        self.assertEqual(self.unsigned.isa_state, "missing")
        self.assertEqual(self.health.isa_state, "valid")
        self.health.isa_expires_on = self.today + timedelta(days=10)
        self.assertEqual(self.health.isa_state, "expiring")

    def test_expired_agency_cannot_lead_nor_assist(self):
        situation = self.submitted()
        chair = situation.with_user(self.user_chair)
        for lead, assisting in (
            (self.housing, self.school),
            (self.health, self.housing),
        ):
            with self.subTest(lead=lead.name), self.assertRaises(UserError) as caught:
                chair.action_accept(
                    date_decision=fields.Datetime.now(),
                    lead_agency_id=lead.id,
                    assisting_agency_ids=assisting.ids,
                )
            self.assertIn("Test Housing Corp", str(caught.exception))
            self.assertIn(
                format_date(self.env, self.housing.isa_expires_on),
                str(caught.exception),
            )
            situation.invalidate_recordset()
            self.assertEqual(situation.state, "submitted")
            self.assertFalse(situation.lead_agency_id)
            self.assertFalse(situation.disclosure_ids)

    def test_missing_agreement_is_refused_with_the_day(self):
        with self.assertRaises(UserError) as caught:
            self.accepted.with_user(self.user_chair).action_change_agencies(
                self.health.id, [self.unsigned.id], "Schooling support needed"
            )
        self.assertIn("Test Unsigned Agency", str(caught.exception))
        self.assertIn(format_date(self.env, fields.Date.today()), str(caught.exception))
        self.assertEqual(self.accepted.assisting_agency_ids, self.school)

    def test_whole_table_skips_agencies_without_agreement(self):
        self.table.disclosure_mode = "whole_table"
        situation = self.submitted()
        situation.with_user(self.user_chair).action_accept(
            date_decision=fields.Datetime.now(), lead_agency_id=self.health.id
        )
        self.assertEqual(
            set(situation.disclosure_ids.agency_id.mapped("name")),
            {"Test Mental Health", "Test School Board", "Test Safety Office"},
        )
        self.assertTrue(self.reads_identities(self.user_school, situation))
        self.assertFalse(self.reads_identities(self.user_housing, situation))
        self.assertFalse(situation._known_to(self.user_housing))

    def test_expiry_stops_what_was_granted(self):
        self.assertTrue(self.reads_identities(self.user_health, self.accepted))
        self.health.isa_expires_on = self.today - timedelta(days=1)
        self.assertFalse(self.reads_identities(self.user_health, self.accepted))
        self.assertFalse(self.accepted._known_to(self.user_health))
        # The de-identified situation stays in view.
        self.assertTrue(
            self.env["focus.situation"]
            .with_user(self.user_health)
            .search([("id", "=", self.accepted.id)])
        )
        status = {d.agency_id: d.status for d in self.accepted.disclosure_ids}
        self.assertEqual(status, {self.health: "agreement", self.school: "active"})
        # The originating agency collected the details itself: no agreement needed.
        self.police.isa_expires_on = self.today - timedelta(days=1)
        self.assertTrue(self.reads_identities(self.user_police, self.accepted))

    def test_cron_moves_the_state_with_the_calendar(self):
        self.assertTrue(self.reads_identities(self.user_health, self.accepted))
        # The agreement ran out overnight: the stored state is yesterday's.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE focus_agency SET isa_expires_on = %s WHERE id = %s",
            [self.today - timedelta(days=1), self.health.id],
        )
        self.health.invalidate_recordset()
        self.assertEqual(self.health.isa_state, "valid")
        changed = self.env["focus.agency"]._cron_agreements()
        self.assertIn(self.health, changed)
        self.assertEqual(self.health.isa_state, "expired")
        self.assertFalse(self.reads_identities(self.user_health, self.accepted))

    def test_cron_reminds_chairs_and_administrators_once(self):
        self.school.isa_expires_on = self.today + timedelta(days=20)
        self.env["focus.agency"]._cron_agreements()
        self.env["focus.agency"]._cron_agreements()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "focus.agency"), ("res_id", "=", self.school.id)]
        )
        self.assertIn(self.user_chair, activities.user_id)
        self.assertIn(self.user_manager, activities.user_id)
        self.assertEqual(len(activities), len(activities.user_id))
        self.assertEqual(
            set(activities.mapped("date_deadline")), {self.school.isa_expires_on}
        )
        self.assertEqual(self.school.isa_reminded_for, self.school.isa_expires_on)
        # Further away than 30 days: no reminder yet.
        self.police.isa_expires_on = self.today + timedelta(days=45)
        self.env["focus.agency"]._cron_agreements()
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "focus.agency"), ("res_id", "=", self.police.id)]
            )
        )


class TestAgreementOverride(AgreementCase):
    def override(
        self,
        user,
        agency=None,
        role="assisting",
        authority="serious_harm",
        reason="Threat to a sibling tonight; housing must act now",
    ):
        return self.accepted.with_user(user).action_override_agreement(
            (agency or self.housing).id, role, authority, reason
        )

    def test_chair_overrides_under_serious_harm(self):
        self.override(self.user_chair)
        override = self.accepted.disclosure_ids.filtered("isa_override")
        self.assertEqual(override.agency_id, self.housing)
        self.assertEqual(override.authority, "serious_harm")
        self.assertEqual(override.agency_isa_state, "expired")
        self.assertEqual(override.agency_isa_expires_on, self.housing.isa_expires_on)
        self.assertEqual(
            len(
                self.accepted.disclosure_ids.filtered(
                    lambda d: d.agency_id == self.housing
                )
            ),
            1,
        )
        self.assertIn(self.housing, self.accepted.assisting_agency_ids)
        self.assertTrue(self.reads_identities(self.user_housing, self.accepted))
        self.assertTrue(self.accepted._known_to(self.user_housing))
        self.assertIn(
            "without an agreement in force", self.accepted.message_ids[0].body
        )
        todo = self.accepted.activity_ids.filtered(
            lambda a: a.user_id == self.user_chair
        )
        self.assertEqual(todo.summary, "Review an agreement override")
        self.assertIn(
            override,
            self.env["focus.disclosure"]
            .with_user(self.user_chair)
            .search([("isa_override", "=", True)]),
        )
        # Taken off the list, the override no longer gives the details.
        self.accepted.with_user(self.user_chair).action_change_agencies(
            self.health.id, self.school.ids, "Housing found a place"
        )
        self.assertFalse(self.reads_identities(self.user_housing, self.accepted))

    def test_refused_overrides_change_nothing(self):
        before = self._snapshot(self.accepted)
        disclosures = self.accepted.disclosure_ids
        cases = [
            (self.user_health, {}, AccessError),
            (self.user_chair, {"authority": "consent"}, UserError),
            (self.user_chair, {"reason": "  "}, UserError),
            (self.user_chair, {"role": "observer"}, UserError),
            (self.user_chair, {"agency": self.school}, UserError),
            (self.user_chair, {"agency": self.other_police}, UserError),
        ]
        for user, kwargs, error in cases:
            with self.subTest(
                user=user.login, **{k: str(v) for k, v in kwargs.items()}
            ):
                with self.assertRaises(error):
                    self.override(user, **kwargs)
                self.accepted.invalidate_recordset()
                self.assertEqual(self._snapshot(self.accepted), before)
                self.assertEqual(self.accepted.disclosure_ids, disclosures)
