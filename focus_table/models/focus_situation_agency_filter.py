"""The "My Agency" filter: situations the user's agency presented, leads or
assists."""

from odoo import api, fields, models
from odoo.tools import SQL


class FocusSituationAgencyFilter(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.agency.filter"
    _description = "Situation: My Agency"

    is_my_agency = fields.Boolean(
        string="My Agency",
        compute="_compute_is_my_agency",
        search="_search_is_my_agency",
        help="My agency presented the situation, leads or assists.",
    )

    @api.depends_context("uid")
    def _compute_is_my_agency(self):
        agency = self.env.user.focus_agency_id
        for situation in self:
            situation.is_my_agency = bool(agency) and agency in (
                situation.originating_agency_id
                | situation.lead_agency_id
                | situation.assisting_agency_ids
            )

    def _search_is_my_agency(self, operator, value):
        if operator != "in":
            return NotImplemented
        agency = self.env.user.focus_agency_id.id or 0
        # Columns of the row and one hashed list of the assisted situations:
        # a page is read down the order index and stops at its last row, and
        # the count is answered by the visibility index alone.
        assisted = SQL(
            "(SELECT situation_id FROM focus_situation_assisting_agency_rel"
            " WHERE agency_id = %s)",
            agency,
        )
        mine = [
            "|",
            "|",
            ("originating_agency_id", "=", agency),
            ("lead_agency_id", "=", agency),
            ("id", "in", assisted),
        ]
        return mine if True in value else ["!", *mine]
