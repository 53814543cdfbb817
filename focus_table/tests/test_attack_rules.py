from odoo import fields
from odoo.tests import tagged

from .attack_common import AttackCase

DENIED = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestRulesHoldAfterEveryWrite(AttackCase):
    """Class 6: a plain write leaves the record within the writer's rules, and
    whole-table disclosure is a step that grants nothing by itself."""

    def own_action(self, state):
        action = self.env["focus.action"].create(
            self.action_vals(self.police, "Check in with the school counsellor")
        )
        if state == "done":
            action.action_done()
        elif state == "cancelled":
            action.action_cancel()
        return action

    def test_an_owner_cannot_hand_its_action_to_another_agency(self):
        self.as_user(self.user_police)
        for state in ("open", "done", "cancelled"):
            action = self.own_action(state)
            for agency in (self.housing, self.other_police):
                with self.subTest(state=state, agency=agency.name):
                    self.assertIn(
                        self.refused(
                            DENIED
                            if agency == self.housing
                            else "odoo.exceptions.ValidationError",
                            "focus.action",
                            "write",
                            [action.id],
                            {"agency_id": agency.id},
                        ).name,
                        (DENIED, "odoo.exceptions.ValidationError"),
                    )
                    action.invalidate_recordset()
                    self.assertEqual(action.agency_id, self.police)
                    self.assertEqual(action.state, state)
        # Its own text, it still edits; the chair still reassigns.
        action = self.own_action("open")
        self.call("focus.action", "write", [action.id], {"result": "Counsellor seen."})
        self.as_user(self.user_chair)
        self.call("focus.action", "write", [action.id], {"agency_id": self.health.id})
        self.assertEqual(action.agency_id, self.health)

    def test_disclosure_setting_is_a_step_with_a_reason(self):
        self.as_user(self.user_manager)
        self.refused(
            "odoo.exceptions.UserError",
            "focus.table",
            "write",
            [self.table.id],
            {"disclosure_mode": "whole_table"},
        )
        self.refused(
            "odoo.exceptions.UserError",
            "focus.table",
            "action_change_disclosure_mode",
            [self.table.id],
            "whole_table",
            " ",
        )
        for user in (self.user_chair, self.user_police):
            self.as_user(user)
            self.refused(
                DENIED,
                "focus.table",
                "action_change_disclosure_mode",
                [self.table.id],
                "whole_table",
                "Agreed at the table",
            )
        self.assertEqual(self.table.disclosure_mode, "need_to_know")
        self.as_user(self.user_manager)
        self.call(
            "focus.table",
            "action_change_disclosure_mode",
            [self.table.id],
            "whole_table",
            "Agreed by the member agencies on 2026-11-30",
        )
        self.assertEqual(self.table.disclosure_mode, "whole_table")
        self.assertTrue(
            self.table.message_ids.filtered(
                lambda m: "Agreed by the member agencies" in (m.body or "")
            )
        )
        # Situations accepted before keep the agencies they were shared with.
        self.as_user(self.user_housing)
        self.refused(
            DENIED, "focus.situation.identity", "read", [self.identity.id], ["name"]
        )
        self.assertFalse(
            self.accepted.disclosure_ids.filtered(lambda d: d.agency_id == self.housing)
        )
        # Those accepted afterwards go to the whole table, each with its record.
        later = self._new_situation()
        self.env["focus.situation.identity"].create(
            {"situation_id": later.id, "name": "Avery Laterperson"}
        )
        later.action_submit()
        later.date_decision = fields.Datetime.now()
        later.action_accept()
        self.assertEqual(later.disclosure_mode, "whole_table")
        self.assertIn(self.housing, later.disclosure_ids.agency_id)
        names = self.call(
            "focus.situation.identity",
            "search_read",
            [("situation_id", "=", later.id)],
            ["name"],
        )
        self.assertEqual([n["name"] for n in names], ["Avery Laterperson"])
