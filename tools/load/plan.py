"""The plan of a load and its parameters: the shares, the mixes and the
word lists the generated records are drawn from, and the computes the SQL
mirrors."""

import hashlib
import hmac
from datetime import timedelta

SUPERUSER_ID = 1


DAY = timedelta(days=1)


YEARS = 10


SPAN_DAYS = 365 * YEARS


# State mix of a table's history (docs/ARCHITECTURE.md): most closed, ~5 % open.
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
# ``agency_count`` is written only when the field exists; no generated consent
# has an expiry or a withdrawal, so ``consent_ended`` is false.
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
        ("focus.situation", "consent_ended"),
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
