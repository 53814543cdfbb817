import io
import os
from collections import OrderedDict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
    generic,
)

FOCUS_REPORT_PREFIX = "focus_table_reports."
# The resources a page's content refers to by name, merged with the marks'.
RESOURCE_KINDS = (
    "/ExtGState",
    "/Font",
    "/XObject",
    "/ColorSpace",
    "/Pattern",
    "/Shading",
    "/Properties",
)
# Fonts the reports are set in; a standard PDF font when none is installed.
FONT_DIR = "/usr/share/fonts/truetype"
MARK_FONTS = (
    ("LiberationSans", f"{FONT_DIR}/liberation/LiberationSans-Regular.ttf"),
    ("DejaVuSans", f"{FONT_DIR}/dejavu/DejaVuSans.ttf"),
)
MARK_SIZE = 7.5
MARK_INSET = 14 * 72 / 25.4  # the paper format's side margins, in points
MARK_COLOR = (0x1F / 255, 0x3B / 255, 0x4D / 255)


def _mark_font():
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    for name, path in MARK_FONTS:
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont(name, path))
            return name
    return "Helvetica"


def stamp_pages(content, left, right, page_label):
    """Stamp ``left`` and ``right`` at the top of every page of the PDF
    ``content`` and ``page_label(number, count)`` at the bottom.

    wkhtmltopdf's body cannot count pages, and Debian's build (unpatched Qt)
    drops the HTML header and footer and does not repeat fixed elements, so the
    marks are drawn on the pages once they exist, whichever build made them.
    """
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    source = PdfFileReader(io.BytesIO(content), strict=False)
    count = len(source.pages)
    font = _mark_font()
    packet = io.BytesIO()
    marks = canvas.Canvas(packet)
    for index in range(count):
        box = source.pages[index].mediabox
        width, height = float(abs(box.width)), float(abs(box.height))
        marks.setPageSize((width, height))
        marks.setFillColorRGB(*MARK_COLOR)
        marks.setFont(font, MARK_SIZE)
        marks.drawString(MARK_INSET, height - 28, left)
        marks.drawRightString(width - MARK_INSET, height - 28, right)
        marks.drawRightString(width - MARK_INSET, 24, page_label(index + 1, count))
        marks.showPage()
    marks.save()
    overlay = PdfFileReader(packet)
    writer = PdfFileWriter()
    for index in range(count):
        page = source.pages[index]
        _lay_over(page, overlay.pages[index], writer)
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _lay_over(page, mark, writer):
    """Draw the small page ``mark`` over ``page``.

    The page's own content streams are kept as they are, between a save and a
    restore of the graphics state, and the marks' stream follows them: unlike
    ``merge_page``, which parses and rewrites the whole content of the page
    (seconds for the minutes of a long meeting), only the marks are parsed.
    """
    kind = type(page)
    resources = page["/Resources"].get_object()
    mark_resources = mark["/Resources"].get_object()
    merged = generic.DictionaryObject(resources)
    renamed = {}
    for name in RESOURCE_KINDS:
        new, renames = kind._merge_resources(resources, mark_resources, name)
        if new:
            merged[NameObject(name)] = new
            renamed.update(renames)
    procsets = {
        *resources.get("/ProcSet", ArrayObject()).get_object(),
        *mark_resources.get("/ProcSet", ArrayObject()).get_object(),
    }
    merged[NameObject("/ProcSet")] = ArrayObject(sorted(procsets))
    marks = kind._content_stream_rename(
        generic.ContentStream(mark.get_contents(), mark.pdf), renamed, page.pdf
    )
    parts = []
    if "/Contents" in page:
        contents = page.raw_get("/Contents")
        parts = contents.get_object()
        parts = list(parts) if isinstance(parts, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [_stream(writer, b"q\n"), *parts, _stream(writer, b"\nQ\n")]
        + [writer._add_object(marks)]
    )
    page[NameObject("/Resources")] = merged


def _stream(writer, data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Print several records of a Focus Table report one by one, then merge;
        mark every page of each record's document.

        The wkhtmltopdf build most servers have (unpatched Qt) cannot convert
        several documents in one call; one call per record works with either
        build. The merged PDF keeps the order of ``res_ids``, the order selected.
        """
        report = self._get_report(report_ref)
        if not report.report_name.startswith(FOCUS_REPORT_PREFIX):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids)
        ids = list(dict.fromkeys(res_ids or []))
        if len(ids) < 2 or len(ids) != len(res_ids):
            streams = super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids
            )
        else:
            streams = OrderedDict()
            for res_id in ids:
                streams.update(
                    super()._render_qweb_pdf_prepare_streams(
                        report_ref, dict(data or {}), [res_id]
                    )
                )
        for res_id, stream in streams.items():
            if stream.get("attachment") or not stream.get("stream"):
                continue  # a stored copy is printed as it was stored
            record = self.env[report.model].browse(res_id or [])
            if not record:
                continue
            content = stream["stream"].getvalue()
            if not content.startswith(b"%PDF"):
                # wkhtmltopdf's status 1 ("loaded with errors") is only logged
                # by Odoo, though it may have written no PDF at all.
                raise UserError(
                    self.env._(
                        "wkhtmltopdf made no PDF of %(report)s (see the server log).",
                        report=report.name,
                    )
                )
            left, right, page_label = self._focus_page_marks(record)
            stream["stream"] = io.BytesIO(stamp_pages(content, left, right, page_label))
        return streams

    def _focus_page_marks(self, record):
        """The marks of every page of ``record``'s document, in its language:
        the marking, the table and reference, and the page number."""
        if record._name == "focus.summary.wizard":
            tables = record.table_ids
            reference = record._period_label()
        else:
            tables = record.table_id
            reference = record.name
        env = self.with_context(lang=tables[:1].lang or self.env.lang).env
        marking = env._("CONFIDENTIAL – DE-IDENTIFIED")
        where = " · ".join(filter(None, [", ".join(tables.mapped("name")), reference]))

        def page_label(number, count):
            return env._("Page %(page)s of %(pages)s", page=number, pages=count)

        return marking, where, page_label
