from odoo import fields, models


class FocusSituationRiskReport(models.Model):
    """One row per risk factor of a presented situation.

    Counts situations per risk factor and category ("Situations" measure counts
    each situation once). De-identified and restricted by its own record rules,
    like focus.situation.report.
    """

    _name = "focus.situation.risk.report"
    _description = "Risk Factor Statistics"
    _inherit = ["focus.situation.dimensions"]
    _auto = False
    _rec_name = "risk_factor_id"
    _order = "date_presented desc, situation_id desc, id"

    situation_id = fields.Many2one(
        "focus.situation",
        readonly=True,
        aggregator="count_distinct",
    )
    risk_factor_id = fields.Many2one("focus.risk.factor", readonly=True)
    risk_category_id = fields.Many2one("focus.risk.category", readonly=True)
    role = fields.Selection(
        [
            ("general", "General"),
            ("exhibiting", "Person exhibiting"),
            ("affected", "Affected"),
        ],
        readonly=True,
    )
    is_protective = fields.Boolean(string="Protective", readonly=True)
    nbr = fields.Integer(string="# Mentions", readonly=True)

    def _select(self):
        return """
            ROW_NUMBER() OVER (
                ORDER BY rel.focus_situation_id, rel.focus_risk_factor_id
            ) AS id,
            s.id AS situation_id,
            s.table_id AS table_id,
            s.state AS state,
            f.id AS risk_factor_id,
            f.category_id AS risk_category_id,
            f.role AS role,
            (COALESCE(f.is_protective, FALSE) OR COALESCE(c.is_protective, FALSE))
                AS is_protective,
            s.originating_sector_id AS originating_sector_id,
            lead.sector_id AS lead_sector_id,
            s.subject_type AS subject_type,
            s.age_band_id AS age_band_id,
            s.gender AS gender,
            s.conclusion_outcome AS conclusion_outcome,
            s.date_received AS date_received,
            s.date_presented AS date_presented,
            1 AS nbr
        """

    def _from(self):
        return """
            focus_risk_factor_focus_situation_rel rel
            JOIN focus_situation s ON s.id = rel.focus_situation_id
            JOIN focus_risk_factor f ON f.id = rel.focus_risk_factor_id
            JOIN focus_risk_category c ON c.id = f.category_id
            LEFT JOIN focus_agency lead ON lead.id = s.lead_agency_id
        """

    def _where(self):
        return "s.state != 'draft'"
