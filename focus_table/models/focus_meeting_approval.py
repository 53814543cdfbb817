"""After the meeting: the de-identified minutes drafted from the records,
approved by the chair, archived as a document whose SHA-256 is recorded,
and locked."""

import hashlib

import pytz
from markupsafe import Markup

from odoo import models

from .focus_step_guard import step, step_now


class FocusMeetingApproval(models.AbstractModel):
    """Part of ``focus.meeting`` (see the module's docstring)."""

    _name = "focus.meeting.approval"
    _description = "Meeting: Minutes and Approval"

    @step
    def action_approve(self):
        """The chair approves the minutes: they are archived, hashed and locked."""
        self.check_access("write")
        self._check_meeting_state(("done",), self.env._("approved"))
        # sudo: the archived minutes are locked against edits, even by their chair.
        Attachment = self.env["ir.attachment"].sudo()
        for meeting in self:
            if not meeting.minutes:
                meeting.minutes = meeting._draft_minutes()
            content, filename, mimetype = meeting._render_minutes_document()
            digest = hashlib.sha256(content).hexdigest()
            # sudo: the archive keeps the rendered type; access follows the meeting.
            attachment = Attachment.create(
                {
                    "name": filename,
                    "raw": content,
                    "mimetype": mimetype,
                    "res_model": meeting._name,
                    "res_id": meeting.id,
                    "description": self.env._(
                        "Approved minutes, SHA-256 %(digest)s", digest=digest
                    ),
                }
            )
            meeting.write(
                {
                    "state": "approved",
                    "minutes_attachment_id": attachment.id,
                    "minutes_sha256": digest,
                    "date_approved": step_now(),
                    "approved_by_id": self.env.user.id,
                }
            )
            meeting.message_post(
                body=Markup("%s<br/><code>%s</code>")
                % (
                    self.env._(
                        "Minutes approved and archived as %(file)s. SHA-256:",
                        file=filename,
                    ),
                    digest,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Minutes
    # ------------------------------------------------------------------
    def _minutes_values(self):
        self.ensure_one()
        items = self.item_ids.sorted(lambda i: (i.sequence, i.id))
        attendance = self.attendance_ids.sorted(
            lambda a: (a.agency_id.name or "", a.display_name or "")
        )
        tz = pytz.timezone(self.table_id.meeting_tz or "UTC")
        reviews = items.filtered(lambda i: i.kind == "action_review")
        not_done = reviews.filtered(lambda i: i.action_id.state == "open")
        not_possible = reviews.filtered(lambda i: i.action_id.state == "not_possible")
        return {
            "meeting": self,
            "local_start": pytz.utc.localize(self.date_start).astimezone(tz),
            "attendance": attendance,
            "updates": items.filtered(lambda i: i.kind == "update"),
            "reviews": reviews,
            "not_done": not_done,
            "not_possible": not_possible,
            "since_done": reviews - not_done - not_possible,
            "new_items": items.filtered(lambda i: i.kind == "new_situation"),
            "other_items": items.filtered(lambda i: i.kind == "other"),
            "actions": self.action_ids.sorted(lambda a: (a.date_deadline, a.id)),
            "local": lambda value: (
                value
                and pytz.utc.localize(value).astimezone(tz).strftime("%Y-%m-%d %H:%M")
            ),
            "selection": lambda record, name: dict(
                record._fields[name]._description_selection(self.env)
            ).get(record[name], ""),
        }

    def _draft_minutes(self):
        """De-identified minutes from attendance, items, decisions and actions."""
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "focus_table.focus_meeting_minutes", self._minutes_values()
        )

    def _render_minutes_document(self):
        """The archived document of the approved minutes.

        :return: ``(content_bytes, filename, mimetype)``
        """
        self.ensure_one()
        title = self.env._("Minutes %(meeting)s", meeting=self.name)
        html = Markup(
            "<!DOCTYPE html>\n<html><head>"
            '<meta charset="utf-8"/><title>%s</title>'
            "</head><body>%s</body></html>\n"
        ) % (title, Markup(self.minutes or ""))
        return html.encode("utf-8"), f"{title}.html", "text/html"
