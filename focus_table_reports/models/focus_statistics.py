import math
from collections import Counter
from datetime import date, datetime, time, timedelta
from itertools import combinations

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.focus_table.models.focus_situation import GENDERS, SUBJECT_TYPES
from odoo.addons.focus_table.models.focus_situation_workflow import ACCEPTED_STATES

# Counts from 1 to SMALL_COUNT - 1 are never printed or exported for outside readers.
SMALL_COUNT = 5
# Closed as risk lowered, a situation counts for lasting reduction once its
# twelve months of follow-up have passed.
FOLLOW_UP_MONTHS = 12


def percentile(values, pct):
    """Linear interpolation between closest ranks (as numpy's default).

    percentile(values, 50) is the median. None for an empty list.
    """
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * pct / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(numerator, denominator):
    """Percentage, None when there is nothing to divide."""
    if not denominator:
        return None
    return 100.0 * numerator / denominator


class FocusStatistics(models.AbstractModel):
    """De-identified statistics of one or more tables over a period.

    One computation serves the periodic summary, the provincial export and the
    tests. ``compute`` returns raw numbers; the ``format_*`` helpers apply the
    small-count rule to anything printed or exported for outside readers.
    Everything is read with the rights of the current user, who must chair or
    keep the archives of every table asked for (or administer focus tables).
    """

    _name = "focus.statistics"
    _description = "Focus Table Statistics"

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    @api.model
    def _check_tables(self, tables):
        """Only chairs and archivists of a table (or administrators) see its figures."""
        if not tables:
            raise UserError(self.env._("Choose at least one table."))
        user = self.env.user
        if user.has_group("focus_table.group_manager"):
            return
        if not user.has_group("focus_table.group_archivist"):
            raise AccessError(
                self.env._("Only chairs, archivists and administrators see statistics.")
            )
        # sudo: compares the user with the chairs and archivists of the tables.
        refused = tables.sudo().filtered(
            lambda t: user not in t.chair_ids and user not in t.archivist_ids
        )
        if refused:
            raise AccessError(
                self.env._(
                    "You do not chair or keep the archives of %(tables)s.",
                    tables=", ".join(refused.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Population
    # ------------------------------------------------------------------
    @api.model
    def _period_domain(self, date_from, date_to, tables):
        return [
            ("table_id", "in", tables.ids),
            ("state", "!=", "draft"),
            ("date_presented", ">=", date_from),
            ("date_presented", "<=", date_to),
        ]

    @api.model
    def _presented_situations(self, date_from, date_to, tables):
        """Situations presented at the tables in the period (the cohort)."""
        self._check_tables(tables)
        return self.env["focus.situation"].search(
            self._period_domain(date_from, date_to, tables), order="date_presented, id"
        )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def compute(self, date_from, date_to, tables):
        """Figures of the situations presented at ``tables`` from ``date_from`` to
        ``date_to`` (both included), and of the meetings held in that period.

        :return: a dict of raw numbers, recordsets and lists of (key, count)
            pairs, sorted for printing; see the keys below.
        """
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if date_from > date_to:
            raise UserError(self.env._("The period ends before it starts."))
        situations = self._presented_situations(date_from, date_to, tables)
        accepted = situations.filtered(lambda s: s.state in ACCEPTED_STATES)
        rejected = situations.filtered(lambda s: s.state == "rejected")
        result = {
            "date_from": date_from,
            "date_to": date_to,
            "tables": tables,
            "situations": situations,
            "presented": len(situations),
            "accepted": len(accepted),
            "rejected": len(rejected),
            "pending": len(situations) - len(accepted) - len(rejected),
            "acceptance_rate": ratio(len(accepted), len(accepted) + len(rejected)),
            "repeat": len(situations.filtered("is_repeat")),
        }
        result.update(self._compute_conclusions(situations))
        result.update(self._compute_timeliness(accepted))
        result.update(self._compute_risks(situations))
        result.update(self._compute_profile(situations, accepted))
        result.update(self._compute_months(situations, date_from, date_to))
        result.update(self._compute_meetings(date_from, date_to, tables))
        result.update(self._compute_services(situations))
        result["systemic_issues"] = self._systemic_issues(date_from, date_to, tables)
        return result

    @api.model
    def _systemic_issues(self, date_from, date_to, tables):
        """The systemic issues raised at ``tables`` in the period, oldest first."""
        return self.env["focus.systemic.issue"].search(
            [
                ("table_id", "in", tables.ids),
                ("date_raised", ">=", date_from),
                ("date_raised", "<=", date_to),
            ],
            order="date_raised, id",
        )

    @api.model
    def _compute_conclusions(self, situations):
        concluded = situations.filtered(
            lambda s: s.state == "closed" and s.conclusion_id
        )
        lowered = concluded.filtered(
            lambda s: s.conclusion_id.outcome == "risk_lowered"
        )
        counts = Counter(s.conclusion_id for s in concluded)
        conclusions = sorted(
            counts.items(), key=lambda kv: (kv[0].sequence, kv[0].name)
        )
        not_lowered = concluded.filtered(
            lambda s: s.conclusion_id.outcome == "still_aer"
        )
        followed_up, lasting = self._lasting(lowered)
        return {
            "concluded": len(concluded),
            "risk_lowered": len(lowered),
            "risk_lowered_rate": ratio(len(lowered), len(concluded)),
            "risk_not_lowered": len(not_lowered),
            "not_applicable": len(concluded) - len(lowered) - len(not_lowered),
            "outcome_base": len(lowered) + len(not_lowered),
            "lasting_base": len(followed_up),
            "lasting": len(lasting),
            "lasting_rate": ratio(len(lasting), len(followed_up)),
            "conclusions": conclusions,
        }

    @api.model
    def _lasting(self, lowered, today=None):
        """Of the situations closed as risk lowered whose twelve months of
        follow-up have passed (on ``today``), those not presented again within
        them."""
        today = today or fields.Date.context_today(self)
        horizon = today - relativedelta(months=FOLLOW_UP_MONTHS)
        followed_up = lowered.filtered(lambda s: s.date_closed < horizon)
        lasting = followed_up.filtered(
            lambda s: (
                not s.represented_on
                or s.represented_on
                > s.date_closed + relativedelta(months=FOLLOW_UP_MONTHS)
            )
        )
        return followed_up, lasting

    @api.model
    def _compute_timeliness(self, accepted):
        """Hours from the acceptance decision to the first intervention.

        A situation still waiting past its target counts as outside the target;
        one still within its window is left out of the rate.
        """
        now = fields.Datetime.now()
        done = accepted.filtered("date_intervention")
        hours = done.mapped("intervention_hours")
        late_waiting = accepted.filtered(
            lambda s: not s.date_intervention and s.date_target and s.date_target < now
        )
        within = len(done.filtered("within_target"))
        base = len(done) + len(late_waiting)
        bands = []
        lower = None
        for upper, label in self._hour_bands():
            count = sum(
                1
                for h in hours
                if (lower is None or h > lower) and (upper is None or h <= upper)
            )
            bands.append((label, count))
            lower = upper
        agencies = [
            len(s.lead_agency_id) + len(s.assisting_agency_ids - s.lead_agency_id)
            for s in accepted
        ]
        return {
            "interventions": len(done),
            "hours": sorted(hours),
            "median_hours": percentile(hours, 50),
            "p90_hours": percentile(hours, 90),
            "within_target": within,
            "waiting_past_target": len(late_waiting),
            "target_base": base,
            "within_target_rate": ratio(within, base),
            "hour_bands": bands,
            "agencies_per_situation": (
                sum(agencies) / len(agencies) if agencies else None
            ),
        }

    @api.model
    def _hour_bands(self):
        """Bands of the timeliness chart: (upper bound in hours, label)."""
        return [
            (24, self.env._("up to 24 h")),
            (48, self.env._("24 to 48 h")),
            (72, self.env._("48 to 72 h")),
            (None, self.env._("over 72 h")),
        ]

    @api.model
    def _compute_risks(self, situations):
        """Risk categories (protective ones left out) and the pairs found together."""
        categories = Counter()
        pairs = Counter()
        for situation in situations:
            risk = situation.risk_factor_ids.filtered(
                lambda f: not f.is_protective and not f.category_id.is_protective
            ).category_id
            categories.update(risk)
            ordered = risk.sorted(lambda c: (c.sequence, c.name, c.id))
            pairs.update(combinations(ordered, 2))

        def top(counter):
            return sorted(
                counter.items(),
                key=lambda kv: (-kv[1], " / ".join(c.name for c in as_tuple(kv[0]))),
            )

        return {
            "risk_categories": top(categories),
            "category_pairs": top(pairs),
            "situations_with_risks": len(situations.filtered("risk_factor_ids")),
        }

    @api.model
    def _compute_profile(self, situations, accepted):
        not_recorded = self.env._("Not recorded")
        ages = Counter(s.age_band_id or False for s in situations)
        age_bands = [
            (band.name, ages[band])
            for band in self.env["focus.age.band"]
            .with_context(active_test=False)
            .search([("id", "in", [b.id for b in ages if b])])
        ]
        if ages.get(False):
            age_bands.append((not_recorded, ages[False]))

        def selection(values, key):
            counts = Counter(s[key] or False for s in situations)
            rows = [(label, counts[code]) for code, label in values if counts[code]]
            if counts.get(False):
                rows.append((not_recorded, counts[False]))
            return rows

        def sectors(records, field):
            counts = Counter(s[field].sector_id or False for s in records)
            rows = sorted(
                ((sector.name, n) for sector, n in counts.items() if sector),
                key=lambda kv: (-kv[1], kv[0]),
            )
            return rows

        return {
            "age_bands": age_bands,
            "genders": selection(GENDERS, "gender"),
            "subject_types": selection(SUBJECT_TYPES, "subject_type"),
            "originating_sectors": sectors(situations, "originating_agency_id"),
            "lead_sectors": sectors(accepted, "lead_agency_id"),
        }

    @api.model
    def _mobilizing_actions(self, situations):
        """Actions of ``situations`` that name a service and were not cancelled."""
        return self.env["focus.action"].search(
            [
                ("situation_id", "in", situations.ids),
                ("service_id", "!=", False),
                ("state", "!=", "cancelled"),
            ]
        )

    @api.model
    def _compute_services(self, situations):
        """Services mobilized, referral outcomes and areas of the situations.

        - ``service_sectors``: (sector name, situations) — the number of distinct
          situations with at least one action naming a service of that sector;
        - ``referral_outcomes``: (outcome label, referrals) — referral actions
          (not cancelled) by outcome, those without one as "Not recorded";
        - ``areas``: (area name, situations), those without an area last.
        """
        not_recorded = self.env._("Not recorded")
        actions = self._mobilizing_actions(situations)
        by_sector = {}
        for action in actions:
            sector = action.service_id.sector_id
            by_sector.setdefault(sector, set()).add(action.situation_id.id)
        service_sectors = sorted(
            (
                (sector.name or not_recorded, len(ids))
                for sector, ids in by_sector.items()
            ),
            key=lambda kv: (-kv[1], kv[0]),
        )
        referrals = self.env["focus.action"].search(
            [
                ("situation_id", "in", situations.ids),
                ("action_type_id.is_referral", "=", True),
                ("state", "!=", "cancelled"),
            ]
        )
        outcomes = Counter(a.referral_outcome or False for a in referrals)
        selection = self.env["focus.action"]._fields["referral_outcome"]
        referral_outcomes = [
            (label, outcomes[code])
            for code, label in selection._description_selection(self.env)
            if outcomes[code]
        ]
        if outcomes.get(False):
            referral_outcomes.append((not_recorded, outcomes[False]))
        area_counts = Counter(s.area_id or False for s in situations)
        areas = sorted(
            ((area.name, n) for area, n in area_counts.items() if area),
            key=lambda kv: (-kv[1], kv[0]),
        )
        if area_counts.get(False):
            areas.append((not_recorded, area_counts[False]))
        return {
            "service_sectors": service_sectors,
            "situations_with_services": len(actions.situation_id),
            "referrals": len(referrals),
            "referral_outcomes": referral_outcomes,
            "areas": areas,
        }

    @api.model
    def _month_starts(self, date_from, date_to):
        """First day of each calendar month the period touches."""
        months = []
        current = date_from.replace(day=1)
        while current <= date_to:
            months.append(current)
            current = (current + timedelta(days=32)).replace(day=1)
        return months

    @api.model
    def _compute_months(self, situations, date_from, date_to):
        rows = []
        for month in self._month_starts(date_from, date_to):
            of_month = situations.filtered(
                lambda s, m=month: (
                    (s.date_presented.year, s.date_presented.month) == (m.year, m.month)
                )
            )
            rows.append(
                {
                    "month": month,
                    "presented": len(of_month),
                    "accepted": len(
                        of_month.filtered(lambda s: s.state in ACCEPTED_STATES)
                    ),
                    "rejected": len(of_month.filtered(lambda s: s.state == "rejected")),
                }
            )
        return {"months": rows}

    @api.model
    def _compute_meetings(self, date_from, date_to, tables):
        """Meetings held (closed or approved) and attendance of the agencies
        expected; guests are left out."""
        # Searched a day wider, then kept by the date in the table's timezone.
        start = datetime.combine(date_from - timedelta(days=1), time.min)
        stop = datetime.combine(date_to + timedelta(days=2), time.min)
        meetings = (
            self.env["focus.meeting"]
            .search(
                [
                    ("table_id", "in", tables.ids),
                    ("state", "in", ("done", "approved")),
                    ("date_start", ">=", start),
                    ("date_start", "<", stop),
                ]
            )
            .filtered(lambda m: date_from <= m._local_date() <= date_to)
        )
        expected = meetings.attendance_ids.filtered(
            lambda a: a.status in ("present", "absent", "excused")
        )
        present = expected.filtered(lambda a: a.status == "present")
        return {
            "meetings": meetings,
            "meetings_held": len(meetings),
            "attendance_expected": len(expected),
            "attendance_present": len(present),
            "attendance_rate": ratio(len(present), len(expected)),
        }

    # ------------------------------------------------------------------
    # Small counts: what outside readers may see
    # ------------------------------------------------------------------
    @api.model
    def is_small(self, count):
        return bool(count) and 0 < count < SMALL_COUNT

    @api.model
    def format_count(self, count):
        """0 stays 0; 1 to 4 print as "<5"; larger counts print as they are."""
        if count is None:
            return "–"
        if self.is_small(count):
            return f"<{SMALL_COUNT}"
        return str(int(count))

    @api.model
    def format_rate(self, numerator, denominator, digits=0):
        """A percentage, printed only when it cannot give away a count under 5."""
        if not denominator or self.is_small(numerator) or self.is_small(denominator):
            return "–"
        return f"{100.0 * numerator / denominator:.{digits}f} %"

    @api.model
    def format_hours(self, value, sample_size):
        """A statistic of hours, printed only when it rests on at least 5 values."""
        if value is None or sample_size < SMALL_COUNT:
            return "–"
        return f"{value:.1f} h"


def as_tuple(key):
    return key if isinstance(key, tuple) else (key,)


def quarter_bounds(day):
    """First and last day of the calendar quarter holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    return start, end
