"""A property-based walk of the whole Focus Table process.

Random users of every role (representatives of lead, assisting and other
agencies, the chair, the archivist, the administrator) take random steps
through the ORM with their own rights: intake, the Four Filters, meetings and
their minutes, the purge after moving the clock, plain writes of any field,
chatter posts, exports and searches on identifying fields. After every step
the invariants of walk_model.py are checked against the database.

It lives in focus_table_reports because the statistics (risk and outcome
facts) are one of its invariants, and this addon has both addons installed:
one walk covers the process and its figures. Each example runs in a savepoint
rolled back at its end, so that examples are independent.

`make test` runs a few derandomized examples; `make fuzz` many random ones
(walk_model.walk_settings).
"""

import os
import sys
import time
from collections import Counter, defaultdict
from datetime import timedelta

import psycopg2
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import freeze_time
from odoo.tools import mute_logger

from odoo.addons.focus_table.models.focus_situation_identity import LOGGED_KEY
from odoo.addons.focus_table.tests.common import FocusTableCase

from . import walk_model as model
from .walk_meetings import WalkMeetings
from .walk_ops import WalkOperations

# A refused operation raises one of these (ValidationError and MissingError are
# UserErrors; a database constraint is turned into a message by the RPC layer).
REFUSED = (UserError, psycopg2.IntegrityError)
STATS = {"examples": 0, "steps": 0}
# Operation -> Counter of "done" / "refused", printed at the end of a run.
OUTCOMES = {}
REASONS = defaultdict(Counter)


