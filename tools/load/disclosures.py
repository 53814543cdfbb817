"""Need-to-know records: disclosures and identity access-log rows."""

from datetime import timedelta

from .copy_writer import copy_rows, reserve_ids
from .plan import ACCESS_LOGS_PER_SITUATION, ACCESS_REASONS, ROLE_LABELS


class DisclosuresLoader:
    def _granted(self, s):
        """focus.situation._granted_agencies, with the disclosure role of each
        (the generated agencies all hold agreements in force; no consent ends)."""
        if s["state"] not in self.accepted_states:
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
