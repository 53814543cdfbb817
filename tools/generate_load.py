#!/usr/bin/env python3
"""Fill a Focus Table database with de-identified load data at a chosen scale.

    python3 tools/generate_load.py -c odoo.conf -d DB [--situations 1000000]
        [--tables 60] [--agencies 150] [--seed 1]

The database must have ``focus_table`` and ``focus_table_reports`` installed (with
or without demo data). Everything is written in one transaction, committed at the
end: an interrupted run leaves the database as it was.

What is written how
-------------------
* Through the ORM (few records, so that every override runs): agencies, their
  representatives (one member user per agency, one chair and one archivist per
  table), tables (with their reference sequences) and areas.
* Through ``COPY`` (the bulk, with ids reserved from the tables' id sequences):
  situations, their risk factors and categories, identity records, repeat links,
  disclosures, meetings, agenda items, attendance, actions and access-log rows.
  Each row holds what the workflow steps of the ORM would have left:
  ``action_submit`` / ``action_accept`` / ``action_reject`` /
  ``action_start_intervention`` / ``action_close`` (rejected situations keep only
  minimal data and no identity records; closed ones past their table's retention
  lost theirs and kept their repeat keys; both carry ``identity_purged_on``, as
  the retention purge leaves every situation it passed).
* References (``name``) come from each table's sequence format
  (``CODE-YEAR-NNNNN``, numbered in date order) and the sequence is advanced past
  them, so the next situation created through the UI continues the numbering.

Stored computed fields
----------------------
Written with the rows, computed in Python by the same expression as the ORM's
compute (:data:`MIRRORED_COMPUTES`): ``focus.situation``: ``originating_sector_id``
and ``conclusion_outcome`` (related), ``risk_category_ids`` and
``risk_factor_count`` (``_compute_risk_category_ids``), ``date_target``,
``intervention_hours`` and ``within_target`` (``_compute_timeliness``),
``is_repeat`` (``_compute_is_repeat``, from the repeat links made as
``_update_repeat_keys`` makes them), ``agency_count`` when the field exists;
``focus.situation.identity.repeat_key`` (the HMAC of ``_compute_repeat_key``, with
the database's key); ``focus.meeting``: ``name`` and ``date_end``; ``table_id`` of
agenda items, attendance, actions and disclosures (related / ``_compute_table_id``).
Any other stored computed field of the loaded models (one added later) is
recomputed through the ORM, in batches (:func:`recompute_remaining`).
``tests/test_generate_load.py`` recomputes them all through the ORM and checks
that nothing changes.

Foreign keys are not checked row by row during the ``COPY`` (the transaction runs
with ``session_replication_role = replica``, which also holds back triggers); they
are all checked afterwards, one anti-join per key, before the commit.

Not generated: chatter messages, followers and activities (a record created
through the UI gets a creation message and its creator as follower; the load
has none), calendar events of meetings, archived minutes PDFs (past meetings are
therefore ``done``, not ``approved``), services and referrals, systemic issues.

Non-unique indexes of the bulk tables are dropped before the load and created
again after it (same transaction); ``ANALYZE`` runs at the end.
"""

import argparse
import bisect
import hashlib
import hmac
import io
import random
import sys
import time
from datetime import date, datetime, timedelta

import pytz

SUPERUSER_ID = 1
DAY = timedelta(days=1)
YEARS = 10
SPAN_DAYS = 365 * YEARS
# State mix of a table's history (DESIGN §2): most closed, ~5 % open.
STATE_WEIGHTS = [
    ("closed", 83.0),
    ("rejected", 10.0),
    ("intervention", 2.5),
    ("accepted", 1.0),
    ("submitted", 1.5),
    ("draft", 2.0),
]
IDENTITY_SHARE = 0.5
REPEAT_SHARE = 0.08
MEETINGS_PER_SITUATION = 0.05
ACTIONS_PER_SITUATION = 2.0
ACCESS_LOGS_PER_SITUATION = 0.6
COPY_CHUNK = 50000
RECOMPUTE_BATCH = 5000

SUBJECT_TYPES = ["individual"] * 6 + ["family"] * 2 + ["group", "place"]
GENDERS = ["female", "male", "male", "female", "gender_diverse", "unknown"]
IDENTITY_ROLES = ["subject", "exhibiting", "affected", "family", "caregiver"]
ROLE_LABELS = {
    "subject": "Person at risk",
    "exhibiting": "Person exhibiting the risk",
    "affected": "Person affected",
    "family": "Family member",
    "caregiver": "Caregiver",
}
TZS = ["America/Toronto", "America/Regina", "America/Vancouver", "Europe/London"]

