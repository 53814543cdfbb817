"""The analysis pivot's query count does not grow with the number of rows."""

from odoo import fields

from odoo.addons.focus_table.tests import webclient as wc
from odoo.addons.focus_table.tests.common import FocusTableCase

SCALES = (5, 50)


class TestReportQueryCounts(FocusTableCase):
    def test_risk_pivot_archivist(self):
        """The "Risk ..." analysis menu's pivot, risk category x quarter."""
        action = wc.menu_pivot_action(self.env, "focus_table_reports", "risk")
        self.assertTrue(action, "no risk analysis menu with a pivot view")
        env = self.env(user=self.user_archivist)
        factors = self.factors[:3]
        made = 0
        for scale in SCALES:
            with self.subTest(scale=scale):
                while made < scale:
                    situation = self._new_situation(
                        risk_factor_ids=[(6, 0, factors.ids)]
                    )
                    situation.action_submit()
                    # Presented: counted by the analysis from then on.
                    situation.action_accept(date_decision=fields.Datetime.now())
                    made += 1
                self.env.flush_all()
                self.env.cr.flush()
                self.env.invalidate_all()
                wc.risk_pivot_load(env, action)
                self.env.invalidate_all()
                with self.assertQueryCount(8):
                    result = wc.risk_pivot_load(env, action)
                total = result[0][0]["situation_count:sum"]
                self.assertGreaterEqual(total, scale)
