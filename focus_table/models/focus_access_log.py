import contextlib
import contextvars

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request

CHANNELS = [
    ("form", "Form"),
    ("list", "List"),
    ("rpc", "RPC / API"),
    ("export", "Export"),
    ("report", "Report"),
    ("server", "Server process"),
    ("blocked", "Blocked in de-identified text"),
]
# The reasons a reader states before identifying details are shown
# (focus.identity.reveal); the oversight tells them from free explanations.
ACCESS_REASONS = [
    ("intervention", "Planning or carrying out the intervention"),
    ("follow_up", "Following up after the intervention"),
    ("safety", "Immediate safety concern"),
    ("data_entry", "Entering or correcting the details"),
    ("other", "Other (explain)"),
]

# The channel of a read is told by the server from the request; only the
# product's own code (the demo history, the tests) may state it, through this
# variable of the running thread: an RPC client chooses its context, not this.
_FORCED_CHANNEL = contextvars.ContextVar("focus_access_forced_channel", default=None)


@contextlib.contextmanager
def forced_channel(channel):
    """Log the identity reads made inside the block under ``channel``."""
    token = _FORCED_CHANNEL.set(channel)
    try:
        yield
    finally:
        _FORCED_CHANNEL.reset(token)


# web client methods and what the person saw
WEB_METHODS = {
    "web_read": "form",
    "web_save": "form",
    "onchange": "form",
    "web_search_read": "list",
    "web_read_group": "list",
    "export_data": "export",
}


class FocusAccessLog(models.Model):
    """Who saw identifying details, when, how and why. Append-only."""

    _name = "focus.access.log"
    _inherit = ["focus.table.column.mixin"]
    _description = "Identity Access Log"
    _order = "date desc, id desc"
    _rec_name = "situation_ref"

    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, ondelete="restrict", index=True
    )
    agency_id = fields.Many2one("focus.agency", readonly=True, ondelete="set null")
    situation_id = fields.Many2one(
        "focus.situation", readonly=True, ondelete="set null", index=True
    )
    situation_ref = fields.Char(string="Situation Reference", readonly=True)
    table_id = fields.Many2one(
        "focus.table", readonly=True, ondelete="set null", index=True
    )
    identity_count = fields.Integer(string="Records Read", readonly=True)
    identity_labels = fields.Char(
        string="Records",
        readonly=True,
        help="Which records were read (role, never the name).",
    )
    channel = fields.Selection(CHANNELS, string="How", required=True, readonly=True)
    reason = fields.Char(readonly=True)
    request_path = fields.Char(readonly=True)

    @api.model
    def _current_channel(self):
        """Tell from the request how identifying details reach the person."""
        forced = _FORCED_CHANNEL.get()
        if forced:
            return forced, request.httprequest.path if request else False
        if not request:
            return "server", False
        path = request.httprequest.path
        if path.startswith("/report/"):
            return "report", path
        if path.startswith("/web/export/"):
            return "export", path
        if path.startswith("/web/dataset/call_kw"):
            method = path.rstrip("/").rsplit("/", 1)[-1]
            return WEB_METHODS.get(method, "rpc"), path
        return "rpc", path

    @api.model
    def _log_identity_read(self, identities):
        """Record one entry per situation whose identifying details were read."""
        channel, path = self._current_channel()
        reason = self.env.context.get("focus_access_reason") or False
        user = self.env.user
        roles = dict(identities._fields["role"]._description_selection(self.env))
        vals_list = []
        # sudo: situation reference and role labels are de-identified; the reader may
        # lack access to the situation itself when reading through another path.
        for situation, records in identities.sudo().grouped("situation_id").items():
            vals_list.append(
                {
                    "user_id": user.id,
                    "agency_id": user.focus_agency_id.id,
                    "situation_id": situation.id,
                    "situation_ref": situation.name,
                    "table_id": situation.table_id.id,
                    "identity_count": len(records),
                    "identity_labels": ", ".join(
                        f"#{r.id} {roles.get(r.role, '')}".strip() for r in records
                    ),
                    "channel": channel,
                    "reason": reason,
                    "request_path": path,
                }
            )
        self._append(vals_list)

    @api.model
    def _append(self, vals_list):
        if self.env.cr.readonly:
            # Identity reads through the web client run on read/write cursors (see
            # focus.situation.identity); any other read-only request (a report, say)
            # is served again by Odoo on a read/write cursor when it raises this.
            raise psycopg2.errors.ReadOnlySqlTransaction(
                "the identity access log needs a read/write transaction"
            )
        # sudo: entries are created by the system only; nobody may create them by hand.
        self.sudo().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The identity access log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_as_superuser(self):
        if not self.env.su:
            raise AccessError(self.env._("The identity access log cannot be deleted."))
