import io

from odoo.tools.pdf import PdfFileReader

from .common import FocusReportCase

CASE_REPORT = "focus_table_reports.action_report_situation_case"
SUMMARY_REPORT = "focus_table_reports.action_report_periodic_summary"
MARKING = "CONFIDENTIAL – DE-IDENTIFIED"
# A de-identified paragraph, repeated up to the length limit of a text field.
FILLER = "The household needs more support from the agencies around the table. "


class TestPageMarks(FocusReportCase):
    """Every page of a printed document carries the marking, the table and
    reference and its page number, whichever wkhtmltopdf build printed it (the
    machine's is Debian's, which drops HTML headers and footers)."""

    def assertPagesMarked(self, content, documents):
        """``documents`` lists (reference line, page count) in print order."""
        pages = self.pdf_pages(content)
        self.assertEqual(len(pages), len(PdfFileReader(io.BytesIO(content)).pages))
        self.assertEqual(len(pages), sum(count for _line, count in documents))
        position = 0
        for line, count in documents:
            for number in range(1, count + 1):
                text = pages[position]
                position += 1
                self.assertIn(MARKING, text, f"page {position}")
                self.assertIn(line, text, f"page {position}")
                self.assertIn(f"Page {number} of {count}", text, f"page {position}")

    def _long_situation(self):
        situation = self.intervened[9]
        text = (FILLER * 80)[:4900].strip()
        situation.write({"summary": text, "decision_note": text})
        return situation

    def test_every_page_of_a_long_case_report_is_marked(self):
        situation = self._long_situation()
        content = self.render_pdf(CASE_REPORT, situation, self.user_chair)
        count = len(PdfFileReader(io.BytesIO(content)).pages)
        self.assertGreaterEqual(count, 2, "the case report should run over pages")
        line = f"{self.table.name} · {situation.name}"
        self.assertPagesMarked(content, [(line, count)])

    def test_each_document_of_a_multi_print_counts_its_own_pages(self):
        long_one = self._long_situation()
        short_one = self.intervened[0]
        chosen = short_one | long_one
        alone = {
            s: len(
                PdfFileReader(
                    io.BytesIO(self.render_pdf(CASE_REPORT, s, self.user_chair))
                ).pages
            )
            for s in chosen
        }
        content = self.render_pdf(CASE_REPORT, chosen, self.user_chair)
        self.assertPagesMarked(
            content,
            [(f"{self.table.name} · {s.name}", alone[s]) for s in chosen],
        )

    def test_every_page_of_the_periodic_summary_is_marked(self):
        wizard = self.summary_wizard(self.user_archivist)
        content = self.render_pdf(SUMMARY_REPORT, wizard, self.user_archivist)
        count = len(PdfFileReader(io.BytesIO(content)).pages)
        line = f"{self.table.name} · {wizard._period_label()}"
        self.assertPagesMarked(content, [(line, count)])
