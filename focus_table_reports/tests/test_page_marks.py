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

    def test_the_marks_leave_the_page_content_as_printed(self):
        """The marks are laid over the pages: each page's own content stream is
        kept byte for byte (not parsed and rewritten) and drawn first, and a
        font name both use (reportlab calls its first font F1 too) is told
        apart."""
        from reportlab.pdfgen import canvas  # noqa: PLC0415

        from ..models.ir_actions_report import stamp_pages  # noqa: PLC0415

        packet = io.BytesIO()
        document = canvas.Canvas(packet)
        for number in (1, 2):
            document.setFont("Courier", 11)
            document.drawString(72, 400, f"Body of page {number}")
            document.showPage()
        document.save()
        raw = packet.getvalue()
        stamped = stamp_pages(raw, "Left mark", "Right mark", lambda n, c: f"{n}/{c}")
        printed = PdfFileReader(io.BytesIO(raw)).pages
        pages = PdfFileReader(io.BytesIO(stamped)).pages
        self.assertEqual(len(pages), 2)
        for before, after in zip(printed, pages, strict=True):
            original = before.get_contents().get_data()
            parts = [part.get_object().get_data() for part in after["/Contents"]]
            self.assertEqual(parts[0].strip(), b"q")
            self.assertIn(original, parts)
            self.assertLess(parts.index(original), len(parts) - 1)
            self.assertGreaterEqual(len(after["/Resources"]["/Font"]), 2)
        texts = self.pdf_pages(stamped)
        for number, text in enumerate(texts, start=1):
            self.assertIn(f"Body of page {number}", text)
            self.assertIn("Left mark", text)
            self.assertIn(f"{number}/2", text)
