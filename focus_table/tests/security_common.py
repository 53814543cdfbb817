from odoo import Command, fields

from .common import FocusTableCase


class FocusSecurityCase(FocusTableCase):
    """An accepted Riverside situation with identities, a draft and a Northgate one.

    Need to know for ``accepted``: police (originating), health (lead), school
    (assisting). Housing sits at the table but was not chosen.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accepted = cls.env["focus.situation"].create(
            cls._situation_vals(
                lead_agency_id=cls.health.id,
                assisting_agency_ids=[Command.set(cls.school.ids)],
            )
        )
        cls.accepted.action_submit()
        cls.accepted.date_decision = fields.Datetime.now()
        cls.accepted.action_accept()
        cls.identity = cls.env["focus.situation.identity"].create(
            {
                "situation_id": cls.accepted.id,
                "name": "Robin Testcase",
                "birth_date": "2009-09-09",
                "address": "12 Hidden Lane",
            }
        )
        cls.draft = cls.env["focus.situation"].create(cls._situation_vals())
        cls.draft_identity = cls.env["focus.situation.identity"].create(
            {"situation_id": cls.draft.id, "name": "Drew Draftperson"}
        )
        cls.north = cls.env["focus.situation"].create(
            cls._situation_vals(
                table_id=cls.table_north.id,
                originating_agency_id=cls.other_police.id,
            )
        )
        cls.north.action_submit()
        cls.Log = cls.env["focus.access.log"]

    def logs_for(self, user, situation=None):
        domain = [("user_id", "=", user.id)]
        if situation:
            domain.append(("situation_id", "=", situation.id))
        return self.Log.sudo().search(domain)
