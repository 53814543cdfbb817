import contextlib
import contextvars
import logging

from odoo import models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

MINUTES_REPORT = "focus_table_reports.action_report_meeting_minutes"
# Set by the approval step while it renders the document it archives: only then
# do the minutes print as approved. A report URL chooses its options, not this.
_APPROVING = contextvars.ContextVar("focus_minutes_approving", default=False)


@contextlib.contextmanager
def approving_minutes():
    token = _APPROVING.set(True)
    try:
        yield
    finally:
        _APPROVING.reset(token)


def is_approving():
    return _APPROVING.get()


class FocusMeeting(models.Model):
    _inherit = "focus.meeting"

    def _render_minutes_document(self):
        """Archive the approved minutes as the printed minutes (PDF).

        Falls back to the meetings feature's HTML document where no PDF can be
        made: wkhtmltopdf missing, or a test run that does not ask for PDFs.
        """
        self.ensure_one()
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() in ("install", "upgrade", "broken"):
            _logger.warning(
                "No usable wkhtmltopdf: the minutes of %s are archived as HTML.",
                self.name,
            )
            return super()._render_minutes_document()
        try:
            with approving_minutes():
                content, kind = Report._render_qweb_pdf(MINUTES_REPORT, self.ids)
        except UserError as error:
            raise UserError(
                self.env._(
                    "The minutes of %(meeting)s could not be printed, so they are "
                    "not approved: the meeting stays closed and nothing is "
                    "archived. %(error)s",
                    meeting=self.name,
                    error=error.args[0],
                )
            ) from error
        if kind != "pdf":
            return super()._render_minutes_document()
        title = self.env._("Minutes %(meeting)s", meeting=self.name)
        return content, f"{title}.pdf", "application/pdf"

    def action_print_minutes(self):
        """Print the approved minutes: the archived document, as hashed."""
        self.ensure_one()
        self.check_access("read")
        attachment = self.minutes_attachment_id
        if not attachment:
            raise UserError(
                self.env._(
                    "The minutes of %(meeting)s are not approved yet.",
                    meeting=self.name,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
