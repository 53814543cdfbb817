from odoo import api, fields, models

from ..tools.actions import count_by


class FocusService(models.Model):
    """A programme or service an agency offers: the table's directory of who
    offers what. Referrals are actions pointing at a service.

    The contact is the agency's intake point (a phone line, an e-mail address,
    a desk), never a person being referred.
    """

    _name = "focus.service"
    _description = "Service or Programme"
    _inherit = ["mail.thread"]
    _order = "sector_id, agency_id, name"

    name = fields.Char(required=True, tracking=True)
    agency_id = fields.Many2one(
        "focus.agency",
        string="Offered By",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    sector_id = fields.Many2one(
        "focus.sector",
        compute="_compute_sector_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        ondelete="restrict",
        help="The sector of the service; by default, the offering agency's.",
    )
    description = fields.Text(help="What the service or programme does.")
    eligibility = fields.Text(help="Who can receive it: ages, area, criteria.")
    how_to_refer = fields.Text(
        string="How to Refer",
        help="The steps of a referral: form, consent needed, intake hours.",
    )
    contact = fields.Char(
        string="Intake Contact",
        help="The agency's intake point: a phone line, an e-mail address, a desk. "
        "Never the contact details of a person being referred.",
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    action_ids = fields.One2many("focus.action", "service_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_referral_count")

    @api.depends("agency_id.sector_id")
    def _compute_sector_id(self):
        for service in self:
            service.sector_id = service.agency_id.sector_id or service.sector_id

    @api.depends_context("uid")
    def _compute_referral_count(self):
        # Counted with the user's rights: the actions the user may read.
        counts = count_by(self, "focus.action", "service_id")
        for service in self:
            service.referral_count = counts.get(service, 0)

    def write(self, vals):
        res = super().write(vals)
        if "agency_id" in vals and not self.env.su:
            # The rules are checked before a write: check again that the service
            # was not handed to an agency the user does not represent.
            self.check_access("write")
        return res

    @api.readonly
    def action_open_referrals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Referrals to %(service)s", service=self.name),
            "res_model": "focus.action",
            "view_mode": "list,form",
            "domain": [("service_id", "=", self.id)],
            "context": {"default_service_id": self.id},
        }
