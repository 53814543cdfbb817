from odoo import api, models
from odoo.exceptions import AccessError, UserError

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

DATA_FIELDS = {"datas", "raw", "db_datas"}


class IrAttachment(models.Model):
    _name = "ir.attachment"
    _inherit = ["ir.attachment", "focus.chatter.guard"]

    # The name and description, the link, the text content of text files
    # (``index_content``, which Odoo extracts from text, XML and HTML files), and
    # the technical texts a client may set.
    _focus_guarded_fields = (
        "name",
        "description",
        "url",
        "index_content",
        "access_token",
        "res_field",
        "store_fname",
    )

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

    def _check_access(self, operation):
        """The files of a meeting (its archived minutes among them) open to
        those who may read its minutes: the agenda items' confidentiality rule."""
        result = super()._check_access(operation)
        if self.env.su or operation != "read" or not self:
            return result
        forbidden = result[0] if result else self.browse()
        # sudo: which meeting each file belongs to; only ids are compared.
        files = (
            (self - forbidden)
            .sudo()
            .filtered(lambda a: a.res_model == "focus.meeting" and a.res_id)
        )
        if not files:
            return result
        meetings = self.env["focus.meeting"].browse(set(files.mapped("res_id")))
        readable = set(meetings._minutes_readable().ids)
        hidden = files.filtered(lambda a: a.res_id not in readable).sudo(False)
        if not hidden:
            return result
        return (
            forbidden | hidden,
            lambda: AccessError(
                self.env._(
                    "Acknowledge the confidentiality statement of the meeting to "
                    "open its files."
                )
            ),
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        # The text content is extracted from the data: check it whenever data came.
        if any(DATA_FIELDS & set(vals) for vals in vals_list):
            records._focus_check({"index_content"})
        return records

    def write(self, vals):
        if ARCHIVE_FIELDS & set(vals):
            self._check_minutes_archive()
        res = super().write(vals)
        if DATA_FIELDS & set(vals):
            self._focus_check({"index_content"})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived_minutes(self):
        self._check_minutes_archive()
