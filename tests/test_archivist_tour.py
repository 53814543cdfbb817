"""The archivist's round, in the browser: the situation statistics, the
periodic summary and the provincial export, on the demo data."""

import base64
import csv
import io

from odoo.tests import HttpCase


class TestArchivistTour(HttpCase):
    # Odoo tags the tests of an addon from its module path; these cross-addon
    # tests live beside the addons, so they say it themselves.
    test_tags = {"standard", "post_install"}
    test_module = "focus_table_reports"

    def setUp(self):
        super().setUp()
        self.archivist = self.env.ref(
            "focus_table.user_riverside_archivist", raise_if_not_found=False
        )
        if not self.archivist:
            self.skipTest("Installed without demo data.")

    def test_archivist_analyses_prints_and_exports(self):
        # The tour waits for the summary dialog to close, which the web client
        # does only once /report/download has answered with the file.
        self.start_tour(
            "/odoo/action-focus_table_reports.focus_situation_report_action",
            "focus_archivist_tour",
            login="riverside.archivist",
        )
        archivist = self.archivist
        riverside = self.env.ref("focus_table.focus_table_riverside")

        # The summary was asked for Riverside; its Print button gives the
        # summary report, which the browser downloaded.
        summary = self.env["focus.summary.wizard"].search(
            [("create_uid", "=", archivist.id)]
        )
        self.assertEqual(len(summary), 1)
        self.assertEqual(summary.table_ids, riverside)
        action = summary.with_user(archivist).action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "focus_table_reports.report_periodic_summary"
        )
        self.assertEqual(action["context"]["active_ids"], summary.ids)
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(archivist)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(action["report_name"], summary.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))

        # The export file holds one row per situation presented in the period.
        export = self.env["focus.provincial.export"].search(
            [("create_uid", "=", archivist.id)]
        )
        self.assertEqual(len(export), 1)
        self.assertEqual(export.state, "done")
        self.assertEqual(export.table_ids, riverside)
        self.assertTrue(export.filename.endswith(".csv"))
        rows = list(csv.reader(io.StringIO(base64.b64decode(export.data).decode())))
        self.assertEqual(rows[0], export._record_columns())
        presented = (
            self.env["focus.statistics"]
            .with_user(archivist)
            ._presented_situations(export.date_from, export.date_to, riverside)
        )
        self.assertEqual(export.row_count, len(presented))
        self.assertEqual([row[0] for row in rows[1:]], presented.mapped("name"))
