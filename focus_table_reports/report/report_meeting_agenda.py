from odoo import api, models


class ReportMeetingAgenda(models.AbstractModel):
    _name = "report.focus_table_reports.report_meeting_agenda"
    _inherit = "focus.report.meeting"
    _description = "Meeting Agenda"

    _report_xmlid = "focus_table_reports.action_report_meeting_agenda"

    @api.model
    def _get_report_values(self, docids, data=None):
        meetings = self.env["focus.meeting"].browse(docids)
        self._check_meetings(meetings)
        return self._values(meetings, data)
