from collections import OrderedDict

from odoo import models

FOCUS_REPORT_PREFIX = "focus_table_reports."


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Print several records of a Focus Table report one by one, then merge.

        The wkhtmltopdf build most servers have (unpatched Qt) cannot convert
        several documents in one call; one call per record works with either
        build. The merged PDF keeps the order of ``res_ids``, the order selected.
        """
        report = self._get_report(report_ref)
        ids = list(dict.fromkeys(res_ids or []))
        if (
            not report.report_name.startswith(FOCUS_REPORT_PREFIX)
            or len(ids) < 2
            or len(ids) != len(res_ids)
        ):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids)
        streams = OrderedDict()
        for res_id in ids:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(
                    report_ref, dict(data or {}), [res_id]
                )
            )
        return streams
