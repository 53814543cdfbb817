from lxml import etree

from odoo import Command

from .common import FocusTableCase

# Lists that carry a Table column for users of several tables.
MODELS = (
    "focus.situation",
    "focus.meeting",
    "focus.action",
    "focus.systemic.issue",
    "focus.disclosure",
)


class TestListColumns(FocusTableCase):
    """The Table column of the lists is hidden for users who sit at one table."""

    def _table_column(self, user, model):
        arch = self.env[model].with_user(user).get_views([(False, "list")])["views"]
        root = etree.fromstring(arch["list"]["arch"])
        columns = root.xpath("/list/field[@name='table_id']")
        self.assertEqual(len(columns), 1, model)
        return columns[0]

    def test_single_table_is_computed_per_user(self):
        # Police sits at Riverside only; the school board at both test tables.
        self.assertTrue(self.user_police.focus_single_table)
        self.assertTrue(self.user_chair.focus_single_table)
        self.assertFalse(self.user_school.focus_single_table)
        # The administrator reads every table.
        self.assertFalse(self.user_manager.focus_single_table)

    def test_joining_a_second_table_shows_the_column(self):
        self.table_north.agency_ids = [Command.link(self.police.id)]
        self.user_police.invalidate_recordset(["focus_single_table"])
        self.assertFalse(self.user_police.focus_single_table)
        column = self._table_column(self.user_police, "focus.situation")
        self.assertNotEqual(column.get("column_invisible"), "True")

    def test_list_arch_follows_the_user(self):
        for model in MODELS:
            with self.subTest(model=model):
                # Both variants come from the same view cache: each has its key.
                single = self._table_column(self.user_police, model)
                several = self._table_column(self.user_school, model)
                self.assertEqual(single.get("column_invisible"), "True")
                self.assertNotEqual(several.get("column_invisible"), "True")

    def test_access_log_of_a_single_table_chair(self):
        column = self._table_column(self.user_chair, "focus.access.log")
        self.assertEqual(column.get("column_invisible"), "True")

    def test_statistics_of_a_single_table_archivist(self):
        if "focus.situation.report" not in self.env:
            self.skipTest("focus_table_reports is not installed")
        column = self._table_column(self.user_archivist, "focus.situation.report")
        self.assertEqual(column.get("column_invisible"), "True")

    def test_forms_keep_the_table(self):
        arch = (
            self.env["focus.situation"]
            .with_user(self.user_police)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        field = etree.fromstring(arch).xpath("//field[@name='table_id']")[0]
        self.assertNotEqual(field.get("column_invisible"), "True")
