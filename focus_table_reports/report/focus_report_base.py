from odoo import api, fields, models
from odoo.exceptions import AccessError

# System fonts, set inline so that they hold even when the style sheet cannot be
# fetched: web fonts end up as outlines in the PDF, which cannot be searched,
# copied or read aloud.
FONT_STYLE = (
    "font-family: 'Liberation Sans', 'DejaVu Sans', Arial, Helvetica, sans-serif;"
)


class FocusReportBase(models.AbstractModel):
    """What every printed Focus Table document checks and offers its template.

    Printing is a read: the user needs one of the groups of the report action
    and read access to every record printed. The check is made before anything
    is rendered, whatever the caller (Print menu, RPC, another model).
    """

    _name = "focus.report.base"
    _description = "Focus Table Printed Document"

    _report_xmlid = None

    @api.model
    def _check_report_access(self, records):
        # sudo: reads the report action's groups to check the user against them.
        report = self.env.ref(self._report_xmlid).sudo()
        if report.group_ids and not (report.group_ids & self.env.user.all_group_ids):
            raise AccessError(
                self.env._(
                    "You are not allowed to print %(report)s.", report=report.name
                )
            )
        records.check_access("read")

    @api.model
    def _report_lang(self, table):
        """The language a document of this table prints in: the table's, or
        else the language of the user who prints."""
        return table[:1].lang or self.env.lang

    @api.model
    def _common_values(self):
        return {
            "printed_on": fields.Datetime.now(),
            "printed_by": self.env.user,
            "focus_font": FONT_STYLE,
        }
