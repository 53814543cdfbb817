import contextvars

from odoo import models

# Set while a report renders: a PDF renders its HTML first, logged once.
_RENDERING = contextvars.ContextVar("focus_report_rendering", default=False)


class IrActionsReport(models.Model):
    """Printed reports of Focus Table data are written to the export log."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        return self._render_logged(
            super()._render_qweb_pdf, report_ref, res_ids, data=data
        )

    def _render_qweb_html(self, report_ref, docids, data=None):
        return self._render_logged(
            super()._render_qweb_html, report_ref, docids, data=data
        )

    def _render_logged(self, render, report_ref, res_ids, data=None):
        if _RENDERING.get():
            return render(report_ref, res_ids, data=data)
        report = self._get_report(report_ref)
        logged = bool(report.model and report.model.startswith("focus.") and res_ids)
        if logged and not self.env.su:
            self.env["focus.export.log"]._check_writable()
        token = _RENDERING.set(True)
        try:
            result = render(report_ref, res_ids, data=data)
        finally:
            _RENDERING.reset(token)
        if logged:
            ids = [res_ids] if isinstance(res_ids, int) else list(res_ids)
            self.env["focus.export.log"]._log(
                "print",
                self.env[report.model].browse(ids),
                report_name=report.name,
            )
        return result
