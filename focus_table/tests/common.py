from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class FocusTableCase(TransactionCase):
    """Two tables, agencies of several sectors and one test user per role.

    Riverside (RIV): police, mental health, housing, school; Northgate (NTH): a
    police agency of its own and the same school board.
    """

    # Every agency of the fixture shares under an agreement in force.
    ISA_SIGNED = fields.Date.today() - timedelta(days=365)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        Sector = cls.env["focus.sector"]
        cls.sector_police = Sector.create({"name": "Test Police", "code": "t_police"})
        cls.sector_health = Sector.create({"name": "Test Health", "code": "t_health"})
        cls.sector_housing = Sector.create(
            {"name": "Test Housing", "code": "t_housing"}
        )
        cls.sector_school = Sector.create({"name": "Test School", "code": "t_school"})
        (
            cls.police,
            cls.health,
            cls.housing,
            cls.school,
            cls.other_police,
            cls.chair_agency,
        ) = cls.env["focus.agency"].create(
            [
                {"name": name, "sector_id": sector.id, "isa_signed_on": cls.ISA_SIGNED}
                for name, sector in (
                    ("Test Police Service", cls.sector_police),
                    ("Test Mental Health", cls.sector_health),
                    ("Test Housing Corp", cls.sector_housing),
                    ("Test School Board", cls.sector_school),
                    ("Test North Police", cls.sector_police),
                    ("Test Safety Office", cls.sector_school),
                )
            ]
        )

        def user(login, groups, agency):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                focus_agency_id=agency.id,
                email=f"{login}@example.com",
            )

        member = "base.group_user,focus_table.group_member"
        cls.user_police = user("t_police", member, cls.police)
        cls.user_health = user("t_health", member, cls.health)
        cls.user_housing = user("t_housing", member, cls.housing)
        cls.user_school = user("t_school", member, cls.school)
        cls.user_other = user("t_north_police", member, cls.other_police)
        cls.user_chair = user(
            "t_chair", "base.group_user,focus_table.group_chair", cls.chair_agency
        )
        cls.user_archivist = user(
            "t_archivist",
            "base.group_user,focus_table.group_archivist",
            cls.chair_agency,
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="t_manager",
            groups="base.group_user,focus_table.group_manager",
            email="t_manager@example.com",
        )
        Table = cls.env["focus.table"]
        cls.table = Table.create(
            {
                "name": "Test Riverside",
                "code": "TRV",
                "chair_ids": [Command.set(cls.user_chair.ids)],
                "archivist_ids": [Command.set(cls.user_archivist.ids)],
                "agency_ids": [
                    Command.set(
                        (
                            cls.police
                            | cls.health
                            | cls.housing
                            | cls.school
                            | cls.chair_agency
                        ).ids
                    )
                ],
            }
        )
        cls.table_north = Table.create(
            {
                "name": "Test Northgate",
                "code": "TNG",
                "agency_ids": [Command.set((cls.other_police | cls.school).ids)],
            }
        )
        cls.age_band = cls.env.ref("focus_table.focus_age_band_12_17")
        cls.factors = cls.env["focus.risk.factor"].search(
            [("is_protective", "=", False)], limit=3
        )
        cls.conclusion = cls.env["focus.conclusion"].search(
            [("outcome", "=", "risk_lowered")], limit=1
        )

    @classmethod
    def _utc_meeting(cls, date_start):
        """A Riverside meeting at ``date_start``, in UTC, mailing no invitation."""
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        cls.table.meeting_tz = "UTC"
        return cls.env["focus.meeting"].create(
            {"table_id": cls.table.id, "date_start": date_start}
        )

    @classmethod
    def _situation_vals(cls, **overrides):
        vals = {
            "table_id": cls.table.id,
            "date_received": fields.Date.today() - timedelta(days=3),
            "originating_agency_id": cls.police.id,
            "subject_type": "individual",
            "age_band_id": cls.age_band.id,
            "gender": "male",
            "risk_factor_ids": [Command.set(cls.factors.ids)],
            "summary": "Youth repeatedly missing from home; threats to a sibling.",
            "consent_status": "obtained",
            "disclosure_authority": "consent",
        }
        vals.update(overrides)
        return vals

    def _new_situation(self, **overrides):
        return self.env["focus.situation"].create(self._situation_vals(**overrides))

    def _accepted_situation(self, **overrides):
        situation = self._new_situation(**overrides)
        situation.action_submit()
        situation.date_decision = fields.Datetime.now() - timedelta(hours=4)
        situation.action_accept()
        return situation

    def _flush_tracking(self):
        """Write pending tracking messages, as a commit would."""
        self.env.flush_all()
        self.env.cr.flush()

    def _snapshot(self, record):
        """The stored values of a record, to prove a refused step changed nothing."""
        record.invalidate_recordset()
        names = [
            name
            for name, field in record._fields.items()
            if field.store and name not in ("write_date", "__last_update")
        ]
        return record.read(names)[0]
