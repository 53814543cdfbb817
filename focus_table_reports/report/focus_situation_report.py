from odoo import fields, models


class FocusSituationReport(models.Model):
    """One row per presented (non-draft) situation, for pivot and graph analysis.

    De-identified: built from focus_situation and reference data only; the
    identity table is never joined. A SQL view does not inherit the rules of
    focus.situation: its own record rules restrict it to the tables the user
    chairs or keeps the archives of.
    """

    _name = "focus.situation.report"
    _description = "Situation Statistics"
    _inherit = ["focus.situation.dimensions"]
    _auto = False
    _rec_name = "name"
    _order = "date_presented desc, id desc"

    name = fields.Char(string="Reference", readonly=True)
    situation_id = fields.Many2one("focus.situation", readonly=True)
    originating_agency_id = fields.Many2one("focus.agency", readonly=True)
    lead_agency_id = fields.Many2one("focus.agency", readonly=True)
    conclusion_id = fields.Many2one("focus.conclusion", readonly=True)
    area_id = fields.Many2one("focus.area", readonly=True)
    intervention_level_id = fields.Many2one("focus.intervention.level", readonly=True)
    date_decision = fields.Datetime(string="Decision Date", readonly=True)
    date_intervention = fields.Datetime(string="First Intervention", readonly=True)
    date_closed = fields.Date(string="Closed On", readonly=True)
    is_repeat = fields.Boolean(string="Repeat", readonly=True)
    within_target = fields.Boolean(readonly=True)

    nbr = fields.Integer(string="# Situations", readonly=True)
    accepted_count = fields.Integer(string="# Accepted", readonly=True)
    rejected_count = fields.Integer(string="# Rejected", readonly=True)
    repeat_count = fields.Integer(string="# Repeat Presentations", readonly=True)
    risk_lowered_count = fields.Integer(string="# Risk Lowered", readonly=True)
    acceptance_rate = fields.Float(
        string="Acceptance Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the decided situations accepted as acutely elevated risk.",
    )
    risk_lowered_rate = fields.Float(
        string="Risk Lowered (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the concluded situations whose overall risk was lowered.",
    )
    within_target_rate = fields.Float(
        string="Within Target (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the accepted situations with a first intervention within the "
        "table's response target. A situation still waiting past its target counts "
        "as outside; one still within its window is left out.",
    )
    intervention_hours = fields.Float(
        string="Hours to Intervention",
        readonly=True,
        aggregator="avg",
        help="Hours from the acceptance decision to the first intervention.",
    )
    response_target_hours = fields.Integer(
        string="Response Target (hours)", readonly=True, aggregator="avg"
    )
    agency_count = fields.Integer(
        string="Agencies Involved",
        readonly=True,
        aggregator="avg",
        help="Lead and assisting agencies of an accepted situation.",
    )
    risk_factor_count = fields.Integer(
        string="Risk Factors", readonly=True, aggregator="avg"
    )

    def _select(self):
        return """
            s.id AS id,
            s.id AS situation_id,
            s.name AS name,
            s.table_id AS table_id,
            s.state AS state,
            s.originating_agency_id AS originating_agency_id,
            s.originating_sector_id AS originating_sector_id,
            s.lead_agency_id AS lead_agency_id,
            lead.sector_id AS lead_sector_id,
            s.subject_type AS subject_type,
            s.age_band_id AS age_band_id,
            s.gender AS gender,
            s.conclusion_id AS conclusion_id,
            s.area_id AS area_id,
            s.intervention_level_id AS intervention_level_id,
            s.conclusion_outcome AS conclusion_outcome,
            s.date_received AS date_received,
            s.date_presented AS date_presented,
            s.date_decision AS date_decision,
            s.date_intervention AS date_intervention,
            s.date_closed AS date_closed,
            COALESCE(s.is_repeat, FALSE) AS is_repeat,
            COALESCE(s.within_target, FALSE) AS within_target,
            1 AS nbr,
            CASE WHEN s.state IN ('accepted', 'intervention', 'closed')
                THEN 1 ELSE 0 END AS accepted_count,
            CASE WHEN s.state = 'rejected' THEN 1 ELSE 0 END AS rejected_count,
            CASE WHEN s.is_repeat THEN 1 ELSE 0 END AS repeat_count,
            CASE WHEN s.state = 'closed' AND s.conclusion_outcome = 'risk_lowered'
                THEN 1 ELSE 0 END AS risk_lowered_count,
            CASE
                WHEN s.state IN ('accepted', 'intervention', 'closed') THEN 100.0
                WHEN s.state = 'rejected' THEN 0.0
            END AS acceptance_rate,
            CASE
                WHEN s.state = 'closed' AND s.conclusion_id IS NOT NULL THEN
                    CASE WHEN s.conclusion_outcome = 'risk_lowered'
                        THEN 100.0 ELSE 0.0 END
            END AS risk_lowered_rate,
            CASE
                WHEN s.state NOT IN ('accepted', 'intervention', 'closed') THEN NULL
                WHEN s.date_intervention IS NOT NULL THEN
                    CASE WHEN s.within_target THEN 100.0 ELSE 0.0 END
                WHEN s.date_target < (NOW() AT TIME ZONE 'UTC') THEN 0.0
            END AS within_target_rate,
            CASE
                WHEN s.state IN ('accepted', 'intervention', 'closed')
                    AND s.date_intervention IS NOT NULL
                THEN s.intervention_hours
            END AS intervention_hours,
            t.response_target_hours AS response_target_hours,
            CASE WHEN s.state IN ('accepted', 'intervention', 'closed')
                THEN s.agency_count
            END AS agency_count,
            s.risk_factor_count AS risk_factor_count
        """

    def _from(self):
        return """
            focus_situation s
            JOIN focus_table t ON t.id = s.table_id
            LEFT JOIN focus_agency lead ON lead.id = s.lead_agency_id
        """

    def _where(self):
        return "s.state != 'draft'"
