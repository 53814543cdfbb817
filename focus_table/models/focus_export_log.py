"""The audit of exports and printed reports of Focus Table data: who took how
many records of which model, with which fields, and the flags of unusual
volumes for the chairs' oversight."""

from datetime import timedelta

from psycopg2.errors import ReadOnlySqlTransaction

from odoo import api, fields, models
from odoo.exceptions import AccessError

EXPORT_KINDS = [("export", "Export"), ("print", "Printed report")]
# Above these, an export is flagged for the chairs of its tables (settings
# focus_table.export_flag_rows and focus_table.export_flag_day_rows).
EXPORT_FLAG_ROWS = 500
EXPORT_FLAG_DAY_ROWS = 2000


class FocusExportLog(models.Model):
    """Append-only: written by the server as superuser, read by the chairs of
    the tables concerned and by the administrators."""

    _name = "focus.export.log"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Export and Print Log"
    _order = "date desc, id desc"
    _rec_name = "model_description"

    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    agency_id = fields.Many2one("focus.agency", readonly=True, index=True)
    kind = fields.Selection(EXPORT_KINDS, required=True, readonly=True)
    model = fields.Char(required=True, readonly=True, index=True)
    model_description = fields.Char(string="Data", readonly=True)
    report_name = fields.Char(string="Report", readonly=True)
    record_count = fields.Integer(string="Records", readonly=True, aggregator="sum")
    field_names = fields.Text(string="Fields", readonly=True)
    table_ids = fields.Many2many(
        "focus.table",
        "focus_export_log_table_rel",
        "log_id",
        "table_id",
        string="Tables",
        readonly=True,
    )
    flagged = fields.Boolean(readonly=True, index="btree_not_null")
    flag_note = fields.Char(string="Why Flagged", readonly=True)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The export log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_as_superuser(self):
        if not self.env.su:
            raise AccessError(self.env._("The export log cannot be deleted."))

    @api.model
    def _log(self, kind, records, field_names=(), report_name=False):
        """Record that the current user exported or printed ``records``."""
        if self.env.su or not records:
            return self.browse()
        self._check_writable()
        user = self.env.user
        # sudo: the log is append-only and the user may not write it; the tables
        # are those of records the user has just read.
        tables = self._tables_of(records.sudo())
        entry = self.sudo().create(
            {
                "user_id": user.id,
                "agency_id": user.focus_agency_id.id,
                "kind": kind,
                "model": records._name,
                "model_description": records._description,
                "report_name": report_name,
                "record_count": len(records),
                "field_names": "\n".join(field_names) or False,
                "table_ids": [fields.Command.set(tables.ids)],
            }
        )
        entry._check_volume()
        return entry

    @api.model
    def _check_writable(self):
        if self.env.cr.readonly:
            # A read-only cursor (a replica) cannot write the entry: Odoo serves
            # the request again on the primary when it meets this error.
            raise ReadOnlySqlTransaction("exports are logged on a read/write cursor")

    @api.model
    def _tables_of(self, records):
        if records._name == "focus.table":
            return records
        for name in ("table_id", "table_ids"):
            field = records._fields.get(name)
            if field and field.comodel_name == "focus.table":
                return records[name]
        return self.env["focus.table"]

    def _flag_limits(self):
        params = self.env["ir.config_parameter"].sudo()
        return (
            int(params.get_param("focus_table.export_flag_rows", EXPORT_FLAG_ROWS)),
            int(
                params.get_param(
                    "focus_table.export_flag_day_rows", EXPORT_FLAG_DAY_ROWS
                )
            ),
        )

    def _check_volume(self):
        """Flag an export of many records, or a day of many, for the chairs."""
        self.ensure_one()
        per_export, per_day = self._flag_limits()
        since = self.date - timedelta(days=1)
        day_rows = sum(
            self.search(
                [("user_id", "=", self.user_id.id), ("date", ">", since)]
            ).mapped("record_count")
        )
        if self.record_count >= per_export:
            note = self.env._("%(count)s records at once", count=self.record_count)
        elif day_rows >= per_day:
            note = self.env._("%(count)s records within a day", count=day_rows)
        else:
            return
        self.write({"flagged": True, "flag_note": note})
        todo = self.env.ref("mail.mail_activity_data_todo")
        for chair in self.table_ids.chair_ids:
            self.activity_schedule(
                activity_type_id=todo.id,
                summary=self.env._("Review an export"),
                note=self.env._(
                    "%(user)s took %(data)s: %(note)s.",
                    user=self.user_id.name,
                    data=self.model_description,
                    note=note,
                ),
                user_id=chair.id,
            )
