"""Identity records, repeat links and the retention purge already passed."""

from datetime import date, timedelta

from .copy_writer import copy_rows, reserve_ids
from .plan import (
    IDENTITY_ROLES,
    IDENTITY_SHARE,
    REPEAT_SHARE,
    STREET_KINDS,
    made_up_name,
    repeat_key,
)


class IdentitiesLoader:
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
