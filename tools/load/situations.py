"""Situations through the Four Filters, with the stored computes of the ORM."""

from datetime import datetime, timedelta

from .copy_writer import copy_rows, reserve_ids
from .plan import (
    DAY,
    DECISION_NOTES,
    GENDERS,
    STATE_WEIGHTS,
    SUBJECT_TYPES,
    SUMMARY_CLOSINGS,
    SUMMARY_OPENINGS,
    SUMMARY_RISKS,
)


class SituationsLoader:
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
            # _compute_consent_ended: no generated consent expires or is withdrawn
            s["consent_ended"] = False
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
            granted = s["state"] in self.accepted_states
            s["agency_count"] = (
                bool(s["lead_agency_id"])
                + len([a for a in s["assisting"] if a != s["lead_agency_id"]])
                if granted
                else 0
            )

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
        for optional in ("agency_count", "disclosure_mode", "consent_ended"):
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
