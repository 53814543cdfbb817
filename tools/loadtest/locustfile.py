"""make loadtest: representatives, chairs and archivists at once, over JSON-RPC
as the web client calls the server.

The plan (``LOADTEST_PLAN``, written by ``prepare.py``) gives the logins, the
tables, the situations each representative may reveal and what the web client
sends for each screen. Every identity read and every decision is appended to
``LOADTEST_RECORDS``, which ``checks.py`` compares with the database afterwards.
Each locust entry is one operation (a screen or a button), however many
requests it takes; names start with the role.
"""

import itertools
import json
import os
import random
import time
from datetime import datetime, timezone
from pathlib import Path

import gevent
from gevent.event import Event
from gevent.lock import Semaphore
from locust import User, between, task
from web import Records, RpcError, Session

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text(encoding="utf-8"))
RECORDS = Records()
SPECS = PLAN["specs"]
LIST_LIMIT = 80
COUNT_LIMIT = 10001
# What a decision may meet when two chair sessions decide at once: the item
# was decided by the other one (a user error, not a failure).
LOST_RACE = (
    "already decided",
    "waits for a decision",
    "while it is",
    "can only be changed by the step",
)
NOTE = "<p>Follow-up agreed at the table; next contact planned this week.</p>"
SUMMARY = "Load test: youth missing from school for two weeks, family worried."

_members = itertools.cycle(
    [(table, member) for table in PLAN["tables"] for member in table["members"]]
)
_tables = itertools.cycle(PLAN["tables"])
_archivists = itertools.cycle(PLAN["tables"])
# The live meeting of each table, shared by the chair sessions of that table.
MEETINGS = {}
_meeting_locks = {table["id"]: Semaphore() for table in PLAN["tables"]}


# Measured once every user is logged in: a login costs its password hash
# (600,000 PBKDF2 rounds), which 50 users at once pay over a minute or more, not
# what a working day looks like. The statistics start again then, and the run
# lasts LOADTEST_SECONDS from there.
_logged_in = []
_everyone_in = Event()


def _arrived(environment):
    _logged_in.append(1)
    if len(_logged_in) == int(os.environ.get("LOADTEST_USERS", "1")):
        environment.runner.stats.reset_all()
        RECORDS.write(kind="measured", at=round(time.time(), 2))
        seconds = float(os.environ.get("LOADTEST_SECONDS", "60"))
        gevent.spawn_later(seconds, environment.runner.quit)
        _everyone_in.set()


def _wait():
    low, high = (float(x) for x in os.environ.get("LOADTEST_WAIT", "5,15").split(","))
    return between(low, high)


class FocusUser(User):
    abstract = True
    wait_time = _wait()

    def login(self, user, role):
        self.session = Session(self.host, PLAN["db"], self.environment, RECORDS)
        try:
            with self.session.operation(f"{role}: login"):
                self.session.authenticate(user["login"], user["password"])
        finally:
            _arrived(self.environment)
            _everyone_in.wait(timeout=900)
        # Then a think time of its own before the first action, as between the
        # others: fifty users do not all click in the same instant.
        gevent.sleep(self.wait_time())


