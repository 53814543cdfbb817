import json

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestExportLog(FocusSecurityCase, HttpCase):
    """Exports and printed reports of Focus Table data are logged, shown to the
    chairs of the tables concerned, and flagged when unusual."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["focus.export.log"]
        cls.submitted = cls.env["focus.situation"].create(cls._situation_vals())
        cls.submitted.action_submit()
        export = cls.env.ref("base.group_allow_export")
        (cls.user_archivist | cls.user_other | cls.user_health).group_ids += export

    def export_csv(self, user, model, ids, field_names):
        self.authenticate(user.login, user.login)
        data = {
            "model": model,
            "fields": [{"name": name, "label": name} for name in field_names],
            "ids": ids,
            "domain": [],
            "import_compat": False,
        }
        response = self.url_open(
            "/web/export/csv",
            data={
                "data": json.dumps(data),
                "csrf_token": http.Request.csrf_token(self),
            },
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        return response.text

    def test_export_over_http_is_logged(self):
        before = self.Log.search([])
        situations = self.accepted | self.submitted
        text = self.export_csv(
            self.user_archivist, "focus.situation", situations.ids, ["name", "state"]
        )
        self.assertIn(self.accepted.name, text)
        entry = self.Log.search([]) - before
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.user_archivist)
        self.assertEqual(entry.agency_id, self.chair_agency)
        self.assertEqual(entry.kind, "export")
        self.assertEqual(entry.model, "focus.situation")
        self.assertEqual(entry.record_count, 2)
        self.assertEqual(entry.field_names, "name\nstate")
        self.assertEqual(entry.table_ids, self.table)
        self.assertFalse(entry.flagged)

    def test_chairs_see_their_tables_exports_only(self):
        self.env["focus.situation"].with_user(self.user_archivist).browse(
            self.accepted.ids
        ).export_data(["name"])
        self.env["focus.situation"].with_user(self.user_other).browse(
            self.north.ids
        ).export_data(["name"])
        seen = self.Log.with_user(self.user_chair).search([])
        self.assertTrue(seen)
        self.assertEqual(seen.table_ids, self.table)
        self.assertEqual(
            len(self.Log.with_user(self.user_manager).search([])),
            len(self.Log.search([])),
        )
        for user in (self.user_health, self.user_archivist):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Log.with_user(user).search([])
        entry = seen[:1]
        for user in (self.user_chair, self.user_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                entry.with_user(user).write({"record_count": 0})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                entry.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_chair).create(
                {"user_id": self.user_chair.id, "kind": "export", "model": "x"}
            )

    def test_unusual_volumes_are_flagged_for_the_chairs(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("focus_table.export_flag_rows", 2)
        params.set_param("focus_table.export_flag_day_rows", 3)
        Situation = self.env["focus.situation"].with_user(self.user_archivist)
        Situation.browse(self.accepted.ids).export_data(["name"])
        first = self.Log.search([], limit=1)
        self.assertFalse(first.flagged)
        Situation.browse((self.accepted | self.submitted).ids).export_data(["name"])
        second = self.Log.search([], limit=1)
        self.assertTrue(second.flagged)
        self.assertIn("2", second.flag_note)
        Situation.browse(self.accepted.ids).export_data(["name"])
        third = self.Log.search([], limit=1)
        self.assertTrue(third.flagged)
        self.assertIn("4", third.flag_note)
        todo = self.env["mail.activity"].search(
            [("res_model", "=", "focus.export.log"), ("res_id", "=", second.id)]
        )
        self.assertEqual(todo.user_id, self.user_chair)
