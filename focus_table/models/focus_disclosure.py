from odoo import api, fields, models
from odoo.exceptions import AccessError

from .focus_agency_agreement import ISA_STATES

AUTHORITIES = [
    ("consent", "Consent obtained"),
    ("serious_harm", "Risk of serious harm"),
    ("statute", "Statutory authority"),
]
# Consent statuses under which a disclosure may be recorded (consent was asked).
CONSENT_STATUSES = [
    ("obtained", "Obtained"),
    ("refused", "Refused"),
    ("not_possible", "Could not be sought"),
]

DISCLOSURE_STATUSES = [
    ("active", "In force"),
    ("consent", "Stopped: consent ended"),
    ("agreement", "Stopped: no agreement in force"),
    ("unnamed", "Stopped: agency no longer named"),
    ("purged", "Ended: details purged"),
]


class FocusDisclosure(models.Model):
    """What identifying information was shared with which agency and why.

    Append-only.
    """

    _name = "focus.disclosure"
    _inherit = ["focus.deidentified.mixin", "focus.table.column.mixin"]
    # Read by the chair and the agencies of the situation: the chair may not
    # know the identities.
    _deidentified_fields = ("scope", "reason")
    _description = "Disclosure of Identifying Details"
    _order = "date desc, id desc"
    _rec_name = "situation_id"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    situation_id = fields.Many2one(
        "focus.situation", required=True, readonly=True, ondelete="cascade", index=True
    )
    table_id = fields.Many2one(
        related="situation_id.table_id", store=True, index=True, string="Table"
    )
    agency_id = fields.Many2one(
        "focus.agency",
        string="Disclosed To",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    role = fields.Selection(
        [
            ("lead", "Lead agency"),
            ("assisting", "Assisting agency"),
            ("table", "Whole table"),
            ("transfer", "Receiving agency of a transfer"),
        ],
        required=True,
        readonly=True,
    )
    scope = fields.Char(string="What", required=True, readonly=True)
    authority = fields.Selection(AUTHORITIES, required=True, readonly=True)
    consent_status = fields.Selection(
        CONSENT_STATUSES,
        required=True,
        readonly=True,
    )
    notice_due = fields.Boolean(
        string="Notice to Person Due",
        readonly=True,
        help="The person must be told of the disclosure (it was made without consent).",
    )
    recorded_by_id = fields.Many2one("res.users", required=True, readonly=True)
    reason = fields.Text(
        readonly=True,
        help="Why the agencies changed after the table's decision.",
    )
    isa_override = fields.Boolean(
        "Agreement Override",
        readonly=True,
        index="btree_not_null",
        help="Shared by the chair although the agency held no agreement in force.",
    )
    agency_isa_state = fields.Selection(
        ISA_STATES, string="Agreement Then", readonly=True
    )
    agency_isa_signed_on = fields.Date(string="Agreement Signed On", readonly=True)
    agency_isa_expires_on = fields.Date(string="Agreement Expired On", readonly=True)
    status = fields.Selection(
        DISCLOSURE_STATUSES,
        compute="_compute_status",
        help="Whether the agency still sees the identifying details, and if not, why.",
    )

    @api.depends(
        "situation_id.state",
        "situation_id.lead_agency_id",
        "situation_id.assisting_agency_ids",
        "situation_id.consent_ended",
        "agency_id.isa_state",
    )
    def _compute_status(self):
        for disclosure in self:
            # sudo: compares the situation's agencies only, never its details.
            situation = disclosure.situation_id.sudo()
            agency = disclosure.agency_id.sudo()
            if situation.identity_purged_on:
                disclosure.status = "purged"
            elif agency not in situation._named_agencies():
                disclosure.status = "unnamed"
            elif agency not in situation._allowed_agencies():
                disclosure.status = "agreement"
            elif agency not in situation._granted_agencies():
                disclosure.status = "consent"
            else:
                disclosure.status = "active"

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Disclosure records cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_as_superuser(self):
        if not self.env.su:
            raise AccessError(self.env._("Disclosure records cannot be deleted."))
