"""The agenda of a meeting: updates on open situations and overdue actions
carried over first, then the new situations."""

from odoo import models
from odoo.exceptions import UserError

from .focus_step_guard import step

# Where a meeting ends in the kinds of agenda items, top to bottom.
UPDATE_KINDS = ("update", "action_review")


class FocusMeetingAgenda(models.AbstractModel):
    """Part of ``focus.meeting`` (see the module's docstring)."""

    _name = "focus.meeting.agenda"
    _description = "Meeting: Agenda"

    # ------------------------------------------------------------------
    # Agenda
    # ------------------------------------------------------------------
    def _agenda_candidates(self):
        """What the agenda of this meeting should hold, in order, by section."""
        self.ensure_one()
        table = self.table_id
        Situation = self.env["focus.situation"]
        Item = self.env["focus.meeting.item"]
        updates = Situation.search(
            [
                ("table_id", "=", table.id),
                ("state", "in", ("accepted", "intervention")),
            ],
            order="date_decision, id",
        ).sorted(lambda s: not s.is_overdue)
        meeting_day = self._local_date()
        actions = self.env["focus.action"].search(
            [
                ("table_id", "=", table.id),
                ("meeting_id", "!=", self.id),
                "|",
                "&",
                ("state", "=", "open"),
                ("date_deadline", "<=", meeting_day),
                ("state", "=", "not_possible"),
            ],
            order="date_deadline, id",
        )
        # An action found no longer possible is reviewed once.
        reviewed = Item.search(
            [
                (
                    "action_id",
                    "in",
                    actions.filtered(lambda a: a.state == "not_possible").ids,
                ),
                ("meeting_id", "!=", self.id),
                ("meeting_id.state", "in", ("in_progress", "done", "approved")),
            ]
        ).action_id
        actions -= reviewed
        new = Situation.search(
            [("table_id", "=", table.id), ("state", "=", "submitted")],
            order="date_submitted, id",
        )
        carried = Item.search(
            [
                ("situation_id", "in", new.ids),
                ("kind", "=", "new_situation"),
                ("meeting_id", "!=", self.id),
                ("meeting_id.state", "in", ("in_progress", "done", "approved")),
            ]
        ).situation_id
        new = new.sorted(lambda s: s not in carried)
        return updates, actions, new, carried

    @step
    def action_prepare_agenda(self):
        """Fill the agenda: updates and due actions first, then new situations.

        Running it again adds only what is new, each situation and action once,
        in the section it belongs to, after the items already ordered by the chair.
        """
        self.check_access("write")
        Item = self.env["focus.meeting.item"]
        self._check_not_approved()
        # Two preparations of one agenda at once would each add the same
        # situations: the second waits on the meetings' rows, then fails to
        # serialize, and Odoo serves it again on what the first one added.
        self.env.cr.execute(
            "UPDATE focus_meeting SET write_date = write_date WHERE id = ANY(%s)",
            [sorted(self.ids)],
        )
        for meeting in self:
            if meeting.state not in ("draft", "in_progress"):
                raise UserError(
                    self.env._(
                        "The agenda of %(meeting)s can only be prepared before or "
                        "during the meeting.",
                        meeting=meeting.name,
                    )
                )
            meeting._sync_attendance()
            meeting._sync_calendar_event()
            # New situations decided at another meeting meanwhile leave this agenda.
            meeting.item_ids.filtered(
                lambda i: (
                    i.kind == "new_situation"
                    and not i.decision
                    and i.situation_id.state != "submitted"
                )
            ).unlink()
            updates, actions, new, carried = meeting._agenda_candidates()
            on_agenda = meeting.item_ids.situation_id
            reviewed = meeting.item_ids.action_id
            vals_list = (
                [
                    {
                        "meeting_id": meeting.id,
                        "kind": "update",
                        "situation_id": situation.id,
                    }
                    for situation in updates - on_agenda
                ]
                + [
                    {
                        "meeting_id": meeting.id,
                        "kind": "action_review",
                        "action_id": action.id,
                        "situation_id": action.situation_id.id,
                    }
                    for action in actions - reviewed
                ]
                + [
                    {
                        "meeting_id": meeting.id,
                        "kind": "new_situation",
                        "situation_id": situation.id,
                        "is_carried_over": situation in carried,
                    }
                    for situation in new
                    if situation not in on_agenda
                ]
            )
            added = Item.create(vals_list) if vals_list else Item
            meeting._order_agenda(added)
            if added:
                meeting.message_post(
                    body=self.env._(
                        "Agenda prepared: %(count)s items added.", count=len(added)
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def _order_agenda(self, added):
        """Place the added items after the items of their section and renumber."""
        self.ensure_one()
        ordered = list((self.item_ids - added).sorted(lambda i: (i.sequence, i.id)))

        def insert(items, *kind_groups):
            position = -1
            for kinds in kind_groups:
                hits = [pos for pos, item in enumerate(ordered) if item.kind in kinds]
                if hits:
                    position = hits[-1]
                    break
            ordered[position + 1 : position + 1] = list(items)

        insert(added.filtered(lambda i: i.kind == "update"), ("update",))
        insert(
            added.filtered(lambda i: i.kind == "action_review"),
            ("action_review",),
            ("update",),
        )
        insert(
            added.filtered(lambda i: i.kind == "new_situation"),
            ("new_situation",),
            UPDATE_KINDS,
        )
        for position, item in enumerate(ordered, start=1):
            if item.sequence != position * 10:
                item.sequence = position * 10