class ProcessWalk(WalkOperations, WalkMeetings, RuleBasedStateMachine):
    """The walk; ``case`` is the running TransactionCase (set by the test)."""

    case = None

    def __init__(self):
        super().__init__()
        case = type(self).case
        self.case = case
        self.env = case.env
        self.savepoint = self.env.cr.savepoint()
        STATS["examples"] += 1
        self.users = {key: getattr(case, key) for key in model.USERS}
        self.partners = self.env["res.partner"].union(
            *(user.partner_id for user in self.users.values())
        )
        self.tables = case.table | case.table_north
        Log = self.env["focus.access.log"].sudo()
        self.log_start = Log.search([], order="id desc", limit=1).id or 0
        # (user id, situation id) of every read of identifying values we made.
        self.reads = set()
        self.frozen = {}
        self.approved = {}
        self.identity_number = 0
        self.checks = 0
        self.meetings = self.env["focus.meeting"]
        self.situations = self.env["focus.situation"]
        self._seed()
        # sudo: the oracle of the approved minutes reads every meeting.
        for meeting in (
            self.env["focus.meeting"].sudo().search([("state", "=", "approved")])
        ):
            self.approved[meeting.id] = model.minutes_snapshot(meeting)
            self.meetings |= meeting.sudo(False)
        self.demo_meetings = self.meetings

    def teardown(self):
        self.savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.env.cr.cache.pop(LOGGED_KEY, None)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _seed(self):
        """A situation in each state, with identifying details, to start from."""
        case = self.case
        draft = self._seed_situation(case.user_police)
        submitted = self._seed_situation(case.user_health)
        submitted.action_submit()
        accepted = self._seed_situation(case.user_police)
        accepted.action_submit()
        accepted.action_accept(
            date_decision=fields.Datetime.now(),
            lead_agency_id=case.health.id,
            assisting_agency_ids=case.school.ids,
        )
        closed = self._seed_situation(case.user_housing)
        closed.action_submit()
        closed.action_accept(
            date_decision=fields.Datetime.now(), lead_agency_id=case.housing.id
        )
        closed.action_start_intervention(date_intervention=fields.Datetime.now())
        closed.action_close(conclusion_id=case.conclusion.id)
        self.situations = draft | submitted | accepted | closed
        self._note_frozen()

    def _seed_situation(self, user):
        situation = self.env["focus.situation"].create(
            self.case._situation_vals(originating_agency_id=user.focus_agency_id.id)
        )
        self._add_identity(situation)
        return situation

    def _add_identity(self, situation, user=None):
        self.identity_number += 1
        number = self.identity_number
        name = f"Robin Walker{chr(ord('a') + number % 26)}{number}"
        Identity = self.env["focus.situation.identity"]
        if user:
            Identity = Identity.with_user(user)
        Identity.create(
            {
                "situation_id": situation.id,
                "name": name,
                "birth_date": "2010-01-01",
                "address": f"{number} Hidden Lane",
            }
        )
        return name

    def _names_of(self, situation):
        # sudo: the oracle's view of the names a text must not carry.
        return situation.sudo().identity_ids.mapped("name")

    def attempt(self, operation):
        """Run ``operation`` as an RPC call would: refused, it changes nothing."""
        frame = sys._getframe(1)
        if frame.f_code.co_name == "_step":
            frame = frame.f_back
        tally = OUTCOMES.setdefault(frame.f_code.co_name, Counter())
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                result = operation()
        except REFUSED as error:
            tally["refused"] += 1
            REASONS[frame.f_code.co_name][str(error).split("\n")[0][:90]] += 1
            return False, error
        tally["done"] += 1
        return True, result

    def _note_frozen(self):
        """Snapshot situations that reached a frozen state, forget re-opened ones."""
        for situation in self.situations.sudo():
            if situation.state in model.FROZEN_STATES:
                if situation.id not in self.frozen:
                    self.frozen[situation.id] = model.frozen_snapshot(
                        situation, self.partners
                    )
            else:
                self.frozen.pop(situation.id, None)

    def _note_reads(self, user, identities):
        """We read identifying values of ``identities`` as ``user``."""
        # sudo: only which situations the records belong to.
        for situation in identities.sudo().situation_id:
            self.reads.add((user.id, situation.id))

    def _draw_user(self, data, allowed=None, situation=None):
        """Any user, or mostly one whom the rules allow (so the walk goes deep)."""
        keys = list(model.USERS)
        if allowed and data.draw(st.integers(0, 3), label="permitted") > 0:
            keys = [k for k in keys if allowed(self.users[k], situation)] or keys
        return self.users[data.draw(st.sampled_from(keys), label="user")]

    def _draw_situation(self, data, states=None):
        pool = self.situations.sudo()
        if states:
            pool = pool.filtered(lambda s: s.state in states) or pool
        return data.draw(st.sampled_from(pool.ids), label="situation")

    # ------------------------------------------------------------------
    # Invariants
    # ------------------------------------------------------------------
    @invariant()
    def count_step(self):
        STATS["steps"] += 1

    @invariant()
    def only_need_to_know_reach_identities(self):
        # sudo: the oracle reads every identity and situation.
        identities = self.env["focus.situation.identity"].sudo().search([])
        situations = identities.situation_id
        walked = self.situations.sudo()
        simple = walked.filtered(model.simple_need_to_know_applies)
        # Two users per step, in turn (every user each four steps): the rule's
        # query is the walk's slowest; the read rules check the actor at once.
        self.checks += 1
        keys = list(self.users)
        turn = [keys[(2 * self.checks + i) % len(keys)] for i in (0, 1)]
        for key, user in ((k, self.users[k]) for k in turn):
            known = situations._known_to(user)
            expected = identities.filtered(lambda i, k=known: i.situation_id in k)
            Identity = self.env["focus.situation.identity"].with_user(user)
            found = Identity.search([])
            assert set(found.ids) == set(expected.ids), (
                f"{key} reaches identities {sorted(found.ids)}, "
                f"need-to-know says {sorted(expected.ids)}"
            )
            assert Identity.search_count([]) == len(expected), key
            known = simple._known_to(user)
            for situation in simple:
                assert (situation in known) == model.needs_to_know(user, situation), (
                    f"{key} and {situation.name}: _known_to differs from §4"
                )

    @invariant()
    def every_read_is_logged(self):
        # sudo: the log's rows of this example, compared with our reads.
        # "blocked" entries are the de-identification guard's flags (a text
        # found to hold a detail), not reads.
        logs = (
            self.env["focus.access.log"]
            .sudo()
            .search([("id", ">", self.log_start), ("channel", "!=", "blocked")])
        )
        logged = {(log.user_id.id, log.situation_id.id) for log in logs}
        assert logged == self.reads, (
            f"reads {sorted(self.reads)} but log entries {sorted(logged)}"
        )

    @invariant()
    def frozen_situations_do_not_change(self):
        Situation = self.env["focus.situation"].sudo()
        for situation_id, snapshot in self.frozen.items():
            now = model.frozen_snapshot(Situation.browse(situation_id), self.partners)
            assert now == snapshot, f"frozen situation {situation_id} changed: " + str(
                {k: (snapshot[k], now[k]) for k in now if now[k] != snapshot[k]}
            )

    @invariant()
    def approved_minutes_do_not_change(self):
        Meeting = self.env["focus.meeting"].sudo()
        for meeting_id, snapshot in self.approved.items():
            now = model.minutes_snapshot(Meeting.browse(meeting_id))
            assert now == snapshot, f"approved meeting {meeting_id} changed"
            assert now["sha256"] == now["archive_sha256"], meeting_id

    @invariant()
    def statistics_equal_a_recount(self):
        # What a commit does first: flush, then the precommit hooks (the facts).
        self.env.flush_all()
        self.env.cr.flush()
        assert model.stored_risk_facts(self.env) == model.recount_risk_facts(
            self.env
        ), "risk facts differ from a recount"
        assert model.stored_outcome_facts(self.env) == model.recount_outcome_facts(
            self.env
        ), "outcome facts differ from a recount"

    # ------------------------------------------------------------------
    # The clock and the purge
    # ------------------------------------------------------------------
    @rule(days=st.integers(0, 400))
    def purge_later(self, days):
        """The retention cron, ``days`` from now (the clock moved forward)."""
        later = fields.Datetime.now() + timedelta(days=days)
        with freeze_time(later):
            self.env["focus.situation"]._cron_purge_identities()
            today = fields.Date.context_today(self.env["focus.situation"])
        # sudo: the oracle checks what the purge left of every situation.
        for situation in self.env["focus.situation"].sudo().search([]):
            retention = situation.table_id.retention_days or 0
            due = situation.state == "rejected" or (
                situation.state == "closed"
                and situation.date_closed <= today - timedelta(days=retention)
            )
            if due:
                assert not situation.identity_ids, situation.name
                assert situation.identity_purged_on, situation.name


