"""The sample import files of data/ load through Odoo's import, as an agency
would load them, into a database with both addons."""

import csv
from pathlib import Path

from odoo.tests import TransactionCase, new_test_user

DATA = Path(__file__).resolve().parent.parent / "data"


class TestSampleImports(TransactionCase):
    # Odoo tags the tests of an addon from its module path; these cross-addon
    # tests live beside the addons, so they say it themselves.
    test_tags = {"standard", "post_install"}
    test_module = "focus_table"

    def load(self, model, env=None):
        path = DATA / f"{model}.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header, lines = rows[0], rows[1:]
        result = (env or self.env)[model].load(header, lines)
        self.assertFalse(result["messages"], f"{path.name}: {result['messages']}")
        self.assertEqual(len(result["ids"]), len(lines), path.name)
        return (env or self.env)[model].browse(result["ids"])

    def test_files_load_in_order(self):
        manager = new_test_user(
            self.env,
            login="t_import_manager",
            groups="base.group_user,focus_table.group_manager",
        )
        # Agencies and risk factors: the Focus Table administrator's job.
        agencies = self.load("focus.agency", self.env(user=manager))
        self.assertEqual(
            agencies.mapped("sector_id.code"),
            ["police", "health", "housing", "education", "youth"],
        )
        factors = self.load("focus.risk.factor", self.env(user=manager))
        self.assertEqual(factors.filtered("is_protective").code, "trusted_mentor")
        self.assertEqual(
            set(factors.mapped("role")), {"exhibiting", "affected", "general"}
        )
        # Users: an Odoo administrator's; they get no Focus Table role yet.
        users = self.load("res.users")
        self.assertEqual(users.focus_agency_id, agencies[:3])
        for user in users:
            self.assertFalse(user.has_group("focus_table.group_member"))
        # Loading again updates, it does not duplicate.
        again = self.load("focus.agency", self.env(user=manager))
        self.assertEqual(again, agencies)

    def test_no_identifying_detail_in_the_samples(self):
        """The samples are de-identified: no person's name, address or birth date."""
        for path in sorted(DATA.glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            header = text.splitlines()[0].split(",")
            for column in ("birth_date", "address", "aliases", "contact"):
                self.assertNotIn(column, header, path.name)
