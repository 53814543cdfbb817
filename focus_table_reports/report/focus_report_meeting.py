import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_datetime, html2plaintext

from ..models.focus_meeting import is_approving


class FocusReportMeeting(models.AbstractModel):
    """What the agenda and the minutes of a meeting share.

    Agenda items open to an archivist only once they acknowledged the
    meeting's confidentiality statement; printing does not widen that: a user
    who cannot read every item of the meeting cannot print it.
    """

    _name = "focus.report.meeting"
    _inherit = "focus.report.base"
    _description = "Focus Table Meeting Document"

    @api.model
    def _check_meetings(self, meetings):
        self._check_report_access(meetings)
        Item = self.env["focus.meeting.item"]
        for meeting in meetings:
            domain = [("meeting_id", "=", meeting.id)]
            # sudo: only counted, to tell whether some items are hidden from the user.
            if Item.search_count(domain) != Item.sudo().search_count(domain):
                raise AccessError(
                    self.env._(
                        "Acknowledge the confidentiality statement of %(meeting)s "
                        "to print it: some of its agenda items are not open to you.",
                        meeting=meeting.name,
                    )
                )

    @api.model
    def _local(self, meeting, value, dt_format="medium"):
        """A date-time in the table's timezone, as printed."""
        if not value:
            return ""
        tz = meeting.table_id.meeting_tz or self.env.user.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format=dt_format)

    @api.model
    def _meeting_values(self, meeting):
        items = meeting.item_ids.sorted(lambda i: (i.sequence, i.id))
        tz_name = meeting.table_id.meeting_tz or self.env.user.tz or "UTC"
        start = pytz.utc.localize(meeting.date_start).astimezone(pytz.timezone(tz_name))
        return {
            "items": items,
            "updates": items.filtered(lambda i: i.kind == "update"),
            "reviews": items.filtered(lambda i: i.kind == "action_review"),
            "new_items": items.filtered(lambda i: i.kind == "new_situation"),
            "other_items": items.filtered(lambda i: i.kind == "other"),
            "when": self._local(meeting, meeting.date_start, "EEEE d MMMM y, HH:mm"),
            "until": self._local(meeting, meeting.date_end, "HH:mm"),
            "tz": start.tzname(),
            "local": lambda value, fmt="medium": self._local(meeting, value, fmt),
        }

    @api.model
    def _in_lang(self, meeting, record=None):
        """``record`` (this report by default) in the language of the
        meeting's table."""
        lang = self._report_lang(meeting.table_id)
        return (self if record is None else record).with_context(lang=lang)

    @api.model
    def _selection(self, record, name):
        # The record's own environment: templates pass records already put in
        # the language of the document.
        values = dict(record._fields[name]._description_selection(record.env))
        return values.get(record[name], "")

    @api.model
    def _values(self, meetings, data=None):
        return {
            **self._common_values(),
            "doc_ids": meetings.ids,
            "doc_model": "focus.meeting",
            "docs": meetings,
            "meeting_values": {
                m.id: self._in_lang(m)._meeting_values(self._in_lang(m, m))
                for m in meetings
            },
            "selection": self._selection,
        }

    @api.model
    def _minutes_text_edited(self, meeting):
        """Whether the minutes text no longer reads as drafted from the records,
        e.g. the chair corrected it: the text is then printed as well, so that
        the archived document holds everything the chair approved."""
        if not meeting.minutes:
            return False

        def text(html):
            return " ".join(html2plaintext(html or "").split())

        return text(meeting.minutes) != text(meeting._draft_minutes())

    @api.model
    def _approval(self, meeting, data):
        """Who approved the minutes, and when; during the approval step itself
        (never from the report's options), the approving user, now."""
        if is_approving():
            return {"user": self.env.user, "date": fields.Datetime.now()}
        if meeting.state == "approved":
            return {"user": meeting.approved_by_id, "date": meeting.date_approved}
        return False
