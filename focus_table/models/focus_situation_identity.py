import contextvars
import hashlib
import hmac
import secrets

from psycopg2.errors import ReadOnlySqlTransaction

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.deidentify import name_words
from .focus_situation import FROZEN_STATES

IDENTITY_ROLES = [
    ("subject", "Person at risk"),
    ("exhibiting", "Person exhibiting the risk"),
    ("affected", "Person affected"),
    ("family", "Family member"),
    ("caregiver", "Caregiver"),
    ("place", "Place"),
    ("other", "Other"),
]

IDENTIFYING_FIELDS = {"name", "aliases", "birth_date", "address", "contact", "notes"}
# What the de-identification guard looks for in texts.
MATCHED_FIELDS = {"name", "aliases", "birth_date", "address", "contact"}
# Set while the ORM fetches identifying values (which logs them): only then may
# their columns appear in SQL for a user. Anywhere else (a domain, an ordering, a
# grouping) a user would learn the values without reading them.
_FETCHING = contextvars.ContextVar("focus_identity_fetching", default=False)
# Per transaction: the (user, identity, field) values read and logged.
LOGGED_KEY = "focus_identity_logged"


def normalise_name(name):
    """Lower case, no accents or punctuation, sorted words: 'Doe, Jane' = 'jane DOE'."""
    return " ".join(sorted(name_words(name)))


