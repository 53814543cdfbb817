"""The records made through the ORM, so that every override runs: reference
data, agencies and their users, tables and areas."""

from datetime import timedelta

import pytz

from .plan import TZS


class OrmSetupLoader:
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
        # One chair and one archivist per table, in this order.
        self.chairs, self.archivists = (
            Users.create(
                [
                    user_vals(
                        f"load{self.tag}.{role}{t + 1:03d}",
                        f"{role.capitalize()} {self.tag}-{t + 1:03d}",
                        group,
                        self.agencies[t % len(self.agencies)],
                    )
                    for t in range(self.n_tables)
                ]
            )
            for role, group in (("chair", chair), ("archivist", archivist))
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
