import hashlib
import hmac
import secrets
import unicodedata

from odoo import api, fields, models

IDENTITY_ROLES = [
    ("subject", "Person at risk"),
    ("exhibiting", "Person exhibiting the risk"),
    ("affected", "Person affected"),
    ("family", "Family member"),
    ("caregiver", "Caregiver"),
    ("place", "Place"),
    ("other", "Other"),
]


def normalise_name(name):
    """Lower-case, accents and punctuation removed, words sorted: 'Doe, Jane' == 'jane DOE'."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return " ".join(sorted(words))


class FocusSituationIdentity(models.Model):
    """Identifying details of one person or place of a situation.

    Need-to-know only (record rules), never tracked, every read logged, purged after
    the table's retention period.
    """

    _name = "focus.situation.identity"
    _description = "Identifying Details"
    _order = "situation_id, id"
    _rec_name = "situation_id"

    situation_id = fields.Many2one(
        "focus.situation", required=True, ondelete="cascade", index=True
    )
    table_id = fields.Many2one(related="situation_id.table_id")
    role = fields.Selection(IDENTITY_ROLES, required=True, default="subject")
    name = fields.Char(string="Full Name", required=True)
    aliases = fields.Char()
    birth_date = fields.Date()
    address = fields.Text()
    contact = fields.Char(help="Phone number, e-mail or other way to reach the person.")
    notes = fields.Text(string="Identifying Notes")
    repeat_key = fields.Char(
        compute="_compute_repeat_key", store=True, groups="base.group_system",
        help="Keyed hash of the normalised name and birth date.",
    )

    @api.model
    def _repeat_secret(self):
        """The per-database key of the repeat hash (created at install, or here if missing)."""
        params = self.env["ir.config_parameter"].sudo()
        secret = params.get_param("focus_table.repeat_key")
        if not secret:
            secret = secrets.token_hex(32)
            params.set_param("focus_table.repeat_key", secret)
        return secret

    @api.depends("name", "birth_date")
    def _compute_repeat_key(self):
        secret = self._repeat_secret()
        for identity in self:
            if not (secret and identity.name and identity.birth_date):
                identity.repeat_key = False
                continue
            message = f"{normalise_name(identity.name)}|{identity.birth_date.isoformat()}"
            identity.repeat_key = hmac.new(
                secret.encode(), message.encode(), hashlib.sha256
            ).hexdigest()

    @api.depends("situation_id.name", "role")
    def _compute_display_name(self):
        # Never the person's name: display names travel to many places (mentions, logs).
        roles = dict(self._fields["role"]._description_selection(self.env))
        for identity in self:
            identity.display_name = f"{identity.situation_id.name} / {roles.get(identity.role)}"

    @api.model_create_multi
    def create(self, vals_list):
        identities = super().create(vals_list)
        identities.situation_id._update_repeat_keys()
        return identities

    def write(self, vals):
        res = super().write(vals)
        if {"name", "birth_date"} & set(vals):
            self.situation_id._update_repeat_keys()
        return res
