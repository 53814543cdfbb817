from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_STATEMENT = (
    "Everything discussed at this table is confidential. Situations are presented "
    "without names; identifying details are shared only with the agencies that need "
    "to know them, under the authority recorded, and are used only to reduce the "
    "risk of harm. I will not record, copy or repeat identifying details outside my "
    "agency's intervention."
)


class FocusTable(models.Model):
    _name = "focus.table"
    _description = "Focus Table"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Prefix of the reference numbers of this table's situations, e.g. RIV.",
    )
    area = fields.Char(help="The neighbourhood, town or division the table serves.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    chair_ids = fields.Many2many(
        "res.users", "focus_table_chair_rel", "table_id", "user_id", string="Chairs"
    )
    archivist_ids = fields.Many2many(
        "res.users", "focus_table_archivist_rel", "table_id", "user_id", string="Archivists"
    )
    agency_ids = fields.Many2many(
        "focus.agency",
        "focus_table_agency_rel",
        "table_id",
        "agency_id",
        string="Member Agencies",
    )
    confidentiality_statement = fields.Text(
        required=True, default=lambda self: self.env._(DEFAULT_STATEMENT)
    )
    disclosure_mode = fields.Selection(
        [
            ("need_to_know", "Chosen agencies only (need to know)"),
            ("whole_table", "All member agencies (whole table)"),
        ],
        required=True,
        default="need_to_know",
        tracking=True,
        help="Who receives the identifying details of an accepted situation (Filter 3).",
    )
    retention_days = fields.Integer(
        string="Retention (days)",
        default=90,
        required=True,
        help="Days after closing before the identifying details of a situation are purged.",
    )
    response_target_hours = fields.Integer(
        string="Response Target (hours)",
        default=48,
        required=True,
        help="Hours from acceptance to the first intervention.",
    )
    sequence_id = fields.Many2one(
        "ir.sequence", string="Reference Sequence", readonly=True, copy=False
    )
    situation_ids = fields.One2many("focus.situation", "table_id", string="Situations")
    situation_count = fields.Integer(compute="_compute_situation_counts")
    open_situation_count = fields.Integer(compute="_compute_situation_counts")

    _code_uniq = models.Constraint("UNIQUE(code)", "A table code must be unique.")

    @api.constrains("retention_days", "response_target_hours", "code")
    def _check_settings(self):
        for table in self:
            if table.retention_days < 0:
                raise ValidationError(self.env._("The retention period cannot be negative."))
            if table.response_target_hours <= 0:
                raise ValidationError(self.env._("The response target must be positive."))
            if not table.code.replace("-", "").isalnum():
                raise ValidationError(
                    self.env._("The table code may only hold letters, digits and dashes.")
                )

    def _compute_situation_counts(self):
        # Counted with the user's own rights: the counts show only what the user may see.
        groups = self.env["focus.situation"]._read_group(
            [("table_id", "in", self.ids)], ["table_id", "state"], ["__count"]
        )
        for table in self:
            table.situation_count = sum(c for t, _s, c in groups if t == table)
            table.open_situation_count = sum(
                c for t, s, c in groups
                if t == table and s in ("submitted", "accepted", "intervention")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        tables = super().create(vals_list)
        for table in tables:
            table.sequence_id = self.env["ir.sequence"].sudo().create(
                table._sequence_values()
            )
        return tables

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        res = super().write(vals)
        if "code" in vals:
            for table in self.filtered("sequence_id"):
                table.sequence_id.sudo().prefix = table._sequence_values()["prefix"]
        return res

    def _sequence_values(self):
        self.ensure_one()
        return {
            "name": self.env._("Focus Table %(code)s situations", code=self.code),
            "code": f"focus.situation.{self.code}",
            "prefix": f"{self.code}-%(year)s-",
            "padding": 5,
            "implementation": "no_gap",
        }

    def _next_reference(self):
        self.ensure_one()
        # sudo: ir.sequence is technical data members cannot read; only the next number leaks.
        return self.sequence_id.sudo().next_by_id()

    def action_view_situations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("focus_table.focus_situation_action")
        action["domain"] = [("table_id", "=", self.id)]
        action["context"] = {"default_table_id": self.id}
        return action
