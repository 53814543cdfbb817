import base64
import csv
import io

from odoo.exceptions import AccessError

from ..wizards.focus_provincial_export import COUNT_COLUMNS, RECORD_COLUMNS
from .common import FocusReportCase


class TestProvincialExport(FocusReportCase):
    def export(self, user, export_type="records", tables=None):
        wizard = self.period_wizard(
            "focus.provincial.export", user, tables, export_type=export_type
        )
        action = wizard.action_export()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "done")
        raw = base64.b64decode(wizard.data)
        return wizard, raw, list(csv.reader(io.StringIO(raw.decode("utf-8"))))

    def test_records(self):
        wizard, raw, rows = self.export(self.user_archivist)
        self.assertEqual(rows[0], RECORD_COLUMNS)
        records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        self.assertEqual(len(records), 20)
        self.assertEqual(wizard.row_count, 20)
        self.assertEqual(
            {r["situation_ref"] for r in records}, set(self.quarter.mapped("name"))
        )
        self.assertEqual(
            wizard.filename, "focus_situations_TRV_2025-01-01_2025-03-31.csv"
        )
        # The file is stored as an attachment of the wizard, for download.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", wizard._name),
                    ("res_id", "=", wizard.id),
                    ("res_field", "=", "data"),
                ]
            )
        )
        self.assertEqual(attachment.raw, raw)

        first = next(
            r for r in records if r["situation_ref"] == self.intervened[0].name
        )
        self.assertEqual(first["table_code"], "TRV")
        self.assertEqual(first["decision"], "accepted")
        self.assertEqual(first["status"], "closed")
        self.assertEqual(first["date_presented"], "2025-01-06")
        self.assertEqual(first["date_decision"], "2025-01-06T10:00:00Z")
        self.assertEqual(first["date_intervention"], "2025-01-06T14:00:00Z")
        self.assertEqual(first["hours_to_intervention"], "4.00")
        self.assertEqual(first["within_target"], "Y")
        self.assertEqual(first["response_target_hours"], "48")
        self.assertEqual(first["originating_sector"], "t_police")
        self.assertEqual(first["lead_sector"], "t_health")
        self.assertEqual(first["assisting_sectors"], "t_police")
        self.assertEqual(first["agency_count"], "2")
        self.assertEqual(first["age_band"], "12_17")
        self.assertEqual(first["gender"], "female")
        self.assertEqual(first["subject_type"], "individual")
        self.assertEqual(
            first["risk_categories"],
            ";".join(sorted([self.cat_a.code, self.cat_b.code])),
        )
        self.assertEqual(first["protective_factors"], self.factor_protective.code)
        self.assertNotIn(self.factor_protective.code, first["risk_factors"].split(";"))
        self.assertEqual(first["conclusion"], "risk_lowered_connected")
        self.assertEqual(first["conclusion_outcome"], "risk_lowered")
        self.assertEqual(first["repeat_presentation"], "N")

        rejected = next(
            r for r in records if r["situation_ref"] == self.rejected[0].name
        )
        self.assertEqual(rejected["decision"], "rejected")
        for empty in (
            "lead_sector",
            "risk_categories",
            "date_intervention",
            "hours_to_intervention",
            "within_target",
            "agency_count",
        ):
            self.assertEqual(rejected[empty], "", empty)
        overdue = next(r for r in records if r["situation_ref"] == self.overdue.name)
        self.assertEqual(overdue["repeat_presentation"], "Y")
        self.assertEqual(overdue["within_target"], "")
        deferred = next(r for r in records if r["situation_ref"] == self.deferred.name)
        self.assertEqual(deferred["decision"], "pending")

        text = raw.decode("utf-8")
        for value in ("Quintrell", "Larkspur", "555-0199", self.IDENTITY_BIRTH):
            self.assertNotIn(value, text)

    def test_counts_are_suppressed(self):
        wizard, _raw, rows = self.export(self.user_chair, "counts")
        self.assertEqual(rows[0], COUNT_COLUMNS)
        counts = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        self.assertEqual(list(counts), ["2025-01", "2025-02", "2025-03"])
        self.assertEqual(wizard.filename, "focus_counts_TRV_2025-01-01_2025-03-31.csv")
        # January: 6 presented and accepted, closed 5 (i 0-4, all risk lowered).
        self.assertEqual(counts["2025-01"]["presented"], "6")
        self.assertEqual(counts["2025-01"]["accepted"], "6")
        self.assertEqual(counts["2025-01"]["rejected"], "0")
        self.assertEqual(counts["2025-01"]["concluded"], "6")
        self.assertEqual(counts["2025-01"]["risk_lowered"], "6")
        self.assertEqual(counts["2025-01"]["within_target"], "6")
        # February: 12 presented, 5 accepted, 6 rejected, 1 deferred.
        self.assertEqual(counts["2025-02"]["presented"], "12")
        self.assertEqual(counts["2025-02"]["accepted"], "5")
        self.assertEqual(counts["2025-02"]["rejected"], "6")
        self.assertEqual(counts["2025-02"]["pending"], "<5")
        self.assertEqual(counts["2025-02"]["concluded"], "<5")
        # March: 2 presented.
        self.assertEqual(counts["2025-03"]["presented"], "<5")
        self.assertEqual(counts["2025-03"]["repeat_presentations"], "<5")
        for row in rows[1:]:
            for value in row[2:]:
                self.assertIn(value, {"0", "<5"} | {str(n) for n in range(5, 100)})

    def test_access(self):
        with self.assertRaises(AccessError):
            self.export(self.user_police)
        self.user_archivist.focus_agency_id = self.school
        with self.assertRaises(AccessError):
            self.export(self.user_archivist, tables=self.table | self.table_north)
