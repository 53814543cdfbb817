from odoo import models, tools


class FocusReportView(models.AbstractModel):
    """Base of the statistics models that read from a SQL view.

    A concrete model sets ``_auto = False`` and defines ``_select()`` and
    ``_from()`` (and ``_where()`` when it filters rows); the view is rebuilt at
    every install or update. SQL views do not inherit the rules of the tables
    they read: each model carries its own.
    """

    _name = "focus.report.view"
    _inherit = ["focus.table.column.mixin"]
    _description = "Focus Table Statistics View"

    def _select(self):
        raise NotImplementedError

    def _from(self):
        raise NotImplementedError

    def _where(self):
        return "TRUE"

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT {self._select()}
                  FROM {self._from()}
                 WHERE {self._where()}
            )
            """
        )
