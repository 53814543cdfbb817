from datetime import timedelta

from odoo import fields

from .common import FocusTableCase


class TestRepeatPresentations(FocusTableCase):
    def _with_identity(self, name, birth_date, **overrides):
        situation = self._new_situation(**overrides)
        self.env["focus.situation.identity"].create(
            {"situation_id": situation.id, "name": name, "birth_date": birth_date}
        )
        return situation

    def test_repeat_flagged_by_normalised_name(self):
        earlier = self._with_identity(
            "Jordan Élise Example",
            "2008-04-12",
            date_received=fields.Date.today() - timedelta(days=200),
        )
        later = self._with_identity("EXAMPLE, jordan elise", "2008-04-12")
        self.assertTrue(later.is_repeat)
        self.assertEqual(later.repeat_of_ids, earlier)
        self.assertFalse(earlier.is_repeat)
        self.assertIn(
            later, self.env["focus.situation"].search([("is_repeat", "=", True)])
        )

    def test_no_repeat_for_other_person_table_or_window(self):
        self._with_identity(
            "Jordan Example",
            "2008-04-12",
            date_received=fields.Date.today() - timedelta(days=400),
        )
        self._with_identity(
            "Jordan Example",
            "2008-04-12",
            table_id=self.table_north.id,
            originating_agency_id=self.school.id,
        )
        same_person = self._with_identity("Jordan Example", "2008-04-12")
        # Out of the 12-month window and at another table: not a repeat here.
        self.assertFalse(same_person.is_repeat)
        other_person = self._with_identity("Jordan Example", "2008-04-13")
        self.assertFalse(other_person.is_repeat)

    def test_repeat_survives_purge_and_stores_no_name(self):
        earlier = self._with_identity(
            "Sam Placeholder",
            "1990-01-01",
            date_received=fields.Date.today() - timedelta(days=30),
        )
        keys = earlier.sudo().repeat_keys
        self.assertTrue(keys)
        self.assertNotIn("Sam", keys)
        earlier.identity_ids.unlink()
        self.assertEqual(earlier.sudo().repeat_keys, keys)
        later = self._with_identity("sam placeholder", "1990-01-01")
        self.assertEqual(later.repeat_of_ids, earlier)

    def test_key_depends_on_secret(self):
        situation = self._with_identity("Alex Sample", "2000-02-02")
        identity = situation.identity_ids
        key = identity.sudo().repeat_key
        self.env["ir.config_parameter"].sudo().set_param(
            "focus_table.repeat_key", "other-secret"
        )
        identity.sudo()._compute_repeat_key()
        self.assertNotEqual(identity.sudo().repeat_key, key)
        self.assertEqual(len(key), 64)
