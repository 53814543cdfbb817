"""The load generator (tools/generate_load.py) leaves data the ORM would have left.

A few hundred situations are generated inside the test transaction; situations
taken through the same steps with the ORM must hold the same stored values, the
ORM must not change any stored computed value, need-to-know must hold for the
generated users, the tables' sequences must continue after the generated
references, and the generated texts must pass the de-identification guard.
"""

import importlib.util
from pathlib import Path

from odoo import Command
from odoo.tests import TransactionCase

TOOL = Path(__file__).resolve().parent.parent / "tools" / "generate_load.py"
# Differ by nature between two situations, however they are made.
NATURALLY_DIFFERENT = {
    "id",
    "name",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    # Stamped with the current time by action_submit and action_close.
    "date_submitted",
    "date_closed",
    # Hashes of the persons: the ORM twin is given other persons.
    "repeat_keys",
    # The day the scheduler's retention purge passed (compared as set or not).
    "identity_purged_on",
}


def load_tool():
    spec = importlib.util.spec_from_file_location("generate_load", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestGenerateLoad(TransactionCase):
    test_tags = {"standard", "post_install"}
    test_module = "focus_table"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tool = load_tool()
        cls.loader = cls.tool.generate(
            cls.env,
            situations=400,
            tables=3,
            agencies=8,
            seed=7,
            log=None,
            drop_indexes=False,
        )
        cls.situations = cls.env["focus.situation"].browse(
            cls.loader.loaded_ids["focus.situation"]
        )
        cls.users = cls.loader.users
        cls.member_of = {
            agency: cls.env["res.users"].browse(user)
            for agency, user in cls.loader.agency_user.items()
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def stored_values(self, record, skip=()):
        """Every stored value of ``record`` but its one2many lists."""
        values = {}
        for name, field in record._fields.items():
            if not field.store or field.type == "one2many" or name in skip:
                continue
            value = record[name]
            if field.type == "many2many":
                value = set(value.ids)
            elif field.type == "many2one":
                value = value.id
            values[name] = value
        return values

    def twin(self, generated):
        """Take a situation like ``generated`` through the steps with the ORM."""
        env = self.env
        origin = self.member_of[generated.originating_agency_id.id]
        chair = generated.table_id.chair_ids[:1]
        situation = (
            env["focus.situation"]
            .with_user(origin)
            .create(
                {
                    "table_id": generated.table_id.id,
                    "date_received": generated.date_received,
                    "subject_type": generated.subject_type or "individual",
                    "age_band_id": generated.age_band_id.id,
                    "gender": generated.gender,
                    "risk_factor_ids": [
                        Command.set(generated.risk_factor_ids.ids or self.factor_ids)
                    ],
                    "summary": generated.summary or "Adult living alone at risk.",
                    "area_id": generated.area_id.id,
                }
            )
        )
        if generated.identity_ids:
            env["focus.situation.identity"].with_user(origin).create(
                {
                    "situation_id": situation.id,
                    "role": "subject",
                    "name": "Quorvel Tandrisk",
                    "birth_date": "1990-01-02",
                }
            )
        situation.action_submit()
        if generated.state == "rejected":
            situation.with_user(chair).write({"decision_note": generated.decision_note})
            situation.with_user(chair).action_reject(
                date_decision=generated.date_decision
            )
            return situation.with_user(env.user)
        situation.write(
            {
                "consent_status": generated.consent_status,
                "disclosure_authority": generated.disclosure_authority,
            }
        )
        situation.with_user(chair).write({"decision_note": generated.decision_note})
        situation.with_user(chair).action_accept(
            date_decision=generated.date_decision,
            lead_agency_id=generated.lead_agency_id.id,
            assisting_agency_ids=generated.assisting_agency_ids.ids,
        )
        if generated.state == "accepted":
            return situation.with_user(env.user)
        lead = self.member_of[generated.lead_agency_id.id]
        situation.with_user(lead).write(
            {"intervention_level_id": generated.intervention_level_id.id}
        )
        situation.with_user(lead).action_start_intervention(
            date_intervention=generated.date_intervention
        )
        if generated.state == "closed":
            situation.with_user(lead).action_close(
                conclusion_id=generated.conclusion_id.id
            )
        return situation.with_user(env.user)

    def pick(self, state, **conditions):
        candidates = self.situations.filtered(
            lambda s: (
                s.state == state
                and not s.is_repeat
                and all(bool(s[f]) == v for f, v in conditions.items())
            )
        )
        self.assertTrue(candidates, f"no generated {state} situation")
        return candidates[0]

    @property
    def factor_ids(self):
        return self.env["focus.risk.factor"].search([], limit=3).ids

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_volumes_and_states(self):
        self.assertEqual(len(self.situations), 400)
        states = self.situations.grouped("state")
        self.assertGreater(len(states["closed"]), 250)
        self.assertTrue(states.get("rejected"))
        open_count = sum(
            len(states.get(s, [])) for s in ("submitted", "accepted", "intervention")
        )
        self.assertLess(open_count, 60)
        factors = self.situations.filtered(lambda s: s.state != "rejected")
        self.assertTrue(all(3 <= s.risk_factor_count <= 6 for s in factors))
        stats = self.loader.stats
        self.assertGreater(stats["actions"], 600)
        self.assertGreater(stats["identities"], 100)
        self.assertTrue(stats["meetings"] and stats["items"] and stats["attendance"])
        self.assertTrue(stats["disclosures"] and stats["access_logs"])

    def test_stored_fields_as_the_orm_leaves_them(self):
        """A situation taken through the steps with the ORM stores the same values."""
        cases = [
            self.pick("closed", identity_ids=True, intervention_hours=True),
            self.pick("rejected"),
            self.pick("intervention"),
            self.pick("accepted"),
        ]
        for generated in cases:
            with self.subTest(state=generated.state, ref=generated.name):
                twin = self.twin(generated)
                # The scheduler's daily retention purge, as it ran on the data.
                self.env["focus.situation"]._cron_purge_identities()
                self.assertEqual(
                    bool(twin.identity_purged_on), bool(generated.identity_purged_on)
                )
                self.assertEqual(
                    self.stored_values(twin, NATURALLY_DIFFERENT),
                    self.stored_values(generated, NATURALLY_DIFFERENT),
                )

                # The same agencies were told, with the same authority.
                def told(situation):
                    return {
                        (d.agency_id.id, d.role, d.scope, d.authority, d.consent_status,
                         d.notice_due, d.recorded_by_id.id, d.table_id.id)
                        for d in situation.disclosure_ids
                    }  # fmt: skip

                self.assertEqual(told(twin), told(generated))

    def test_orm_recompute_changes_nothing(self):
        """Every stored computed field holds what the ORM computes."""
        for model, ids in self.loader.loaded_ids.items():
            records = self.env[model].browse(ids)
            fnames = self.tool.stored_computes(self.env, model)
            # All values first: one compute method may set several fields.
            before = {fname: self.column(records, fname) for fname in fnames}
            for fname in fnames:
                self.env.add_to_compute(records._fields[fname], records)
            records.flush_recordset(fnames)
            self.env.invalidate_all()
            for fname in fnames:
                with self.subTest(model=model, field=fname):
                    self.assertEqual(self.column(records, fname), before[fname])

    def column(self, records, fname):
        field = records._fields[fname]
        if field.type == "many2many":
            return {r.id: set(r[fname].ids) for r in records}
        if field.type == "many2one":
            return {r.id: r[fname].id for r in records}
        return {r.id: r[fname] for r in records}

    def test_repeat_links_as_the_orm_makes_them(self):
        repeats = self.situations.filtered("is_repeat")
        self.assertTrue(repeats, "no repeat presentation generated")
        for situation in self.situations.filtered("repeat_keys"):
            before = set(situation.repeat_of_ids.ids)
            situation._update_repeat_keys()
            self.assertEqual(set(situation.repeat_of_ids.ids), before, situation.name)

    def test_need_to_know(self):
        """Members see what their agency may see, and nothing else."""
        Situation = self.env["focus.situation"]
        Identity = self.env["focus.situation.identity"]
        Disclosure = self.env["focus.disclosure"]
        generated_identities = Identity.browse(
            self.loader.loaded_ids["focus.situation.identity"]
        )
        generated_disclosures = Disclosure.browse(
            self.loader.loaded_ids["focus.disclosure"]
        )
        for agency_id, user in list(self.member_of.items())[:4]:
            with self.subTest(agency=agency_id):
                seen = Situation.with_user(user).search(
                    [("id", "in", self.situations.ids)]
                )
                expected = self.situations.filtered(
                    lambda s, a=agency_id: (
                        a in s.table_id.agency_ids.ids
                        and (s.state != "draft" or s.originating_agency_id.id == a)
                    )
                )
                self.assertEqual(set(seen.ids), set(expected.ids))
                identities = Identity.with_user(user).search(
                    [("id", "in", generated_identities.ids)]
                )
                allowed = generated_identities.filtered(
                    lambda i, a=agency_id: (
                        i.situation_id.originating_agency_id.id == a
                        or a in i.situation_id._granted_agencies().ids
                    )
                )
                self.assertEqual(set(identities.ids), set(allowed.ids))
                disclosures = Disclosure.with_user(user).search(
                    [("id", "in", generated_disclosures.ids)]
                )
                mine = generated_disclosures.filtered(
                    lambda d, a=agency_id: (
                        d.agency_id.id == a
                        or d.situation_id.originating_agency_id.id == a
                    )
                )
                self.assertEqual(set(disclosures.ids), set(mine.ids))

    def test_disclosures_and_reads_follow_need_to_know(self):
        for situation in self.situations:
            self.assertEqual(
                situation.disclosure_ids.agency_id,
                situation._granted_agencies(),
                situation.name,
            )
        logs = self.env["focus.access.log"].browse(
            self.loader.loaded_ids["focus.access.log"]
        )
        self.assertTrue(logs)
        for log in logs:
            situation = log.situation_id
            self.assertIn(
                log.agency_id,
                situation._granted_agencies() | situation.originating_agency_id,
            )
            self.assertEqual(log.user_id.focus_agency_id, log.agency_id)
            self.assertEqual(log.situation_ref, situation.name)

    def test_sequence_continues(self):
        for table in self.loader.tables:
            generated = self.situations.filtered(lambda s, t=table: s.table_id == t)
            user = self.member_of[table.agency_ids[:1].id]
            new = (
                self.env["focus.situation"]
                .with_user(user)
                .create({"table_id": table.id, "summary": "Adult at risk."})
            )
            number = int(new.name.rsplit("-", 1)[1])
            self.assertEqual(number, len(generated) + 1, new.name)
            self.assertNotIn(new.name, generated.mapped("name"))

    def test_texts_pass_the_deidentification_guard(self):
        with_identities = self.situations.filtered("identity_ids")
        self.assertTrue(with_identities)
        # Raises ValidationError on a name, birth date, address or contact.
        with_identities._check_deidentified({"summary", "decision_note", "notes"})
        actions = self.env["focus.action"].browse(
            self.loader.loaded_ids["focus.action"]
        )
        actions.filtered(lambda a: a.situation_id.identity_ids)._check_deidentified(
            {"name", "result"}
        )
        meetings = self.env["focus.meeting"].browse(
            self.loader.loaded_ids["focus.meeting"]
        )
        meetings._check_deidentified({"minutes"})
