from odoo import fields, models

from odoo.addons.focus_table.models.focus_conclusion import OUTCOMES
from odoo.addons.focus_table.models.focus_situation import (
    GENDERS,
    STATES,
    SUBJECT_TYPES,
)


class FocusSituationDimensions(models.AbstractModel):
    """The de-identified facts of a situation a statistics view groups by.

    Every view that counts situations selects these columns under these names,
    so that its pivots, filters and printed figures slice the same way.
    """

    _name = "focus.situation.dimensions"
    _inherit = ["focus.report.view"]
    _description = "Situation Statistics Dimensions"

    table_id = fields.Many2one("focus.table", readonly=True)
    state = fields.Selection(STATES, string="Status", readonly=True)
    originating_sector_id = fields.Many2one("focus.sector", readonly=True)
    lead_sector_id = fields.Many2one("focus.sector", readonly=True)
    subject_type = fields.Selection(SUBJECT_TYPES, readonly=True)
    age_band_id = fields.Many2one("focus.age.band", readonly=True)
    gender = fields.Selection(GENDERS, readonly=True)
    conclusion_outcome = fields.Selection(OUTCOMES, string="Outcome", readonly=True)
    date_received = fields.Date(string="Received", readonly=True)
    date_presented = fields.Date(string="Presented", readonly=True)