# De-identified texts: roles and circumstances, never a name, place or date.
SUMMARY_OPENINGS = [
    "Adult living alone",
    "Youth known to several agencies",
    "Family with young children",
    "Older adult",
    "Group of youth",
    "Person recently released from custody",
    "Tenant facing eviction",
    "Parent and two teenagers",
]
SUMMARY_RISKS = [
    "with escalating conflict with neighbours",
    "showing signs of a mental health crisis",
    "missing school for several weeks",
    "with repeated police attendance at the home",
    "with substance use that has increased sharply",
    "at risk of losing housing this month",
    "with threats of harm toward a family member",
    "with no income and unpaid rent",
]
SUMMARY_CLOSINGS = [
    "Agencies involved so far could not engage the person alone.",
    "Previous referrals were declined.",
    "Risk has grown over the last weeks.",
    "The presenting agency asks for a joint door knock.",
    "Supports exist but are not connected.",
]
ACTION_NAMES = [
    "Joint door knock with the lead agency",
    "Offer a same-week appointment",
    "Check eligibility for housing support",
    "Connect with the school team",
    "Follow up on the safety plan",
    "Arrange a case conference",
    "Offer a referral to counselling",
    "Share the crisis line information",
]
ACTION_RESULTS = [
    "Done; the person accepted support.",
    "Done; appointment attended.",
    "Done; the family was connected to services.",
    "Contact made; follow-up booked.",
]
DECISION_NOTES = {
    "accepted": "Threshold met by consensus.",
    "rejected": "Threshold not met; the presenting agency continues alone.",
}
MINUTES = (
    "<p>Attendance and confidentiality recorded. New situations were presented "
    "de-identified; updates and open actions were reviewed.</p>"
)
ACCESS_REASONS = [
    "Preparing the intervention",
    "Planning the joint visit",
    "Confirming the referral",
]
# Syllables of made-up names and streets (identity records only).
SYLLABLES = [
    "zor", "vek", "lan", "dri", "mox", "tal", "quen", "bry", "sel", "kov",
    "rin", "dax", "fel", "yor", "nim", "path", "ull", "gar", "jev", "osk",
]  # fmt: skip
STREET_KINDS = ["Crescent", "Avenue", "Boulevard", "Terrace", "Court"]


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------
class Timer:
    """Phase timings, printed as they end: wall clock and this process's CPU.

    On a busy machine the wall clock runs ahead of the CPU time; the database
    server's own work shows in the wall clock only.
    """

    def __init__(self, log):
        self.log = log
        self.phases = {}
        self.start = time.monotonic()
        self._phase_start = self.start
        self._cpu_start = time.process_time()

    def phase(self, name, note=""):
        now = time.monotonic()
        cpu = time.process_time()
        self.phases[name] = now - self._phase_start
        used = cpu - self._cpu_start
        self.log(
            f"{name:<28} {self.phases[name]:8.1f} s  (cpu {used:6.1f} s,"
            f" total {now - self.start:7.1f} s){'  ' + note if note else ''}"
        )
        self._phase_start = now
        self._cpu_start = cpu


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# COPY text format of each Python type (datetimes to the second, as Odoo stores).
_FORMATS = {
    type(None): lambda value: "\\N",
    bool: lambda value: "t" if value else "f",
    int: str,
    float: repr,
    str: lambda value: value.translate(_ESCAPES),
    datetime: lambda value: value.isoformat(" ", "seconds"),
    date: date.isoformat,
}


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (tuples in ``columns`` order) into ``table``; returns the count."""
    count = 0
    formats = _FORMATS
    buffer = io.StringIO()
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    for row in rows:
        buffer.write("\t".join([formats[type(value)](value) for value in row]))
        buffer.write("\n")
        count += 1
        if count % COPY_CHUNK == 0:
            buffer.seek(0)
            cr.copy_expert(sql, buffer)
            buffer = io.StringIO()
    if buffer.tell():
        buffer.seek(0)
        cr.copy_expert(sql, buffer)
    return count


def reserve_ids(cr, table, count):
    """Reserve ``count`` consecutive ids of ``table``; returns the first."""
    if not count:
        return 0
    cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    seq = cr.fetchone()[0]
    # Lock the sequence's users out for the time of the two calls.
    cr.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    cr.execute("SELECT nextval(%s)", [seq])
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(%s, %s)", [seq, first + count - 1])
    return first


def made_up_name(rng):
    def word():
        return "".join(rng.sample(SYLLABLES, 2)).capitalize()

    return f"{word()} {word()}"


def repeat_key(secret, name, birth_date, normalise_name):
    message = f"{normalise_name(name)}|{birth_date.isoformat()}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


# ----------------------------------------------------------------------
# Stored computes the loader writes with the rows, computed in Python by the same
# expression as the ORM's compute (_mirror_computes and the row builders).
# ``agency_count`` is written only when the field exists.
# ----------------------------------------------------------------------
MIRRORED_COMPUTES = frozenset(
    {
        ("focus.situation", "originating_sector_id"),
        ("focus.situation", "conclusion_outcome"),
        ("focus.situation", "risk_category_ids"),
        ("focus.situation", "risk_factor_count"),
        ("focus.situation", "date_target"),
        ("focus.situation", "intervention_hours"),
        ("focus.situation", "within_target"),
        ("focus.situation", "is_repeat"),
        ("focus.situation", "agency_count"),
        ("focus.situation.identity", "repeat_key"),
        ("focus.meeting", "name"),
        ("focus.meeting", "date_end"),
        ("focus.meeting.item", "table_id"),
        ("focus.meeting.attendance", "table_id"),
        ("focus.action", "table_id"),
        ("focus.disclosure", "table_id"),
    }
)
LOADED_MODELS = (
    "focus.situation",
    "focus.situation.identity",
    "focus.meeting",
    "focus.meeting.item",
    "focus.meeting.attendance",
    "focus.action",
    "focus.disclosure",
    "focus.access.log",
)
BULK_TABLES = (
    "focus_situation",
    "focus_risk_factor_focus_situation_rel",
    "focus_risk_category_focus_situation_rel",
    "focus_situation_assisting_agency_rel",
    "focus_situation_identity",
    "focus_situation_repeat_rel",
    "focus_meeting",
    "focus_meeting_item",
    "focus_meeting_item_assisting_agency_rel",
    "focus_meeting_attendance",
    "focus_action",
    "focus_disclosure",
    "focus_access_log",
)


def stored_computes(env, model):
    """Names of the stored computed (and stored related) fields of ``model``."""
    return [
        name
        for name, field in env[model]._fields.items()
        if field.store and field.compute and name not in ("display_name",)
    ]


# ----------------------------------------------------------------------
# The loader
# ----------------------------------------------------------------------
class LoadGenerator:
    """Generate ``situations`` situations over ``tables`` tables and ``agencies``
    agencies, with meetings, actions, identities, disclosures and access logs."""

    def __init__(
        self,
        env,
        situations=1000000,
        tables=60,
        agencies=150,
        seed=1,
        log=print,
        today=None,
        drop_indexes=None,
    ):
        self.env = env
        self.cr = env.cr
        self.n_situations = situations
        self.n_tables = max(1, tables)
        self.n_agencies = max(3, agencies)
        self.rng = random.Random(seed)
        self.log = log or (lambda *_a: None)
        self.today = today or date.today()
        self.now = datetime.combine(self.today, datetime.min.time()).replace(hour=6)
        self.drop_indexes = (
            situations >= 100000 if drop_indexes is None else drop_indexes
        )
        self.timer = Timer(self.log)
        self.stats = {}

    # -- entry point ---------------------------------------------------
    def run(self):
        self._reference_data()
        self._create_agencies_and_users()
        self._create_tables()
        self.timer.phase(
            "setup (ORM)",
            f"{len(self.agencies)} agencies, {len(self.users)} users, "
            f"{len(self.tables)} tables",
        )
        dropped = self._drop_indexes() if self.drop_indexes else []
        # Foreign keys are checked once, in bulk, after the load (_check_foreign_keys)
        # rather than row by row: the setting ends with the transaction at the latest.
        self.cr.execute("SET LOCAL session_replication_role = replica")
        try:
            self._load_bulk()
        finally:
            self.cr.execute("SET LOCAL session_replication_role = origin")
        self._check_foreign_keys()
        self.timer.phase("foreign keys checked")
        recomputed = recompute_remaining(self.env, self.loaded_ids, self.log)
        self.timer.phase("stored computes (ORM)", ", ".join(recomputed) or "none")
        if dropped:
            self._restore_indexes(dropped)
            self.timer.phase("indexes restored", f"{len(dropped)} indexes")
        self.env.invalidate_all()
        if "focus.risk.fact" in self.env:
            self.env["focus.risk.fact"]._rebuild()
            self.timer.phase("focus.risk.fact rebuilt")
        return self

    def _load_bulk(self):
        self._plan_meetings()
        self._load_meetings()
        self.timer.phase("meetings", f"{self.stats['meetings']} rows")
        self._plan_situations()
        self._plan_identities()
        self._mirror_computes()
        self.timer.phase("situations planned", f"{len(self.situations)} situations")
        self._load_situations()
        self.timer.phase(
            "situations",
            f"{self.stats['situations']} rows, {self.stats['risk_factors']} factors",
        )
        self._load_identities()
        self.timer.phase(
            "identities + repeats",
            f"{self.stats['identities']} rows, {self.stats['repeats']} links",
        )
        self._load_items_and_attendance()
        self.timer.phase(
            "agenda items + attendance",
            f"{self.stats['items']} items, {self.stats['attendance']} attendance",
        )
        self._load_actions()
        self.timer.phase("actions", f"{self.stats['actions']} rows")
        self._load_disclosures_and_logs()
        self.timer.phase(
            "disclosures + access log",
            f"{self.stats['disclosures']} + {self.stats['access_logs']} rows",
        )
        self._advance_sequences()

    # -- setup through the ORM ----------------------------------------
    def _reference_data(self):
        env = self.env
        self.sectors = env["focus.sector"].search([])
        factors = env["focus.risk.factor"].search([("is_protective", "=", False)])
        self.factors = factors.ids
        self.factor_category = {f.id: f.category_id.id for f in factors}
        self.age_bands = env["focus.age.band"].search([]).ids
        conclusions = env["focus.conclusion"].search([])
        self.conclusions = conclusions.ids
        self.levels = env["focus.intervention.level"].search([]).ids
        task = env.ref("focus_table.focus_action_type_task", raise_if_not_found=False)
        self.action_type = task.id if task else None
        self.scope = env["focus.situation"].default_get(["disclosure_scope"])[
            "disclosure_scope"
        ]
        self.secret = env["focus.situation.identity"]._repeat_secret()
        # A tag keeps the logins and codes of a second run apart from the first.
        Users = env["res.users"].with_context(active_test=False)
        tag = 1
        while Users.search_count([("login", "=like", f"load{tag}.%")]):
            tag += 1
        self.tag = tag

    def _create_agencies_and_users(self):
        env = self.env
        Agency = env["focus.agency"].with_context(
            tracking_disable=True, mail_create_nolog=True
        )
        sectors = self.sectors
        self.agencies = Agency.create(
            [
                {
                    "name": f"Load {self.tag} Agency {i + 1:03d}",
                    "code": f"L{self.tag}A{i + 1:03d}",
                    "sector_id": sectors[i % len(sectors)].id,
                    "isa_signed_on": self.today - timedelta(days=400),
                }
                for i in range(self.n_agencies)
            ]
        )
        Users = env["res.users"].with_context(
            no_reset_password=True, tracking_disable=True, mail_create_nolog=True
        )
        member = env.ref("focus_table.group_member")
        chair = env.ref("focus_table.group_chair")
        archivist = env.ref("focus_table.group_archivist")
        base_user = env.ref("base.group_user")

        def user_vals(login, name, group, agency):
            return {
                "login": login,
                "name": name,
                "email": f"{login}@example.invalid",
                "focus_agency_id": agency.id,
                "group_ids": [(6, 0, [base_user.id, group.id])],
            }

        self.agency_user = {}
        vals = [
            user_vals(
                f"load{self.tag}.agency{i + 1:03d}",
                f"Representative {self.tag}-{i + 1:03d}",
                member,
                agency,
            )
            for i, agency in enumerate(self.agencies)
        ]
        members = Users.create(vals)
        for agency, user in zip(self.agencies, members, strict=True):
            self.agency_user[agency.id] = user.id
        self.chairs = Users.create(
            [
                user_vals(
                    f"load{self.tag}.chair{t + 1:03d}",
                    f"Chair {self.tag}-{t + 1:03d}",
                    chair,
                    self.agencies[t % len(self.agencies)],
                )
                for t in range(self.n_tables)
            ]
        )
        self.archivists = Users.create(
            [
                user_vals(
                    f"load{self.tag}.archivist{t + 1:03d}",
                    f"Archivist {self.tag}-{t + 1:03d}",
                    archivist,
                    self.agencies[t % len(self.agencies)],
                )
                for t in range(self.n_tables)
            ]
        )
        self.users = members | self.chairs | self.archivists

    def _create_tables(self):
        env = self.env
        rng = self.rng
        Table = env["focus.table"].with_context(
            tracking_disable=True, mail_create_nolog=True
        )
        n_agencies = len(self.agencies)
        size = max(3, min(n_agencies, round(n_agencies * 5 / self.n_tables)))
        size = min(size, 16) if n_agencies >= 16 else size
        vals_list = []
        for t in range(self.n_tables):
            # The chair's and archivist's agency sits at the table, and a share of
            # the others, so that each agency sits at a few tables.
            home = self.agencies[t % n_agencies]
            others = [a for a in self.agencies.ids if a != home.id]
            members = [home.id, *rng.sample(others, min(size - 1, len(others)))]
            vals_list.append(
                {
                    "name": f"Load {self.tag} Table {t + 1:03d}",
                    "code": f"L{self.tag}T{t + 1:03d}",
                    "area": f"District {t + 1}",
                    "agency_ids": [(6, 0, members)],
                    "chair_ids": [(6, 0, self.chairs[t].ids)],
                    "archivist_ids": [(6, 0, self.archivists[t].ids)],
                    "disclosure_mode": "whole_table" if t % 10 == 9 else "need_to_know",
                    # Most tables keep identities for years; some purge after 90 days.
                    "retention_days": 90 if t % 3 == 2 else 3650,
                    "response_target_hours": 48 if t % 4 else 72,
                    "meeting_tz": TZS[t % len(TZS)],
                    "meeting_hour": 10.0,
                    "meeting_duration": 1.5,
                    "meeting_location": f"Meeting room {t + 1}",
                }
            )
        self.tables = Table.create(vals_list)
        Area = env["focus.area"]
        areas = Area.create(
            [
                {"name": f"Ward {i + 1}", "code": f"W{i + 1}", "table_id": table.id}
                for table in self.tables
                for i in range(4)
            ]
        )
        self.table_areas = {}
        for area in areas:
            self.table_areas.setdefault(area.table_id.id, []).append(area.id)
        self.table_info = {
            table.id: {
                "code": table.code,
                "agencies": table.agency_ids.ids,
                "chair": table.chair_ids[:1].id,
                "archivist": table.archivist_ids[:1].id,
                "whole": table.disclosure_mode == "whole_table",
                "retention": table.retention_days,
                "target": table.response_target_hours or 48,
                "tz": pytz.timezone(table.meeting_tz or "UTC"),
                "sequence": table.sequence_id.id,
                "location": table.meeting_location,
            }
            for table in self.tables
        }
        self.agency_sector = {a.id: a.sector_id.id for a in self.agencies}

    # -- indexes ---------------------------------------------------------
    def _drop_indexes(self):
        """Drop the plain indexes of the bulk tables (same transaction)."""
        self.cr.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid::regclass::text = ANY(%s)
               AND NOT i.indisprimary AND NOT i.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                WHERE c.conindid = i.indexrelid)
            """,
            [list(BULK_TABLES)],
        )
        dropped = self.cr.fetchall()
        for name, _definition in dropped:
            self.cr.execute(f"DROP INDEX {name}")
        return dropped

    def _check_foreign_keys(self):
        """Every foreign key of the bulk tables holds (one anti-join per key)."""
        self.cr.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text,
                   fa.attname
              FROM pg_constraint c
              JOIN pg_attribute a
                ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              JOIN pg_attribute fa
                ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
             WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
               AND c.conrelid::regclass::text = ANY(%s)
            """,
            [list(BULK_TABLES)],
        )
        for table, column, target, target_column in self.cr.fetchall():
            self.cr.execute(
                f"""
                SELECT count(*) FROM {table} r
                 WHERE r.{column} IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM {target} t WHERE t.{target_column} = r.{column})
                """
            )
            missing = self.cr.fetchone()[0]
            if missing:
                raise ValueError(
                    f"{missing} rows of {table}.{column} point to no {target} row"
                )

    def _restore_indexes(self, dropped):
        for _name, definition in dropped:
            self.cr.execute(definition)

    # -- meetings --------------------------------------------------------
    def _plan_meetings(self):
        """Meetings of each table, evenly over the span, the last two days ago."""
        rng = self.rng
        per_table = max(
            12, round(self.n_situations * MEETINGS_PER_SITUATION / self.n_tables)
        )
        last = self.today - 2 * DAY
        step = SPAN_DAYS / per_table
        self.meetings = {}  # table id -> sorted list of (start utc, meeting id)
        self.meeting_rows = []
        first_id = reserve_ids(
            self.cr, "focus_meeting", (per_table + 1) * len(self.tables)
        )
        next_id = first_id
        for table_id, info in self.table_info.items():
            tz = info["tz"]
            plan = []
            for k in range(per_table + 1):
                # k == per_table: the next meeting, two days ahead, still a draft.
                day = (
                    last - timedelta(days=int((per_table - 1 - k) * step))
                    if k < per_table
                    else self.today + 2 * DAY
                )
                local = tz.localize(datetime.combine(day, datetime.min.time()))
                start = (local + timedelta(hours=10)).astimezone(pytz.utc)
                start = start.replace(tzinfo=None)
                plan.append((start, next_id, day))
                next_id += 1
            self.meetings[table_id] = plan
            for start, meeting_id, day in plan:
                future = start > self.now
                cancelled = not future and rng.random() < 0.01
                state = "draft" if future else "cancelled" if cancelled else "done"
                end = start + timedelta(hours=1.5)
                self.meeting_rows.append(
                    (
                        meeting_id,
                        table_id,
                        f"{info['code']} {day.isoformat()}",
                        state,
                        start,
                        1.5,
                        end,
                        info["location"],
                        info["chair"],
                        info["archivist"],
                        MINUTES if state == "done" else None,
                        end if state == "done" else None,
                        info["chair"],
                        start - 14 * DAY,
                        SUPERUSER_ID,
                        end if state == "done" else start - 14 * DAY,
                    )
                )
        self.meeting_starts = {
            t: [start for start, _id, _day in plan] for t, plan in self.meetings.items()
        }
        self.meeting_state = {row[0]: row[3] for row in self.meeting_rows}

    def _load_meetings(self):
        self.stats["meetings"] = copy_rows(
            self.cr,
            "focus_meeting",
            [
                "id",
                "table_id",
                "name",
                "state",
                "date_start",
                "duration",
                "date_end",
                "location",
                "chair_id",
                "minute_taker_id",
                "minutes",
                "date_closed",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            self.meeting_rows,
        )
        self.loaded_ids = {"focus.meeting": [row[0] for row in self.meeting_rows]}

    def _meeting_after(self, table_id, moment, done_only=True):
        """The first held meeting of the table starting at or after ``moment``."""
        starts = self.meeting_starts[table_id]
        plan = self.meetings[table_id]
        k = bisect.bisect_left(starts, moment)
        while k < len(plan):
            start, meeting_id, _day = plan[k]
            if not done_only or self.meeting_state[meeting_id] == "done":
                return start, meeting_id
            k += 1
        return None

    # -- situations ------------------------------------------------------
    def _pick_state(self):
        r = self.rng.random() * 100.0
        for state, weight in STATE_WEIGHTS:
            r -= weight
            if r < 0:
                return state
        return "closed"

    def _plan_situations(self):
        rng = self.rng
        tables = list(self.table_info)
        plans = []
        for _i in range(self.n_situations):
            table_id = rng.choice(tables)
            plans.append((table_id, self._pick_state()))
        drafts = []
        for table_id, state in plans:
            plan = self.meetings[table_id]
            held = [p for p in plan[-8:] if self.meeting_state[p[1]] == "done"]
            last_start = held[-1][0]
            if state in ("draft", "submitted"):
                received = self.today - timedelta(days=rng.randint(0, 10))
            elif state == "accepted":
                received = last_start.date() - timedelta(days=rng.randint(0, 6))
            elif state == "intervention":
                received = held[0][0].date() - timedelta(days=rng.randint(0, 6))
            else:
                first = plan[0][0].date()
                room = max(1, (last_start.date() - first).days - 45)
                received = first + timedelta(days=rng.randint(0, room))
            drafts.append((received, table_id, state))
        # Ids and reference numbers in the order the situations were received.
        drafts.sort(key=lambda d: d[0])
        first_id = reserve_ids(self.cr, "focus_situation", len(drafts))
        self.situations = []
        counters = {}
        for offset, (received, table_id, state) in enumerate(drafts):
            self.situations.append(
                self._situation(first_id + offset, received, table_id, state, counters)
            )
        self.counters = counters

    def _mirror_computes(self):
        """The stored computes of focus.situation, as the ORM computes them."""
        outcomes = {
            c.id: c.outcome
            for c in self.env["focus.conclusion"].browse(self.conclusions)
        }
        for s in self.situations:
            # originating_sector_id and conclusion_outcome (related fields)
            s["originating_sector_id"] = self.agency_sector[s["originating_agency_id"]]
            s["conclusion_outcome"] = outcomes.get(s["conclusion_id"])
            # _compute_risk_category_ids
            s["categories"] = sorted({self.factor_category[f] for f in s["factors"]})
            s["risk_factor_count"] = len(s["factors"])
            # _compute_timeliness
            s["date_target"] = None
            s["intervention_hours"] = 0.0
            s["within_target"] = False
            if s["date_decision"] and s["state"] in (
                "accepted",
                "intervention",
                "closed",
            ):
                target = self.table_info[s["table_id"]]["target"]
                s["date_target"] = s["date_decision"] + timedelta(hours=target)
                if s["date_intervention"]:
                    delta = s["date_intervention"] - s["date_decision"]
                    s["intervention_hours"] = round(delta.total_seconds() / 3600.0, 2)
                    s["within_target"] = s["intervention_hours"] <= target
            # agency_count (when the field exists): lead and other assisting agencies
            granted = s["state"] in ("accepted", "intervention", "closed")
            s["agency_count"] = (
                bool(s["lead_agency_id"])
                + len([a for a in s["assisting"] if a != s["lead_agency_id"]])
                if granted
                else 0
            )
            # _compute_is_repeat: set by _plan_identities

    def _load_situations(self):
        columns = [
            "id",
            "name",
            "state",
            "table_id",
            "originating_agency_id",
            "presenter_id",
            "date_received",
            "date_submitted",
            "date_presented",
            "date_decision",
            "date_intervention",
            "date_closed",
            "subject_type",
            "age_band_id",
            "gender",
            "summary",
            "decision_note",
            "lead_agency_id",
            "consent_status",
            "disclosure_authority",
            "conclusion_id",
            "identity_purged_on",
            "disclosure_scope",
            "target_alert_sent",
            "repeat_keys",
            "color",
            "area_id",
            "intervention_level_id",
            "originating_sector_id",
            "conclusion_outcome",
            "date_target",
            "within_target",
            "is_repeat",
            "intervention_hours",
            "risk_factor_count",
            "create_uid",
            "create_date",
            "write_uid",
            "write_date",
        ]
        for optional in ("agency_count", "disclosure_mode"):
            if optional in self.env["focus.situation"]._fields:
                columns.append(optional)
        self.stats["situations"] = copy_rows(
            self.cr,
            "focus_situation",
            columns,
            (tuple(s[c] for c in columns) for s in self.situations),
        )
        self.stats["assisting"] = copy_rows(
            self.cr,
            "focus_situation_assisting_agency_rel",
            ["situation_id", "agency_id"],
            ((s["id"], agency) for s in self.situations for agency in s["assisting"]),
        )
        self.loaded_ids["focus.situation"] = [s["id"] for s in self.situations]
        self.stats["risk_factors"] = copy_rows(
            self.cr,
            "focus_risk_factor_focus_situation_rel",
            ["focus_situation_id", "focus_risk_factor_id"],
            ((s["id"], f) for s in self.situations for f in s["factors"]),
        )
        copy_rows(
            self.cr,
            "focus_risk_category_focus_situation_rel",
            ["focus_situation_id", "focus_risk_category_id"],
            ((s["id"], c) for s in self.situations for c in s["categories"]),
        )

    def _situation(self, sid, received, table_id, state, counters):
        rng = self.rng
        info = self.table_info[table_id]
        number = counters[table_id] = counters.get(table_id, 0) + 1
        origin = rng.choice(info["agencies"])
        presenter = self.agency_user[origin]
        created = datetime.combine(received, datetime.min.time()) + timedelta(
            hours=rng.randint(8, 17), minutes=rng.randint(0, 59)
        )
        s = {
            "id": sid,
            "name": f"{info['code']}-{received.year}-{number:05d}",
            "state": state,
            "table_id": table_id,
            "originating_agency_id": origin,
            "presenter_id": presenter,
            "date_received": received,
            "date_submitted": None,
            "date_presented": None,
            "date_decision": None,
            "date_intervention": None,
            "date_closed": None,
            "subject_type": rng.choice(SUBJECT_TYPES),
            "age_band_id": rng.choice(self.age_bands) if self.age_bands else None,
            "gender": rng.choice(GENDERS),
            "summary": (
                f"{rng.choice(SUMMARY_OPENINGS)} {rng.choice(SUMMARY_RISKS)}. "
                f"{rng.choice(SUMMARY_CLOSINGS)}"
            ),
            "decision_note": None,
            "lead_agency_id": None,
            "assisting": [],
            "consent_status": "not_sought",
            "disclosure_authority": None,
            "conclusion_id": None,
            "identity_purged_on": None,
            "disclosure_scope": self.scope,
            "disclosure_mode": None,
            "target_alert_sent": False,
            "repeat_keys": None,
            "color": 0,
            "area_id": (
                rng.choice(self.table_areas[table_id]) if rng.random() < 0.9 else None
            ),
            "intervention_level_id": None,
            # Computes: _mirror_computes.
            "within_target": False,
            "is_repeat": False,
            "intervention_hours": 0.0,
            "risk_factor_count": 0,
            "create_uid": presenter,
            "create_date": created,
            "write_uid": presenter,
            "write_date": created,
            "factors": rng.sample(
                self.factors, min(len(self.factors), rng.randint(3, 6))
            ),
            "meeting": None,
            "update_meeting": None,
        }
        if state == "draft":
            return s
        s["date_submitted"] = created + timedelta(hours=rng.randint(1, 48))
        if state == "submitted":
            return s
        decided = self._meeting_after(table_id, s["date_submitted"])
        if decided is None:  # nothing held since: still waiting for the table
            s["state"] = "submitted"
            return s
        start, meeting_id = decided
        s["meeting"] = meeting_id
        s["date_decision"] = start + timedelta(minutes=rng.randint(5, 80))
        s["date_presented"] = s["date_decision"].date()
        s["write_date"] = s["date_decision"]
        if state == "rejected":
            s["decision_note"] = DECISION_NOTES["rejected"]
            # _minimise_rejected: only the minimal data stays.
            s.update(
                factors=[],
                summary=None,
                subject_type=None,
                presenter_id=None,
                consent_status=None,
            )
            return s
        s["decision_note"] = DECISION_NOTES["accepted"]
        # The table's disclosure setting, stamped on the situation at acceptance.
        s["disclosure_mode"] = "whole_table" if info["whole"] else "need_to_know"
        agencies = info["agencies"]
        lead = rng.choice(agencies)
        others = [a for a in agencies if a != lead]
        s["lead_agency_id"] = lead
        s["assisting"] = sorted(rng.sample(others, min(len(others), rng.randint(1, 3))))
        consent = rng.choice(["obtained", "obtained", "refused", "not_possible"])
        s["consent_status"] = consent
        s["disclosure_authority"] = (
            "consent"
            if consent == "obtained"
            else rng.choice(["serious_harm", "statute"])
        )
        if state == "accepted":
            return s
        target = info["target"]
        hours = (
            rng.uniform(2, target - 1)
            if rng.random() < 0.85
            else rng.uniform(target + 1, target * 3)
        )
        s["date_intervention"] = (s["date_decision"] + timedelta(hours=hours)).replace(
            microsecond=0
        )
        s["intervention_level_id"] = rng.choice(self.levels) if self.levels else None
        s["write_date"] = s["date_intervention"]
        update = self._meeting_after(table_id, s["date_intervention"])
        if state == "intervention":
            if update and update[0] < self.now:
                s["update_meeting"] = update
            return s
        closed = s["date_intervention"].date() + timedelta(days=rng.randint(7, 60))
        closed = min(closed, self.today - DAY)
        if update and update[0].date() <= closed:
            s["update_meeting"] = update
        s["date_closed"] = closed
        s["conclusion_id"] = rng.choice(self.conclusions)
        s["write_date"] = datetime.combine(closed, datetime.min.time()) + timedelta(
            hours=15
        )
        return s

    # -- identities and repeats ------------------------------------------
    def _plan_identities(self):
        """Identities of half the situations; rejected and purged ones lose them."""
        from odoo.addons.focus_table.models.focus_situation_identity import (
            normalise_name,
        )

        rng = self.rng
        rows = []
        keys_by_table = {}  # table id -> {key: [(date, situation id)]}
        pool = {}  # table id -> recent persons, for repeat presentations
        repeats = []
        for s in self.situations:
            if rng.random() >= IDENTITY_SHARE:
                continue
            table_id = s["table_id"]
            persons = []
            for k in range(rng.randint(1, 3)):
                recent = pool.get(table_id)
                if k == 0 and recent and rng.random() < REPEAT_SHARE * 2:
                    persons.append(rng.choice(recent))
                    continue
                birth = date(
                    rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28)
                )
                persons.append((made_up_name(rng), birth))
            recent = pool.setdefault(table_id, [])
            recent.extend(persons)
            del recent[:-50]
            keys = set()
            idents = []
            for k, (name, birth) in enumerate(persons):
                key = repeat_key(self.secret, name, birth, normalise_name)
                keys.add(key)
                idents.append((k, name, birth, key))
            s["repeat_keys"] = " ".join(sorted(keys))
            # Earlier presentations of the same persons at the table within a year
            # (_update_repeat_keys when the identities were entered).
            known = keys_by_table.setdefault(table_id, {})
            since = s["date_received"] - timedelta(days=365)
            earlier = set()
            for key in keys:
                for when, other in known.get(key, ()):
                    if since <= when <= s["date_received"] and other != s["id"]:
                        earlier.add(other)
                known.setdefault(key, []).append((s["date_received"], s["id"]))
            repeats.extend((s["id"], other) for other in sorted(earlier))
            s["is_repeat"] = bool(earlier)
            purged = s["state"] == "rejected" or (
                s["state"] == "closed"
                and s["date_closed"]
                + timedelta(days=self.table_info[table_id]["retention"])
                <= self.today
            )
            if purged:
                continue
            for k, name, birth, key in idents:
                role = IDENTITY_ROLES[0] if k == 0 else rng.choice(IDENTITY_ROLES[1:])
                rows.append(
                    [
                        s["id"],
                        role,
                        name,
                        birth,
                        f"{rng.randint(1, 999)} {made_up_name(rng).split()[0]} "
                        f"{rng.choice(STREET_KINDS)}",
                        f"+1 555 01{rng.randint(0, 99):02d} {rng.randint(0, 9999):04d}",
                        key,
                        s["create_uid"],
                        s["create_date"],
                    ]
                )
        self._plan_purge_dates()
        first_id = reserve_ids(self.cr, "focus_situation_identity", len(rows))
        for offset, row in enumerate(rows):
            row.insert(0, first_id + offset)
        self.identities = {}
        for row in rows:
            self.identities.setdefault(row[1], []).append((row[0], row[2]))
        self.identity_rows = rows
        self.repeat_rows = repeats

    def _plan_purge_dates(self):
        """The retention purge has passed every rejected or closed situation due
        (the ones whose identities _plan_identities dropped), with or without
        identities: it set the date."""
        for s in self.situations:
            if s["state"] == "rejected" and s["date_decision"]:
                due = s["date_decision"].date()
            elif s["state"] == "closed" and s["date_closed"]:
                retention = self.table_info[s["table_id"]]["retention"]
                due = s["date_closed"] + timedelta(days=retention)
            else:
                continue
            if due <= self.today:
                s["identity_purged_on"] = due

    def _load_identities(self):
        rows = self.identity_rows
        self.stats["identities"] = copy_rows(
            self.cr,
            "focus_situation_identity",
            [
                "id",
                "situation_id",
                "role",
                "name",
                "birth_date",
                "address",
                "contact",
                "repeat_key",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            (tuple(row) + (row[-2], row[-1]) for row in rows),
        )
        self.loaded_ids["focus.situation.identity"] = [row[0] for row in rows]
        self.stats["repeats"] = copy_rows(
            self.cr,
            "focus_situation_repeat_rel",
            ["situation_id", "earlier_id"],
            self.repeat_rows,
        )

    # -- agenda and attendance ----------------------------------------------
    def _load_items_and_attendance(self):
        rng = self.rng
        items = []
        item_agencies = []
        per_meeting = {}
        for s in self.situations:
            if s["meeting"]:
                per_meeting.setdefault(s["meeting"], []).append(("new_situation", s))
            if s["update_meeting"]:
                per_meeting.setdefault(s["update_meeting"][1], []).append(("update", s))
        total = sum(len(v) for v in per_meeting.values())
        first_id = reserve_ids(self.cr, "focus_meeting_item", total)
        next_id = first_id
        meeting_table = {row[0]: row[1] for row in self.meeting_rows}
        meeting_start = {row[0]: row[4] for row in self.meeting_rows}
        self.update_item = {}
        self.new_item = {}
        for meeting_id, entries in per_meeting.items():
            # Updates first, then new situations (DESIGN §5).
            entries.sort(key=lambda e: (e[0] != "update", e[1]["id"]))
            for seq, (kind, s) in enumerate(entries, start=1):
                item_id = next_id
                next_id += 1
                decided = kind == "new_situation"
                decision = None
                if decided:
                    decision = "reject" if s["state"] == "rejected" else "accept"
                    self.new_item[s["id"]] = item_id
                else:
                    self.update_item[s["id"]] = item_id
                lead = s["lead_agency_id"] if decision == "accept" else None
                chair = self.table_info[s["table_id"]]["chair"]
                items.append(
                    (
                        item_id,
                        meeting_id,
                        meeting_table[meeting_id],
                        seq * 10,
                        kind,
                        s["id"],
                        False,
                        decision,
                        s["date_decision"] if decided else None,
                        lead,
                        chair,
                        meeting_start[meeting_id] - 7 * DAY,
                        chair,
                        s["date_decision"] if decided else meeting_start[meeting_id],
                    )
                )
                if decision == "accept":
                    item_agencies.extend((item_id, a) for a in s["assisting"])
        self.stats["items"] = copy_rows(
            self.cr,
            "focus_meeting_item",
            [
                "id",
                "meeting_id",
                "table_id",
                "sequence",
                "kind",
                "situation_id",
                "is_carried_over",
                "decision",
                "decision_date",
                "lead_agency_id",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            items,
        )
        copy_rows(
            self.cr,
            "focus_meeting_item_assisting_agency_rel",
            ["item_id", "agency_id"],
            item_agencies,
        )
        self.loaded_ids["focus.meeting.item"] = [row[0] for row in items]
        self.item_meeting = {row[0]: row[1] for row in items}

        attendance = []
        for row in self.meeting_rows:
            meeting_id, table_id, state, start = row[0], row[1], row[3], row[4]
            for agency in self.table_info[table_id]["agencies"]:
                if state == "done":
                    status = rng.choices(["present", "absent", "excused"], [85, 8, 7])[
                        0
                    ]
                else:
                    status = "absent"
                ack = status == "present"
                attendance.append(
                    [
                        meeting_id,
                        table_id,
                        self.agency_user[agency],
                        agency,
                        status,
                        ack,
                        start + timedelta(minutes=rng.randint(0, 10)) if ack else None,
                        SUPERUSER_ID,
                        start - 14 * DAY,
                    ]
                )
        first_id = reserve_ids(self.cr, "focus_meeting_attendance", len(attendance))
        for offset, row in enumerate(attendance):
            row.insert(0, first_id + offset)
        self.stats["attendance"] = copy_rows(
            self.cr,
            "focus_meeting_attendance",
            [
                "id",
                "meeting_id",
                "table_id",
                "user_id",
                "agency_id",
                "status",
                "acknowledged",
                "acknowledged_at",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            (tuple(row) + (row[-2], row[-1]) for row in attendance),
        )
        self.loaded_ids["focus.meeting.attendance"] = [row[0] for row in attendance]

    # -- actions ---------------------------------------------------------
    def _load_actions(self):
        rng = self.rng
        granted = [s for s in self.situations if s["lead_agency_id"]]
        target = round(self.n_situations * ACTIONS_PER_SITUATION)
        per = target / max(1, len(granted))
        counts = [int(per) + (rng.random() < per - int(per)) for _s in granted]
        first_id = reserve_ids(self.cr, "focus_action", sum(counts))
        self.stats["actions"] = copy_rows(
            self.cr,
            "focus_action",
            [
                "id",
                "name",
                "situation_id",
                "meeting_id",
                "item_id",
                "table_id",
                "agency_id",
                "user_id",
                "date_deadline",
                "state",
                "result",
                "date_done",
                "action_type_id",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            (
                (first_id + k, *row)
                for k, row in enumerate(self._action_rows(granted, counts))
            ),
        )
        self.loaded_ids["focus.action"] = list(range(first_id, first_id + sum(counts)))

    def _action_rows(self, granted, counts):
        rng = self.rng
        meeting_start = {row[0]: row[4] for row in self.meeting_rows}
        for s, count in zip(granted, counts, strict=True):
            owners = [s["lead_agency_id"], *s["assisting"]]
            for k in range(count):
                item = self.update_item.get(s["id"]) if k % 2 else None
                item = item or self.new_item.get(s["id"])
                meeting_id = self.item_meeting[item] if item else s["meeting"]
                start = meeting_start[meeting_id]
                deadline = start.date() + timedelta(days=rng.randint(2, 14))
                agency = owners[k % len(owners)]
                if s["state"] == "closed":
                    state = rng.choices(
                        ["done", "not_possible", "cancelled"], [85, 8, 7]
                    )[0]
                elif deadline < self.today - 3 * DAY and rng.random() < 0.7:
                    state = "done"
                else:
                    state = "open"
                done_on = None
                result = None
                if state == "done":
                    done_on = min(
                        deadline - timedelta(days=rng.randint(0, 2)), self.today
                    )
                    done_on = max(done_on, start.date())
                    result = rng.choice(ACTION_RESULTS)
                elif state == "not_possible":
                    result = "No longer possible; the situation changed."
                user = self.agency_user[agency]
                yield (
                    rng.choice(ACTION_NAMES),
                    s["id"],
                    meeting_id,
                    item,
                    s["table_id"],
                    agency,
                    user,
                    deadline,
                    state,
                    result,
                    done_on,
                    self.action_type,
                    self.table_info[s["table_id"]]["chair"],
                    start,
                    user if state != "open" else SUPERUSER_ID,
                    datetime.combine(done_on, datetime.min.time())
                    if done_on
                    else start,
                )

    # -- need-to-know records ---------------------------------------------
    def _granted(self, s):
        """focus.situation._granted_agencies, with the disclosure role of each."""
        if s["state"] not in ("accepted", "intervention", "closed"):
            return []
        info = self.table_info[s["table_id"]]
        origin = s["originating_agency_id"]
        if info["whole"]:
            agencies = info["agencies"]
        else:
            agencies = [s["lead_agency_id"], *s["assisting"]]
        result = []
        for agency in agencies:
            if agency == origin:
                continue
            if agency == s["lead_agency_id"]:
                role = "lead"
            elif agency in s["assisting"] and not info["whole"]:
                role = "assisting"
            else:
                role = "table"
            result.append((agency, role))
        return result

    def _load_disclosures_and_logs(self):
        rng = self.rng
        disclosures = []
        logs = []
        for s in self.situations:
            granted = self._granted(s)
            chair = self.table_info[s["table_id"]]["chair"]
            for agency, role in granted:
                disclosures.append(
                    (
                        s["date_decision"],
                        s["id"],
                        s["table_id"],
                        agency,
                        role,
                        s["disclosure_scope"],
                        s["disclosure_authority"],
                        s["consent_status"],
                        s["disclosure_authority"] != "consent",
                        chair,
                        chair,
                        s["date_decision"],
                        chair,
                        s["date_decision"],
                    )
                )
            identities = self.identities.get(s["id"])
            if not identities or not granted:
                continue
            # Reads by the agencies that need to know: the lead agency, then
            # sometimes the originating one, before the situation is closed.
            readers = [s["lead_agency_id"]]
            if rng.random() < ACCESS_LOGS_PER_SITUATION * 2 - 1:
                readers.append(s["originating_agency_id"])
            labels = ", ".join(f"#{i} {ROLE_LABELS[role]}" for i, role in identities)
            for agency in readers:
                when = s["date_decision"] + timedelta(minutes=rng.randint(30, 600))
                user = self.agency_user[agency]
                logs.append(
                    (
                        when,
                        user,
                        agency,
                        s["id"],
                        s["name"],
                        s["table_id"],
                        len(identities),
                        labels,
                        "form",
                        rng.choice(ACCESS_REASONS),
                        "/web/dataset/call_kw/focus.situation.identity/web_read",
                        True,
                        user,
                        when,
                        user,
                        when,
                    )
                )
        first_id = reserve_ids(self.cr, "focus_disclosure", len(disclosures))
        self.stats["disclosures"] = copy_rows(
            self.cr,
            "focus_disclosure",
            [
                "id",
                "date",
                "situation_id",
                "table_id",
                "agency_id",
                "role",
                "scope",
                "authority",
                "consent_status",
                "notice_due",
                "recorded_by_id",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            ((first_id + k, *row) for k, row in enumerate(disclosures)),
        )
        self.loaded_ids["focus.disclosure"] = list(
            range(first_id, first_id + len(disclosures))
        )
        logs.sort(key=lambda row: row[0])
        first_id = reserve_ids(self.cr, "focus_access_log", len(logs))
        self.stats["access_logs"] = copy_rows(
            self.cr,
            "focus_access_log",
            [
                "id",
                "date",
                "user_id",
                "agency_id",
                "situation_id",
                "situation_ref",
                "table_id",
                "identity_count",
                "identity_labels",
                "channel",
                "reason",
                "request_path",
                "flags_checked",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            ((first_id + k, *row) for k, row in enumerate(logs)),
        )
        self.loaded_ids["focus.access.log"] = list(
            range(first_id, first_id + len(logs))
        )

    # -- sequences and computes -------------------------------------------
    def _advance_sequences(self):
        for table_id, count in self.counters.items():
            self.cr.execute(
                "UPDATE ir_sequence SET number_next = number_next + %s WHERE id = %s",
                [count, self.table_info[table_id]["sequence"]],
            )

    def summary(self):
        return dict(self.stats, phases=dict(self.timer.phases))


def recompute_remaining(env, loaded_ids, log=print):
    """Recompute through the ORM the stored computes the SQL did not fill."""
    done = []
    for model in LOADED_MODELS:
        ids = loaded_ids.get(model) or []
        fnames = [
            f
            for f in stored_computes(env, model)
            if (model, f) not in MIRRORED_COMPUTES
        ]
        if not ids or not fnames:
            continue
        records = env[model].browse(ids)
        started = time.monotonic()
        for fname in fnames:
            field = records._fields[fname]
            for start in range(0, len(ids), RECOMPUTE_BATCH):
                batch = records.browse(ids[start : start + RECOMPUTE_BATCH])
                env.add_to_compute(field, batch)
                batch.flush_recordset([fname])
                env.invalidate_all()
        done.append(
            f"{model}: {', '.join(fnames)} ({time.monotonic() - started:.1f} s)"
        )
        log(f"  ORM recompute {done[-1]}")
    return done


def generate(env, situations=1000000, tables=60, agencies=150, seed=1, **kwargs):
    """Load the data into ``env``'s database (not committed); returns the loader."""
    return LoadGenerator(
        env,
        situations=situations,
        tables=tables,
        agencies=agencies,
        seed=seed,
        **kwargs,
    ).run()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--situations", type=int, default=1000000)
    parser.add_argument("--tables", type=int, default=60)
    parser.add_argument("--agencies", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    started = time.monotonic()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        loader = generate(
            env,
            situations=args.situations,
            tables=args.tables,
            agencies=args.agencies,
            seed=args.seed,
        )
        cr.commit()
        loader.timer.phase("commit")
    with registry.cursor() as cr:
        # ANALYZE cannot run inside the load's transaction block on every server.
        cr.execute("ANALYZE")
    loader.timer.phase("analyze")
    print(f"done in {time.monotonic() - started:.1f} s: {loader.stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
