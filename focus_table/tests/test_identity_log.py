from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.focus_table.models.focus_access_log import forced_channel

from .security_common import FocusSecurityCase


class TestIdentityAccessLog(FocusSecurityCase):
    def test_every_read_path_is_logged(self):
        self.user_health.group_ids += self.env.ref("base.group_allow_export")
        Identity = self.env["focus.situation.identity"].with_user(self.user_health)
        paths = {
            "read": lambda: Identity.browse(self.identity.id).read(["name"]),
            "search_read": lambda: Identity.search_read(
                [("situation_id", "=", self.accepted.id)], ["name", "birth_date"]
            ),
            "web_read": lambda: Identity.browse(self.identity.id).web_read(
                {"address": {}}
            ),
            "web_search_read": lambda: Identity.web_search_read(
                [("situation_id", "=", self.accepted.id)], {"name": {}}
            ),
            "export_data": lambda: Identity.search(
                [("situation_id", "=", self.accepted.id)]
            ).export_data(["name", "birth_date"]),
            "field access": lambda: Identity.browse(self.identity.id).contact,
        }
        for label, read in paths.items():
            with self.subTest(path=label):
                before = len(self.logs_for(self.user_health))
                Identity.invalidate_model()
                read()
                logs = self.logs_for(self.user_health)
                self.assertEqual(len(logs), before + 1, f"{label} left no log entry")
                entry = logs[0]
                self.assertEqual(entry.situation_id, self.accepted)
                self.assertEqual(entry.agency_id, self.health)
                self.assertEqual(entry.table_id, self.table)
                self.assertEqual(entry.identity_count, 1)
                self.assertEqual(entry.channel, "server")
                self.assertNotIn("Robin", entry.identity_labels)

    def test_reason_and_channel_from_context(self):
        wizard = (
            self.env["focus.identity.reveal"]
            .with_user(self.user_health)
            .create(
                {
                    "situation_id": self.accepted.id,
                    "reason": "other",
                    "explanation": "door knock today",
                }
            )
        )
        action = wizard.action_reveal()
        Identity = self.env["focus.situation.identity"].with_user(self.user_health)
        with forced_channel("list"):
            Identity.with_context(**action["context"]).search_read(
                action["domain"], ["name"]
            )
        entry = self.logs_for(self.user_health)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.channel, "list")
        self.assertIn("door knock today", entry.reason)

    def test_reveal_refused_outside_need_to_know(self):
        wizard = (
            self.env["focus.identity.reveal"]
            .with_user(self.user_housing)
            .create({"situation_id": self.accepted.id})
        )
        self.assertFalse(wizard.may_see)
        with self.assertRaises(AccessError):
            wizard.action_reveal()
        vague = (
            self.env["focus.identity.reveal"]
            .with_user(self.user_health)
            .create({"situation_id": self.accepted.id, "reason": "other"})
        )
        with self.assertRaises(AccessError):
            vague.action_reveal()

    def test_non_identifying_reads_and_superuser_are_not_logged(self):
        entries = self.Log.sudo().search_count([])
        identity = self.identity.with_user(self.user_health)
        identity.invalidate_model()
        self.assertEqual(identity.situation_id, self.accepted)
        self.assertEqual(identity.role, "subject")
        self.assertTrue(identity.display_name.startswith(self.accepted.name))
        self.assertEqual(self.accepted.with_user(self.user_health).identity_count, 1)
        self.identity.invalidate_model()
        self.assertEqual(self.identity.sudo().name, "Robin Testcase")
        self.assertEqual(self.Log.sudo().search_count([]), entries)

    def test_refused_reads_leave_no_value_and_no_entry(self):
        with self.assertRaises(AccessError):
            self.identity.with_user(self.user_housing).read(["name"])
        self.assertFalse(self.logs_for(self.user_housing))

    def test_grouping_on_identifying_fields_is_refused(self):
        Identity = self.env["focus.situation.identity"].with_user(self.user_health)
        for groupby in (["name"], ["birth_date:year"], ["address"]):
            with self.assertRaises(UserError):
                Identity.formatted_read_group([], groupby, ["__count"])
        with self.assertRaises(UserError):
            Identity._read_group([], [], ["name:array_agg"])
        with self.assertRaises(UserError):
            Identity.formatted_read_group(
                [], ["situation_id"], ["contact:count_distinct"]
            )
        groups = Identity.formatted_read_group([], ["situation_id"], ["__count"])
        self.assertEqual(len(groups), 1)

    def test_name_search_and_display_name_hold_no_name(self):
        Identity = self.env["focus.situation.identity"].with_user(self.user_health)
        self.assertFalse(Identity.name_search("Robin"))
        results = Identity.name_search(self.accepted.name)
        self.assertEqual([r[0] for r in results], self.identity.ids)
        self.assertNotIn("Robin", results[0][1])

    def test_search_domains_cannot_infer_names(self):
        Situation = self.env["focus.situation"]
        domain = [("identity_ids.name", "ilike", "Robin")]
        users = self.user_housing | self.user_chair | self.user_archivist
        for user in users | self.user_manager:
            with self.subTest(user=user.login):
                # Refused, not answered: a count would tell the values apart.
                with self.assertRaises(AccessError):
                    Situation.with_user(user).search(domain)
                with self.assertRaises(AccessError):
                    Situation.with_user(user).search_count(domain)
                with self.assertRaises(AccessError):
                    self.env["focus.situation.identity"].with_user(user).search(
                        [("birth_date", "=", "2009-09-09")]
                    )
        # Those who need to know read the values; they do not search by them.
        with self.assertRaises(AccessError):
            Situation.with_user(self.user_health).search(domain)

    def test_log_entries_survive_the_purge(self):
        self.identity.with_user(self.user_police).read(["name"])
        self.identity.unlink()
        entry = self.logs_for(self.user_police)
        self.assertEqual(entry.situation_ref, self.accepted.name)
        self.assertEqual(entry.identity_count, 1)

    def test_disclosure_required_before_sharing(self):
        situation = self._new_situation(
            consent_status="not_sought", disclosure_authority=False
        )
        situation.action_submit()
        situation.date_decision = situation.date_submitted
        situation.action_accept()
        before = self._snapshot(situation)
        with self.assertRaisesRegex(
            UserError, "consent status and the legal authority"
        ):
            situation.write({"lead_agency_id": self.health.id})
        self.assertEqual(self._snapshot(situation), before)
        self.assertFalse(situation.disclosure_ids)
        situation.write(
            {
                "consent_status": "not_possible",
                "disclosure_authority": "serious_harm",
                "lead_agency_id": self.health.id,
                "assisting_agency_ids": [Command.set((self.housing | self.police).ids)],
            }
        )
        disclosures = situation.disclosure_ids
        # The originating agency already knows: no disclosure to itself.
        self.assertEqual(disclosures.agency_id, self.health | self.housing)
        lead = disclosures.filtered(lambda d: d.agency_id == self.health)
        self.assertEqual(lead.role, "lead")
        self.assertEqual(lead.authority, "serious_harm")
        self.assertTrue(lead.notice_due)
        self.assertTrue(lead.scope)
        # Naming the same agencies again records nothing new.
        situation.write({"lead_agency_id": self.health.id})
        self.assertEqual(len(situation.disclosure_ids), 2)

    def test_whole_table_disclosure_at_acceptance(self):
        self.table.disclosure_mode = "whole_table"
        situation = self._new_situation(
            consent_status="not_sought", disclosure_authority=False
        )
        situation.action_submit()
        situation.date_decision = situation.date_submitted
        with self.assertRaisesRegex(UserError, "consent status"):
            situation.action_accept()
        self.assertEqual(situation.state, "submitted")
        situation.write(
            {"consent_status": "obtained", "disclosure_authority": "consent"}
        )
        situation.action_accept()
        expected = self.table.agency_ids - self.police
        self.assertEqual(situation.disclosure_ids.agency_id, expected)
        self.assertEqual(set(situation.disclosure_ids.mapped("role")), {"table"})
        self.assertFalse(any(situation.disclosure_ids.mapped("notice_due")))