class Representative(FocusUser):
    """Browses the situations of the tables, opens them, reveals the identities
    it needs to know, posts notes and brings new situations to its table."""

    weight = 7

    def on_start(self):
        self.table, self.member = next(_members)
        self.login(self.member, "rep")
        self.seen = []
        self.submitted = []

    @task(4)
    def situation_list(self):
        with self.session.operation("rep: situation list"):
            result = self.session.call(
                "focus.situation",
                "web_search_read",
                self.table["situation_domain"],
                SPECS["situation_list"],
                offset=0,
                limit=LIST_LIMIT,
                count_limit=COUNT_LIMIT,
            )
        self.seen = [record["id"] for record in result["records"]]

    @task(4)
    def situation_form(self):
        if not self.seen:
            return self.situation_list()
        situation = random.choice(self.seen)
        with self.session.operation("rep: situation form"):
            self.session.call(
                "focus.situation",
                "web_read",
                [situation],
                SPECS["situation_form"],
                context={"bin_size": True},
            )
            # The chatter beside the form.
            self.session.route(
                "/mail/thread/messages",
                thread_model="focus.situation",
                thread_id=situation,
                fetch_params={"limit": 30},
            )

    @task(2)
    def reveal_identities(self):
        if not self.member["reveal"]:
            return self.situation_form()
        situation = random.choice(self.member["reveal"])
        with self.session.operation("rep: reveal identities"):
            s = self.session
            dialog = s.button("focus.situation", "action_view_identities", [situation])
            wizard = s.call(
                "focus.identity.reveal",
                "web_save",
                [],
                {"situation_id": situation, "reason": "intervention"},
                specification={},
                context=dialog.get("context", {}),
            )[0]["id"]
            action = s.button("focus.identity.reveal", "action_reveal", [wizard])
            # Written first: a read whose answer is lost (a timeout) may still
            # have been logged, and the check allows for it.
            RECORDS.write(kind="identity_attempt", uid=s.uid, situation=situation)
            result = s.call(
                "focus.situation.identity",
                "web_search_read",
                action["domain"],
                SPECS["identity_list"],
                offset=0,
                limit=LIST_LIMIT,
                count_limit=COUNT_LIMIT,
                context=action["context"],
            )
        RECORDS.write(
            kind="identity_read",
            uid=s.uid,
            situation=situation,
            records=len(result["records"]),
            at=datetime.now(timezone.utc).isoformat(),
        )

    @task(1)
    def post_note(self):
        # On a situation the agency works on (the others take no notes from it).
        mine = self.member["reveal"] + self.submitted
        if not mine:
            return self.submit_situation()
        with self.session.operation("rep: post note"):
            self.session.route(
                "/mail/message/post",
                thread_model="focus.situation",
                thread_id=random.choice(mine),
                post_data={
                    "body": NOTE,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            )

    @task(1)
    def submit_situation(self):
        with self.session.operation("rep: submit situation"):
            situation = self.session.call(
                "focus.situation",
                "web_save",
                [],
                {
                    "table_id": self.table["id"],
                    "originating_agency_id": self.member["agency"],
                    "subject_type": "individual",
                    "age_band_id": PLAN["age_band"],
                    "gender": "female",
                    "risk_factor_ids": [[6, 0, PLAN["risk_factors"]]],
                    "summary": SUMMARY,
                    "consent_status": "obtained",
                    "disclosure_authority": "consent",
                },
                specification={"name": {}, "state": {}},
            )[0]["id"]
            self.session.button("focus.situation", "action_submit", [situation])
        self.submitted.append(situation)


class Chair(FocusUser):
    """Runs the live meeting of its table: the room screen, then the Filter 2
    decision on the situation presented. Two sessions share each meeting (a
    chair and a co-chair deciding at once)."""

    weight = 2

    def on_start(self):
        self.table = next(_tables)
        self.login(self.table["chair"], "chair")

    def _meeting(self):
        """The table's live meeting, started by the first session that needs it."""
        with _meeting_locks[self.table["id"]]:
            meeting = MEETINGS.get(self.table["id"])
            if meeting:
                return meeting
            with self.session.operation("chair: start meeting"):
                s = self.session
                now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
                meeting = s.call(
                    "focus.meeting",
                    "web_save",
                    [],
                    {"table_id": self.table["id"], "date_start": now},
                    specification={"name": {}},
                )[0]["id"]
                s.button("focus.meeting", "action_prepare_agenda", [meeting])
                s.button("focus.meeting", "action_start", [meeting])
            RECORDS.write(kind="meeting", meeting=meeting, table=self.table["id"])
            MEETINGS[self.table["id"]] = meeting
            return meeting

    def _room(self, meeting):
        with self.session.operation("chair: meeting room"):
            return self.session.call(
                "focus.meeting",
                "web_read",
                [meeting],
                SPECS["meeting_form"],
                context={"bin_size": True},
            )[0]

    @task
    def decide(self):
        meeting = self._meeting()
        room = self._room(meeting)
        current = room.get("current_item_id")
        if not current:
            # New situations submitted meanwhile come onto the agenda.
            with self.session.operation("chair: prepare agenda"):
                self.session.button("focus.meeting", "action_prepare_agenda", [meeting])
            return
        item = current["id"]
        decision = random.choices(["accept", "reject", "defer"], [3, 1, 1])[0]
        with self.session.operation(f"chair: {decision}") as operation:
            try:
                getattr(self, f"_{decision}")(meeting, item)
            except RpcError as error:
                if not any(text in error.message for text in LOST_RACE):
                    raise
                # The other session decided it first: counted apart, no error.
                operation.name = "chair: decided by the other session"
                decision = None
        if decision:
            RECORDS.write(
                kind="decision", meeting=meeting, item=item, decision=decision
            )

    def _accept(self, meeting, item):
        s = self.session
        s.button("focus.meeting", "action_accept_current", [meeting])
        form = s.call("focus.meeting.item", "web_read", [item], SPECS["item_form"])[0]
        values = {"lead_agency_id": random.choice(self.table["agencies"])}
        # Consent and authority are recorded in the room when still missing:
        # at acutely elevated risk, sharing without consent to prevent harm.
        if form.get("consent_status") in (False, None, "not_sought"):
            values["consent_status"] = "not_possible"
            values["disclosure_authority"] = "serious_harm"
        elif not form.get("disclosure_authority"):
            values["disclosure_authority"] = (
                "consent" if form["consent_status"] == "obtained" else "serious_harm"
            )
        s.call(
            "focus.meeting.item",
            "web_save",
            [item],
            values,
            specification={"decision": {}},
        )
        s.button("focus.meeting.item", "action_accept", [item])

    def _reject(self, meeting, item):
        self.session.button("focus.meeting.item", "action_reject", [item])

    def _defer(self, meeting, item):
        self.session.button("focus.meeting.item", "action_defer", [item])


class Archivist(FocusUser):
    """Opens the analysis pivots and prints the periodic summary."""

    weight = 1

    def on_start(self):
        self.table = next(_archivists)
        self.login(self.table["archivist"], "archivist")

    def _pivot(self, call):
        return self.session.call(
            call["model"],
            "formatted_read_grouping_sets",
            call["domain"],
            call["grouping_sets"],
            call["aggregates"],
        )

    @task(3)
    def situation_pivot(self):
        with self.session.operation("archivist: situation pivot"):
            self._pivot(PLAN["situation_pivot"])

    @task(3)
    def risk_pivot(self):
        with self.session.operation("archivist: risk pivot"):
            self._pivot(PLAN["risk_pivot"])

    @task(1)
    def print_summary(self):
        with self.session.operation("archivist: print summary (PDF)"):
            s = self.session
            wizard = s.call(
                "focus.summary.wizard",
                "web_save",
                [],
                {"period": "last_quarter", "table_ids": [[6, 0, [self.table["id"]]]]},
                specification={},
            )[0]["id"]
            action = s.button("focus.summary.wizard", "action_print", [wizard])
            response = s.get(f"/report/pdf/{action['report_name']}/{wizard}")
            assert response.content.startswith(b"%PDF"), "the summary is no PDF"
