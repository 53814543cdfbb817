"""The model of the rules that the process walk (test_process_walk.py) checks
the database against: who may take which step, who needs to know, and what the
statistics and the frozen records must say, each computed from the source rows.

Everything here reads as superuser (``sudo`` / SQL) on purpose: it is the
oracle the users' own reads are compared with, never shown to a user.
"""

import hashlib
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

from odoo.addons.focus_table.models.focus_situation_identity import (
    IDENTIFYING_FIELDS,
)
from odoo.addons.focus_table.models.focus_situation_workflow import (
    ACCEPTED_STATES,
    FROZEN_STATES,
)

from .fact_counts import recount_risk_facts, stored_risk_facts  # noqa: F401 (the walk's)

# The roles of the walk: attribute names of FocusTableCase's users.
USERS = (
    "user_police",
    "user_health",
    "user_housing",
    "user_school",
    "user_other",
    "user_chair",
    "user_archivist",
    "user_manager",
)

# What a refused operation may raise: anything else is a failure of the walk.
# The de-identified fields a rejected or closed situation keeps unchanged (the
# purge only deletes identities and stamps identity_purged_on).
FROZEN_FIELDS = (
    "state",
    "name",
    "table_id",
    "originating_agency_id",
    "lead_agency_id",
    "assisting_agency_ids",
    "risk_factor_ids",
    "subject_type",
    "age_band_id",
    "gender",
    "summary",
    "notes",
    "decision_note",
    "date_received",
    "date_submitted",
    "date_presented",
    "date_decision",
    "date_intervention",
    "date_closed",
    "conclusion_id",
    "consent_status",
    "disclosure_authority",
    "disclosure_mode",
    "presenter_id",
    "area_id",
    "intervention_level_id",
)

# Hypothesis keeps a cache of the constants of the code it generates from
# (besides its example database, which the walk does not use) in ./.hypothesis:
# out of the repository, in the temporary directory.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "focus_walk_hypothesis")

# Default CI budget: small, derandomized. `make fuzz` sets FOCUS_WALK_STEPS.
CI_EXAMPLES = 6
CI_STEPS = 15


def walk_settings(done_steps=0):
    """Hypothesis settings of the walk, from the environment.

    ``FOCUS_WALK_STEPS`` (total steps, `make fuzz`) and ``FOCUS_WALK_STEP_COUNT``
    (steps per example) turn the walk into a random fuzz run; without them it is
    the small, reproducible run of `make test`; ``done_steps`` of the fuzz run
    are already walked. No example database either way
    (``database=None``): nothing is written in the repository.
    """
    total = int(os.environ.get("FOCUS_WALK_STEPS") or 0)
    per_example = int(os.environ.get("FOCUS_WALK_STEP_COUNT") or 50)
    common = {
        "database": None,
        "deadline": None,
        "suppress_health_check": list(HealthCheck),
        "print_blob": True,
    }
    if total:
        return settings(
            max_examples=max(1, math.ceil((total - done_steps) / per_example)),
            stateful_step_count=per_example,
            derandomize=False,
            **common,
        )
    return settings(
        max_examples=CI_EXAMPLES,
        stateful_step_count=CI_STEPS,
        derandomize=True,
        # A failure in CI is replayed and explained, not minimised for minutes.
        phases=(Phase.explicit, Phase.generate, Phase.explain),
        **common,
    )


# ----------------------------------------------------------------------
# Who may do what (the rules as the design states them)
# ----------------------------------------------------------------------
def is_chair(user, situation):
    return user in situation.sudo().table_id.chair_ids


def may_submit(user, situation):
    return (
        situation.state == "draft"
        and bool(user.focus_agency_id)
        and user.focus_agency_id == situation.originating_agency_id
    )


def may_decide(user, situation):
    return situation.state == "submitted" and is_chair(user, situation)


def may_change_agencies(user, situation):
    return situation.state in ("accepted", "intervention") and is_chair(user, situation)


def is_lead_or_chair(user, situation):
    agency = user.focus_agency_id
    return is_chair(user, situation) or (
        bool(agency) and agency == situation.lead_agency_id
    )


def may_intervene(user, situation):
    return situation.state == "accepted" and is_lead_or_chair(user, situation)


def may_close(user, situation):
    return situation.state == "intervention" and is_lead_or_chair(user, situation)


def may_reopen(user, situation):
    return situation.state == "closed" and is_chair(user, situation)


