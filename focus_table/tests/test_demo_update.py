from odoo.tests import TransactionCase, tagged
from odoo.tools.convert import convert_file

SITUATIONS_FILE = "demo/focus_situation_demo.xml"


@tagged("post_install", "-at_install")
class TestDemoUpdate(TransactionCase):
    """An update (-u) loads the demo files again, in noupdate mode: a record
    whose XML id is gone is created again unless its record says otherwise.
    The identities that the retention purge removed must stay removed."""

    def load_demo_again(self):
        convert_file(
            self.env, "focus_table", SITUATIONS_FILE, {}, mode="update", noupdate=True
        )
        self.env.invalidate_all()

    def test_purged_identities_are_not_created_again(self):
        situation = self.env.ref("focus_table.focus_situation_demo_r01")
        self.assertEqual(situation.state, "closed")
        self.assertTrue(situation.identity_ids, "the demo keeps RIV-00001's details")
        Identity = self.env["focus.situation.identity"]
        kept = Identity.search([("situation_id", "!=", situation.id)])
        situation._purge_identities()
        self.assertFalse(situation.identity_ids)
        self.load_demo_again()
        self.assertFalse(situation.identity_ids)
        # The identities still kept are neither duplicated nor changed.
        self.assertEqual(Identity.search([]), kept)
