from odoo import fields, models


class FocusActionType(models.Model):
    """What kind of follow-up an action is: a task, a referral to a service, an
    exchange of information, a home visit. Reference data, editable."""

    _name = "focus.action.type"
    _description = "Action Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in exports.")
    sequence = fields.Integer(default=10)
    is_referral = fields.Boolean(
        string="Referral",
        help="Actions of this type refer the person to a service of the directory: "
        "the service is required and the outcome of the referral is recorded.",
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint(
        "UNIQUE(code)", "An action type code must be unique."
    )
