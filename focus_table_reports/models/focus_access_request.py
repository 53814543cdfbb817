"""Subject access requests: who saw a person's details, found through the keyed
hash of repeat detection, without storing the person's name again."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.focus_table.models.focus_situation_workflow import STATES

REQUEST_STATES = [("draft", "To Search"), ("done", "Searched")]
# What the requester may write; the rest is written by the search.
REQUESTER_FIELDS = {"reference", "person_name", "person_birth_date"}
# What the requester types of the person: turned into the keyed hash when saved,
# never stored.
TYPED_ONCE = {
    "store": False,
    "compute": "_compute_person",
    "inverse": "_inverse_person",
    "help": "Used once to compute the keyed hash, never stored.",
}


class FocusAccessRequest(models.Model):
    """A person asks who has seen their file.

    The requester types the person's name and birth date; these are never
    stored: they are turned at once into the keyed hash the identities carry
    (``focus.situation.identity.repeat_key``), and the situations whose
    identities carry it are recorded, with who asked and when. The hash itself
    is not kept either. A chair finds the situations of their own tables only;
    a privacy officer, those of every table.
    """

    _name = "focus.access.request"
    _inherit = ["mail.thread"]
    _description = "Subject Access Request"
    _order = "date desc, id desc"

    name = fields.Char("Request", required=True, readonly=True, default="/")
    date = fields.Datetime("Searched On", readonly=True, tracking=True)
    requested_by_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )
    reference = fields.Char(
        "Request Reference",
        help="The request's reference in your organisation's file, never a name.",
    )
    person_name = fields.Char("Name of the Person", **TYPED_ONCE)
    person_birth_date = fields.Date("Birth Date of the Person", **TYPED_ONCE)
    state = fields.Selection(
        REQUEST_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    line_ids = fields.One2many(
        "focus.access.request.line", "request_id", "Situations Found", readonly=True
    )
    situation_count = fields.Integer("Number Found", readonly=True)

    def _compute_person(self):
        for request in self:
            request.person_name = False
            request.person_birth_date = False

    def _inverse_person(self):
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._("This request was already searched."))
            if request.person_name and request.person_birth_date:
                request._search_person(request.person_name, request.person_birth_date)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_requester()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    "focus.access.request"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        self._check_requester()
        if not self.env.su and set(vals) - REQUESTER_FIELDS:
            # Who asked, when and what was found are written by the search only.
            raise AccessError(
                self.env._("The record of an access request cannot be changed.")
            )
        return super().write(vals)

    @api.model
    def _check_requester(self):
        user = self.env.user
        if self.env.su:
            return
        if not (
            user.has_group("focus_table.group_privacy_officer")
            or user.has_group("focus_table.group_chair")
        ):
            raise AccessError(
                self.env._("Only privacy officers and chairs answer access requests.")
            )

    def _tables_domain(self):
        """The situations the requester may report on: every table's for a
        privacy officer, those of the tables they chair for a chair."""
        user = self.env.user
        if user.has_group("focus_table.group_privacy_officer"):
            return []
        return [("table_id.chair_ids", "in", user.id)]

    def _search_person(self, name, birth_date):
        """Record the situations whose identities carry the person's keyed hash."""
        self.ensure_one()
        Identity = self.env["focus.situation.identity"].sudo()
        key = Identity._repeat_key_of(name, fields.Date.to_date(birth_date))
        # sudo: matched on the hashes only; the situations' repeat keys survive
        # the purge of their identities, so purged situations are found too.
        situations = (
            self.env["focus.situation"]
            .sudo()
            .search(
                [("repeat_keys", "like", key), *self._tables_domain()],
                order="date_received, id",
            )
        )
        tables = situations.table_id
        # sudo: the lines are written by the search only, never by hand.
        self.sudo().write(
            {
                "state": "done",
                "date": fields.Datetime.now(),
                "situation_count": len(situations),
                "line_ids": [
                    fields.Command.create(
                        {
                            "situation_id": situation.id,
                            "situation_ref": situation.name,
                            "table_id": situation.table_id.id,
                            "situation_state": situation.state,
                            "identity_purged_on": situation.identity_purged_on,
                        }
                    )
                    for situation in situations
                ],
            }
        )
        self.message_post(
            body=self.env._(
                "Searched by %(user)s: %(count)s situation(s) found, at %(tables)s.",
                user=self.env.user.name,
                count=len(situations),
                tables=", ".join(tables.mapped("name")) or self.env._("no table"),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def action_search(self):
        """Button: the search runs when the name and birth date are saved."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Type the person's name and birth date."))
        return True

    def action_print_reports(self):
        """Button: the accountability report of every situation found."""
        self.ensure_one()
        if self.state != "done" or not self.line_ids:
            raise UserError(self.env._("No situation was found for this request."))
        # sudo: the situations found; the report checks the requester again.
        situations = self.sudo().line_ids.situation_id
        return self.env.ref(
            "focus_table_reports.action_report_situation_accountability"
        ).report_action(situations.ids, config=False)


class FocusAccessRequestLine(models.Model):
    _name = "focus.access.request.line"
    _description = "Situation Found by an Access Request"
    _order = "request_id, id"

    request_id = fields.Many2one(
        "focus.access.request", required=True, ondelete="cascade", index=True
    )
    # Kept from the reader: the report prints it, the form shows the reference.
    situation_id = fields.Many2one(
        "focus.situation",
        readonly=True,
        ondelete="set null",
        groups="base.group_system",
    )
    situation_ref = fields.Char("Reference", readonly=True)
    table_id = fields.Many2one("focus.table", readonly=True)
    situation_state = fields.Selection(STATES, "Status", readonly=True)
    identity_purged_on = fields.Date("Details Purged On", readonly=True)
