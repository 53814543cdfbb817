from odoo import fields, models

from odoo.addons.focus_table.models.focus_action import ACTION_STATES


class FocusActionReport(models.Model):
    """One row per follow-up action, for pivot and graph analysis.

    Holds the owner agency and sector only: no person, no description, no
    result. Restricted by its own record rules to the tables the user chairs
    or keeps the archives of.
    """

    _name = "focus.action.report"
    _description = "Action Statistics"
    _inherit = ["focus.report.view"]
    _auto = False
    _rec_name = "situation_id"
    _order = "date_deadline desc, id desc"

    situation_id = fields.Many2one("focus.situation", readonly=True)
    meeting_id = fields.Many2one("focus.meeting", readonly=True)
    table_id = fields.Many2one("focus.table", readonly=True)
    agency_id = fields.Many2one("focus.agency", string="Owner Agency", readonly=True)
    sector_id = fields.Many2one("focus.sector", string="Owner Sector", readonly=True)
    state = fields.Selection(ACTION_STATES, string="Status", readonly=True)
    date_recorded = fields.Date(string="Recorded On", readonly=True)
    date_deadline = fields.Date(string="Due", readonly=True)
    date_done = fields.Date(string="Completed On", readonly=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True)

    nbr = fields.Integer(string="# Actions", readonly=True)
    open_count = fields.Integer(string="# Open", readonly=True)
    done_count = fields.Integer(string="# Done", readonly=True)
    not_possible_count = fields.Integer(string="# Not Possible", readonly=True)
    overdue_count = fields.Integer(string="# Overdue", readonly=True)
    on_time_rate = fields.Float(
        string="Done on Time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the completed actions done by their due date.",
    )
    days_to_complete = fields.Float(
        string="Days to Complete",
        readonly=True,
        aggregator="avg",
        help="Days from recording the action to completing it.",
    )

    def _select(self):
        return """
            a.id AS id,
            a.situation_id AS situation_id,
            a.meeting_id AS meeting_id,
            a.table_id AS table_id,
            a.agency_id AS agency_id,
            ag.sector_id AS sector_id,
            a.state AS state,
            a.create_date::date AS date_recorded,
            a.date_deadline AS date_deadline,
            a.date_done AS date_done,
            (a.state = 'open' AND a.date_deadline < CURRENT_DATE) AS is_overdue,
            1 AS nbr,
            CASE WHEN a.state = 'open' THEN 1 ELSE 0 END AS open_count,
            CASE WHEN a.state = 'done' THEN 1 ELSE 0 END AS done_count,
            CASE WHEN a.state = 'not_possible' THEN 1 ELSE 0 END
                AS not_possible_count,
            CASE WHEN a.state = 'open' AND a.date_deadline < CURRENT_DATE
                THEN 1 ELSE 0 END AS overdue_count,
            CASE WHEN a.state = 'done' AND a.date_done IS NOT NULL THEN
                CASE WHEN a.date_done <= a.date_deadline THEN 100.0 ELSE 0.0 END
            END AS on_time_rate,
            CASE WHEN a.state = 'done' AND a.date_done IS NOT NULL
                THEN (a.date_done - a.create_date::date)::float
            END AS days_to_complete
        """

    def _from(self):
        return """
            focus_action a
            LEFT JOIN focus_agency ag ON ag.id = a.agency_id
        """
