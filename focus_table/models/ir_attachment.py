from odoo import api, models
from odoo.exceptions import UserError

# What makes an archived document what it is; other columns (access tokens...)
# stay writable by the mail framework.
ARCHIVE_FIELDS = {
    "name",
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "file_size",
    "checksum",
    "mimetype",
    "type",
    "url",
    "res_model",
    "res_id",
    "res_field",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_minutes_archive(self):
        """The archived minutes of an approved meeting are never changed or deleted."""
        # sudo: only tells whether the attachment is an archived minutes document.
        candidates = self.sudo().filtered(lambda a: a.res_model == "focus.meeting")
        if not candidates:
            return
        archived = (
            self.env["focus.meeting"]
            .sudo()
            .search_count(
                [("minutes_attachment_id", "in", candidates.ids)],
                limit=1,
            )
        )
        if archived:
            raise UserError(
                self.env._(
                    "These are the approved minutes of a meeting; the archived "
                    "document cannot be changed or deleted."
                )
            )

    def write(self, vals):
        if ARCHIVE_FIELDS & set(vals):
            self._check_minutes_archive()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived_minutes(self):
        self._check_minutes_archive()
