"""Repeat presentations: the keyed hashes of the identities and the links to
earlier presentations of the same person, shown to those who know both."""

from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.fields import Domain

REPEAT_WINDOW_DAYS = 365


class FocusSituationRepeat(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.repeat"
    _description = "Situation: Repeat Presentations"

    @api.depends("repeat_of_ids")
    @api.depends_context("uid")
    def _compute_repeat_link_ids(self):
        user = self.env.user
        # sudo: the links are compared with the reader's need-to-know; only the
        # situations known to the reader on both ends are kept.
        for situation in self:
            if not situation.is_repeat:
                situation.repeat_link_ids = False
                continue
            earlier = situation.sudo().repeat_of_ids
            if self.env.uid != SUPERUSER_ID and not situation.sudo()._known_to(user):
                earlier = earlier.browse()
            elif self.env.uid != SUPERUSER_ID:
                earlier = earlier._known_to(user)
            situation.repeat_link_ids = earlier.sudo(False).ids

    @api.depends("repeat_of_ids")
    def _compute_is_repeat(self):
        for situation in self:
            situation.is_repeat = bool(situation.repeat_of_ids)

    # ------------------------------------------------------------------
    # Repeat presentations
    # ------------------------------------------------------------------
    def _update_repeat_keys(self):
        """Store the identities' keyed hashes and link earlier presentations."""
        # sudo: repeat keys are hashes, readable by administrators only.
        for situation in self.sudo():
            keys = sorted(set(situation.identity_ids.mapped("repeat_key")) - {False})
            if keys:
                situation.repeat_keys = " ".join(keys)
            known = set((situation.repeat_keys or "").split())
            if not known:
                continue
            since = situation.date_received - timedelta(days=REPEAT_WINDOW_DAYS)
            # sudo: earlier situations of the table are matched on hashes; only links
            # are stored, and readers see them only where rules allow.
            # Matched in SQL: the keys are 64 hex digits separated by spaces, so a
            # substring match is a whole-key match, and the year of the table is
            # never loaded.
            earlier = self.sudo().search(
                Domain.AND(
                    [
                        [
                            ("id", "!=", situation.id),
                            ("table_id", "=", situation.table_id.id),
                            ("date_received", ">=", since),
                            ("date_received", "<=", situation.date_received),
                        ],
                        Domain.OR([("repeat_keys", "like", key)] for key in known),
                    ]
                )
            )
            if earlier != situation.repeat_of_ids:
                situation.repeat_of_ids = [fields.Command.set(earlier.ids)]
            situation._mark_represented(known)

    def _mark_represented(self, keys):
        """Closed situations of the same person within the last 12 months: the
        table sees them again (the lasting reduction of risk counts them)."""
        self.ensure_one()
        received = self.date_received
        # sudo: matched on the hashes, as the repeat links; only a date is stored.
        closed = self.sudo().search(
            Domain.AND(
                [
                    [
                        ("id", "!=", self.id),
                        ("table_id", "=", self.table_id.id),
                        ("state", "=", "closed"),
                        ("date_closed", "<=", received),
                        (
                            "date_closed",
                            ">=",
                            received - timedelta(days=REPEAT_WINDOW_DAYS),
                        ),
                        "|",
                        ("represented_on", "=", False),
                        ("represented_on", ">", received),
                    ],
                    Domain.OR([("repeat_keys", "like", key)] for key in keys),
                ]
            )
        )
        if closed:
            closed.write({"represented_on": received})
