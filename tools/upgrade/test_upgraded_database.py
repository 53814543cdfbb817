"""The new release on the records of the previous one.

Run by ``tools/check_upgrade.sh`` against the database it has just upgraded
(the previous release's demo data and a generated load); not part of
``make test``. Every record here was written by the previous release; each
test runs in a transaction that is rolled back.
"""

from pathlib import Path

from lxml import etree

from odoo.tests import TransactionCase
from odoo.tools import SQL

ROOT = Path(__file__).resolve().parents[2]

ACCOUNTABILITY = "focus_table_reports.report_situation_accountability"


class TestUpgradedDatabase(TransactionCase):
    # Beside the addons: the tags Odoo would take from a module path.
    test_tags = {"standard", "post_install"}
    test_module = "focus_table"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Identity = cls.env["focus.situation.identity"]
        cls.Log = cls.env["focus.access.log"].sudo()
        # The chair of the demo's second table reads its health centre's cases.
        cls.chair = cls.env["res.users"].search([("login", "=", "northgate.chair")])
        assert cls.chair, "the demo chair northgate.chair is missing"

    def read_as(self, user, situation):
        """Read the situation's identifying details as ``user``, as the form
        does; return the names read and the log entries it wrote."""
        before = self.Log.search([], order="id desc", limit=1).id
        self.env.invalidate_all()
        names = (
            self.Identity.with_user(user)
            .search([("situation_id", "=", situation.id)])
            .read(["name"])
        )
        return [row["name"] for row in names], self.Log.search([("id", ">", before)])

    def test_two_factor_is_off_for_every_table(self):
        # Nothing changes for existing users until a table turns it on.
        tables = self.env["focus.table"].with_context(active_test=False).search([])
        self.assertGreater(len(tables), 2, "demo and load tables")
        self.assertFalse(any(tables.mapped("identity_requires_totp")))
        self.assertFalse(self.env["res.users"].search([("totp_enabled", "=", True)]))

    def test_chair_opens_old_identities_and_the_read_is_logged(self):
        visible = self.Identity.with_user(self.chair).search([])
        self.assertTrue(visible, "the chair sees no identity after the upgrade")
        for situation in visible.situation_id:
            names, entries = self.read_as(self.chair, situation)
            self.assertEqual(
                sorted(names), sorted(situation.identity_ids.mapped("name"))
            )
            self.assertEqual(len(entries), 1, situation.name)
            self.assertEqual(entries.user_id, self.chair)
            self.assertEqual(entries.situation_id, situation)

    def test_readers_of_the_old_log_read_again(self):
        # Who read what in the previous release, where the details are still kept.
        old = self.Log.search([("situation_id.identity_ids", "!=", False)])
        pairs = {(entry.user_id, entry.situation_id) for entry in old}
        self.assertTrue(pairs, "no read of the previous release to repeat")
        for user, situation in sorted(pairs, key=lambda p: (p[0].id, p[1].id)):
            names, entries = self.read_as(user, situation)
            self.assertTrue(names, f"{user.login} no longer reads {situation.name}")
            self.assertEqual(len(entries), 1, (user.login, situation.name))

    def facts(self):
        Facts = self.env["focus.outcome.fact"]
        Facts.flush_model()
        self.env.cr.execute(
            SQL("SELECT %s FROM focus_outcome_fact", Facts._fact_columns())
        )
        return sorted(self.env.cr.fetchall(), key=repr)

    def test_outcome_statistics_cover_the_old_situations(self):
        Facts = self.env["focus.outcome.fact"]
        kept = self.facts()
        self.assertTrue(kept, "no outcome statistics after the upgrade")
        presented = self.env["focus.situation"].search_count(
            [("state", "!=", "draft"), ("date_presented", "!=", False)]
        )
        self.assertEqual(Facts.headline()["presented"], presented)
        # What the upgrade kept is what the old situations give when recounted.
        Facts._rebuild()
        Facts.invalidate_model()
        self.assertEqual(self.facts(), kept)

    def test_situation_figures_count_the_old_situations(self):
        # A table the release did not have, filled by the upgrade.
        rows = self.env["focus.situation"]._read_group(
            [("state", "!=", "draft"), ("date_presented", "!=", False)],
            ["table_id", "state"],
            ["__count"],
        )
        figures = self.env["focus.situation.fact"]._read_group(
            [], ["table_id", "state"], ["situation_count:sum"]
        )
        self.assertTrue(rows)
        self.assertEqual(sorted(figures), sorted(rows))

    def test_references_are_searched_through_a_trigram_index(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["focus_situation__name_index"],
        )
        definitions = [row[0] for row in self.env.cr.fetchall()]
        # The release's B-tree index was dropped by the 19.0.1.4.0 migration.
        if self.registry.has_trigram:
            self.assertEqual(len(definitions), 1)
            self.assertIn("gin_trgm_ops", definitions[0])
        else:
            self.assertEqual(definitions, [])

    def test_accountability_report_of_an_old_situation(self):
        entry = self.Log.search(
            [("situation_id.table_id.chair_ids", "in", self.chair.id)],
            order="id",
            limit=1,
        )
        self.assertTrue(entry, "no read at the chair's table in the previous release")
        situation = entry.situation_id
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.chair)
            ._render_qweb_html(ACCOUNTABILITY, situation.ids)
        )
        html = html.decode()
        self.assertIn(situation.name, html)
        self.assertIn(entry.user_id.name, html)
        for name in situation.sudo().identity_ids.mapped("name"):
            self.assertNotIn(name, html)

    def test_record_rules_are_those_of_the_files(self):
        # The rules are noupdate data: -u does not reload them, so a rule
        # changed in its file needs a migration script (see 19.0.1.2.0).
        checked = 0
        for path in sorted(ROOT.glob("focus_table*/security/*rules*.xml")):
            module = path.parents[1].name
            for record in etree.parse(str(path)).xpath("//record[@model='ir.rule']"):
                xmlid = record.get("id")
                xmlid = xmlid if "." in xmlid else f"{module}.{xmlid}"
                rule = self.env.ref(xmlid)
                for field in record.xpath("field[@name='domain_force']"):
                    self.assertEqual(
                        " ".join(rule.domain_force.split()),
                        " ".join(field.text.split()),
                        f"{xmlid}: the upgraded rule is not that of {path.name}",
                    )
                    checked += 1
        self.assertGreater(checked, 10)
