import io

from odoo.exceptions import AccessError
from odoo.tools.pdf import PdfFileReader

from .common import FocusReportCase

CASE_REPORT = "focus_table_reports.action_report_situation_case"


class TestMultiPrint(FocusReportCase):
    """Several records selected and printed at once give one PDF, in their order,
    whichever wkhtmltopdf build the server has."""

    def test_several_case_reports_in_the_order_selected(self):
        chosen = self.intervened[2] | self.intervened[0] | self.intervened[1]
        self.assertEqual(chosen.ids[0], self.intervened[2].id)
        content = self.render_pdf(CASE_REPORT, chosen, self.user_chair)
        pages = len(PdfFileReader(io.BytesIO(content)).pages)
        self.assertGreaterEqual(pages, len(chosen))
        text = self.pdf_text(content)
        positions = [text.find(f"{s.name} · {self.table.name}") for s in chosen]
        self.assertNotIn(-1, positions, text[:500])
        self.assertEqual(positions, sorted(positions))
        # Every record printed on its own is still marked de-identified.
        self.assertGreaterEqual(text.count("CONFIDENTIAL – DE-IDENTIFIED"), len(chosen))
        self.assertNoIdentity(text)

    def test_a_record_the_user_cannot_read_stops_the_whole_print(self):
        chosen = self.intervened[0] | self.north_situation
        with self.assertRaises(AccessError):
            self.render_pdf(CASE_REPORT, chosen, self.user_police)
