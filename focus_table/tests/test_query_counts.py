"""Query counts of the main screens do not grow with the number of rows.

Each screen is loaded as the web client loads it (specification from the view's
arch) at two scales; the count is the same at both. A count that grows is an
N+1 to fix (prefetching, ``_read_group``, stored fields), not a number to raise.
"""

from datetime import timedelta

from odoo import fields

from . import webclient as wc
from .meeting_common import FocusMeetingCase

SCALES = (5, 50)


class TestQueryCounts(FocusMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    def assertCountsAtScales(self, grow, load, expected):
        """``grow(n)`` brings the data to ``n`` rows; ``load()`` is then counted.

        A first load fills Odoo's caches (views, rules), as any earlier request of
        a running server would; the counted one starts from an empty record cache.
        """
        counts = []
        # Odoo's caches (views, rules) filled once, as a running server has them.
        grow(1)
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        load()
        for scale in SCALES:
            with self.subTest(scale=scale):
                grow(scale)
                self.env.flush_all()
                self.env.cr.flush()
                self.env.invalidate_all()
                load()
                self.env.invalidate_all()
                count0 = self.cr.sql_log_count
                with self.assertQueryCount(expected):
                    rows = load()
                counts.append(self.cr.sql_log_count - count0)
                self.assertEqual(rows, scale)
        self.assertEqual(len(set(counts)), 1, f"grows with the rows: {counts}")

    def _grow(self, records, make):
        def grow(scale):
            while len(records) < scale:
                records.append(make(len(records)))

        return grow

    # ------------------------------------------------------------------
    # Situations
    # ------------------------------------------------------------------
    def _situation(self, index):
        situation = self._new_situation(risk_factor_ids=[(6, 0, self.factors[:3].ids)])
        situation.action_submit()
        return situation

    def test_situation_list_member(self):
        Situation = self.env["focus.situation"].with_user(self.user_health)
        spec = wc.view_spec(Situation, "list")
        situations = []

        def load():
            result = wc.list_load(Situation, [("table_id", "=", self.table.id)], spec)
            return result["length"]

        self.assertCountsAtScales(self._grow(situations, self._situation), load, 9)

    def test_situation_form_member_with_risk_factors(self):
        situation = self._new_situation()
        situation.action_submit()
        Situation = self.env["focus.situation"].with_user(self.user_health)
        spec = wc.view_spec(Situation, "form")
        factors = self.env["focus.risk.factor"].search([], limit=max(SCALES))
        self.assertEqual(len(factors), max(SCALES))

        def grow(scale):
            # sudo: the test sets up the factors a presenter would have chosen.
            situation.sudo().risk_factor_ids = [(6, 0, factors[:scale].ids)]

        def load():
            values = Situation.browse(situation.id).web_read(spec)
            return len(values[0]["risk_factor_ids"])

        self.assertCountsAtScales(grow, load, 19)

    def test_situation_identities_lead_agency(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        identities = []

        def make(index):
            return self.env["focus.situation.identity"].create(
                {
                    "situation_id": situation.id,
                    "name": f"Person {index}",
                    "role": "family",
                }
            )

        env = self.env(user=self.user_health)
        Situation = env["focus.situation"]
        form_spec = wc.view_spec(Situation, "form")

        def load():
            Situation.browse(situation.id).web_read(form_spec)
            wizard = env["focus.identity.reveal"].create({"situation_id": situation.id})
            action = wizard.action_reveal()
            Identity = env[action["res_model"]].with_context(**action["context"])
            spec = wc.view_spec(Identity, "list")
            return wc.list_load(Identity, action["domain"], spec)["length"]

        logs = self.env["focus.access.log"].search_count([])
        # 26: the reader's two-factor state and the tables that require it are
        # read once before the identities are fetched.
        self.assertCountsAtScales(self._grow(identities, make), load, 26)
        # One entry per load (first, then warm-up and counted at each scale),
        # whatever the number of identities read.
        self.assertEqual(self.env["focus.access.log"].search_count([]) - logs, 5)

    # ------------------------------------------------------------------
    # Meetings, actions, access log
    # ------------------------------------------------------------------
    def test_meeting_form_chair(self):
        meeting = self._running_meeting()
        items = list(meeting.item_ids)

        def make(index):
            situation = self._situation(index)
            return self.Item.create(
                {
                    "meeting_id": meeting.id,
                    "situation_id": situation.id,
                    "kind": "new_situation",
                }
            )

        Meeting = self.env["focus.meeting"].with_user(self.user_chair)
        spec = wc.view_spec(Meeting, "form")

        def load():
            return len(Meeting.browse(meeting.id).web_read(spec)[0]["item_ids"])

        self.assertCountsAtScales(self._grow(items, make), load, 25)

    def test_action_list_member(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        actions = []

        def make(index):
            return self._new_action(situation=situation, agency=self.health, days=index)

        Action = self.env["focus.action"].with_user(self.user_health)
        spec = wc.view_spec(Action, "list")

        def load():
            return wc.list_load(Action, [("situation_id", "=", situation.id)], spec)[
                "length"
            ]

        self.assertCountsAtScales(self._grow(actions, make), load, 9)

    def test_access_log_list_chair(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        identity = self.env["focus.situation.identity"].create(
            {"situation_id": situation.id, "name": "Logged Person"}
        )
        logs = []
        Log = self.env["focus.access.log"]

        def make(index):
            Log.with_user(self.user_health)._log_identity_read(identity)
            return Log.search([], limit=1)

        LogList = Log.with_user(self.user_chair)
        spec = wc.view_spec(LogList, "list")
        since = fields.Datetime.now() - timedelta(days=1)

        def load():
            domain = [("situation_id", "=", situation.id), ("date", ">=", since)]
            return wc.list_load(LogList, domain, spec)["length"]

        self.assertCountsAtScales(self._grow(logs, make), load, 7)
