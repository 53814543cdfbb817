from odoo import models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# What makes an archived document what it is; other columns (access tokens...)
# stay writable by the mail framework.
ARCHIVE_FIELDS = {
    "name", "datas", "raw", "db_datas", "store_fname", "file_size", "checksum", "mimetype",
    "type", "url", "res_model", "res_id", "res_field",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_minutes_archive(self):
        """The archived minutes of an approved meeting are never changed or deleted."""
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            return
        candidates = self.sudo().filtered(lambda a: a.res_model == "focus.meeting")
        if not candidates:
            return
        archived = self.env["focus.meeting"].sudo().search_count(
            [("minutes_attachment_id", "in", candidates.ids)], limit=1,
        )
        if archived:
            raise UserError(
                self.env._(
                    "These are the approved minutes of a meeting; the archived document "
                    "cannot be changed or deleted."
                )
            )

    def write(self, vals):
        if ARCHIVE_FIELDS & set(vals):
            self._check_minutes_archive()
        return super().write(vals)

    def unlink(self):
        self._check_minutes_archive()
        return super().unlink()