def needs_to_know(user, situation):
    """Design §4, without overrides or ended consents (the walk makes none):
    the originating agency, and once accepted the lead and assisting agencies
    (every agency of the table under whole-table disclosure), under an agreement
    in force."""
    agency = user.focus_agency_id
    if not agency:
        return False
    if agency == situation.originating_agency_id:
        return True
    if situation.state not in ACCEPTED_STATES:
        return False
    if situation.disclosure_mode == "whole_table":
        named = situation.table_id.agency_ids
    else:
        named = situation.lead_agency_id | situation.assisting_agency_ids
    return agency in named and agency.isa_state in ("valid", "expiring")


def simple_need_to_know_applies(situation):
    """Whether ``needs_to_know`` is the whole rule for this situation."""
    return not situation.consent_ended and not situation.disclosure_ids.filtered(
        "isa_override"
    )


# ----------------------------------------------------------------------
# Snapshots
# ----------------------------------------------------------------------
def frozen_snapshot(situation, author_partners):
    """De-identified fields, and the walk users' messages, of a frozen situation."""
    situation = situation.sudo()
    values = {}
    for name in FROZEN_FIELDS:
        value = situation[name]
        if hasattr(value, "ids"):
            value = tuple(sorted(value.ids))
        values[name] = value
    values["messages"] = tuple(
        sorted(
            situation.message_ids.filtered(lambda m: m.author_id in author_partners).ids
        )
    )
    return values


def minutes_snapshot(meeting):
    """What an approved meeting's record is: its archive, hash, minutes, items."""
    meeting = meeting.sudo()
    attachment = meeting.minutes_attachment_id
    return {
        "state": meeting.state,
        "sha256": meeting.minutes_sha256,
        "attachment": attachment.id,
        "archive_sha256": attachment.raw and hashlib.sha256(attachment.raw).hexdigest(),
        "minutes": str(meeting.minutes or ""),
        "items": tuple(
            (i.id, i.kind, i.situation_id.id, i.decision, i.notes or "")
            for i in meeting.item_ids
        ),
        "attendance": tuple(
            (a.id, a.user_id.id, a.agency_id.id) for a in meeting.attendance_ids
        ),
    }


# ----------------------------------------------------------------------
# Statistics recounted from the situations
# ----------------------------------------------------------------------
OUTCOME_SUMS = (
    "situation_count",
    "accepted_count",
    "intervention_count",
    "within_target_count",
    "repeat_count",
    "represented_count",
)


def _month(day):
    return day and day.replace(day=1)


def recount_outcome_facts(env):
    """focus.outcome.fact counted situation by situation, through the ORM."""
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    situations = (
        env["focus.situation"]
        .sudo()
        .with_context(active_test=False)
        .search([("state", "!=", "draft"), ("date_presented", "!=", False)])
    )
    facts = {}
    for s in situations:
        key = (
            s.table_id.id,
            _month(s.date_presented),
            s.area_id.id or False,
            s.lead_agency_id.sector_id.id or False,
            s.conclusion_outcome or False if s.state == "closed" else False,
            _month(s.date_closed) or False,
        )
        row = facts.setdefault(key, Counter())
        row["situation_count"] += 1
        row["accepted_count"] += s.state in ACCEPTED_STATES
        row["intervention_count"] += bool(s.date_intervention)
        row["within_target_count"] += bool(s.within_target)
        row["repeat_count"] += bool(s.is_repeat)
        row["represented_count"] += bool(
            s.date_closed
            and s.represented_on
            and s.represented_on <= s.date_closed + relativedelta(months=12)
        )
    return {key: {n: row[n] for n in OUTCOME_SUMS} for key, row in facts.items()}


def stored_outcome_facts(env):
    facts = {}
    for fact in env["focus.outcome.fact"].sudo().search([]):
        key = (
            fact.table_id.id,
            fact.date_month,
            fact.area_id.id or False,
            fact.lead_sector_id.id or False,
            fact.outcome or False,
            fact.date_closed_month or False,
        )
        assert key not in facts, f"two outcome facts for one grain {key}"
        facts[key] = {n: fact[n] for n in OUTCOME_SUMS}
    return facts


__all__ = [
    "FROZEN_STATES",
    "IDENTIFYING_FIELDS",
    "USERS",
    "frozen_snapshot",
    "minutes_snapshot",
    "walk_settings",
]