class FocusSituationIdentity(models.Model):
    """Identifying details of one person or place of a situation.

    Need-to-know only (record rules), never tracked, every read logged, purged after
    the table's retention period.
    """

    _name = "focus.situation.identity"
    _inherit = ["focus.step.guard"]
    _description = "Identifying Details"
    _order = "situation_id, id"
    _rec_name = "situation_id"

    # Moving identifying details to another situation would disclose them to its
    # agencies: the situation is set once, at creation.
    _step_fields = frozenset({"situation_id"})
    _create_fields = frozenset({"situation_id"})
    _free_fields = frozenset(
        {"role", "name", "aliases", "birth_date", "address", "contact", "notes"}
    )

    situation_id = fields.Many2one(
        "focus.situation", required=True, ondelete="cascade", index=True
    )
    table_id = fields.Many2one(related="situation_id.table_id")
    role = fields.Selection(IDENTITY_ROLES, required=True, default="subject")
    # The identifying fields are fetched only when asked for (own prefetch group), so
    # reading the situation link or role never loads, and never logs, a name.
    name = fields.Char(string="Full Name", required=True, prefetch="identity")
    aliases = fields.Char(prefetch="identity")
    birth_date = fields.Date(prefetch="identity")
    address = fields.Text(prefetch="identity")
    contact = fields.Char(
        prefetch="identity",
        help="Phone number, e-mail or other way to reach the person.",
    )
    notes = fields.Text(string="Identifying Notes", prefetch="identity")
    repeat_key = fields.Char(
        compute="_compute_repeat_key",
        store=True,
        groups="base.group_system",
        help="Keyed hash of the normalised name and birth date.",
    )

    @api.model
    def _repeat_secret(self):
        """The per-database key of the repeat hash (made at install or first use)."""
        params = self.env["ir.config_parameter"].sudo()
        secret = params.get_param("focus_table.repeat_key")
        if not secret:
            secret = secrets.token_hex(32)
            params.set_param("focus_table.repeat_key", secret)
        return secret

    @api.depends("name", "birth_date")
    def _compute_repeat_key(self):
        for identity in self:
            identity.repeat_key = self._repeat_key_of(
                identity.name, identity.birth_date
            )

    @api.model
    def _repeat_key_of(self, name, birth_date):
        """The keyed hash of a person's normalised name and birth date."""
        secret = self._repeat_secret()
        if not (secret and name and birth_date):
            return False
        message = f"{normalise_name(name)}|{birth_date.isoformat()}"
        return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()

    @api.depends("situation_id.name", "role")
    def _compute_display_name(self):
        # Never the person's name: display names travel to many places (mentions, logs).
        roles = dict(self._fields["role"]._description_selection(self.env))
        for identity in self:
            identity.display_name = (
                f"{identity.situation_id.name} / {roles.get(identity.role)}"
            )

    # Reading identifying details writes a log entry: the web client's read methods
    # are served on a read/write cursor for this model (Odoo checks ``_readonly``).
    def read(self, fields=None, load="_classic_read"):
        self._refetch_unlogged(fields)
        return super().read(fields, load)

    @api.model
    def search_read(self, *args, **kwargs):
        return super().search_read(*args, **kwargs)

    def web_read(self, *args, **kwargs):
        return super().web_read(*args, **kwargs)

    @api.model
    def web_search_read(self, *args, **kwargs):
        return super().web_search_read(*args, **kwargs)

    @api.model
    def web_read_group(self, *args, **kwargs):
        return super().web_read_group(*args, **kwargs)

    for _method in (read, search_read, web_read, web_search_read, web_read_group):
        _method._readonly = False
    del _method

    def _fetch_query(self, query, fields):
        """Every read of identifying values from the database leaves a log entry."""
        logged = not self.env.su and any(f.name in IDENTIFYING_FIELDS for f in fields)
        if logged and self.env.cr.readonly:
            # A read-only cursor (a replica) cannot write the entry: fail before any
            # value reaches the cache, so that nothing can show it unlogged. Odoo
            # serves the request again on the primary when it meets this error.
            raise ReadOnlySqlTransaction(
                "identifying details are read on a read/write cursor only"
            )
        if logged:
            self._check_two_factor(query)
        token = _FETCHING.set(True)
        try:
            fetched = super()._fetch_query(query, fields)
        finally:
            _FETCHING.reset(token)
        if fetched and logged:
            self.env["focus.access.log"]._log_identity_read(fetched)
            names = {f.name for f in fields} & IDENTIFYING_FIELDS
            self._logged_reads().update(
                (self.env.uid, identity_id, name)
                for identity_id in fetched.ids
                for name in names
            )
        return fetched

    def _check_two_factor(self, query):
        """Before any value is fetched: a table may require its readers of
        identifying details to have signed in with two-factor authentication."""
        if self.env.user.totp_enabled:
            return
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT t.name
                  FROM focus_situation_identity i
                  JOIN focus_situation s ON s.id = i.situation_id
                  JOIN focus_table t ON t.id = s.table_id
                 WHERE i.id IN %s AND t.identity_requires_totp
                """,
                query.subselect(),
            )
        )
        tables = sorted(row[0] for row in self.env.cr.fetchall())
        if tables:
            raise AccessError(
                self.env._(
                    "%(tables)s requires two-factor authentication to open "
                    "identifying details. Turn it on in My Profile, Security, "
                    "Two-factor Authentication, then open them again.",
                    tables=", ".join(tables),
                )
            )

    def _logged_reads(self):
        return self.env.cr.cache.setdefault(LOGGED_KEY, set())

    def _refetch_unlogged(self, fnames):
        """Values already in the cache but not read by this user (a check made as
        superuser loaded them) are fetched again, so that the read is logged."""
        if self.env.su:
            return
        names = IDENTIFYING_FIELDS & set(fnames or self._fields)
        if not names or not self.ids:
            return
        logged = self._logged_reads()
        uid = self.env.uid
        if all(
            (uid, identity_id, name) in logged
            for identity_id in self.ids
            for name in names
        ):
            return
        self.invalidate_recordset(sorted(names))

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        self._refetch_unlogged({path[0] for path in fields if path})
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    def _field_to_sql(self, alias, field_expr, query=None):
        """Identifying values are never searched, sorted or grouped by a user."""
        fname = field_expr.split(".", 1)[0].split(":", 1)[0]
        if fname in IDENTIFYING_FIELDS and not self.env.su and not _FETCHING.get():
            raise AccessError(
                self.env._(
                    "Identifying details cannot be searched, sorted, grouped or "
                    "counted by their values."
                )
            )
        return super()._field_to_sql(alias, field_expr, query)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        res = super().fields_get(allfields, attributes)
        for fname in IDENTIFYING_FIELDS & set(res):
            for attribute in ("sortable", "groupable"):
                if attribute in res[fname]:
                    res[fname][attribute] = False
        return res

    def _check_identity_grouping(self, specs, order):
        """Grouping or aggregating on identifying fields would list values unlogged."""
        used = {spec.split(":")[0].split(".")[0].strip() for spec in specs}
        used |= {
            term.split()[0].split(":")[0]
            for term in (order or "").split(",")
            if term.strip()
        }
        if not self.env.su and used & IDENTIFYING_FIELDS:
            raise UserError(
                self.env._("Identifying details cannot be grouped or aggregated.")
            )

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        self._check_identity_grouping((*groupby, *aggregates), order)
        return super()._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model
    def _read_grouping_sets(self, domain, grouping_sets, aggregates=(), order=None):
        specs = [spec for grouping in grouping_sets for spec in grouping]
        self._check_identity_grouping((*specs, *aggregates), order)
        return super()._read_grouping_sets(domain, grouping_sets, aggregates, order)

    def _is_frozen(self):
        # sudo: reads the situation's state only.
        return self.sudo().situation_id.state in FROZEN_STATES

    @api.model_create_multi
    def create(self, vals_list):
        if self._guard_applies():
            Situation = self.env["focus.situation"].sudo()
            # sudo: reads the states of the situations asked for, nothing else.
            frozen = Situation.browse(
                {vals.get("situation_id") for vals in vals_list} - {None, False}
            ).filtered(lambda s: s.state in FROZEN_STATES)
            if frozen:
                raise UserError(
                    self.env._(
                        "Rejected and closed situations take no new identifying "
                        "details."
                    )
                )
        identities = super().create(vals_list)
        identities.situation_id._update_repeat_keys()
        self.env["focus.deidentified.mixin"]._recheck_deidentified_texts(
            identities.situation_id
        )
        return identities

    def write(self, vals):
        res = super().write(vals)
        if {"name", "birth_date"} & set(vals):
            self.situation_id._update_repeat_keys()
        if MATCHED_FIELDS & set(vals):
            self.env["focus.deidentified.mixin"]._recheck_deidentified_texts(
                self.situation_id
            )
        return res