class TestProcessWalk(FocusTableCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        (cls.table | cls.table_north).write({"meeting_tz": "UTC"})
        # Agencies export their records: the walk checks what an export carries.
        export = cls.env.ref("base.group_allow_export")
        for key in model.USERS:
            getattr(cls, key).group_ids = [Command.link(export.id)]

    def test_walk(self):
        ProcessWalk.case = self
        settings = model.walk_settings()
        STATS.update(examples=0, steps=0)
        OUTCOMES.clear()
        REASONS.clear()
        start = time.monotonic()
        target = int(os.environ.get("FOCUS_WALK_STEPS") or 0)
        try:
            run_state_machine_as_test(ProcessWalk, settings=settings)
            # Examples may end before their step count: a fuzz run goes on
            # until it has walked its number of steps.
            while STATS["steps"] - STATS["examples"] < target:
                settings = model.walk_settings(STATS["steps"] - STATS["examples"])
                run_state_machine_as_test(ProcessWalk, settings=settings)
        finally:
            ProcessWalk.case = None
            seconds = time.monotonic() - start
            # The invariants run once after the set-up of each example, then
            # after every step.
            steps = STATS["steps"] - STATS["examples"]
            report = [
                f"\nprocess walk: {STATS['examples']} examples, {steps} steps, "
                f"{seconds:.0f} s (stateful_step_count="
                f"{settings.stateful_step_count}, "
                f"derandomize={settings.derandomize})"
            ]
            for name, tally in sorted(OUTCOMES.items()):
                report.append(
                    f"  {name}: {tally['done']} done, {tally['refused']} refused"
                )
                if os.environ.get("FOCUS_WALK_VERBOSE"):
                    report += [
                        f"      {count} x {reason}"
                        for reason, count in REASONS[name].most_common(4)
                    ]
            # What make fuzz reports (pytest -s); captured by make test.
            sys.stdout.write("\n".join(report) + "\n")
        self.assertGreater(steps, 0)
