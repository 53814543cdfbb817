from odoo import api, models


class CalendarEvent(models.Model):
    """The event mirroring a meeting stays as de-identified as the meeting.

    Every employee reads events; an attendee may edit one. Its texts are checked
    by the meeting's guard, whatever writes them.
    """

    _inherit = "calendar.event"

    _focus_guarded_fields = (
        "name",
        "description",
        "notes",
        "location",
        "videocall_location",
        "access_token",
    )

    def _focus_meetings(self):
        # sudo: finds the meetings these events mirror; only their guard is used.
        meetings = (
            self.env["focus.meeting"]
            .sudo()
            .search([("calendar_event_id", "in", self.ids)])
        )
        return {meeting.calendar_event_id: meeting for meeting in meetings}

    def _focus_check(self, fnames):
        names = [fname for fname in self._focus_guarded_fields if fname in fnames]
        if not names:
            return
        for event, meeting in self._focus_meetings().items():
            texts = {}
            for fname in names:
                field = event._fields[fname]
                value = event.sudo()[fname]
                label = f"{field._description_string(self.env)} ({self._description})"
                texts[label] = meeting._deidentified_text(value, field)
            meeting.with_env(self.env)._check_deidentified_values(texts)

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._focus_check({name for vals in vals_list for name in vals})
        return events

    def write(self, vals):
        res = super().write(vals)
        self._focus_check(set(vals))
        return res
