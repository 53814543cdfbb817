import base64
import csv
import io
from datetime import date

from ..wizards.focus_provincial_export import AREA_SERVICE_COLUMNS, RECORD_COLUMNS
from .common import FocusReportCase

SUMMARY = "focus_table_reports.action_report_periodic_summary"


class TestServicesStatistics(FocusReportCase):
    """Services mobilized, referral outcomes and areas of the controlled quarter,
    worked out by hand.

    Areas: intervened 0-5 and rejected 0-1 in Ward 3 (8), intervened 6-8 in
    Ward 4 (3), the 9 others without an area. Outside the period or the table:
    the situation presented on 1 Apr (Ward 3) and the Northgate one.

    Actions naming a service (H = housing sector, M = health, P = police):

    ===  ==============  =========  =======================  =========
    i    type            service    outcome                  state
    ===  ==============  =========  =======================  =========
    0    referral        H          accepted                 open
    0    referral        H (2nd)    completed                open
    1    referral        H          accepted                 open
    2    referral        M          declined by the person   open
    3    referral        M          waiting list             open
    4    referral        M          (none)                   open
    5    referral        M          declined by the service  cancelled
    6    task            P          (none)                   open
    7    referral        M          accepted                 open
    8-10 referral        H          accepted                 open
    ===  ==============  =========  =======================  =========

    Services mobilized per sector (distinct situations): housing 5 (i 0, 1,
    8, 9, 10), health 4 (i 2, 3, 4, 7), police 1 (i 6); 10 situations in all.
    Referrals not cancelled: 10 — accepted 6, completed 1, declined by the
    person 1, waiting list 1, not recorded 1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ward_3, cls.ward_4, cls.north_area = cls.env["focus.area"].create(
            [
                {"name": name, "code": code, "kind": kind, "table_id": table.id}
                for name, code, kind, table in (
                    ("Test Ward 3", "W3", "ward", cls.table),
                    ("Test Ward 4", "W4", "ward", cls.table),
                    ("Test North Division", "ND", "neighbourhood", cls.table_north),
                )
            ]
        )
        # Written as superuser, as a data migration would: closed and rejected
        # situations are frozen for everyone else.
        (cls.intervened[:6] | cls.rejected[:2] | cls.after).write(
            {"area_id": cls.ward_3.id}
        )
        cls.intervened[6:9].write({"area_id": cls.ward_4.id})
        cls.north_situation.area_id = cls.north_area

        cls.s_housing, cls.s_housing_2, cls.s_health, cls.s_police = cls.env[
            "focus.service"
        ].create(
            [
                {"name": name, "agency_id": agency.id}
                for name, agency in (
                    ("Test rent bank", cls.housing),
                    ("Test tenancy support", cls.housing),
                    ("Test crisis team", cls.health),
                    ("Test youth diversion", cls.police),
                )
            ]
        )
        referral = cls.env.ref("focus_table.focus_action_type_referral")
        task = cls.env.ref("focus_table.focus_action_type_task")

        def action(situation, service, outcome=False, kind=referral, agency=None):
            return cls.env["focus.action"].create(
                {
                    "name": "Refer to a service",
                    "situation_id": situation.id,
                    "agency_id": (agency or cls.health).id,
                    "date_deadline": "2025-03-15",
                    "action_type_id": kind.id,
                    "service_id": service.id,
                    "referral_outcome": outcome,
                }
            )

        i = cls.intervened
        action(i[0], cls.s_housing, "accepted")
        action(i[0], cls.s_housing_2, "completed")
        action(i[1], cls.s_housing, "accepted")
        action(i[2], cls.s_health, "declined_person")
        action(i[3], cls.s_health, "waiting_list")
        action(i[4], cls.s_health)
        action(i[5], cls.s_health, "declined_service").action_cancel()
        action(i[6], cls.s_police, kind=task)
        action(i[7], cls.s_health, "accepted")
        for situation in i[8:11]:
            action(situation, cls.s_housing, "accepted")
        # Outside the period or the table.
        action(cls.after, cls.s_police, "accepted")
        action(
            cls.north_situation,
            cls.s_police,
            "accepted",
            agency=cls.other_police,
        )
        cls.env.flush_all()

    def compute(self, user=None, tables=None):
        stats = self.env["focus.statistics"].with_user(user or self.user_archivist)
        return stats.compute(self.DATE_FROM, self.DATE_TO, tables or self.table)

    # ------------------------------------------------------------------
    # Statistics
    # ------------------------------------------------------------------
    def test_services_by_sector(self):
        figures = self.compute()
        self.assertEqual(
            figures["service_sectors"],
            [("Test Housing", 5), ("Test Health", 4), ("Test Police", 1)],
        )
        self.assertEqual(figures["situations_with_services"], 10)

    def test_referral_outcomes(self):
        figures = self.compute()
        self.assertEqual(figures["referrals"], 10)
        self.assertEqual(
            figures["referral_outcomes"],
            [
                ("Accepted", 6),
                ("Declined by the person", 1),
                ("Waiting list", 1),
                ("Completed", 1),
                ("Not recorded", 1),
            ],
        )

    def test_areas(self):
        figures = self.compute()
        self.assertEqual(
            figures["areas"],
            [("Test Ward 3", 8), ("Test Ward 4", 3), ("Not recorded", 9)],
        )
        # The administrator, over both tables: the Northgate situation joins.
        both = self.compute(self.user_manager, self.table | self.table_north)
        self.assertIn(("Test North Division", 1), both["areas"])
        self.assertEqual(
            both["service_sectors"],
            [("Test Housing", 5), ("Test Health", 4), ("Test Police", 2)],
        )

    def test_analysis_groups_by_area(self):
        Report = self.env["focus.situation.report"].with_user(self.user_archivist)
        domain = [
            ("date_presented", ">=", self.DATE_FROM),
            ("date_presented", "<=", self.DATE_TO),
        ]
        groups = dict(Report._read_group(domain, ["area_id"], ["__count"]))
        self.assertEqual(groups[self.ward_3], 8)
        self.assertEqual(groups[self.ward_4], 3)
        self.assertNotIn(self.north_area, groups)
        level = self.env.ref("focus_table.focus_intervention_level_intensive")
        self.intervened[0].intervention_level_id = level
        self.env.flush_all()
        levels = dict(
            Report._read_group(domain, ["intervention_level_id"], ["__count"])
        )
        self.assertEqual(levels[level], 1)

    # ------------------------------------------------------------------
    # Periodic summary
    # ------------------------------------------------------------------
    def test_summary_section(self):
        wizard = self.summary_wizard(self.user_archivist)
        rows = self.report_rows(SUMMARY, wizard, self.user_archivist)
        for label, value in (
            ("Situations with a service mobilized", "10"),
            ("Referrals to a service", "10"),
            ("Accepted", "6"),
            ("Declined by the person", "<5"),
            ("Waiting list", "<5"),
            ("Completed", "<5"),
            ("Test Ward 3", "8"),
            ("Test Ward 4", "<5"),
            ("Not recorded", "9"),
            ("Test Police", "<5"),
        ):
            self.assertFigure(rows, label, value)
        # Housing: 5 situations mobilized one of its services.
        self.assertIn("5", rows["Test Housing"])
        self.assertNotIn("1", [v for values in rows.values() for v in values])
        text = self.pdf_text(self.render_pdf(SUMMARY, wizard, self.user_archivist))
        self.assertIn("8. Services and referrals", text)
        self.assertIn("Services mobilized, by sector of the service", text)
        self.assertIn("9. Areas", text)
        self.assertNoIdentity(text)

    # ------------------------------------------------------------------
    # Provincial export
    # ------------------------------------------------------------------
    def export(self, user, tables):
        wizard = self.period_wizard(
            "focus.provincial.export", user, tables, export_type="records"
        )
        wizard.action_export()
        raw = base64.b64decode(wizard.data).decode("utf-8")
        rows = list(csv.reader(io.StringIO(raw)))
        return rows[0], {
            row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]
        }

    def test_export_without_opt_in(self):
        self.assertFalse(self.table.export_area_services)
        header, _records = self.export(self.user_archivist, self.table)
        self.assertEqual(header, RECORD_COLUMNS)

    def test_export_area_and_services(self):
        self.table.export_area_services = True
        header, records = self.export(self.user_archivist, self.table)
        self.assertEqual(header, RECORD_COLUMNS + AREA_SERVICE_COLUMNS)
        self.assertEqual(len(records), 20)
        i = self.intervened
        expected = {
            i[0]: ("W3", "2"),
            i[1]: ("W3", "1"),
            i[5]: ("W3", "0"),  # its only referral was cancelled
            i[6]: ("W4", "1"),  # a task naming a service mobilizes it too
            i[11]: ("", "0"),
            self.rejected[0]: ("W3", "0"),
            self.deferred: ("", "0"),
        }
        for situation, (area, services) in expected.items():
            row = records[situation.name]
            self.assertEqual(
                (row["area"], row["services_mobilized"]),
                (area, services),
                situation.name,
            )
        total = sum(int(r["services_mobilized"]) for r in records.values())
        self.assertEqual(total, 11)  # i 0 twice, i 1-4, 6-10 once

    def test_export_mixed_tables(self):
        """Only the tables that opt in fill the columns."""
        self.table.export_area_services = True
        header, records = self.export(self.user_manager, self.table | self.table_north)
        self.assertEqual(header[-2:], AREA_SERVICE_COLUMNS)
        north = records[self.north_situation.name]
        self.assertEqual((north["area"], north["services_mobilized"]), ("", ""))
        self.assertEqual(records[self.intervened[0].name]["area"], "W3")
        self.assertEqual(date.fromisoformat(north["date_presented"]), date(2025, 2, 1))
