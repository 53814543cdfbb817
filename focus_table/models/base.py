from odoo import models


class Base(models.AbstractModel):
    """Exports of Focus Table data are written to the export log."""

    _inherit = "base"

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if self._name.startswith("focus.") and self._name != "focus.export.log":
            self.env["focus.export.log"]._log("export", self, fields_to_export)
        return result
