"""Several worker processes and a read-only replica, as in production.

The test starts a real Odoo server in prefork mode (``--workers=2``) on the
database under test, with a read-only "replica" connection, and drives it over
JSON-RPC as the demo users, two at a time: concurrent Filter 2 decisions on one
agenda, and concurrent reads of identifying details. Everything is created by
the server itself (committed), then checked in the database.

The replica is a dedicated PostgreSQL role whose transactions are read-only, so
any write attempted on a replica cursor fails loudly. Where the test's database
role may not create roles, Odoo's own replica simulation (``--dev=replica``,
read-only sessions on the primary) takes its place.
"""

import os
import secrets
import tempfile
import unittest
from datetime import datetime, timedelta

from odoo_server import (
    TIMEOUT,
    Client,
    OdooServer,
    RpcError,  # noqa: F401 (its callers' name for the error)
    at_once,
    free_port,
)

from odoo.tools import config

# What Odoo logs when a read-only request wrote and is served again read/write.
RETRY = "retrying with a read/write cursor"
# Where Odoo logs a request served again after a serialization failure.
RETRIES = "odoo.service.model"
SERIALIZATION_FAILURE = "SERIALIZATION_FAILURE"


class TestMultiWorker(unittest.TestCase):
    """Two users at once against ``--workers=2`` and a read-only replica."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        db = config["db_name"]
        db = db[0] if isinstance(db, list) else db
        assert db, "run with --odoo-database"
        cls._workdir = tempfile.TemporaryDirectory(prefix="focus_workers_")
        cls.addClassCleanup(cls._workdir.cleanup)
        port = int(os.environ.get("FOCUS_WORKERS_PORT") or free_port())
        # Odoo's retries after a concurrency failure are logged at INFO.
        cls.server = OdooServer(
            db, port, cls._workdir.name, log_handlers=[f"{RETRIES}:INFO"]
        )
        cls.addClassCleanup(cls.server.stop)
        cls.real_replica = cls.server.start()
        cls.police = Client(cls.server, "riverside.police")
        cls.health = Client(cls.server, "riverside.health")
        cls.chair = Client(cls.server, "riverside.chair")
        cls.chair_again = Client(cls.server, "riverside.chair")
        cls._prepare_meeting()

    @classmethod
    def _submitted_situations(cls, count, gender, summary):
        """``count`` situations of the police, submitted to the table."""
        police = cls.police
        age_band = police.call("focus.age.band", "search", [], limit=1)[0]
        factors = police.call("focus.risk.factor", "search", [], limit=2)
        situations = []
        for index in range(count):
            situation = police.call(
                "focus.situation",
                "create",
                {
                    "table_id": cls.table,
                    "originating_agency_id": cls.police_agency,
                    "subject_type": "individual",
                    "age_band_id": age_band,
                    "gender": gender,
                    "risk_factor_ids": [(6, 0, factors)],
                    "summary": summary.format(index=index),
                    "consent_status": "obtained",
                    "disclosure_authority": "consent",
                },
            )
            police.button("focus.situation", "action_submit", [situation])
            situations.append(situation)
        return situations

    @classmethod
    def _prepare_meeting(cls):
        """Five new situations from the police on the agenda of a running meeting."""
        police = cls.police
        agencies = police.call("res.users", "read", [police.uid], ["focus_agency_id"])[
            0
        ]
        cls.police_agency = agencies["focus_agency_id"][0]
        cls.health_agency = cls.health.call(
            "res.users", "read", [cls.health.uid], ["focus_agency_id"]
        )[0]["focus_agency_id"][0]
        table = cls.table = police.call(
            "focus.table", "search", [("code", "=", "RIV")]
        )[0]
        cls.situations = cls._submitted_situations(
            5, "female", "Concurrency check {index}: youth missing from home."
        )
        # A time of its own, far from the demo series, so reruns never collide.
        start = datetime(2031, 1, 1, 9) + timedelta(minutes=secrets.randbelow(10**5))
        cls.meeting = cls.chair.call(
            "focus.meeting",
            "create",
            {"table_id": table, "date_start": start.strftime("%Y-%m-%d %H:%M:%S")},
        )
        cls.chair.button("focus.meeting", "action_prepare_agenda", [cls.meeting])
        cls.chair.button("focus.meeting", "action_start", [cls.meeting])
        items = cls.chair.call(
            "focus.meeting.item",
            "search_read",
            [("meeting_id", "=", cls.meeting), ("situation_id", "in", cls.situations)],
            ["situation_id"],
        )
        by_situation = {item["situation_id"][0]: item["id"] for item in items}
        cls.items = [by_situation[situation] for situation in cls.situations]

    def _decided_messages(self, situation):
        return self.server.query(
            "SELECT count(*) FROM mail_message WHERE model = 'focus.situation'"
            " AND res_id = %s AND body::text LIKE %s",
            [situation, "%Decided at%"],
        )[0][0]

    def test_1_concurrent_decisions(self):
        """Two chair sessions decide items of one agenda at once: no lost update."""
        item_model = "focus.meeting.item"
        # The same item, accepted and rejected at once: one decision wins.
        for item, situation in zip(self.items[:3], self.situations[:3], strict=True):
            outcomes = at_once(
                lambda item=item: self.chair.button(
                    item_model, "action_accept", [item]
                ),
                lambda item=item: self.chair_again.button(
                    item_model, "action_reject", [item]
                ),
            )
            winners = [index for index, (_r, error) in enumerate(outcomes) if not error]
            self.assertEqual(len(winners), 1, outcomes)
            loser = outcomes[1 - winners[0]][1]
            # A decision the user can read, not a database error.
            self.assertEqual(loser.name, "odoo.exceptions.UserError", loser.message)
            decision, state = self.server.query(
                "SELECT i.decision, s.state FROM focus_meeting_item i"
                " JOIN focus_situation s ON s.id = i.situation_id WHERE i.id = %s",
                [item],
            )[0]
            expected = (
                ("accept", "accepted") if winners == [0] else ("reject", "rejected")
            )
            self.assertEqual((decision, state), expected)
            self.assertEqual(self._decided_messages(situation), 1)
        # Two different items at once: both decisions hold.
        self.chair.call(
            item_model, "write", [self.items[3]], {"lead_agency_id": self.health_agency}
        )
        outcomes = at_once(
            lambda: self.chair.button(item_model, "action_accept", [self.items[3]]),
            lambda: self.chair_again.button(
                item_model, "action_defer", [self.items[4]]
            ),
        )
        self.assertEqual([error for _r, error in outcomes], [None, None])
        rows = self.server.query(
            "SELECT i.decision, s.state, s.lead_agency_id FROM focus_meeting_item i"
            " JOIN focus_situation s ON s.id = i.situation_id"
            " WHERE i.id IN %s ORDER BY i.id",
            [tuple(self.items[3:])],
        )
        self.assertEqual(
            sorted(rows, key=lambda row: row[0]),
            [("accept", "accepted", self.health_agency), ("defer", "submitted", None)],
        )

    def test_2_concurrent_identity_reads(self):
        """Every read of identifying details is logged exactly once, replica or not."""
        situation = self.situations[3]
        state = self.server.query(
            "SELECT state FROM focus_situation WHERE id = %s", [situation]
        )[0][0]
        self.assertEqual(state, "accepted", "test_1 accepts this situation")
        self.police.call(
            "focus.situation.identity",
            "create",
            [
                {"situation_id": situation, "name": "Casey Workerstest"},
                {
                    "situation_id": situation,
                    "name": "Sam Workerstest",
                    "role": "family",
                },
            ],
        )
        identities = self.police.call(
            "focus.situation.identity", "search", [("situation_id", "=", situation)]
        )
        self.assertEqual(len(identities), 2)

        def logs(client):
            return self.server.query(
                "SELECT count(*) FROM focus_access_log"
                " WHERE user_id = %s AND situation_id = %s",
                [client.uid, situation],
            )[0][0]

        def form_read(client):
            # Read/write request: the identity model's own read methods.
            records = client.call(
                "focus.situation.identity", "web_read", identities, {"name": {}}
            )
            return sorted(record["name"] for record in records)

        def nested_read(client):
            # Read-only request (focus.situation.web_read): first tried on the
            # replica, where the log cannot be written, then on the primary.
            record = client.call(
                "focus.situation",
                "web_read",
                [situation],
                {"identity_ids": {"fields": {"name": {}}}},
            )[0]
            return sorted(identity["name"] for identity in record["identity_ids"])

        before = {client: logs(client) for client in (self.police, self.health)}
        rounds = 3
        for _round in range(rounds):
            outcomes = at_once(
                lambda: form_read(self.police),
                lambda: nested_read(self.health),
                lambda: nested_read(self.police),
                lambda: form_read(self.health),
            )
            for names, error in outcomes:
                self.assertIsNone(error)
                self.assertEqual(names, ["Casey Workerstest", "Sam Workerstest"])
        for client in (self.police, self.health):
            self.assertEqual(logs(client) - before[client], 2 * rounds)
        # The read-only requests did start on the replica, and Odoo served them
        # again on the primary when the log entry could not be written there.
        self.assertIn(RETRY, self.server.log_text())

    def test_3_replica_serves_reads(self):
        """Analysis runs on the replica from start to end; a printed report is
        logged (focus.export.log), so it is served again on the primary."""
        retries = self.server.log_text().count(RETRY)
        archivist = Client(self.server, "riverside.archivist")
        groups = archivist.call(
            "focus.situation.report",
            "formatted_read_group",
            [],
            ["state"],
            ["__count"],
        )
        self.assertTrue(groups)
        table = archivist.call("focus.table", "search", [("code", "=", "RIV")])
        wizard = archivist.call(
            "focus.summary.wizard",
            "create",
            {"period": "last_quarter", "table_ids": [(6, 0, table)]},
        )
        for client, report, record in (
            (archivist, "report_periodic_summary", wizard),
            (self.chair, "report_meeting_agenda", self.meeting),
        ):
            response = client.session.get(
                f"{self.server.url}/report/html/focus_table_reports.{report}/{record}",
                timeout=TIMEOUT,
            )
            self.assertEqual(response.status_code, 200, report)
            self.assertIn("Riverside Situation Table", response.text, report)
        # The analysis did not need the primary; each printed report did, once,
        # before anything was rendered: its entry in the export log.
        self.assertEqual(self.server.log_text().count(RETRY), retries + 2)
        if self.real_replica:
            connections = self.server.query(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND usename = %s",
                [self.server.db, self.server.replica_role],
            )[0][0]
            self.assertGreater(connections, 0, "no worker connected to the replica")

    def test_4_concurrent_writes_of_one_bucket(self):
        """Two users change situations of one table and month at once: neither
        is refused nor served again for the statistics, and the statistics,
        recomputed after each commit, count every change."""
        accepted = [
            situation
            for (situation,) in self.server.query(
                "SELECT id FROM focus_situation WHERE id IN %s AND state = 'accepted'"
                " ORDER BY id",
                [tuple(self.situations)],
            )
        ]
        self.assertGreaterEqual(len(accepted), 2, "test_1 accepts at least two")
        first, second = accepted[:2]
        table, month = self.server.query(
            "SELECT table_id, date_trunc('month', date_presented)::date"
            " FROM focus_situation WHERE id = %s",
            [first],
        )[0]
        self.assertEqual(
            self.server.query(
                "SELECT table_id, date_trunc('month', date_presented)::date"
                " FROM focus_situation WHERE id = %s",
                [second],
            )[0],
            (table, month),
        )

        def version():
            return self.server.query(
                "SELECT version FROM focus_risk_fact_bucket"
                " WHERE table_id = %s AND date_month = %s",
                [table, month],
            )[0][0]

        factors = self.police.call("focus.risk.factor", "search", [], limit=6)
        before = version()
        failures = self.server.log_text().count(SERIALIZATION_FAILURE)
        rounds = 4
        for index in range(rounds):
            outcomes = at_once(
                lambda index=index: self.chair.call(
                    "focus.situation",
                    "write",
                    [first],
                    {"risk_factor_ids": [(6, 0, factors[index : index + 2])]},
                ),
                lambda index=index: self.chair_again.call(
                    "focus.situation",
                    "write",
                    [second],
                    {"risk_factor_ids": [(6, 0, factors[index + 1 : index + 3])]},
                ),
            )
            self.assertEqual([error for _r, error in outcomes], [None, None])
        self.assertEqual(self.server.log_text().count(SERIALIZATION_FAILURE), failures)
        # Each commit recomputed the bucket, in turn, before answering.
        self.assertEqual(version(), before + 2 * rounds)
        self.assertEqual(
            self.server.query(
                "SELECT count(*) FROM focus_risk_fact_queue"
                " WHERE table_id = %s AND date_month = %s",
                [table, month],
            ),
            [(0,)],
        )
        stored = self.server.query(
            "SELECT risk_category_id, state, is_protective, situation_count,"
            " mention_count FROM focus_risk_fact"
            " WHERE table_id = %s AND date_month = %s ORDER BY 1, 2, 3",
            [table, month],
        )
        recount = self.server.query(
            """
            SELECT f.category_id, s.state,
                   COALESCE(f.is_protective, FALSE) OR COALESCE(c.is_protective, FALSE),
                   COUNT(DISTINCT s.id), COUNT(*)
              FROM focus_situation s
              JOIN focus_risk_factor_focus_situation_rel rel
                ON rel.focus_situation_id = s.id
              JOIN focus_risk_factor f ON f.id = rel.focus_risk_factor_id
              JOIN focus_risk_category c ON c.id = f.category_id
             WHERE s.table_id = %s AND s.state != 'draft'
               AND date_trunc('month', s.date_presented)::date = %s
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """,
            [table, month],
        )
        self.assertEqual(stored, recount)

    def test_5_concurrent_agenda_preparations(self):
        """Two chair sessions prepare one agenda at once: both succeed, and each
        new situation is on it once."""
        table = self.table
        new = self._submitted_situations(
            2, "male", "Agenda check {index}: youth missing from school."
        )
        start = datetime(2032, 1, 1, 9) + timedelta(minutes=secrets.randbelow(10**5))
        meeting = self.chair.call(
            "focus.meeting",
            "create",
            {"table_id": table, "date_start": start.strftime("%Y-%m-%d %H:%M:%S")},
        )
        for _round in range(2):
            outcomes = at_once(
                lambda: self.chair.button(
                    "focus.meeting", "action_prepare_agenda", [meeting]
                ),
                lambda: self.chair_again.button(
                    "focus.meeting", "action_prepare_agenda", [meeting]
                ),
            )
            self.assertEqual([error for _r, error in outcomes], [None, None])
        rows = self.server.query(
            "SELECT situation_id, count(*) FROM focus_meeting_item"
            " WHERE meeting_id = %s AND situation_id IN %s GROUP BY situation_id"
            " ORDER BY situation_id",
            [meeting, tuple(new)],
        )
        self.assertEqual(rows, [(situation, 1) for situation in sorted(new)])
